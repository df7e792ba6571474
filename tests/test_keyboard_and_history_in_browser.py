"""In a real browser, with the keyboard alone: after every swap, focus is on the new
result's heading or still on the control that was used, never lost to the body; Back and
Forward bring back the results and every form control as the address says; typing only
makes a history entry when the search is committed."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def focus_is_not_lost(page):
    assert page.evaluate("document.activeElement !== document.body"), "focus fell to the body"


def results(page):
    return page.locator("#results h3 a")


# Focus after each swap ---------------------------------------------------------------------


def test_after_swap_focus_is_on_the_new_comparison_heading(site, page):
    page.goto(site + "/compare/?a=associate-producer&b=executive-producer")

    page.get_by_role("link", name="Swap").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(site + "/compare/?a=executive-producer&b=associate-producer")
    heading = page.locator("#compare-heading")
    expect(heading).to_have_text("Executive Producer and Associate Producer")
    expect(heading).to_be_focused()
    # The next Tab goes on through the comparison, not to the footer.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="At a glance")).to_be_focused()


def test_after_a_suggested_pair_focus_is_on_the_comparison_heading(site, page):
    page.goto(site + "/compare/")

    page.locator(".compare-suggestions a").first.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/compare/\?a=[\w-]+&b=[\w-]+$"))
    expect(page.locator("#compare-heading")).to_be_focused()


def test_after_a_picker_changes_focus_stays_on_that_picker(site, page):
    page.goto(site + "/compare/?a=associate-producer&b=executive-producer")

    page.get_by_label("Second role").focus()
    page.keyboard.press("d")  # type-ahead: Director

    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=director")
    expect(page.locator("#compare-heading")).to_have_text("Associate Producer and Director")
    expect(page.get_by_label("Second role")).to_be_focused()


def test_the_directory_filter_keeps_focus_on_the_control_used(site, page):
    page.goto(site + "/roles/")

    page.get_by_label("Industry").focus()
    page.keyboard.press("r")  # type-ahead: Reality TV
    expect(page).to_have_url(re.compile(r"industry=reality-tv"))
    expect(results(page)).to_have_count(1)
    expect(page.get_by_label("Industry")).to_be_focused()

    page.get_by_label("Search the roles").focus()
    page.keyboard.type("script")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=script"))
    expect(results(page)).to_have_text(["Associate Producer (AP)"])
    expect(page.get_by_label("Search the roles")).to_be_focused()


def test_the_career_path_keeps_focus_on_the_step_or_moves_it_to_the_steps(site, page):
    page.goto(site + "/career-path/")

    page.locator("#here-production-coordinator").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/career-path/?at=production-coordinator")
    # The same step's control survived the swap (it now clears the mark): focus stays.
    expect(page.locator("#here-production-coordinator")).to_be_focused()

    # "Clear the mark" in the card above goes away with the card: focus goes to the steps.
    page.locator(".path-here").get_by_role("link", name="Clear the mark").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + "/career-path/")
    expect(page.locator("#path-heading")).to_be_focused()
    focus_is_not_lost(page)


# History -----------------------------------------------------------------------------------


def test_back_and_forward_bring_back_the_search_and_the_box_that_asked_for_it(site, page):
    page.goto(site + "/roles/")
    box = page.get_by_label("Search the roles")

    box.fill("budget")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=budget$"))
    page.get_by_label("Industry").select_option("feature-film")
    expect(page).to_have_url(re.compile(r"industry=feature-film&q=budget$"))
    box.fill("script")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"industry=feature-film&q=script$"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"industry=feature-film&q=budget$"))
    expect(page.get_by_label("Search the roles")).to_have_value("budget")
    expect(page.get_by_label("Industry")).to_have_value("feature-film")
    expect(page.locator("#results-count")).to_contain_text("“budget” in Feature film")

    page.go_back()
    expect(page).to_have_url(re.compile(r"industry=&q=budget$"))
    expect(page.get_by_label("Industry")).to_have_value("")
    expect(page.get_by_label("Search the roles")).to_have_value("budget")

    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(re.compile(r"industry=feature-film&q=script$"))
    expect(page.get_by_label("Search the roles")).to_have_value("script")
    expect(page.get_by_label("Industry")).to_have_value("feature-film")
    expect(page.locator("#results-count")).to_contain_text("“script” in Feature film")


def test_typing_makes_no_history_entry_until_the_search_is_committed(site, page):
    page.goto(site + "/roles/")
    entries = page.evaluate("history.length")
    box = page.get_by_label("Search the roles")

    box.press_sequentially("budget", delay=60)
    # A pause shows the results and puts them in the address, in the same entry.
    expect(page).to_have_url(re.compile(r"q=budget$"))
    expect(page.locator("#results-count")).to_contain_text("“budget”")
    assert page.evaluate("history.length") == entries

    box.press("Enter")
    # Committed: now it has an entry of its own.
    # A function, not an expression: Playwright evals an expression inside the page, which
    # the site's CSP (no unsafe-eval) refuses whenever the first check is not yet true.
    page.wait_for_function("n => history.length === n", arg=entries + 1)
    expect(page).to_have_url(re.compile(r"q=budget$"))

    box.fill("")
    box.press_sequentially("script", delay=60)
    expect(page).to_have_url(re.compile(r"q=script$"))
    expect(page.locator("#results-count")).to_contain_text("“script”")
    assert page.evaluate("history.length") == entries + 1
    box.press("Enter")
    page.wait_for_function("n => history.length === n", arg=entries + 2)

    # Back goes through the committed searches only, each with its words in the box.
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=budget$"))
    expect(box).to_have_value("budget")
    expect(page.locator("#results-count")).to_contain_text("“budget”")
    page.go_back()
    expect(page).to_have_url(site + "/roles/")
    expect(box).to_have_value("")
    expect(results(page)).to_have_count(10)


def test_without_javascript_back_shows_the_box_as_the_address_says(site, page_without_js):
    page = page_without_js
    page.goto(site + "/roles/?q=budget")
    box = page.get_by_label("Search the roles")

    box.fill("script")
    page.get_by_role("button", name="Show roles").click()
    expect(page).to_have_url(re.compile(r"q=script$"))

    page.go_back()
    expect(page).to_have_url(site + "/roles/?q=budget")
    expect(page.get_by_label("Search the roles")).to_have_value("budget")


def test_back_on_the_compare_page_brings_back_both_pickers(site, page):
    page.goto(site + "/compare/?a=producer&b=director")
    page.get_by_label("First role").select_option("field-producer")
    expect(page).to_have_url(site + "/compare/?a=field-producer&b=director")
    page.get_by_label("Second role").select_option("executive-producer")
    expect(page).to_have_url(site + "/compare/?a=field-producer&b=executive-producer")

    page.go_back()
    page.go_back()
    expect(page).to_have_url(site + "/compare/?a=producer&b=director")
    expect(page.get_by_label("First role")).to_have_value("producer")
    expect(page.get_by_label("Second role")).to_have_value("director")

    page.go_forward()
    expect(page.get_by_label("First role")).to_have_value("field-producer")
    expect(page.get_by_label("Second role")).to_have_value("director")
