"""Lighthouse scores (mobile) for each page type, against a local gunicorn.

    make audit

Needs Node and npm: Lighthouse 12 is installed into .tools/lighthouse on first use
(Lighthouse 13 wants Node 22). Chrome is Debian's Chromium. Not run in CI: it takes
minutes and its performance score depends on the machine's load. Lighthouse 12 on
Node 20 sometimes fails to record a trace, so each page gets up to three tries.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".tools" / "lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
PORT = int(os.environ.get("AUDIT_PORT", "8123"))
BASE = f"http://127.0.0.1:{PORT}"
PAGES = {
    "home": "/",
    "directory": "/roles/",
    "role": "/roles/associate-producer/",
    "compare (empty)": "/compare/",
    "compare": "/compare/?a=associate-producer&b=assistant-producer",
    "career path": "/career-path/",
    "career path (?at=)": "/career-path/?at=production-coordinator",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def install_lighthouse():
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("make audit needs Node and npm (Debian: apt-get install nodejs npm).")
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", "lighthouse@12.8.2"],
        cwd=TOOLS,
        check=True,
    )


def serve():
    env = {
        **os.environ,
        "DJANGO_HTTPS": "0",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", secrets.token_urlsafe(50)),
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "careerguide.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            urllib.request.urlopen(BASE + "/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("The local server did not start.")


def audit(path):
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        for _ in range(3):
            subprocess.run(
                [
                    str(LIGHTHOUSE),
                    BASE + path,
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if report.exists():
                result = json.loads(report.read_text())
                scores = {c: result["categories"][c]["score"] for c in CATEGORIES}
                if None not in scores.values():
                    return {c: round(s * 100) for c, s in scores.items()}
        return None


def main():
    install_lighthouse()
    server = serve()
    try:
        print(f"{'page':<22}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for name, path in PAGES.items():
            scores = audit(path)
            cells = [f"{scores[c]:>16}" for c in CATEGORIES] if scores else ["   no result"]
            print(f"{name:<22}" + "".join(cells), flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
