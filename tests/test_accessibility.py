"""Every page type, on a phone and a desktop, light and dark, as loaded and again after each
kind of htmx swap: zero axe violations, one h1, and nothing wider than the screen."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import PAGE_TYPES

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}

pytestmark = pytest.mark.browser


def filter_the_directory(page, site):
    page.goto(site + "/roles/")
    page.get_by_label("Industry").select_option("documentary")
    expect(page).to_have_url(re.compile(r"/roles/\?industry=documentary"))
    expect(page.locator("#results-count")).to_contain_text("in Documentary.")


def search_the_directory(page, site):
    page.goto(site + "/roles/")
    page.get_by_label("Search the roles").fill("reality")
    page.get_by_label("Search the roles").press("Enter")
    expect(page).to_have_url(re.compile(r"q=reality$"))
    expect(page.locator("#results mark").first).to_have_text("Reality")


def change_a_compare_picker(page, site):
    page.goto(site + "/compare/?a=associate-producer&b=assistant-producer")
    page.get_by_label("Second role").select_option("executive-producer")
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=executive-producer")
    expect(page.locator("#compare-heading")).to_have_text(
        "Associate Producer and Executive Producer"
    )


def mark_a_step_on_the_career_path(page, site):
    page.goto(site + "/career-path/")
    page.locator("#here-associate-producer").click()
    expect(page).to_have_url(site + "/career-path/?at=associate-producer")
    expect(page.locator("#step-associate-producer")).to_have_attribute("aria-current", "step")


# Each leaves the page in a state only htmx produces: a part swapped into a loaded page.
SWAPS = {
    "directory filtered by htmx": filter_the_directory,
    "directory searched by htmx": search_the_directory,
    "compare picker changed by htmx": change_a_compare_picker,
    "career path marked by htmx": mark_a_step_on_the_career_path,
}


def assert_fits_with_one_h1(page, name):
    assert page.locator("main h1").count() == 1, name
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the screen"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_type_is_accessible_and_fits_the_screen(
    site, page, assert_no_axe_violations, viewport, scheme
):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.emulate_media(color_scheme=scheme)
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        assert_fits_with_one_h1(page, name)
        assert_no_axe_violations(page)
    for name, swap in SWAPS.items():
        swap(page, site)
        assert_fits_with_one_h1(page, name)
        assert_no_axe_violations(page)


def test_the_skip_link_takes_keyboard_users_to_the_content(site, page):
    page.goto(site + "/roles/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_every_interactive_element_shows_where_the_focus_is(site, page):
    page.goto(site + "/compare/?a=associate-producer&b=assistant-producer")
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", page.evaluate("document.activeElement.outerHTML")
