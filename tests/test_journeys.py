"""The three journeys through the guide, end to end in Chromium, each told once and run
twice: with JavaScript on (htmx swaps parts in place) and with it off (plain links and
GET forms reload the page). The page tests cover each page in detail; these prove the
pages join up into the stories a visitor actually follows."""

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, Page, expect

# The journeys run on PostgreSQL too (make pytest-postgres), the other browser tests only
# on SQLite: see the Makefile.
pytestmark = [pytest.mark.browser, pytest.mark.journey]


@dataclass
class Visitor:
    """A browser tab with JavaScript on or off, and a way to open a fresh one like it."""

    page: Page
    js: bool
    browser: Browser
    opened: list = field(default_factory=list)

    def fresh_page(self):
        # A new context shares nothing with the first tab: no cookies, history or cache.
        context = self.browser.new_context(java_script_enabled=self.js)
        self.opened.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    def remember_the_page(self):
        """Leave a marker in the document that a full page load would wipe out."""
        if self.js:
            self.page.evaluate("window.__marker = 1")

    def assert_no_reload(self):
        if self.js:
            assert self.page.evaluate("window.__marker") == 1, "the page reloaded, not swapped"


@pytest.fixture(params=["js", "no-js"])
def visitor(request, browser):
    js = request.param == "js"
    page = request.getfixturevalue("page" if js else "page_without_js")
    visitor = Visitor(page=page, js=js, browser=browser)
    yield visitor
    for context in visitor.opened:
        context.close()


def where_it_leads(page):
    return page.locator("section", has=page.get_by_role("heading", name="Where it leads"))


def pick(page, label, value):
    # Focus first, as a click or Tab would: htmx can only give focus back to a picker it
    # swapped out if that picker had the focus.
    picker = page.get_by_label(label)
    picker.focus()
    picker.select_option(value)


def comparison_heading(page):
    return page.locator("#compare-heading")


def test_browse_filter_open_a_role_and_follow_where_it_leads(
    site, visitor, assert_no_axe_violations
):
    page = visitor.page

    # Given a visitor on the home page, who goes to the directory.
    page.goto(site + "/")
    page.get_by_role("main").get_by_role("link", name="Browse the roles").click()
    expect(page).to_have_url(site + "/roles/")
    results = page.locator("#results h3 a")
    count = page.locator("#results-count")
    expect(results).to_have_count(10)
    expect(count).to_contain_text("Showing all 10 roles.")
    visitor.remember_the_page()
    if visitor.js:
        page.evaluate("window.__count = document.getElementById('results-count')")

    # When they narrow it to feature film and search for budgets.
    search = page.get_by_label("Search the roles")
    page.get_by_label("Industry").select_option("feature-film")
    if visitor.js:
        # Each change swaps the list in place and the address keeps up.
        expect(page).to_have_url(site + "/roles/?industry=feature-film&q=")
        expect(count).to_contain_text("1 role matches in Feature film.")
        search.press_sequentially("budget")
    else:
        search.fill("budget")
        page.get_by_role("button", name="Show roles").click()
    expect(page).to_have_url(site + "/roles/?industry=feature-film&q=budget")

    # Then only the associate producer is listed, with the count announced.
    expect(results).to_have_text(["Associate Producer (AP)"])
    expect(count).to_contain_text("1 role matches “budget” in Feature film.")
    visitor.assert_no_reload()
    if visitor.js:
        # Typing carries on where it was: the swap leaves the search box focused.
        expect(search).to_be_focused()
        # The count is said aloud: a live region is only read out reliably when it was
        # already on the page before its text changed, so it must be the same element.
        assert page.evaluate("document.getElementById('results-count') === window.__count")
        assert count.get_attribute("role") == "status"
        assert_no_axe_violations(page)

    # When they open it from the filtered list...
    results.first.click()
    expect(page).to_have_url(site + "/roles/associate-producer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Associate Producer (AP)")

    # ...and follow where it leads to the producer.
    where_it_leads(page).get_by_role("link", name="Producer", exact=True).click()

    # Then they are on the producer's page, which points back the way they came.
    expect(page).to_have_url(site + "/roles/producer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Producer")
    expect(
        where_it_leads(page).get_by_role("link", name="Associate Producer", exact=True)
    ).to_be_visible()


