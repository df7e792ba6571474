"""`make stack-test`: start a fresh stack, prove what it promises, stop it.

Each proof prints its figures; any failure makes the exit status non-zero. Every loop is
bounded in count and time, and all traffic goes to 127.0.0.1.
"""

import base64
import hashlib
import hmac
import http.client
import json
import re
import secrets
import signal
import socket
import ssl
import statistics
import struct
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode

from stack import HOSTNAME, PORTS, PYTHON, ROOT, Stack, StackError, port_open

STACK = Stack("test")
EDITED_ROLE = "producer"


class ProofFailed(Exception):
    pass


def require(condition, message):
    if not condition:
        raise ProofFailed(message)


# Talking to the stack --------------------------------------------------------------------


def tls_context():
    return ssl.create_default_context(cafile=STACK.dir / "tls" / "cert.pem")


class Answer:
    def __init__(self, response, body):
        self.status = response.status
        self.headers = response.headers
        self.body = body
        self.text = body.decode(errors="replace")


def connection(port=None, timeout=10):
    """To nginx over TLS as `localhost`, or (with port) straight to one app instance over
    plain HTTP, as nginx itself talks to it. Always to 127.0.0.1."""
    if port is None:
        conn = http.client.HTTPSConnection(
            HOSTNAME, PORTS["nginx"], context=tls_context(), timeout=timeout
        )
    else:
        conn = http.client.HTTPConnection(HOSTNAME, port, timeout=timeout)
    conn._create_connection = lambda address, *args, **kwargs: socket.create_connection(
        ("127.0.0.1", address[1]), *args, **kwargs
    )
    return conn


def fetch(path, port=None, method="GET", body=None, headers=None, timeout=10):
    conn = connection(port, timeout)
    sent = {"Host": f"{HOSTNAME}:{PORTS['nginx']}"} | (headers or {})
    if port is not None:
        # What nginx adds: the original scheme, so Django sees the request as HTTPS.
        sent |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        return Answer(response, response.read())
    finally:
        conn.close()


def django_facts():
    """Addresses that depend on the code (admin path) or the data (a role's id)."""
    code = (
        "import json; from django.urls import reverse; from roles.models import Role; "
        f"role = Role.objects.get(slug={EDITED_ROLE!r}); "
        "print(json.dumps({'admin': reverse('admin:index'), "
        "'change': reverse('admin:roles_role_change', args=[role.pk]), 'roles': "
        "Role.objects.count()}))"
    )
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=STACK.app_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# The proofs --------------------------------------------------------------------------------

PAGES = [
    ("/", 200, "home"),
    ("/roles/", 200, "directory"),
    ("/roles/?industry=no-such-thing", 400, "directory, bad filter"),
    ("/roles/producer/", 200, "role"),
    ("/roles/asociate-producer/", 404, "unknown role"),
    ("/compare/", 200, "compare, empty"),
    ("/compare/?a=associate-producer&b=assistant-producer", 200, "compare, filled"),
    ("/career-path/", 200, "career path"),
    ("/career-path/?at=production-coordinator", 200, "career path, marked"),
    ("/sitemap.xml", 200, "sitemap"),
    ("/robots.txt", 200, "robots.txt"),
    ("/healthz", 200, "health check"),
]


