"""One fresh stack for the whole run, started before the first proof and stopped after the
last; the figures each proof measures, printed together at the end of the run."""

import re
import secrets
import subprocess
import time

import pytest

from deploy.stack.stack import PORTS, PYTHON, ROOT, StackError

from .client import EDITED_ROLE, STACK, Browser, django_facts, fetch, manage, one_time_code

FIGURES = pytest.StashKey[list]()


def pytest_configure(config):
    config.stash[FIGURES] = []


def pytest_terminal_summary(terminalreporter, config):
    figures = config.stash.get(FIGURES, [])
    if figures:
        terminalreporter.write_sep("-", "what the stack proved, with its figures")
        for line in figures:
            terminalreporter.write_line(f"  {line}")


@pytest.fixture(scope="session")
def figure(pytestconfig):
    """Records one line of figures for the summary (and prints it, seen with -s)."""

    def record(line):
        pytestconfig.stash[FIGURES].append(line)
        print(line)

    return record


@pytest.fixture(scope="session")
def stack(figure):
    """A fresh stack in .stack/test/: nginx, two gunicorn instances, PostgreSQL, Redis."""
    running = STACK.running_parts()
    if running:
        pytest.fail(f"a stack-test is already running ({', '.join(running)})", pytrace=False)
    STACK.remove()
    started = time.monotonic()
    try:
        STACK.start()
    except StackError as problem:
        pytest.fail(f"the stack did not start: {problem} (logs: {STACK.log_dir})", pytrace=False)
    figure(f"stack up in {time.monotonic() - started:.0f} s")
    yield STACK
    STACK.stop()


@pytest.fixture(scope="session")
def facts(stack):
    return django_facts()


@pytest.fixture(scope="session")
def editor(stack):
    """An editor's account and the secret of their authenticator app (HTTPS is on, so
    the admin asks for a one-time code): (username, password, secret)."""
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
        env=stack.app_env() | {"DJANGO_SUPERUSER_PASSWORD": password},
        check=True,
        capture_output=True,
    )
    enrolled = manage("enrol_device", username, "--no-qr")
    secret = re.search(r"^secret: (\S+)$", enrolled, re.M).group(1)
    return username, password, secret


@pytest.fixture(scope="session")
def edit(stack, facts, editor):
    """The role's summary changed through instance 1's admin (sign-in form, change form),
    after instance 2 had served (and so cached) the page. Returns (marker, when saved)."""
    page = f"/roles/{EDITED_ROLE}/"
    marker = f"Edited through instance 1 ({secrets.token_hex(4)})."
    before = fetch(page, port=PORTS["app2"])
    assert before.status == 200 and marker not in before.text, "role page before the edit"

    browser = Browser(PORTS["app1"])
    username, password, secret = editor
    login = facts["admin"] + "login/"
    signed_in = browser.submit(
        login,
        "login-form",
        [("username", username), ("password", password), ("otp_token", one_time_code(secret))],
    )
    assert signed_in.status == 302, f"admin login through instance 1: {signed_in.status}"
    change = browser.request(facts["change"])
    assert 'name="summary"' in change.text, "no summary field on the role's change form"
    saved = browser.submit(facts["change"], "role_form", [("summary", marker), ("_save", "Save")])
    assert saved.status == 302, f"saving the role through instance 1: {saved.status}"
    return marker, time.monotonic()
