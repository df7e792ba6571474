"""Shared test setup: small data builders, the real content, and the browser harness."""

import json
import os
import tempfile

import pytest
from django.core.cache import caches

from careerguide.page_cache import published
from roles.models import (
    CareerMove,
    Responsibility,
    SalaryFigure,
)

from . import factories
from .helpers import multiply_content, put_content
from .programs import program

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with nothing cached and no content version published. Rolling
    back a test's database changes sends no signals, so a page kept in an earlier test, or
    the version it published, could otherwise be taken for this test's."""
    caches["default"].clear()
    caches["searches"].clear()
    published.forget()


@pytest.fixture(autouse=True)
def quick_hashing(settings):
    # The real hasher is slow on purpose; no test is about hashing time, and the sign-in
    # tests post many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # An in-memory SQLite test database is one connection that live_server shares between
    # its request threads; concurrent browser requests on it can deadlock. A file gives
    # each thread its own connection. One file per process: each pytest-xdist worker has
    # its own database, and so its own published content version (published.py's key
    # names the database).
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = f"careerguide-test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = os.path.join(tempfile.gettempdir(), name)


def pytest_configure(config):
    # Tests serve plain HTTP and unhashed static names (live_server has no manifest).
    # Set once, before any server starts: live_server builds its middleware (and so reads
    # SECURE_SSL_REDIRECT) when the session's first browser test asks for it.
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    # Signing in with a one-time code is tested on its own (tests/test_sign_in.py).
    settings.ADMIN_SECOND_FACTOR = False


@pytest.fixture
def content(db):
    """The guide's real content, from fixtures/ as `make run` loads it."""
    put_content()


# Builders for the small data a test needs -----------------------------------------------


@pytest.fixture
def make_source(db):
    # Numbered from 1 in every test, as the sources a test made are "source-1", "source-2".
    factories.SourceFactory.reset_sequence(1)
    return factories.SourceFactory


@pytest.fixture
def make_role(db):
    # Numbered from 1 in every test: "Role 2" in a test's expectation is its second role.
    factories.RoleFactory.reset_sequence(1)
    return factories.RoleFactory


@pytest.fixture
def make_salary(make_source):
    def make(role, amount, measure=SalaryFigure.Measure.AVERAGE, source=None, **overrides):
        return factories.SalaryFigureFactory(
            role=role, amount=amount, measure=measure, source=source or make_source(), **overrides
        )

    return make


@pytest.fixture
def make_skill(db, make_source):
    def make(role, name, why="It matters here.", source=None):
        skill = factories.SkillFactory(name=name)
        factories.RoleSkillFactory(role=role, skill=skill, why=why, source=source or make_source())
        return skill

    return make


@pytest.fixture
def make_duty(make_source):
    def make(role, text, phase=Responsibility.Phase.PRODUCTION, area="logistics", source=None):
        return factories.ResponsibilityFactory(
            role=role, text=text, phase=phase, area=area, source=source or make_source()
        )

    return make


@pytest.fixture
def make_move(make_source):
    def make(from_role, to_role, kind=CareerMove.Kind.NEXT, takes="Experience.", source=None):
        return factories.CareerMoveFactory(
            from_role=from_role,
            to_role=to_role,
            kind=kind,
            takes=takes,
            source=source or make_source(),
        )

    return make


@pytest.fixture
def make_industry(db):
    def make(slug, name=None, order=0):
        return factories.IndustryFactory(slug=slug, order=order, **({"name": name} if name else {}))

    return make


# The browser harness ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's sync API runs an event loop in the test thread; Django would otherwise
    # refuse database access from it while live_server is up. Only browser tests need
    # this, and this fixture is set up only when the first of them runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    return {
        **browser_type_launch_args,
        "executable_path": program("chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            # Tests only talk to the local live server: keep Chromium from reaching out
            # to the network for updates, sync and the like, which is slow and noisy.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def site(live_server, transactional_db):
    """A live server with the real content; returns its base URL."""
    put_content()
    return live_server.url


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def assert_no_axe_violations():
    from axe_playwright_python.base import AXE_SCRIPT, AxeResults

    options = json.dumps(
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )

    def check(page):
        # axe-core from axe-playwright-python, run as its Axe.run does, but handing back
        # only the violations: the passes are most of the result and nobody reads them.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE_SCRIPT)
        violations = page.evaluate(
            f"axe.run(document, {options}).then(r => ({{violations: r.violations}}))"
        )
        results = AxeResults(violations)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


# A data set ten times larger than the real one, for query-count tests -----------------


@pytest.fixture
def ten_times_content(content):
    """The real content plus nine generated copies of it: ten times the roles, duties,
    skills, figures, variants, relationships and a career path ten times longer."""
    return multiply_content(copies=9)
