"""The production-like stack on this machine, from Debian's packages: a throwaway
PostgreSQL cluster and a Redis under .stack/<name>/, two gunicorn instances with
production settings, and nginx with TLS in front, all on 127.0.0.1.

    stack.py start            # make stack
    stack.py stop             # make stack-stop

Every process started is recorded by its pid in .stack/<name>/run/ and stopped by that pid
only. Ports and paths come from STACK_* variables (see PORTS below).
"""

import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

PORT_VARIABLES = {
    "nginx": ("STACK_HTTPS_PORT", 8400),
    "app1": ("STACK_APP1_PORT", 8401),
    "app2": ("STACK_APP2_PORT", 8402),
    "nginx-http": ("STACK_HTTP_PORT", 8403),
    "postgres": ("STACK_POSTGRES_PORT", 55432),
    "redis": ("STACK_REDIS_PORT", 56379),
}
PORTS = {part: int(os.environ.get(var, default)) for part, (var, default) in PORT_VARIABLES.items()}
APPS = ("app1", "app2")
# What a recorded pid must still be running before it is signalled (pids get reused).
PROGRAMS = {"postgres": "postgres", "redis": "redis-server", "nginx": "nginx"}
PROGRAMS |= dict.fromkeys(APPS, "gunicorn")
# PostgreSQL's "fast" shutdown: a TERM would wait for the instances' open connections.
STOP_SIGNALS = {"postgres": signal.SIGINT}
# Stopped in this order: the front first, the database last.
STOP_ORDER = ("nginx", "app1", "app2", "redis", "postgres")
HOSTNAME = "localhost"
# Servers log to their own files; they must not hold the caller's terminal or pipes.
DETACHED = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}


class StackError(Exception):
    """Something the person running the stack must fix; said in one line."""


def content_step():
    """How the stack's database is set up: migrations, then the content only when the
    database has none (the Makefile's `data` target)."""
    return ["make", "--no-print-directory", "-s", "data"]


