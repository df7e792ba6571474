"""A newcomer lands on the home page and finds every role and the three ways in."""

import re

import pytest
from playwright.sync_api import expect

from roles.glance import PER_LEVEL
from roles.models import Role

from .helpers import ROLE_SLUGS, VERSION_CHECK, page_text

ROLE_LINK = re.compile(r'<a href="/roles/([\w-]+)/">')


def test_home_lists_every_role_with_a_link_to_its_page(client, content):
    response = client.get("/")

    assert response.status_code == 200
    assert sorted(ROLE_LINK.findall(response.content.decode())) == sorted(ROLE_SLUGS)
    text = page_text(response)
    for role in Role.objects.all():
        assert f"{role.display_name}: {role.summary}" in text


def test_home_offers_the_three_ways_in(client, content):
    html = client.get("/").content.decode()

    assert '<a href="/roles/">Browse the roles</a>' in html
    assert '<a href="/compare/">Compare two roles</a>' in html
    assert '<a href="/career-path/">Follow the career path</a>' in html
    assert "10 roles, from entry level to executive" in page_text(html)


@pytest.mark.parametrize("data", ["content", "ten_times_content"])
def test_home_runs_one_query_however_many_roles_there_are(
    client, db, django_assert_num_queries, request, data
):
    request.getfixturevalue(data)

    # The roles, and the sources of their summaries and levels.
    with django_assert_num_queries(VERSION_CHECK + 2):
        client.get("/")


def test_a_large_guide_shows_a_few_roles_a_level_and_sends_the_rest_to_the_directory(
    client, ten_times_content
):
    response = client.get("/")
    html, text = response.content.decode(), page_text(response)

    shown = ROLE_LINK.findall(html)
    assert len(shown) == len(set(shown)) < Role.objects.count()
    for level in Role.Level:
        roles = Role.objects.filter(level=level).order_by("title")
        label = Role(level=level).level_label
        of_level = set(roles.values_list("slug", flat=True))
        assert [slug for slug in shown if slug in of_level] == [r.slug for r in roles[:PER_LEVEL]]
        more = roles.count() - PER_LEVEL
        if more > 0:
            assert f"And {more} more {label.lower()} roles: see them all in the directory." in text
        else:
            assert f"more {label.lower()} role" not in text
    # The story needs a level with more than the page shows: ten times the real content has.
    assert any(Role.objects.filter(level=level).count() > PER_LEVEL for level in Role.Level)


PLACED = ("assistant-producer", "director", "production-manager", "executive-producer")


def test_home_says_which_levels_are_the_guides_placement(client, content):
    html = client.get("/").content.decode()

    for role in Role.objects.all():
        item = page_text(re.search(rf'<li><a href="/roles/{role.slug}/">.*?</li>', html, re.S)[0])
        placed = f"The guide places it at {role.level_label.lower()}; no source ranks the role."
        assert (placed in item) == (role.slug in PLACED), role.slug
    # The associate producer's level is 000's: "a mid-level position".
    assert "no source ranks" not in page_text(re.search(r"associate-producer/.*?</li>", html)[0])


def test_home_ends_with_the_sources_of_what_it_says(client, content):
    html = client.get("/").content.decode()

    sources = html[html.index('<h2 id="sources">') :]
    for address, publisher in [
        ("https://climbtheladder.com/associate-producer-vs-assistant-producer", "ClimbtheLadder"),
        ("https://study.com/articles/associate_producer_vs_executive_producer.html", "Study.com"),
        ("https://climbtheladder.com/what-does-an-associate-producer-do", "ClimbtheLadder"),
    ]:
        item = sources[sources.index(f'href="{address}"') :]
        assert publisher in item[: item.index("</li>")]
    assert html.index('<h2 id="sources">') > html.index("The roles at a glance")


@pytest.mark.browser
def test_a_visitor_opens_a_role_from_the_home_page_in_chromium(site, page):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Find your way through a production career"
    )

    page.get_by_role("link", name="Associate Producer (AP)").click()

    expect(page).to_have_url(site + "/roles/associate-producer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Associate Producer (AP)")
