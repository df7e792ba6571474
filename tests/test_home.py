"""A newcomer lands on the home page and finds every role and the three ways in."""

import pytest
from django.urls import reverse

from roles.models import Role

TEN_SLUGS = {
    "production-assistant",
    "production-coordinator",
    "production-manager",
    "assistant-producer",
    "associate-producer",
    "producer",
    "field-producer",
    "supervising-producer",
    "executive-producer",
    "director",
}


def test_home_lists_every_role_with_a_link_to_its_page(client, content):
    response = client.get(reverse("roles:home"))

    assert response.status_code == 200
    html = response.content.decode()
    for role in Role.objects.all():
        assert f'href="/roles/{role.slug}/"' in html
        assert role.title in html
    assert set(Role.objects.values_list("slug", flat=True)) == TEN_SLUGS


def test_home_offers_the_three_ways_in(client, content):
    html = client.get("/").content.decode()

    assert 'href="/roles/"' in html
    assert 'href="/compare/"' in html
    assert 'href="/career-path/"' in html


def test_home_runs_a_fixed_number_of_queries(client, content, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/")


def test_each_role_link_from_home_opens_its_page(client, content):
    for slug in TEN_SLUGS:
        assert client.get(f"/roles/{slug}/").status_code == 200


@pytest.mark.browser
def test_a_visitor_sees_the_home_page_in_chromium(site, page, assert_no_axe_violations):
    page.goto(site + "/")

    assert page.get_by_role("heading", level=1).is_visible()
    assert page.get_by_role("link", name="Associate Producer (AP)").count() >= 1
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Associate Producer (AP)").first.click()
    page.wait_for_url(site + "/roles/associate-producer/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Associate Producer")
