"""A visitor follows a mistyped or stale link and is helped back on track, never shown a
bare error page."""

import pytest
from django.template import loader
from django.test import RequestFactory
from django.views.defaults import server_error

from .helpers import VERSION_CHECK


def test_a_mistyped_role_suggests_the_closest_role(client, content):
    response = client.get("/roles/asociate-producer/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'Did you mean <a href="/roles/associate-producer/">Associate Producer (AP)</a>?' in html
    assert '<a href="/roles/">Browse all roles</a>' in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_title_typed_as_the_address_also_finds_its_role(client, content):
    response = client.get("/roles/executive-produce/")

    assert response.status_code == 404
    assert 'href="/roles/executive-producer/"' in response.content.decode()


def test_an_address_nothing_like_a_role_offers_only_the_directory(client, content):
    response = client.get("/roles/astronaut/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Did you mean" not in html
    assert '<a href="/roles/">Browse all roles</a>' in html


@pytest.mark.parametrize("data", ["content", "ten_times_content"])
def test_a_missing_role_costs_two_queries_however_many_roles_there_are(
    client, db, django_assert_num_queries, request, data
):
    request.getfixturevalue(data)

    # One looking for the role, one reading the titles to suggest the closest.
    with django_assert_num_queries(VERSION_CHECK + 2):
        response = client.get("/roles/asociate-producer/")
    assert response.status_code == 404
    assert 'Did you mean <a href="/roles/associate-producer/">' in response.content.decode()


def test_any_other_unknown_address_gets_the_friendly_404_page(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "We can’t find that page" in html
    assert '<a href="/roles/">Browse all roles</a>' in html
    assert 'class="site-header"' in html


def test_a_request_for_a_host_we_do_not_serve_gets_the_friendly_400_page(client, db):
    response = client.get("/roles/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()


def test_the_500_page_needs_no_database_and_no_request_context(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert '<a href="/roles/">browse all roles</a>' in html


@pytest.mark.parametrize("name", ["404.html", "400.html"])
def test_the_error_pages_render_without_a_request(name, db):
    # The 400 handler renders without the request; the pages must not depend on it.
    assert "Careerguide" in loader.render_to_string(name)