def test_compare_two_roles_swap_change_go_back_and_share(site, visitor, assert_no_axe_violations):
    page = visitor.page
    status = page.locator("#compare-status")

    # Given a visitor who picks two roles to compare.
    page.goto(site + "/")
    page.get_by_role("main").get_by_role("link", name="Compare two roles").click()
    expect(page).to_have_url(site + "/compare/")
    visitor.remember_the_page()

    pick(page, "First role", "production-coordinator")
    pick(page, "Second role", "associate-producer")
    if not visitor.js:
        page.get_by_role("button", name="Compare").click()

    # Then the comparison appears, and with JavaScript it swapped in and was announced.
    expect(page).to_have_url(site + "/compare/?a=production-coordinator&b=associate-producer")
    expect(comparison_heading(page)).to_have_text("Production Coordinator and Associate Producer")
    visitor.assert_no_reload()
    if visitor.js:
        expect(status).to_have_text("Now comparing Production Coordinator and Associate Producer.")
        assert_no_axe_violations(page)

    # When they swap the two sides.
    page.get_by_role("link", name="Swap").click()
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=production-coordinator")
    expect(comparison_heading(page)).to_have_text("Associate Producer and Production Coordinator")
    expect(page.get_by_label("First role")).to_have_value("associate-producer")
    expect(page.get_by_label("Second role")).to_have_value("production-coordinator")
    visitor.assert_no_reload()
    if visitor.js:
        expect(status).to_have_text("Now comparing Associate Producer and Production Coordinator.")

    # When they change the second role to the producer.
    pick(page, "Second role", "producer")
    if not visitor.js:
        page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=producer")
    expect(comparison_heading(page)).to_have_text("Associate Producer and Producer")
    visitor.assert_no_reload()
    if visitor.js:
        expect(status).to_have_text("Now comparing Associate Producer and Producer.")
        # The picker was swapped out with the result; focus comes back to it.
        expect(page.get_by_label("Second role")).to_be_focused()
        assert_no_axe_violations(page)

    # When they go back, the pair before the change returns.
    page.go_back()
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=production-coordinator")
    expect(comparison_heading(page)).to_have_text("Associate Producer and Production Coordinator")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    # When they share the address, whoever opens it sees the same comparison.
    shared = visitor.fresh_page()
    shared.goto(page.url)
    expect(comparison_heading(shared)).to_have_text("Associate Producer and Production Coordinator")
    expect(shared.get_by_label("First role")).to_have_value("associate-producer")
    expect(shared.get_by_label("Second role")).to_have_value("production-coordinator")
    expect(shared).to_have_title(re.compile(r"^Associate Producer vs\. Production Coordinator"))

    # And the pickers on the page they went back to name the pair it shows.
    expect(page.get_by_label("Second role")).to_have_value("production-coordinator")


