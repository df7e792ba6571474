"""The HTTP Observatory grade of the site as it is deployed (gunicorn behind nginx with
TLS), scored by MDN's own scanner, the `@mdn/mdn-http-observatory` npm package.

    make observatory

The scanner only looks at http://HOST/ and https://HOST/ on ports 80 and 443, so the whole
thing runs in a private network namespace (`unshare --net`, as root): ports 80 and 443
there belong to nothing else on the machine, and nothing in it is reachable from outside
or reaches out. nginx terminates TLS with a throwaway self-signed certificate for
`localhost`, which the scanner is told to trust. Needs Node, npm, nginx and openssl. Not
run in CI (it installs the scanner from npm on first use).

The scanner's install script downloads Mozilla's intermediate certificates and Chromium's
HSTS preload list. A self-signed certificate needs no intermediates and `localhost` is on
no preload list, so it is installed with --ignore-scripts and given an empty preload list;
the grade is the same (being preloaded only adds extra credit).
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".tools" / "observatory"
PACKAGE = "@mdn/mdn-http-observatory@1.4.8"
SCANNER = TOOLS / "node_modules" / "@mdn" / "mdn-http-observatory" / "src" / "scan.js"
PRELOAD_LIST = SCANNER.parent.parent / "conf" / "hsts-preload.json"
APP_PORT = 8500  # inside the namespace; nginx listens on 80 and 443 there

NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:80;
        return 301 https://$host$request_uri;
    }}
    server {{
        listen 127.0.0.1:443 ssl http2;
        ssl_certificate {tmp}/cert.pem;
        ssl_certificate_key {tmp}/key.pem;
        location / {{
            proxy_pass http://127.0.0.1:{port};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def install_scanner():
    if PRELOAD_LIST.exists():
        return
    if not shutil.which("npm"):
        sys.exit("make observatory needs Node and npm (Debian: apt-get install nodejs npm).")
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", "--ignore-scripts", PACKAGE],
        cwd=TOOLS,
        check=True,
    )
    PRELOAD_LIST.write_text("{}")


def wait_for(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"Nothing listens on port {port}.")


def scan_inside_namespace():
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    tmp = Path(tempfile.mkdtemp(prefix="observatory-"))
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", tmp / "key.pem", "-out", tmp / "cert.pem",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, port=APP_PORT))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_PROXY_COUNT": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    }
    gunicorn = subprocess.Popen(
        [ROOT / ".venv/bin/gunicorn", "careerguide.wsgi", "--bind", f"127.0.0.1:{APP_PORT}"]
        + ["--workers", "2", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    nginx = subprocess.Popen(
        ["nginx", "-p", tmp, "-c", tmp / "nginx.conf", "-e", tmp / "nginx-error.log"]
        + ["-g", "daemon off;"],
    )
    try:
        for port in (APP_PORT, 80, 443):
            wait_for(port)
        result = subprocess.run(
            ["node", SCANNER, "localhost"],
            env={**os.environ, "NODE_EXTRA_CA_CERTS": str(tmp / "cert.pem")},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        nginx.terminate()
        gunicorn.terminate()
        nginx.wait(timeout=10)
        gunicorn.wait(timeout=10)
        shutil.rmtree(tmp)
    return json.loads(result.stdout)


def report(result):
    if "error" in result:
        sys.exit(f"The scanner failed: {result['error']}")
    scan = result["scan"]
    print(f"{'test':<34}{'pass':>6}{'score':>7}  result")
    for name, test in sorted(result["tests"].items()):
        passed = "yes" if test["pass"] else "NO"
        print(f"{name:<34}{passed:>6}{test['scoreModifier']:>7}  {test['result']}")
    print(
        f"\nGrade {scan['grade']}, score {scan['score']}/100 "
        f"({scan['testsPassed']} of {scan['testsQuantity']} tests passed)"
    )


def main():
    if "--inside" in sys.argv:
        print(json.dumps(scan_inside_namespace()))
        return
    install_scanner()
    if not shutil.which("unshare") or os.geteuid() != 0:
        sys.exit("make observatory runs the site in a private network namespace: run as root.")
    inside = subprocess.run(
        ["unshare", "--net", sys.executable, "-m", "tests.measure.observatory", "--inside"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if inside.returncode != 0:
        sys.exit(inside.stderr)
    report(json.loads(inside.stdout))


if __name__ == "__main__":
    main()