class Stack:
    def __init__(self, name, parent=ROOT / ".stack"):
        self.dir = parent / name
        self.run_dir = self.dir / "run"
        self.log_dir = self.dir / "log"

    # Recorded processes ----------------------------------------------------------------

    def pid_file(self, part):
        return self.run_dir / f"{part}.pid"

    def record(self, part, pid):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.pid_file(part).write_text(f"{pid}\n")

    def recorded_pid(self, part):
        try:
            return int(self.pid_file(part).read_text())
        except (FileNotFoundError, ValueError):
            return None

    def alive(self, part):
        """The recorded pid, if that process is still the program we started."""
        pid = self.recorded_pid(part)
        if pid is None:
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return None
        if state == "Z" or PROGRAMS[part].encode() not in cmdline:
            return None
        return pid

    def running_parts(self):
        return [part for part in STOP_ORDER if self.alive(part)]

    def stop_part(self, part, sig=None, wait=20):
        pid = self.alive(part)
        sig = sig or STOP_SIGNALS.get(part, signal.SIGTERM)
        if pid:
            # gunicorn runs in its own session: its group is the master and its workers.
            kill = os.killpg if part in APPS else os.kill
            kill(pid, sig)
            deadline = time.monotonic() + wait
            while self.alive(part) and time.monotonic() < deadline:
                time.sleep(0.1)
            if self.alive(part):
                kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
                while self.alive(part) and time.monotonic() < deadline:
                    time.sleep(0.1)
            if self.alive(part):
                raise StackError(f"{part} (pid {pid}) did not end, even on SIGKILL")
        self.pid_file(part).unlink(missing_ok=True)
        return pid

    def stop(self):
        stopped = [part for part in STOP_ORDER if self.stop_part(part)]
        return stopped

    # Before anything starts ------------------------------------------------------------

    def preflight(self):
        running = self.running_parts()
        if running:
            raise StackError(
                f"The stack in {self.dir.relative_to(ROOT)} is already running "
                f"({', '.join(running)}); `make stack-stop` stops it."
            )
        for part in PORTS:
            await_port(part)
        missing = [name for name, path in binaries().items() if path is None]
        if missing:
            raise StackError(f"Missing {', '.join(missing)}: {INSTALL_HINT}")
        if not (ROOT / "staticfiles" / "staticfiles.json").exists():
            raise StackError("No collected static files: run `make static` first.")

    # The parts -------------------------------------------------------------------------

    def secret(self, name, make=lambda: secrets.token_urlsafe(32)):
        """A value generated once per stack and kept (passwords, the secret key)."""
        path = self.dir / name
        if not path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            path.write_text(make())
            path.chmod(0o600)
        return path.read_text()

    def database_url(self):
        password = self.secret("postgres-password")
        return f"postgres://careerguide:{password}@127.0.0.1:{PORTS['postgres']}/careerguide"

    def postgres_home(self):
        """Where the cluster and its log live: the stack's folder, unless PostgreSQL's
        account (when we are root) cannot reach it, as in a checkout under /root; then a
        folder in /var/tmp, linked from the stack's folder as `postgres-home`."""
        self.dir.mkdir(parents=True, exist_ok=True)
        owner = postgres_owner()
        if not owner or reachable_by(owner, self.dir):
            return self.dir
        digest = hashlib.sha256(str(self.dir).encode()).hexdigest()[:12]
        home = Path("/var/tmp/careerguide-stack") / digest
        home.mkdir(parents=True, exist_ok=True)
        link = self.dir / "postgres-home"
        if not link.is_symlink():
            link.symlink_to(home)
        return home

    def remove(self):
        """Delete the stack's folder and all its data (a stopped throwaway stack)."""
        link = self.dir / "postgres-home"
        if link.is_symlink():
            shutil.rmtree(link.resolve(), ignore_errors=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def start_postgres(self, throwaway=False):
        await_port("postgres")
        home = self.postgres_home()
        data = home / "postgres"
        bindir = binaries()["postgresql"]
        owner = postgres_owner()
        fresh = not (data / "PG_VERSION").exists()
        if fresh:
            data.mkdir(parents=True, exist_ok=True)
            data.chmod(0o700)
            # initdb reads the password from a file PostgreSQL's account can read.
            pwfile = home / "initdb-password"
            pwfile.write_text(self.secret("postgres-password"))
            pwfile.chmod(0o600)
            if owner:
                shutil.chown(data, *owner)
                shutil.chown(pwfile, *owner)
            self.run_as_postgres(
                [
                    f"{bindir}/initdb",
                    f"--pgdata={data}",
                    "--username=careerguide",
                    f"--pwfile={pwfile}",
                    "--auth=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                "initdb",
            )
            pwfile.unlink()
            settings = [
                "listen_addresses = '127.0.0.1'",
                f"port = {PORTS['postgres']}",
                "unix_socket_directories = ''",
                "max_connections = 50",
            ]
            if throwaway:
                # Test databases only: speed over durability.
                settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
            with open(data / "postgresql.conf", "a") as conf:
                conf.write("\n# careerguide stack\n" + "\n".join(settings) + "\n")
        (home / "log").mkdir(parents=True, exist_ok=True)
        log = home / "log" / "postgres.log"
        if owner and not log.exists():
            log.touch()
            shutil.chown(log, *owner)
        self.run_as_postgres(
            [
                f"{bindir}/pg_ctl",
                "start",
                "--wait",
                "--timeout=60",
                f"--pgdata={data}",
                f"--log={log}",
                "--silent",
            ],
            "pg_ctl start",
        )
        self.record("postgres", int((data / "postmaster.pid").read_text().split()[0]))
        if fresh:
            env = os.environ | {"PGPASSWORD": self.secret("postgres-password")}
            self.check_call(
                [
                    f"{bindir}/createdb",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(PORTS["postgres"]),
                    "-U",
                    "careerguide",
                    "careerguide",
                ],
                "createdb",
                env=env,
            )

    def run_as_postgres(self, command, what):
        # PostgreSQL refuses to run as root; Debian's package made a `postgres` account.
        owner = postgres_owner()
        extra = {"user": owner[0], "group": owner[1], "extra_groups": []} if owner else {}
        self.check_call(command, what, cwd="/", **extra)

    def check_call(self, command, what, **kwargs):
        result = subprocess.run(command, capture_output=True, text=True, **kwargs)
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise StackError(f"{what} failed: {detail[-1] if detail else result.returncode}")

    def start_redis(self):
        await_port("redis")
        (self.dir / "redis").mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        command = [
            binaries()["redis-server"],
            str(DEPLOY / "redis.conf"),
            "--port",
            str(PORTS["redis"]),
            "--dir",
            str(self.dir / "redis"),
            "--logfile",
            str(self.log_dir / "redis.log"),
        ]
        process = subprocess.Popen(command, start_new_session=True, **DETACHED)
        self.record("redis", process.pid)
        wait_for(lambda: redis_answers(PORTS["redis"]), "redis", self.log_dir / "redis.log")

    def app_env(self):
        return os.environ | {
            "DJANGO_SECRET_KEY": self.secret("secret-key", lambda: secrets.token_urlsafe(50)),
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": f"{HOSTNAME},127.0.0.1",
            "DJANGO_HTTPS": "1",
            "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
            # nginx is the one proxy: the admin lockout counts the address it saw.
            "DJANGO_PROXY_COUNT": "1",
            # Browsers would remember a year of HSTS for localhost; a minute is enough here.
            "DJANGO_HSTS_SECONDS": "60",
            "DJANGO_LOG_LEVEL": "INFO",
            "DATABASE_URL": self.database_url(),
            "REDIS_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
            "WEB_CONCURRENCY": os.environ.get("STACK_WORKERS", "2"),
        }

    def load_content_once(self):
        # `make data` migrates, then loads the fixtures only into a database without
        # content: a restarted stack keeps its content, editors' changes included.
        self.check_call(content_step(), "loading the content", cwd=ROOT, env=self.app_env())

    def start_apps(self, *parts):
        """Start app instances side by side, then wait for each to answer /healthz."""
        for part in parts:
            await_port(part)
            env = self.app_env() | {
                "GUNICORN_BIND": f"127.0.0.1:{PORTS[part]}",
                "GUNICORN_PROC_NAME": part,
            }
            with open(self.log_dir / f"{part}.log", "ab") as log:
                process = subprocess.Popen(
                    [GUNICORN, "careerguide.wsgi", "-c", DEPLOY / "gunicorn.conf.py"],
                    cwd=ROOT,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )
            self.record(part, process.pid)
        for part in parts:
            wait_for(lambda port=PORTS[part]: app_answers(port), part, self.log_dir / f"{part}.log")

    def tls_files(self):
        tls = self.dir / "tls"
        cert, key = tls / "cert.pem", tls / "key.pem"
        if not cert.exists():
            tls.mkdir(parents=True, exist_ok=True)
            self.check_call(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "30",
                    "-subj",
                    f"/CN={HOSTNAME}",
                    "-addext",
                    f"subjectAltName=DNS:{HOSTNAME},IP:127.0.0.1",
                    "-keyout",
                    key,
                    "-out",
                    cert,
                ],
                "openssl",
            )
        return cert, key

    def nginx_command(self):
        """Write nginx's configuration for this stack; the command that runs it."""
        cert, key = self.tls_files()
        conf = self.dir / "nginx"
        conf.mkdir(parents=True, exist_ok=True)
        for folder in (self.log_dir, self.run_dir):
            folder.mkdir(parents=True, exist_ok=True)
        site = render(
            (DEPLOY / "nginx" / "careerguide.conf").read_text(),
            {
                "CAREERGUIDE_SERVER_NAMES": f"{HOSTNAME} 127.0.0.1",
                "CAREERGUIDE_HTTP_LISTEN": f"127.0.0.1:{PORTS['nginx-http']}",
                "CAREERGUIDE_HTTPS_LISTEN": f"127.0.0.1:{PORTS['nginx']}",
                "CAREERGUIDE_TLS_CERT": str(cert),
                "CAREERGUIDE_TLS_KEY": str(key),
                "CAREERGUIDE_STATIC_ROOT": str(ROOT / "staticfiles"),
                "CAREERGUIDE_LOG_DIR": str(self.log_dir),
                "CAREERGUIDE_APP_1": f"127.0.0.1:{PORTS['app1']}",
                "CAREERGUIDE_APP_2": f"127.0.0.1:{PORTS['app2']}",
            },
        )
        (conf / "careerguide.conf").write_text(site)
        main = render(
            (DEPLOY / "stack" / "nginx-main.conf").read_text(),
            {"STACK_DIR": str(self.dir), "STACK_SITE": str(conf / "careerguide.conf")},
        )
        (conf / "nginx.conf").write_text(main)
        return [
            binary("nginx"),
            "-p",
            conf,
            "-c",
            conf / "nginx.conf",
            "-e",
            self.log_dir / "error.log",
        ]

    def start_nginx(self):
        for part in ("nginx", "nginx-http"):
            await_port(part)
        base = self.nginx_command()
        self.check_call([*base, "-t", "-q"], "nginx -t")
        process = subprocess.Popen(base, start_new_session=True, **DETACHED)
        self.record("nginx", process.pid)
        wait_for(lambda: port_open(PORTS["nginx"]), "nginx", self.log_dir / "error.log")

    def start(self):
        self.preflight()
        try:
            self.start_postgres()
            self.start_redis()
            self.load_content_once()
            self.start_apps(*APPS)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise

    def describe(self):
        return (
            f"Stack up: https://{HOSTNAME}:{PORTS['nginx']}/ (nginx, certificate "
            f"{(self.dir / 'tls' / 'cert.pem').relative_to(ROOT)}) -> gunicorn on "
            f"{PORTS['app1']} and {PORTS['app2']}, PostgreSQL on {PORTS['postgres']}, Redis on "
            f"{PORTS['redis']}; logs in {self.log_dir.relative_to(ROOT)}/. "
            "`make stack-stop` ends it."
        )


# Helpers ---------------------------------------------------------------------------------


def render(template, values):
    """Fill ${NAME} (upper case only, so nginx's own $variables stay) as envsubst would."""
    for name, value in values.items():
        template = template.replace("${" + name + "}", value)
    leftover = re.search(r"\$\{[A-Z][A-Z0-9_]*\}", template)
    if leftover:
        raise StackError(f"Template value missing: {leftover.group()}")
    return template


INSTALL_HINT = "run `make stack-packages` as root (`make test` installs them first)."


def binary(name):
    """The path of one of the stack's programs; a clear error, not None, when it is missing."""
    path = binaries()[name]
    if path is None:
        raise StackError(f"Missing {name}: {INSTALL_HINT}")
    return path


def binaries():
    pg = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return {
        "nginx": shutil.which("nginx", path=os.environ["PATH"] + ":/usr/sbin"),
        "redis-server": shutil.which("redis-server"),
        "postgresql": str(pg[-1].parent) if pg else None,
        "openssl": shutil.which("openssl"),
    }


def postgres_owner():
    """The account PostgreSQL runs as: ourselves, or Debian's `postgres` when we are root."""
    if os.geteuid() != 0:
        return None
    return ("postgres", "postgres")


def reachable_by(owner, folder):
    test = subprocess.run(
        ["/bin/sh", "-c", 'cd "$1"', "sh", str(folder)],
        user=owner[0],
        group=owner[1],
        extra_groups=[],
        capture_output=True,
    )
    return test.returncode == 0


def await_port(part, seconds=65):
    """Wait for a port to be free. A port nobody listens on can still be held for up to
    a minute by a closed connection that happened to use it as its own (ephemeral) port;
    a port somebody listens on is in use, and that is said at once."""
    port = PORTS[part]
    deadline = time.monotonic() + seconds
    while not port_free(port):
        if port_open(port) or time.monotonic() > deadline:
            raise StackError(
                f"Port {port} on 127.0.0.1 ({part}) is in use: free it or set "
                f"{PORT_VARIABLES[part][0]} to another port."
            )
        time.sleep(1)


def port_free(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_open(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def redis_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def app_answers(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz")
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return set(json.load(response).values()) == {"ok"}
    except (OSError, ValueError):
        return False


def wait_for(ready, what, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
    raise StackError(f"{what} did not come up in {seconds} s ({log}): {' '.join(tail)}")


def main(argv):
    name = os.environ.get("STACK_NAME", "dev")
    try:
        if argv[:1] == ["start"]:
            stack = Stack(name)
            stack.start()
            print(stack.describe())
        elif argv[:1] == ["stop"]:
            stopped = Stack(name).stop()
            print(f"Stopped: {', '.join(stopped)}." if stopped else "Nothing was running.")
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except StackError as problem:
        print(f"stack: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
