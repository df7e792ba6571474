"""Every kind of page the site serves is valid HTML by the W3C Nu Html Checker (npm's
vnu-jar, which `make test` installs into .tools/), run once over all of them."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from tests.programs import program

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get("VNU_JAR", ROOT / ".tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)
if not VNU_JAR.is_absolute():
    VNU_JAR = ROOT / VNU_JAR

# (name, address, status): every template that is a page, in each state it can be in.
PAGES = [
    ("home", "/", 200),
    ("directory", "/roles/", 200),
    ("directory-search", "/roles/?q=entry+level", 200),
    ("directory-filtered-empty", "/roles/?industry=documentary&q=zebra", 200),
    ("directory-bad-filter", "/roles/?industry=opera", 400),
    ("role", "/roles/associate-producer/", 200),
    ("role-with-little-data", "/roles/director/", 200),
    ("role-not-found", "/roles/astronaut/", 404),
    ("compare-empty", "/compare/", 200),
    ("compare", "/compare/?a=associate-producer&b=executive-producer", 200),
    ("compare-same-role", "/compare/?a=producer&b=producer", 400),
    ("career-path", "/career-path/", 200),
    ("career-path-marked", "/career-path/?at=associate-producer", 200),
    ("career-path-unknown-step", "/career-path/?at=astronaut", 400),
    ("not-found", "/no-such-page/", 404),
]


def nu_checker_messages(folder):
    java = program("java")
    if not VNU_JAR.exists():
        pytest.fail(
            f"The HTML test needs Java and the Nu checker at {VNU_JAR}: run `make browser-tools`.",
            pytrace=False,
        )
    run = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # The checker writes its report to stderr, and exits 1 when it found errors.
    return json.loads(run.stderr)["messages"]


def test_every_page_type_is_valid_html(client, content, tmp_path):
    for name, address, status in PAGES:
        response = client.get(address)
        assert response.status_code == status, address
        (tmp_path / f"{name}.html").write_bytes(response.content)
    # The error pages rendered without a request, as the handlers do.
    for template in ("400.html", "500.html", "503.html"):
        (tmp_path / f"error-{template}").write_text(render_to_string(template))

    # A page known to be broken, to show the checker read the folder and reports errors.
    (tmp_path / "known-broken.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><ul><p data-hx-get="/">x</p></ul>'
    )

    messages = nu_checker_messages(tmp_path)

    problems = {}
    for m in messages:
        if m["type"] == "error" or m.get("subType") == "warning":
            page = Path(m.get("url", "")).name
            problems.setdefault(page, []).append(f"line {m.get('lastLine')}: {m['message']}")
    assert problems.pop("known-broken.html"), "the checker missed a plain error"
    assert problems == {}
