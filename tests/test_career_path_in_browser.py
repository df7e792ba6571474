"""In a real browser: walking the path step by step, "I am here" with and without
JavaScript, opening a step with the keyboard, how the fork is laid out, and printing."""

import os
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import multiply_content

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


# The optional step, a role off the path, a long path's parts ----------------------------

# Screenshots a person looks at after a run; outside the project, so a run changes nothing.
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))


def test_the_coordinator_reads_as_an_optional_step_and_a_pa_can_go_on_to_either(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + PATH + "?at=production-assistant")

    coordinator = step(page, "production-coordinator").locator("> .step__head")
    expect(coordinator.locator(".step__tags")).to_contain_text("Optional step")
    expect(coordinator).to_contain_text(
        "A step some take, not a required one: Production Assistant also leads straight to "
        "Associate Producer."
    )
    for following in ("production-coordinator", "associate-producer"):
        expect(step(page, following).locator("> .step__head .step__tags")).to_contain_text(
            "Next from Production Assistant"
        )
    # The coordinator sits in the run between the two, not as a branch of its own.
    expect(page.locator("#step-production-assistant > .path__branches")).to_have_count(0)
    expect(page.locator("#path-status")).to_have_text(
        "Marked Production Assistant as where you are. 2 next steps."
    )


def test_a_role_off_the_path_is_named_by_its_title_with_and_without_javascript(
    page, page_without_js, site, assert_no_axe_violations
):
    page_without_js.goto(site + PATH + "?at=director")
    expect(page_without_js.get_by_role("heading", name="Where you are: Director")).to_be_visible()
    expect(page_without_js.locator(".path-here")).to_contain_text(
        "The sources do not put Director on this career path"
    )

    page.goto(site + PATH + "?at=production-coordinator")
    page.evaluate(
        "htmx.ajax('GET', '?at=production-manager', {target: '#path', swap: 'outerHTML'})"
    )
    expect(page.get_by_role("heading", name="Where you are: Production Manager")).to_be_visible()
    expect(page.locator("#path-status")).to_have_text(
        "Marked Production Manager as where you are. The sources do not put it on this path."
    )
    expect(page.locator(".path-here")).to_contain_text("the guide’s placement")
    expect(page.locator('[aria-current="step"]')).to_have_count(0)
    assert_no_axe_violations(page)


def test_a_long_paths_parts_follow_each_other_with_and_without_javascript(
    page, page_without_js, site, assert_no_axe_violations
):
    multiply_content(copies=5)  # 36 steps: two parts

    page_without_js.goto(site + PATH)
    page_without_js.get_by_role("link", name="Later steps").click()
    expect(page_without_js).to_have_url(site + PATH + "?part=2")
    expect(page_without_js.locator(".path-parts")).to_contain_text("Part 2 of 2")

    page.goto(site + PATH)
    page.evaluate("window.sameDocument = true")
    page.get_by_role("link", name="Later steps").click()
    expect(page).to_have_url(site + PATH + "?part=2")
    expect(page.locator(".path-parts")).to_contain_text("Part 2 of 2")
    assert page.evaluate("window.sameDocument") is True, "the page reloaded instead of swapping"
    assert_no_axe_violations(page)
    page.go_back()
    expect(page).to_have_url(site + PATH)
    expect(page.locator(".path-parts")).to_contain_text("Part 1 of 2")


@pytest.mark.parametrize(("width", "name"), [(375, "phone"), (1280, "desktop")])
def test_a_screenshot_of_the_path_from_the_pa(page, site, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + PATH + "?at=production-assistant")
    expect(step(page, "production-coordinator")).to_be_visible()

    # For a person to look at; nothing is compared against it.
    page.screenshot(path=str(SCREENSHOT_DIR / f"career-path-optional-{name}.png"), full_page=True)
