"""In Chromium, under the real content security policy: every page type, every error page
and the admin work, and the browser refuses nothing. Any "Refused to ..." fails the test."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import expect

from .helpers import PAGE_TYPES

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-proper-passphrase"


@pytest.fixture
def refusals(page):
    """What the browser refused on this page: its console messages, and the violation
    events (which also name what was blocked)."""
    found = []
    page.on("console", lambda message: "Refused to" in message.text and found.append(message.text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "`Refused to load or run ${e.blockedURI} (${e.violatedDirective})`))"
    )
    return found


@pytest.fixture
def editor(transactional_db):
    return User.objects.create_superuser("editor", password=PASSWORD)


def sign_in(page, site, password=PASSWORD):
    page.goto(site + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_the_check_would_notice_an_inline_style_or_script(site, page, refusals):
    page.goto(site + "/")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')")
    page.evaluate(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        "document.body.append(s)"
    )

    expect(page.locator("h1")).to_be_visible()
    assert any("style" in refusal for refusal in refusals), refusals
    assert any("script" in refusal for refusal in refusals), refusals
    assert page.evaluate("window.ran") is None


def test_every_page_type_and_error_page_loads_with_nothing_refused(site, page, refusals, settings):
    # The site's URLs plus one that fails, for the 500 page.
    settings.ROOT_URLCONF = "tests.test_security_headers"
    pages = {**PAGE_TYPES, "bad request": "/compare/?a=x", "server error": "/broken/"}

    for name, url in pages.items():
        response = page.goto(site + url)
        assert response.status in (200, 400, 404, 500), name
        expect(page.locator("h1")).to_be_visible()
        assert refusals == [], f"{name}: {refusals}"

    # The 500 page's own style is applied, not merely not complained about.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")


def test_htmx_swaps_with_nothing_refused(site, page, refusals):
    page.goto(site + "/roles/")
    page.get_by_label("Industry").select_option("documentary")
    expect(page).to_have_url(re.compile(r"industry=documentary"))
    expect(page.locator("#results-count")).to_contain_text("in Documentary.")

    page.goto(site + "/compare/?a=associate-producer&b=assistant-producer")
    page.get_by_label("Second role").select_option("executive-producer")
    expect(page).to_have_url(re.compile(r"b=executive-producer"))

    # htmx's own indicator style is turned off; nothing it does inserts inline code.
    assert page.locator("style").count() == 0
    assert refusals == []


def test_an_editor_works_in_the_admin_with_nothing_refused(site, page, refusals, editor):
    sign_in(page, site)
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto(site + "/admin/roles/role/")
    page.get_by_role("link", name="Executive producer", exact=False).first.click()
    expect(page.locator("h1")).to_have_text("Change role")
    # The heading arrives before the rest of a long form: count its rows once it is whole.
    page.wait_for_load_state("load")

    # The change form with its inlines: the scripts that add a row and fill an
    # autocomplete run.
    duties = page.locator("#responsibilities-group")
    rows_before = duties.locator("tr.form-row:not(.empty-form)").count()
    duties.locator(".add-row a").click()
    expect(duties.locator("tr.form-row:not(.empty-form)")).to_have_count(rows_before + 1)
    new_row = duties.locator("tr.form-row:not(.empty-form)").last
    new_row.locator(".select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()

    # The role's history: simple-history's list and ours of the rows' changes.
    page.goto(page.url.replace("/change/", "/history/"))
    expect(page.locator("h1")).to_contain_text("View history")
    expect(page.locator("#row-changes")).to_be_visible()

    # The add form: the slug fills itself in from the title, the sources picker is built.
    page.goto(site + "/admin/roles/role/add/")
    page.get_by_label("Title").press_sequentially("Script Supervisor")
    expect(page.get_by_label("Slug")).to_have_value("script-supervisor")
    expect(page.locator("#id_sources_from")).to_be_visible()

    assert refusals == []


def test_the_forged_form_and_lockout_pages_load_with_nothing_refused(
    site, page, refusals, editor, assert_no_axe_violations
):
    page.goto(site + "/admin/login/")
    page.context.clear_cookies()
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("h1")).to_have_text("That form could not be sent")
    assert_no_axe_violations(page)

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, site, password=f"wrong-{attempt}")
    expect(page.locator("h1")).to_have_text("Too many failed sign-ins")
    assert_no_axe_violations(page)

    assert refusals == []
