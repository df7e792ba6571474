"""What the production-like stack promises, each proved on its own and bounded in time:
`make stack-test`, or `.venv/bin/pytest tests/stack -k outages` for one proof."""

import http.client
import json
import re
import secrets
import signal
import socket
import statistics
import threading
import time
import uuid

import pytest

from deploy.stack.stack import HOSTNAME, PORTS, port_open

from .client import EDITED_ROLE, django_facts, fetch, manage, tls_context

# Each proof's own bound, from the end of the stack's start (which bounds itself).
pytestmark = pytest.mark.timeout(120, func_only=True)

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


@pytest.mark.timeout(30, func_only=True)
def test_every_page_type_answers_through_nginx(stack, figure):
    for path, status, name in PAGES:
        answer = fetch(path)
        assert answer.status == status, f"{name} {path}: {answer.status}, expected {status}"
        assert "Traceback" not in answer.text, f"{name} {path}: a traceback"
    partial = fetch(
        "/compare/?a=associate-producer&b=assistant-producer", headers={"HX-Request": "true"}
    )
    assert partial.status == 200 and "<html" not in partial.text, "htmx partial through nginx"
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', fetch("/").text)
    assert stylesheet, "home page links no hashed stylesheet"
    css = fetch(stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert css.status == 200, f"static file: {css.status}"
    assert "immutable" in css.headers["Cache-Control"], "hashed static file not cached long"
    assert css.headers["Content-Encoding"] == "gzip", "static file not compressed"
    page = fetch("/roles/producer/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip", "page not compressed"
    assert re.fullmatch(r"[0-9a-f]{32}", page.headers["X-Request-ID"] or ""), "no request id"
    try:
        refused = fetch("/", headers={"Host": "unknown.example"}).status
    except (ConnectionError, http.client.HTTPException, OSError):
        refused = "closed"
    assert refused == "closed", f"unknown host answered {refused}"
    figure(
        f"every page type: {len(PAGES) + 3} answers through nginx as expected "
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
    assert not errors, f"slow clients failed: {errors[:3]}"
    median = statistics.median(times) if times else float("nan")
    return len(held), len(times), asked, median


@pytest.mark.timeout(90, func_only=True)
def test_slow_clients_do_not_block_other_visitors(stack, figure, count=40):
    # For scale: the same slow clients sent straight to one instance's sync workers.
    _, direct_answered, direct_asked, _ = slow_clients(port=PORTS["app2"], count=count)
    held, answered, asked, median = slow_clients(count=count)
    assert held == count, f"only {held} of {count} slow clients were held open"
    assert answered == asked == 20, f"other visitors: {answered} of {asked} answered"
    figure(
        f"slow clients: {held} of {count} held open by nginx for 8 s; other visitors "
        f"meanwhile: {answered} of {asked} answered, median {median:.0f} ms "
        f"(straight to one instance instead: {direct_answered} of {direct_asked})"
    )


@pytest.mark.timeout(30, func_only=True)
def test_an_edit_through_one_instance_shows_through_the_other(stack, edit, figure):
    marker, saved_at = edit
    page = f"/roles/{EDITED_ROLE}/"
    after = fetch(page, port=PORTS["app2"])
    latency = (time.monotonic() - saved_at) * 1000
    assert marker in after.text, "the edit made through instance 1 is not on instance 2"
    assert marker in fetch(page).text, "the edit is not shown through nginx"
    figure(
        f"cross-instance edit: saved through instance 1 (admin login form), shown on the "
        f"next request through instance 2, answered {latency:.0f} ms after the save"
    )


@pytest.mark.timeout(30, func_only=True)
def test_the_admin_sign_in_is_rate_limited(stack, facts, figure, attempts=12):
    login = facts["admin"] + "login/"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    statuses = [
        fetch(login, method="POST", body="username=x&password=y", headers=form).status
        for _ in range(attempts)
    ]
    # Without a CSRF token Django refuses (403); past the burst nginx refuses first (429).
    assert statuses[0] == 403, f"first sign-in post: {statuses[0]}"
    assert 429 in statuses, f"{attempts} quick sign-in posts, none limited: {statuses}"
    assert fetch(login).status == 200, "the sign-in page itself (GET) was limited"
    figure(
        f"admin login rate limit: {attempts} quick sign-in posts from one address, "
        f"{statuses.count(429)} refused by nginx (429); the form still loads"
    )


@pytest.mark.timeout(30, func_only=True)
def test_the_logs_follow_one_request(stack, figure):
    # A UUID, as nginx's own ids are: Django replaces any other id a visitor sends.
    request_id = uuid.uuid4().hex
    path = f"/roles/no-such-role-{secrets.token_hex(2)}/"
    answer = fetch(path, headers={"X-Request-ID": request_id})
    assert answer.headers["X-Request-ID"] == request_id, "request id not echoed"
    time.sleep(0.5)
    nginx_lines = [
        line
        for line in (stack.log_dir / "access.log").read_text().splitlines()
        if request_id in line
    ]
    django_line = re.compile(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING django\.request "
        + re.escape(f"[{request_id}] Not Found: {path}")
    )
    app_lines = [
        line
        for part in ("app1", "app2")
        for line in (stack.log_dir / f"{part}.log").read_text().splitlines()
        if django_line.fullmatch(line)
    ]
    assert len(nginx_lines) == 1, f"nginx logged the request id {len(nginx_lines)} times"
    assert len(app_lines) == 1, f"Django logged the request id {len(app_lines)} times"
    figure(
        "logs: one request id in nginx's access log and in Django's line "
        f"(time, level, logger, id): {app_lines[0]}"
    )


@pytest.mark.timeout(90, func_only=True)
def test_an_instance_killed_under_load_fails_no_request(
    stack, figure, workers=4, seconds=6.0, max_requests=600
):
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
    killed = stack.alive("app1")
    assert killed, "instance 1 is not running"
    try:
        stack.stop_part("app1", sig=signal.SIGKILL)
        killed_at = counts["ok"] + counts["failed"]
        for thread in threads:
            thread.join(timeout=seconds + 15)
        total = counts["ok"] + counts["failed"]
        assert counts["failed"] == 0, f"{counts['failed']} of {total} failed: {failures[:3]}"
        assert total > killed_at, "the load ended before the instance was killed"
    finally:
        # A killed process's listening socket can outlive its pid by a moment.
        deadline = time.monotonic() + 10
        while port_open(PORTS["app1"]) and time.monotonic() < deadline:
            time.sleep(0.1)
        stack.start_apps("app1")
    figure(
        f"instance killed: instance 1 (pid {killed}) SIGKILLed after {killed_at} requests; "
        f"{total} requests in {seconds:.0f} s from {workers} visitors, "
        f"{counts['failed']} failed at nginx"
    )


@pytest.mark.timeout(120, func_only=True)
def test_outages_are_answered_plainly(stack, figure):
    """Redis, then PostgreSQL, stopped: healthz names the part, pages are 200 or a plain
    503 page, never a 500 or a traceback. Without Redis every page is rendered from
    PostgreSQL; without PostgreSQL every page seen before is served from Redis (a hit
    makes no query)."""
    pages = [path for path, status, _ in PAGES if status == 200 and path != "/healthz"]
    seen = {}
    for part, name in (("redis", "cache"), ("postgres", "database")):
        for path in pages:
            fetch(path)
        stack.stop_part(part)
        try:
            health = fetch("/healthz")
            assert health.status == 503, f"{part} down: healthz said {health.status}"
            assert json.loads(health.text)[name] == "failing", f"{part} down: {health.text}"
            statuses = [fetch(path).status for path in pages]
            assert statuses.count(200) == len(pages), f"{part} down: {statuses}"
            # A page nobody asked for before must be rendered: plain 503 without PostgreSQL.
            unseen = fetch(f"/roles/?q=outage-{part}")
            assert "Traceback" not in unseen.text, f"{part} down: traceback on a new page"
            if part == "postgres":
                assert unseen.status == 503, f"{part} down: a new page got {unseen.status}"
                assert "Back in a moment" in unseen.text, f"{part} down: the 503 is not plain"
            else:
                assert unseen.status == 200, f"{part} down: a new page got {unseen.status}"
            seen[part] = (statuses, unseen.status)
        finally:
            stack.start_postgres() if part == "postgres" else stack.start_redis()
    assert fetch("/healthz").status == 200, "healthz after Redis and PostgreSQL came back"
    figure(
        "outages: "
        + "; ".join(
            f"{part} down: healthz 503 naming it, {s.count(200)} of {len(s)} pages seen before "
            f"answered 200, a new one {new}"
            for part, (s, new) in seen.items()
        )
    )


@pytest.mark.timeout(120, func_only=True)
def test_a_backup_and_a_restore_bring_back_the_edit_its_history_and_the_editor(
    stack, edit, editor, figure
):
    """`manage.py backup` (pg_dump) while the stack serves, the database emptied, then
    `manage.py restore`: the edit, its history with its editor and the account are back,
    and the site shows the edit again through nginx."""
    marker, _ = edit
    username = editor[0]
    backup = stack.dir / "backup-proof.pgdump"
    started = time.monotonic()
    manage("backup", "--output", str(backup))
    took = time.monotonic() - started
    assert backup.stat().st_mode & 0o077 == 0, "the backup is readable by other accounts"

    manage("flush", "--noinput")
    count = "from roles.models import Role; print(Role.objects.count())"
    assert manage("shell", "-c", count).split()[-1] == "0", "the flush left roles behind"
    said = manage("restore", str(backup), "--noinput")

    assert "This replaces everything in the database" in said
    code = (
        "from django.contrib.auth.models import User; from roles.models import Role; "
        f"change = Role.history.filter(slug={EDITED_ROLE!r}).latest(); "
        "print(change.summary, '|', change.history_user.username, '|', "
        f"User.objects.filter(username={username!r}).exists())"
    )
    found = manage("shell", "-c", code).strip().splitlines()[-1]
    assert found == f"{marker} | {username} | True", f"after the restore: {found}"
    assert marker in fetch(f"/roles/{EDITED_ROLE}/").text, "the restored edit is not shown"
    figure(
        f"backup and restore: manage.py backup (pg_dump) of the running site in {took:.1f} s "
        f"({backup.stat().st_size / 1e6:.1f} MB); after emptying the database and restoring, "
        "the edit, its history with its editor and the account are back"
    )


def test_a_restart_of_everything_loses_nothing(stack, edit, facts, figure):
    marker, _ = edit
    stack.stop()
    stack.start()
    page = fetch(f"/roles/{EDITED_ROLE}/")
    assert marker in page.text, "the edit was lost in the restart"
    roles_after = django_facts()["roles"]
    assert roles_after == facts["roles"], f"roles: {facts['roles']} before, {roles_after} after"
    figure(f"restart of everything: the edit and all {roles_after} roles are still there")
