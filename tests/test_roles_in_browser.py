"""In a real browser: a visitor browses the directory, filters it with and without
JavaScript, opens a role and follows the path to the next one."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def results(page):
    return page.locator("#results h3 a")


def test_open_a_role_from_the_directory_and_follow_where_it_leads(site, page):
    page.goto(site + "/roles/")
    page.get_by_role("link", name="Associate Producer (AP)").click()

    expect(page).to_have_url(site + "/roles/associate-producer/")
    expect(page.locator("h1")).to_have_text("Associate Producer (AP)")

    leads = page.locator("section", has=page.get_by_role("heading", name="Where it leads"))
    leads.get_by_role("link", name="Field Producer", exact=True).click()

    expect(page).to_have_url(site + "/roles/field-producer/")
    expect(page.locator("h1")).to_have_text("Field Producer")
    # ...and the way back down the path is there too.
    expect(
        page.locator("section", has=page.get_by_role("heading", name="Where it leads"))
    ).to_contain_text("The step before")


def test_filter_with_javascript_swaps_the_list_and_keeps_the_url_in_step(site, page):
    page.goto(site + "/roles/")
    expect(results(page)).to_have_count(10)
    # A marker that a full page load would wipe out.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Industry").select_option("reality-tv")

    expect(page).to_have_url(re.compile(r"/roles/\?industry=reality-tv"))
    expect(results(page)).to_have_count(1)
    expect(results(page)).to_have_text("Associate Producer (AP)")

    page.get_by_label("Search the roles").press_sequentially("zebra")
    # Committed with Enter, the search gets a history entry of its own.
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"q=zebra"))
    expect(page.locator("#results-count")).to_contain_text("No role matches “zebra” in Reality TV.")
    assert page.evaluate("window.stillTheSamePage") is True

    page.go_back()
    expect(page).to_have_url(re.compile(r"/roles/\?industry=reality-tv&q=$"))
    expect(results(page)).to_have_count(1)

    page.go_back()
    expect(page).to_have_url(site + "/roles/")
    expect(results(page)).to_have_count(10)


def test_filter_without_javascript_reloads_the_page(site, page_without_js):
    page = page_without_js
    page.goto(site + "/roles/")

    page.get_by_label("Industry").select_option("documentary")
    page.get_by_label("Search the roles").fill("zebra")
    page.get_by_role("button", name="Show roles").click()

    expect(page).to_have_url(site + "/roles/?industry=documentary&q=zebra")
    expect(page.locator("#results-count")).to_contain_text(
        "No role matches “zebra” in Documentary."
    )
    page.get_by_role("link", name="Clear the filter and show all roles").click()
    expect(page).to_have_url(site + "/roles/")
    expect(results(page)).to_have_count(10)


def test_the_compare_form_on_a_role_page_opens_the_comparison(site, page_without_js):
    page = page_without_js
    page.goto(site + "/roles/associate-producer/")

    page.get_by_label("Compare Associate Producer with").select_option("executive-producer")
    page.get_by_role("button", name="Compare", exact=True).click()

    expect(page).to_have_url(site + "/compare/?a=associate-producer&b=executive-producer")
