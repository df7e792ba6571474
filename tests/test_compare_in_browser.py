"""In a real browser: picking two roles swaps the comparison in, the address follows, back
works, the page works without JavaScript, and screen readers hear about the change."""

import pytest

pytestmark = pytest.mark.browser

SCREENSHOTS = "/tmp/compare-screenshots"


def heading(page):
    return page.locator("#result h2").first


def wait_for_htmx(page):
    page.wait_for_function("!document.querySelector('.htmx-request')")


def test_picking_two_roles_with_the_mouse_swaps_in_the_comparison(site, page):
    page.goto(site + "/compare/")
    # A marker that a full page load would wipe: the comparison must arrive without one.
    page.evaluate("window.stayedOnThePage = true")

    page.get_by_label("First role").click()
    page.get_by_label("First role").select_option("associate-producer")
    page.get_by_label("Second role").click()
    page.get_by_label("Second role").select_option("assistant-producer")

    page.wait_for_url(site + "/compare/?a=associate-producer&b=assistant-producer")
    assert heading(page).inner_text() == "Associate Producer and Assistant Producer"
    assert page.evaluate("window.stayedOnThePage") is True
    assert page.get_by_role("status").inner_text() == (
        "Now comparing Associate Producer and Assistant Producer."
    )
    assert "Associate Producer vs. Assistant Producer" in page.title()


def test_picking_two_roles_with_the_keyboard_alone(site, page):
    page.goto(site + "/compare/")
    for _ in range(20):
        if page.evaluate("document.activeElement.id") == "compare-a":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "compare-a"

    page.keyboard.press("e")  # type-ahead: Executive Producer
    page.keyboard.press("Tab")
    page.keyboard.press("d")  # Director

    page.wait_for_url(site + "/compare/?a=executive-producer&b=director")
    wait_for_htmx(page)
    assert heading(page).inner_text() == "Executive Producer and Director"
    # The picker was swapped out with the rest; focus must land back on it, not the body.
    assert page.evaluate("document.activeElement.id") == "compare-b"
    assert page.get_by_role("status").inner_text() == (
        "Now comparing Executive Producer and Director."
    )


def test_back_restores_the_previous_pair_and_swap_exchanges_them(site, page):
    page.goto(site + "/compare/?a=associate-producer&b=assistant-producer")

    page.get_by_label("Second role").select_option("executive-producer")
    page.wait_for_url(site + "/compare/?a=associate-producer&b=executive-producer")
    assert heading(page).inner_text() == "Associate Producer and Executive Producer"

    page.get_by_role("link", name="Swap").click()
    page.wait_for_url(site + "/compare/?a=executive-producer&b=associate-producer")
    assert heading(page).inner_text() == "Executive Producer and Associate Producer"
    assert page.get_by_label("First role").input_value() == "executive-producer"

    page.go_back()
    page.wait_for_url(site + "/compare/?a=associate-producer&b=executive-producer")
    page.go_back()
    page.wait_for_url(site + "/compare/?a=associate-producer&b=assistant-producer")
    assert heading(page).inner_text() == "Associate Producer and Assistant Producer"
    assert page.get_by_label("Second role").input_value() == "assistant-producer"
    assert page.locator("html").count() == 1
    assert page.get_by_role("heading", level=1).inner_text() == "Compare two roles"


def test_choosing_the_same_role_twice_swaps_in_the_message(site, page):
    page.goto(site + "/compare/?a=producer&b=director")

    page.get_by_label("Second role").select_option("producer")

    page.wait_for_url(site + "/compare/?a=producer&b=producer")
    assert page.locator(".notice").get_by_text("You chose the Producer twice").is_visible()
    assert "You chose the Producer twice" in page.get_by_role("status").inner_text()


def test_the_same_journey_works_without_javascript(site, page_without_js):
    page = page_without_js
    page.goto(site + "/compare/")

    page.get_by_label("First role").select_option("associate-producer")
    page.get_by_label("Second role").select_option("executive-producer")
    page.get_by_role("button", name="Compare").click()

    page.wait_for_url(site + "/compare/?a=associate-producer&b=executive-producer")
    assert heading(page).inner_text() == "Associate Producer and Executive Producer"
    assert page.get_by_text("$45,093 more a year").is_visible()

    page.get_by_role("link", name="Swap").click()
    page.wait_for_url(site + "/compare/?a=executive-producer&b=associate-producer")
    assert page.get_by_label("First role").input_value() == "executive-producer"

    page.go_back()
    page.wait_for_url(site + "/compare/?a=associate-producer&b=executive-producer")
    assert heading(page).inner_text() == "Associate Producer and Executive Producer"


@pytest.mark.parametrize(
    "path",
    [
        "/compare/",
        "/compare/?a=associate-producer&b=assistant-producer",
        "/compare/?a=associate-producer&b=executive-producer",
        "/compare/?a=producer&b=producer",
    ],
    ids=["empty", "ap-vs-assistant", "ap-vs-ep", "same-twice"],
)
def test_the_compare_page_has_no_axe_violations(site, page, assert_no_axe_violations, path):
    page.goto(site + path)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_comparison_fits_the_screen_and_is_screenshotted(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/compare/?a=associate-producer&b=assistant-producer")

    # The page never scrolls sideways as a whole; the table scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    row_header = page.get_by_role("rowheader", name="Skills")
    assert row_header.is_visible()
    page.locator(".compare-table-wrap").evaluate("box => box.scrollLeft = 400")
    assert row_header.bounding_box()["x"] >= 0  # sticky: still in view after scrolling

    page.locator(".compare-table-wrap").evaluate("box => box.scrollLeft = 0")
    page.screenshot(path=f"{SCREENSHOTS}/compare-ap-vs-assistant-{width}.png", full_page=True)
