"""In a real browser: picking two roles swaps the comparison in, the address follows, back
works, the page works without JavaScript, and screen readers hear about the change."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def heading(page):
    return page.locator("#compare-heading")


def test_picking_two_roles_with_the_mouse_swaps_in_the_comparison(site, page):
    page.goto(site + "/compare/")
    # A marker that a full page load would wipe: the comparison must arrive without one.
    page.evaluate("window.stayedOnThePage = true")

    page.get_by_label("First role").click()
    page.get_by_label("First role").select_option("associate-producer")
    page.get_by_label("Second role").click()
    page.get_by_label("Second role").select_option("assistant-producer")

    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=assistant-producer")
    expect(heading(page)).to_have_text("Associate Producer and Assistant Producer")
    expect(page.get_by_role("status")).to_have_text(
        "Now comparing Associate Producer and Assistant Producer."
    )
    expect(page).to_have_title(re.compile(r"^Associate Producer vs\. Assistant Producer"))
    assert page.evaluate("window.stayedOnThePage") is True


def test_picking_two_roles_with_the_keyboard_alone(site, page):
    page.goto(site + "/compare/")
    for _ in range(20):
        if page.evaluate("document.activeElement.id") == "compare-a":
            break
        page.keyboard.press("Tab")
    expect(page.get_by_label("First role")).to_be_focused()

    page.keyboard.press("e")  # type-ahead: Executive Producer
    page.keyboard.press("Tab")
    page.keyboard.press("d")  # Director

    expect(page).to_have_url(site + "/compare/?a=executive-producer&b=director")
    expect(heading(page)).to_have_text("Executive Producer and Director")
    # The picker was swapped out with the rest; focus must land back on it, not the body.
    expect(page.get_by_label("Second role")).to_be_focused()
    expect(page.get_by_role("status")).to_have_text(
        "Now comparing Executive Producer and Director."
    )


def test_back_restores_the_previous_pair_and_swap_exchanges_them(site, page):
    page.goto(site + "/compare/?a=associate-producer&b=assistant-producer")

    page.get_by_label("Second role").select_option("executive-producer")
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=executive-producer")
    expect(heading(page)).to_have_text("Associate Producer and Executive Producer")

    page.get_by_role("link", name="Swap").click()
    expect(page).to_have_url(site + "/compare/?a=executive-producer&b=associate-producer")
    expect(heading(page)).to_have_text("Executive Producer and Associate Producer")
    expect(page.get_by_label("First role")).to_have_value("executive-producer")

    page.go_back()
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=executive-producer")
    page.go_back()
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=assistant-producer")
    expect(heading(page)).to_have_text("Associate Producer and Assistant Producer")
    expect(page.get_by_label("Second role")).to_have_value("assistant-producer")
    # The whole page came back, not the swapped-in part on its own.
    expect(page.locator("html")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare two roles")


def test_choosing_the_same_role_twice_swaps_in_the_message(site, page, assert_no_axe_violations):
    page.goto(site + "/compare/?a=producer&b=director")

    page.get_by_label("Second role").select_option("producer")

    expect(page).to_have_url(site + "/compare/?a=producer&b=producer")
    expect(page.locator(".notice").get_by_text("You chose the Producer twice")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You chose the Producer twice")
    # The message state is in no other accessibility check.
    assert_no_axe_violations(page)


def test_the_same_journey_works_without_javascript(site, page_without_js):
    page = page_without_js
    page.goto(site + "/compare/")

    page.get_by_label("First role").select_option("associate-producer")
    page.get_by_label("Second role").select_option("executive-producer")
    page.get_by_role("button", name="Compare").click()

    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=executive-producer")
    expect(heading(page)).to_have_text("Associate Producer and Executive Producer")
    expect(page.get_by_text("$45,093 more a year")).to_be_visible()

    page.get_by_role("link", name="Swap").click()
    expect(page).to_have_url(site + "/compare/?a=executive-producer&b=associate-producer")
    expect(page.get_by_label("First role")).to_have_value("executive-producer")

    page.go_back()
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=executive-producer")
    expect(heading(page)).to_have_text("Associate Producer and Executive Producer")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_each_topic_shows_both_roles_one_under_the_other(site, browser, javascript):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(site + "/compare/?a=associate-producer&b=executive-producer")

    # Nothing scrolls sideways: not the page, not the table.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    row = page.locator("#topic-skills")
    header, first, second = (row.locator("> *").nth(i) for i in range(3))
    expect(header).to_have_text("Skills")
    # Each cell is named for its role, and the second sits under the first, full width.
    assert first.evaluate("cell => getComputedStyle(cell, '::before').content") == (
        '"Associate Producer"'
    )
    assert second.evaluate("cell => getComputedStyle(cell, '::before').content") == (
        '"Executive Producer"'
    )
    header_box, first_box, second_box = (b.bounding_box() for b in (header, first, second))
    assert header_box["y"] < first_box["y"] < second_box["y"]
    assert first_box["x"] == second_box["x"] and first_box["width"] == second_box["width"]
    assert first_box["x"] + first_box["width"] <= 375

    # The reader can jump to a topic: the industry rows a hiring manager wants.
    page.get_by_role("link", name="By industry").click()
    expect(page).to_have_url(re.compile(r"#topic-industries$"))
    expect(page.locator("#topic-industries")).to_be_in_viewport()
    # ...and back up to the list of topics.
    page.get_by_role("link", name="Back to the topics").click()
    expect(page.locator("#compare-contents")).to_be_in_viewport()
    context.close()


def test_on_a_desktop_the_roles_stay_side_by_side_in_a_table(site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/compare/?a=associate-producer&b=executive-producer")

    row = page.locator("#topic-skills")
    header, first, second = (row.locator("> *").nth(i).bounding_box() for i in range(3))
    # One row: the topic, then the two roles in columns of the same width.
    assert header["y"] == first["y"] == second["y"]
    assert header["x"] < first["x"] < second["x"]
    assert abs(first["width"] - second["width"]) < 1
    expect(page.get_by_role("columnheader", name="Associate Producer (AP)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


MARK_WORDS = re.compile(
    r"◆|only this role|= both|\bOnly the\b|\bsame\b|\bthey share\b|\bnew\b|\b\d+ of (the )?\d+\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_on_a_phone_a_pair_no_article_compares_shows_no_mark(site, browser, javascript):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(site + "/compare/?a=associate-producer&b=executive-producer")
    # 002 compares these two: its differences are marked, on a phone as on a desktop.
    expect(page.locator(".badge--only").first).to_be_visible()

    # Then the reader picks a role no article compares with the associate producer.
    page.get_by_label("Second role").select_option("field-producer")
    if not javascript:
        page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=field-producer")
    expect(heading(page)).to_have_text("Associate Producer and Field Producer")

    expect(page.get_by_text("None of the guide’s sources compares these two roles")).to_be_visible()
    shown = page.locator("#result").inner_text()
    assert MARK_WORDS.findall(shown) == []
    assert page.locator("#result .badge").count() == 0
    # The facts are all still there, each with its source, and nothing scrolls sideways.
    expect(page.get_by_text("Manage shoots on location.")).to_be_visible()
    assert re.search(r"Manage shoots on location\.\s+Source: What Does an Associate", shown)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
