"""Every page type, on a phone and a desktop, light and dark: zero axe violations."""

import pytest

PAGE_TYPES = {
    "home": "/",
    "directory": "/roles/",
    "directory filtered": "/roles/?industry=reality-tv",
    "role": "/roles/associate-producer/",
    "role with no figures": "/roles/production-manager/",
    "compare empty": "/compare/",
    "compare filled": "/compare/?a=associate-producer&b=assistant-producer",
    "career path": "/career-path/",
    "career path marked": "/career-path/?at=production-coordinator",
    "not found": "/roles/asociate-producer/",
}
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_type_has_no_axe_violations(
    site, page, assert_no_axe_violations, viewport, scheme
):
    page.set_viewport_size(VIEWPORTS[viewport])
    page.emulate_media(color_scheme=scheme)
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        assert page.locator("main h1").count() == 1, name
        assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_page_scrolls_sideways_as_a_whole(site, page, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than the screen"


def test_the_skip_link_takes_keyboard_users_to_the_content(site, page):
    page.goto(site + "/roles/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_every_interactive_element_shows_where_the_focus_is(site, page):
    page.goto(site + "/compare/?a=associate-producer&b=assistant-producer")
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", page.evaluate("document.activeElement.outerHTML")
