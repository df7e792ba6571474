"""On a 375 px phone, with and without JavaScript: no page scrolls sideways, a long role
page opens with a contents list whose links lead to each section and back, and a search
finds what people type and shows where."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}

EVERY_PAGE_TYPE = [
    "/",
    "/roles/",
    "/roles/?q=entry+level",
    "/roles/?industry=opera",
    "/roles/associate-producer/",
    "/roles/astronaut/",
    "/compare/",
    "/compare/?a=associate-producer&b=executive-producer",
    "/compare/?a=producer&b=producer",
    "/career-path/",
    "/career-path/?at=associate-producer",
    "/no-such-page/",
]


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone(request, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=request.param)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def wider_than_the_screen(page):
    """The elements that stick out past the right edge, named for the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
            .filter(e => getComputedStyle(e).position !== "absolute")
            .slice(0, 5)
            .map(e => e.tagName + "." + e.className)"""
    )


def test_no_page_scrolls_sideways_on_a_phone(site, phone):
    for address in EVERY_PAGE_TYPE:
        phone.goto(site + address)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (address, width, wider_than_the_screen(phone))
        assert wider_than_the_screen(phone) == [], address


def test_the_role_page_opens_with_contents_that_lead_to_each_section_and_back(site, phone):
    phone.goto(site + "/roles/associate-producer/")
    contents = phone.get_by_role("navigation", name="On this page")
    expect(contents).to_be_in_viewport()
    links = contents.get_by_role("link")
    targets = [href.lstrip("#") for href in links.evaluate_all("ls => ls.map(l => l.hash)")]

    # One link per section on the page, each to a section that is there.
    sections = phone.locator("article.role section[aria-labelledby]")
    assert targets == sections.evaluate_all("ss => ss.map(s => s.getAttribute('aria-labelledby'))")

    contents.get_by_role("link", name="Where it leads").click()
    expect(phone).to_have_url(re.compile(r"#where-it-leads$"))
    expect(phone.get_by_role("heading", name="Where it leads")).to_be_in_viewport()
    expect(contents).not_to_be_in_viewport()

    # The way back follows the reader down the page.
    back = phone.get_by_role("link", name="Back to the contents")
    expect(back).to_be_in_viewport()
    back.click()
    expect(contents).to_be_in_viewport()


def test_a_search_on_a_phone_finds_entry_level_work_and_marks_it(site, phone):
    phone.goto(site + "/roles/")
    box = phone.get_by_label("Search the roles")

    box.fill("entry level")
    box.press("Enter")

    expect(phone).to_have_url(re.compile(r"q=entry(\+|%20)level$"))
    card = phone.locator(".role-card", has=phone.get_by_role("link", name="Associate Producer"))
    # The place where both words meet is listed first, both marked.
    first_place = card.locator(".role-card__found dd").first
    expect(first_place).to_contain_text("not needed for entry-level jobs")
    expect(first_place.locator("mark")).to_have_text(["entry", "level"])
    production_assistant = phone.locator("#results h3 a").first
    expect(production_assistant).to_have_text("Production Assistant (PA)")


def test_an_abbreviation_finds_the_role_not_words_that_start_with_it(site, phone):
    phone.goto(site + "/roles/")
    box = phone.get_by_label("Search the roles")

    box.fill("PA")
    box.press("Enter")

    expect(phone.locator("#results h3 a")).to_have_text(["Production Assistant (PA)"])
    marks = phone.locator("#results mark").all_text_contents()
    assert marks and set(marks) <= {"PA", "PAs"}
