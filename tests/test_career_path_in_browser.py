"""In a real browser: walking the path step by step, "I am here" with and without
JavaScript, opening a step with the keyboard, how the fork is laid out, and printing."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PATH = "/career-path/"


def step(page, slug):
    return page.locator(f"#step-{slug}")


def i_am_here(page, slug):
    return page.locator(f"#here-{slug}")


def test_follow_the_path_from_production_assistant_to_supervising_producer(page, site):
    page.goto(site + PATH)

    for here, following in (
        ("production-assistant", "production-coordinator"),
        ("production-coordinator", "associate-producer"),
        ("associate-producer", "supervising-producer"),
    ):
        i_am_here(page, here).click()
        expect(step(page, here)).to_have_attribute("aria-current", "step")
        expect(step(page, following).locator("> .step__head .step__tags")).to_contain_text(
            "Next from"
        )

    step(page, "supervising-producer").locator("> .step__head .step__title a").click()
    expect(page).to_have_url(site + "/roles/supervising-producer/")


def test_i_am_here_with_javascript_updates_in_place_and_the_url_follows(page, site):
    page.goto(site + PATH)
    page.evaluate("window.sameDocument = true")

    i_am_here(page, "production-coordinator").click()

    expect(page).to_have_url(site + PATH + "?at=production-coordinator")
    expect(step(page, "production-coordinator")).to_have_attribute("aria-current", "step")
    expect(step(page, "production-coordinator")).to_contain_text("You are here")
    expect(page.locator("#path-status")).to_have_text(
        "Marked Production Coordinator as where you are. 1 next step."
    )
    assert page.evaluate("window.sameDocument") is True, "the page reloaded instead of swapping"
    # Focus stays on the same step's control, which now clears the mark.
    expect(i_am_here(page, "production-coordinator")).to_be_focused()
    compare = step(page, "associate-producer").get_by_role(
        "link", name="Compare Production Coordinator with Associate Producer"
    )
    expect(compare).to_have_attribute(
        "href", "/compare/?a=production-coordinator&b=associate-producer"
    )

    i_am_here(page, "associate-producer").click()
    expect(page).to_have_url(site + PATH + "?at=associate-producer")
    expect(step(page, "production-coordinator")).not_to_have_attribute("aria-current", "step")
    expect(page.locator("#path-status")).to_contain_text("3 next steps.")

    page.go_back()
    expect(page).to_have_url(site + PATH + "?at=production-coordinator")
    expect(step(page, "production-coordinator")).to_have_attribute("aria-current", "step")


def test_i_am_here_without_javascript_reloads_the_page_with_the_mark(page_without_js, site):
    page = page_without_js
    page.goto(site + PATH)

    i_am_here(page, "production-coordinator").click()

    expect(page).to_have_url(site + PATH + "?at=production-coordinator")
    expect(step(page, "production-coordinator")).to_have_attribute("aria-current", "step")
    expect(step(page, "associate-producer").locator("> .step__details")).to_have_attribute(
        "open", ""
    )


def test_an_unknown_step_asked_for_by_htmx_still_swaps_in_with_its_note(page, site):
    page.goto(site + PATH + "?at=production-assistant")

    page.evaluate("htmx.ajax('GET', '?at=astronaut', {target: '#path', swap: 'outerHTML'})")

    expect(page.locator("#path .path-problem")).to_contain_text("There is no step “astronaut”")
    expect(page.locator('[aria-current="step"]')).to_have_count(0)


def test_a_step_opens_and_closes_with_the_keyboard_alone(page, site):
    page.goto(site + PATH)
    details = step(page, "production-coordinator").locator("> details")
    expect(details).not_to_have_attribute("open", "")

    i_am_here(page, "production-coordinator").focus()
    page.keyboard.press("Tab")
    expect(details.locator("summary")).to_be_focused()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(details.get_by_role("heading", name="What the move takes")).to_be_visible()

    page.keyboard.press("Space")
    expect(details).not_to_have_attribute("open", "")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_fork_after_associate_producer_stacks_on_a_phone_and_spreads_on_a_desktop(
    page, site, width
):
    page.set_viewport_size({"width": width, "height": 900})
    # Plain, and with a step marked: marking opens the next steps' details.
    for query in ("", "?at=production-coordinator"):
        page.goto(site + PATH + query)
        branches = page.locator("#step-associate-producer > .path__branches > li")
        expect(branches).to_have_count(3)
        tops = [branches.nth(i).bounding_box()["y"] for i in range(3)]
        if width >= 1000:
            # The fork is drawn side by side where it fits...
            assert abs(tops[0] - tops[1]) < 1 and abs(tops[1] - tops[2]) < 1, (query, tops)
        else:
            # ...and stacks on a phone.
            assert tops[0] < tops[1] < tops[2], (query, tops)


def test_printing_shows_every_step_in_full_without_i_am_here(page, site):
    page.goto(site + PATH)
    page.emulate_media(media="print")

    expect(step(page, "production-assistant").get_by_text("What the move takes")).to_be_visible()
    expect(i_am_here(page, "production-assistant")).to_be_hidden()