def test_mark_where_i_am_follow_a_next_step_and_compare_the_two(
    site, visitor, assert_no_axe_violations
):
    page = visitor.page

    # Given a visitor on the career path, who marks the step they are on.
    page.goto(site + "/")
    page.get_by_role("main").get_by_role("link", name="Follow the career path").click()
    expect(page).to_have_url(site + "/career-path/")
    visitor.remember_the_page()

    coordinator = page.locator("#step-production-coordinator")
    following = page.locator("#step-associate-producer")
    coordinator.locator("> .step__head").get_by_role("link", name="I am here").click()

    # Then the step is marked, its next step is pointed out, and with JavaScript the
    # change is swapped in and announced while focus stays on the control just used.
    expect(page).to_have_url(site + "/career-path/?at=production-coordinator")
    expect(coordinator).to_have_attribute("aria-current", "step")
    expect(following.locator("> .step__head")).to_contain_text("Next from Production Coordinator")
    visitor.assert_no_reload()
    if visitor.js:
        expect(page.get_by_role("status")).to_have_text(
            "Marked Production Coordinator as where you are. 1 next step."
        )
        expect(page.locator("#here-production-coordinator")).to_be_focused()
        assert_no_axe_violations(page)

    # When they follow the next step to its role page.
    following.get_by_role("heading", name="Associate Producer (AP)").get_by_role("link").click()
    expect(page).to_have_url(site + "/roles/associate-producer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Associate Producer (AP)")
    expect(
        where_it_leads(page).get_by_role("link", name="Production Coordinator", exact=True)
    ).to_be_visible()

    # ...come back to the path, still marked, and compare the two.
    page.go_back()
    expect(page).to_have_url(site + "/career-path/?at=production-coordinator")
    expect(coordinator).to_have_attribute("aria-current", "step")
    page.locator(".path-here").get_by_role(
        "link", name="Compare Production Coordinator with Associate Producer"
    ).click()

    # Then the two roles are side by side.
    expect(page).to_have_url(site + "/compare/?a=production-coordinator&b=associate-producer")
    expect(comparison_heading(page)).to_have_text("Production Coordinator and Associate Producer")
    header = page.locator(".compare-table thead")
    expect(header.get_by_role("link", name="Production Coordinator")).to_be_visible()
    expect(header.get_by_role("link", name="Associate Producer (AP)")).to_be_visible()


def tab_to(page, is_target, limit=150):
    """Press Tab until `is_target` (a JS predicate on the focused element) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {is_target})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached the element where {is_target}")


def test_browse_and_follow_where_it_leads_by_keyboard_alone(site, page):
    # Given a visitor who uses only the keyboard, on the directory.
    page.goto(site + "/roles/")
    page.evaluate("window.__marker = 1")

    # When they tab to the industry picker and type the first letter of "Reality TV"...
    tab_to(page, "el.id === 'id_industry'")
    page.keyboard.press("r")

    # ...the list narrows in place and the address follows.
    expect(page).to_have_url(re.compile(r"industry=reality-tv"))
    expect(page.locator("#results h3 a")).to_have_text(["Associate Producer (AP)"])
    assert page.evaluate("window.__marker") == 1

    # When they tab on to the role and press Enter, its page opens.
    tab_to(page, "el.closest('#results') && el.tagName === 'A'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/roles/associate-producer/")

    # And tabbing to "where it leads" takes them on to the producer.
    tab_to(
        page,
        "el.tagName === 'A' && el.textContent.trim() === 'Producer'"
        " && !!el.closest('section')?.querySelector('h2')?.textContent.includes('Where it leads')",
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/roles/producer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Producer")


def test_mark_where_i_am_and_compare_the_next_step_by_keyboard_alone(site, page):
    # Given a keyboard user on the career path.
    page.goto(site + "/career-path/")

    # When they tab to "I am here" on the coordinator's step and press Enter...
    tab_to(page, "el.id === 'here-production-coordinator'")
    page.keyboard.press("Enter")

    # ...the step is marked in place, and they hear what changed.
    expect(page).to_have_url(site + "/career-path/?at=production-coordinator")
    expect(page.locator("#step-production-coordinator")).to_have_attribute("aria-current", "step")
    expect(page.get_by_role("status").first).to_contain_text("Production Coordinator")

    # When they tab on to the compare link for the next step and press Enter.
    tab_to(page, "el.tagName === 'A' && el.textContent.trim().startsWith('Compare Production')")
    page.keyboard.press("Enter")

    # Then the two roles are side by side.
    expect(page).to_have_url(
        re.compile(r"/compare/\?a=production-coordinator&b=associate-producer")
    )
    expect(page.locator("#compare-heading")).to_contain_text("Production Coordinator")
    expect(page.locator("#compare-heading")).to_contain_text("Associate Producer")
