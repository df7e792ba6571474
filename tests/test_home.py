"""A newcomer lands on the home page and finds every role and the three ways in."""

import re

import pytest
from playwright.sync_api import expect

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

    with django_assert_num_queries(VERSION_CHECK + 1):
        response = client.get("/")
    assert len(ROLE_LINK.findall(response.content.decode())) == Role.objects.count()


@pytest.mark.browser
def test_a_visitor_opens_a_role_from_the_home_page_in_chromium(site, page):
    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Find your way through a production career"
    )

    page.get_by_role("link", name="Associate Producer (AP)").click()

    expect(page).to_have_url(site + "/roles/associate-producer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Associate Producer (AP)")