def every_page_type():
    for path, status, name in PAGES:
        answer = fetch(path)
        require(answer.status == status, f"{name} {path}: {answer.status}, expected {status}")
        require("Traceback" not in answer.text, f"{name} {path}: a traceback")
    partial = fetch(
        "/compare/?a=associate-producer&b=assistant-producer", headers={"HX-Request": "true"}
    )
    require(partial.status == 200 and "<html" not in partial.text, "htmx partial through nginx")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', fetch("/").text)
    require(stylesheet, "home page links no hashed stylesheet")
    css = fetch(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    require(css.status == 200, f"static file: {css.status}")
    require("immutable" in css.headers["Cache-Control"], "hashed static file not cached long")
    require(css.headers["Content-Encoding"] == "gzip", "static file not compressed")
    page = fetch("/roles/producer/", headers={"Accept-Encoding": "gzip"})
    require(page.headers["Content-Encoding"] == "gzip", "page not compressed")
    require(re.fullmatch(r"[0-9a-f]{32}", page.headers["X-Request-ID"] or ""), "no request id")
    try:
        refused = fetch("/", headers={"Host": "unknown.example"}).status
    except (ConnectionError, http.client.HTTPException, OSError):
        refused = "closed"
    require(refused == "closed", f"unknown host answered {refused}")
    print(
        f"  every page type: {len(PAGES) + 3} answers through nginx as expected "
        "(pages, htmx part, hashed static with gzip and a year's caching); "
        "an unknown host gets no answer"
    )


def slow_clients(port=None, count=40, line_every=1.0, lines=8, others=20):
    """`count` clients send their headers a line a second for `lines` seconds; meanwhile
    up to `others` visitors ask for a page, one after another. Through nginx unless
    `port` names an app instance. Returns (held, answered, asked, median ms)."""
    held, errors = [], []
    start = threading.Barrier(count + 1, timeout=30)

    def slow_client():
        sock = None
        try:
            sock = socket.create_connection(("127.0.0.1", port or PORTS["nginx"]), timeout=15)
            if port is None:
                sock = tls_context().wrap_socket(sock, server_hostname=HOSTNAME)
            sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOSTNAME}\r\n".encode())
            start.wait()
            for n in range(lines):
                time.sleep(line_every)
                sock.sendall(f"X-Slow-{n}: still typing\r\n".encode())
            held.append(True)
        except (OSError, threading.BrokenBarrierError) as error:
            errors.append(error)
            start.abort()
        finally:
            if sock:
                sock.close()

    threads = [threading.Thread(target=slow_client, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    start.wait()
    asked, times = 0, []
    deadline = time.monotonic() + line_every * lines - 2
    while asked < others and time.monotonic() < deadline:
        asked += 1
        began = time.monotonic()
        try:
            if fetch("/roles/", port=port, timeout=2).status == 200:
                times.append((time.monotonic() - began) * 1000)
        except (OSError, http.client.HTTPException):
            pass
    for thread in threads:
        thread.join(timeout=line_every * lines + 10)
    require(not errors, f"slow clients failed: {errors[:3]}")
    median = statistics.median(times) if times else float("nan")
    return len(held), len(times), asked, median


def slow_clients_do_not_block_others(count=40):
    # For scale: the same slow clients sent straight to one instance's sync workers.
    _, direct_answered, direct_asked, _ = slow_clients(port=PORTS["app2"], count=count)
    held, answered, asked, median = slow_clients(count=count)
    require(held == count, f"only {held} of {count} slow clients were held open")
    require(answered == asked == 20, f"other visitors: {answered} of {asked} answered")
    print(
        f"  slow clients: {held} of {count} held open by nginx for 8 s; other visitors "
        f"meanwhile: {answered} of {asked} answered, median {median:.0f} ms "
        f"(straight to one instance instead: {direct_answered} of {direct_asked})"
    )


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with id `form_id`."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select, self.textarea = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                self.fields.append(
                    (name, attrs.get("value") or ("on" if kind == "checkbox" else ""))
                )
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # A browser drops the newline right after <textarea>.
            self.fields.append((name, text[1:] if text.startswith("\n") else text))
            self.textarea = None


class Browser:
    """Just enough of a browser for the admin: cookies, CSRF token, Referer."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, path, method="GET", fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOSTNAME}:{PORTS['nginx']}",
                "Referer": f"https://{HOSTNAME}:{PORTS['nginx']}{path}",
            }
        answer = fetch(path, port=self.port, method=method, body=body, headers=headers)
        for cookie in answer.headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return answer

    def submit(self, path, form_id, changes):
        form = FormFields(form_id)
        form.feed(self.request(path).text)
        require(form.fields, f"no form {form_id} at {path}")
        names = {name for name, _ in changes}
        fields = [(n, v) for n, v in form.fields if n not in names] + list(changes)
        return self.request(path, "POST", fields)


def one_time_code(secret, at=None):
    """The code an authenticator app shows now for a base32 `secret` (RFC 6238: 30 s steps,
    6 digits, SHA-1), as the editor types it into the sign-in form."""
    key = base64.b32decode(secret)
    counter = struct.pack(">Q", int((time.time() if at is None else at) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6:06d}"


def edit_through_one_instance_shows_through_the_other(facts, username, password, otp_secret):
    app1, app2 = PORTS["app1"], PORTS["app2"]
    page = f"/roles/{EDITED_ROLE}/"
    marker = f"Edited through instance 1 ({secrets.token_hex(4)})."
    # First through instance 2, so a cached copy of the page exists there (page cache).
    before = fetch(page, port=app2)
    require(before.status == 200 and marker not in before.text, "role page before the edit")

    editor = Browser(app1)
    login = facts["admin"] + "login/"
    credentials = [("username", username), ("password", password)]
    credentials.append(("otp_token", one_time_code(otp_secret)))
    signed_in = editor.submit(login, "login-form", credentials)
    require(signed_in.status == 302, f"admin login through instance 1: {signed_in.status}")
    change = editor.request(facts["change"])
    summary = re.search(r'name="summary"[^>]*value="([^"]*)"', change.text)
    require(summary, "no summary field on the role's change form")
    saved = editor.submit(facts["change"], "role_form", [("summary", marker), ("_save", "Save")])
    require(saved.status == 302, f"saving the role through instance 1: {saved.status}")
    saved_at = time.monotonic()
    after = fetch(page, port=app2)
    latency = (time.monotonic() - saved_at) * 1000
    require(marker in after.text, "the edit made through instance 1 is not on instance 2")
    through_nginx = fetch(page)
    require(marker in through_nginx.text, "the edit is not shown through nginx")
    print(
        f"  cross-instance edit: saved through instance 1 (admin login form), shown on the "
        f"next request through instance 2, answered {latency:.0f} ms after the save"
    )
    return marker


def admin_login_is_rate_limited(facts, attempts=12):
    login = facts["admin"] + "login/"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    statuses = [
        fetch(login, method="POST", body="username=x&password=y", headers=form).status
        for _ in range(attempts)
    ]
    # Without a CSRF token Django refuses (403); past the burst nginx refuses first (429).
    require(statuses[0] == 403, f"first sign-in post: {statuses[0]}")
    require(429 in statuses, f"{attempts} quick sign-in posts, none limited: {statuses}")
    require(fetch(login).status == 200, "the sign-in page itself (GET) was limited")
    print(
        f"  admin login rate limit: {attempts} quick sign-in posts from one address, "
        f"{statuses.count(429)} refused by nginx (429); the form still loads"
    )


def logs_follow_one_request():
    request_id = f"stacktest-{secrets.token_hex(8)}"
    path = f"/roles/no-such-role-{secrets.token_hex(2)}/"
    answer = fetch(path, headers={"X-Request-ID": request_id})
    require(answer.headers["X-Request-ID"] == request_id, "request id not echoed")
    time.sleep(0.5)
    nginx_lines = [
        line
        for line in (STACK.log_dir / "access.log").read_text().splitlines()
        if request_id in line
    ]
    django_line = re.compile(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING django\.request "
        + re.escape(f"[{request_id}] Not Found: {path}")
    )
    app_lines = [
        line
        for part in ("app1", "app2")
        for line in (STACK.log_dir / f"{part}.log").read_text().splitlines()
        if django_line.fullmatch(line)
    ]
    require(len(nginx_lines) == 1, f"nginx logged the request id {len(nginx_lines)} times")
    require(len(app_lines) == 1, f"Django logged the request id {len(app_lines)} times")
    print(
        "  logs: one request id in nginx's access log and in Django's line "
        f"(time, level, logger, id): {app_lines[0]}"
    )


def instance_killed_under_load(workers=4, seconds=6.0, max_requests=600):
    paths = [path for path, status, _ in PAGES if status == 200]
    counts = {"ok": 0, "failed": 0}
    failures = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def visitor(offset):
        n = offset
        while time.monotonic() < stop_at:
            with lock:
                if counts["ok"] + counts["failed"] >= max_requests:
                    return
            path = paths[n % len(paths)]
            n += 1
            try:
                status = fetch(path, timeout=10).status
            except (OSError, http.client.HTTPException) as error:
                status = repr(error)
            with lock:
                if status == 200:
                    counts["ok"] += 1
                else:
                    counts["failed"] += 1
                    failures.append(f"{path}: {status}")

    threads = [threading.Thread(target=visitor, args=(i,), daemon=True) for i in range(workers)]
    for thread in threads:
        thread.start()
    # The kill lands a third of the way through the load, however fast the machine is, so
    # requests are in flight and more follow it.
    while counts["ok"] + counts["failed"] < max_requests // 3 and time.monotonic() < stop_at:
        time.sleep(0.01)
    killed = STACK.alive("app1")
    require(killed, "instance 1 is not running")
    STACK.stop_part("app1", sig=signal.SIGKILL)
    killed_at = counts["ok"] + counts["failed"]
    for thread in threads:
        thread.join(timeout=seconds + 15)
    total = counts["ok"] + counts["failed"]
    require(counts["failed"] == 0, f"{counts['failed']} of {total} failed: {failures[:3]}")
    require(total > killed_at, "the load ended before the instance was killed")
    # A killed process's listening socket can outlive its pid by a moment.
    deadline = time.monotonic() + 10
    while port_open(PORTS["app1"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    print(
        f"  instance killed: instance 1 (pid {killed}) SIGKILLed after {killed_at} requests; "
        f"{total} requests in {seconds:.0f} s from {workers} visitors, "
        f"{counts['failed']} failed at nginx"
    )
    STACK.start_apps("app1")


def outages_answer_plainly():
    """Redis, then PostgreSQL, stopped: healthz names the part, pages are 200 or a plain
    503 page, never a 500 or a traceback. Without Redis every page is rendered from
    PostgreSQL; without PostgreSQL every page seen before is served from Redis (a hit
    makes no query)."""
    pages = [path for path, status, _ in PAGES if status == 200 and path != "/healthz"]
    seen = {}
    for part, name in (("redis", "cache"), ("postgres", "database")):
        for path in pages:
            fetch(path)
        STACK.stop_part(part)
        try:
            health = fetch("/healthz")
            require(health.status == 503, f"{part} down: healthz said {health.status}")
            require(json.loads(health.text)[name] == "failing", f"{part} down: {health.text}")
            statuses = [fetch(path).status for path in pages]
            require(statuses.count(200) == len(pages), f"{part} down: {statuses}")
            # A page nobody asked for before must be rendered: plain 503 without PostgreSQL.
            unseen = fetch(f"/roles/?q=outage-{part}")
            require("Traceback" not in unseen.text, f"{part} down: traceback on a new page")
            if part == "postgres":
                require(unseen.status == 503, f"{part} down: a new page got {unseen.status}")
                require("Back in a moment" in unseen.text, f"{part} down: the 503 is not plain")
            else:
                require(unseen.status == 200, f"{part} down: a new page got {unseen.status}")
            seen[part] = (statuses, unseen.status)
        finally:
            STACK.start_postgres() if part == "postgres" else STACK.start_redis()
    require(fetch("/healthz").status == 200, "healthz after Redis and PostgreSQL came back")
    print(
        "  outages: "
        + "; ".join(
            f"{part} down: healthz 503 naming it, {s.count(200)} of {len(s)} pages seen before "
            f"answered 200, a new one {new}"
            for part, (s, new) in seen.items()
        )
    )


def backup_and_restore_bring_everything_back(marker, username):
    """`manage.py backup` (pg_dump) while the stack serves, the database emptied, then
    `manage.py restore`: the edit, its history with its editor, and the account are back,
    and the site shows the edit again through nginx."""

    def manage(*args):
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=STACK.app_env(),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout

    backup = STACK.dir / "backup-proof.pgdump"
    started = time.monotonic()
    manage("backup", "--output", str(backup))
    took = time.monotonic() - started
    require(backup.stat().st_mode & 0o077 == 0, "the backup is readable by other accounts")
    manage("flush", "--noinput")
    count = "from roles.models import Role; print(Role.objects.count())"
    require(manage("shell", "-c", count).split()[-1] == "0", "the flush left roles behind")
    said = manage("restore", str(backup), "--noinput")
    require("This replaces everything in the database" in said, "restore did not say what")
    code = (
        "from django.contrib.auth.models import User; from roles.models import Role; "
        f"change = Role.history.filter(slug={EDITED_ROLE!r}).latest(); "
        f"print(change.summary, '|', change.history_user.username, '|', "
        f"User.objects.filter(username={username!r}).exists())"
    )
    found = manage("shell", "-c", code).strip().splitlines()[-1]
    require(found == f"{marker} | {username} | True", f"after the restore: {found}")
    require(marker in fetch(f"/roles/{EDITED_ROLE}/").text, "the restored edit is not shown")
    print(
        f"  backup and restore: manage.py backup (pg_dump) of the running site in {took:.1f} s "
        f"({backup.stat().st_size / 1e6:.1f} MB); after emptying the database and restoring, "
        "the edit, its history with its editor and the account are back"
    )


def restart_loses_nothing(marker, roles_before):
    STACK.stop()
    STACK.start()
    page = fetch(f"/roles/{EDITED_ROLE}/")
    require(marker in page.text, "the edit was lost in the restart")
    roles_after = django_facts()["roles"]
    require(roles_after == roles_before, f"roles: {roles_before} before, {roles_after} after")
    print(f"  restart of everything: the edit and all {roles_after} roles are still there")


def main():
    running = STACK.running_parts()
    if running:
        print(f"stack-test: a stack-test is already running ({', '.join(running)}).")
        return 1
    STACK.remove()
    try:
        started = time.monotonic()
        STACK.start()
        print(f"stack-test: stack up in {time.monotonic() - started:.0f} s")
        facts = django_facts()
        username, password = "stack-test", secrets.token_urlsafe(16)
        subprocess.run(
            [
                PYTHON,
                "manage.py",
                "createsuperuser",
                "--noinput",
                "--username",
                username,
                "--email",
                "stack-test@localhost",
            ],
            cwd=ROOT,
            env=STACK.app_env() | {"DJANGO_SUPERUSER_PASSWORD": password},
            check=True,
            capture_output=True,
        )
        # HTTPS is on, so the admin asks for a one-time code too.
        enrolled = subprocess.run(
            [PYTHON, "manage.py", "enrol_device", username, "--no-qr"],
            cwd=ROOT,
            env=STACK.app_env(),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        otp_secret = re.search(r"^secret: (\S+)$", enrolled, re.M).group(1)
        every_page_type()
        slow_clients_do_not_block_others()
        marker = edit_through_one_instance_shows_through_the_other(
            facts, username, password, otp_secret
        )
        admin_login_is_rate_limited(facts)
        logs_follow_one_request()
        instance_killed_under_load()
        outages_answer_plainly()
        backup_and_restore_bring_everything_back(marker, username)
        restart_loses_nothing(marker, facts["roles"])
    except (ProofFailed, StackError, subprocess.CalledProcessError) as problem:
        print(f"stack-test FAILED: {problem}", file=sys.stderr)
        print(f"  logs: {STACK.log_dir}", file=sys.stderr)
        return 1
    finally:
        STACK.stop()
    print("stack-test: all proofs hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
