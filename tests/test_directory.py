"""A visitor browses every role by level, narrows the list by industry or a word, and gets
a plain answer when nothing matches or the filter makes no sense."""

import re
from html import unescape

import pytest

from roles.models import Role

LISTED = re.compile(r'<h3><a href="/roles/([\w-]+)/">')


def listed_slugs(html):
    return LISTED.findall(html)


def text(html):
    """What a reader sees: tags dropped, entities decoded, spaces collapsed."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return unescape(re.sub(r" ([,.;:])", r"\1", words)).strip()


def test_the_directory_lists_every_role_grouped_from_entry_to_executive(client, content):
    response = client.get("/roles/")

    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<h2>(.*?)</h2>", html) == [
        "Entry level",
        "Junior level",
        "Mid-level",
        "Senior level",
        "Executive level",
    ]
    assert listed_slugs(html) == list(Role.objects.by_level().values_list("slug", flat=True))
    assert Role.objects.get(slug="executive-producer").summary in html
    assert "Showing all 10 roles." in text(html)


def test_filtering_by_industry_keeps_roles_with_a_note_for_that_industry(client, content):
    html = client.get("/roles/", {"industry": "reality-tv"}).content.decode()

    assert listed_slugs(html) == ["associate-producer"]
    assert "1 role matches in Reality TV." in text(html)
    assert '<option value="reality-tv" selected>' in html


def test_searching_a_word_finds_roles_by_their_duties_and_says_why(client, content):
    html = client.get("/roles/", {"industry": "reality-tv", "q": "script"}).content.decode()

    assert listed_slugs(html) == ["associate-producer"]
    assert "Matches a duty: “Contribute creative ideas and comments on scripts" in text(html)
    assert 'value="script"' in html


def test_searching_a_skill_names_the_skill_that_matched(client, content):
    html = client.get("/roles/", {"q": "budget"}).content.decode()

    assert "assistant-producer" in listed_slugs(html)
    assert "Matches skill: Budgeting" in text(html)


def test_searching_by_title_or_abbreviation(client, content):
    by_title = listed_slugs(client.get("/roles/", {"q": "field"}).content.decode())
    by_abbreviation = listed_slugs(client.get("/roles/", {"q": "ep"}).content.decode())

    assert by_title == ["field-producer"]
    assert by_abbreviation == ["executive-producer"]


def test_search_matches_the_start_of_words_only(client, content):
    # "ap" is the AP's abbreviation; it must not match inside "shape" or "snaps".
    html = client.get("/roles/", {"q": "ap"}).content.decode()

    assert listed_slugs(html) == ["associate-producer"]


def test_an_empty_result_says_so_and_offers_to_clear_the_filter(client, content):
    html = client.get("/roles/", {"industry": "video-games", "q": "teleprompter"}).content.decode()

    assert listed_slugs(html) == []
    assert "No role matches “teleprompter” in Video games." in text(html)
    assert '<a href="/roles/">Clear the filter and show all roles</a>' in html


def test_an_unknown_industry_is_a_bad_request_with_a_plain_message(client, content):
    response = client.get("/roles/", {"industry": "opera"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "We have no industry called “opera”." in text(html)
    # The page still works: the rest of the filter and the whole list are there.
    assert len(listed_slugs(html)) == 10


def test_an_over_long_search_is_a_bad_request_with_a_plain_message(client, content):
    response = client.get("/roles/", {"q": "producers " * 12})

    assert response.status_code == 400
    message = "Searches can be up to 100 characters long; yours has 119. Try a word or two."
    assert message in text(response.content.decode())


def test_a_search_of_exactly_100_characters_is_fine(client, content):
    assert client.get("/roles/", {"q": "x" * 100}).status_code == 200


def test_the_form_works_without_javascript_and_updates_in_place_with_htmx(client, content):
    html = client.get("/roles/").content.decode()
    form = re.search(r"<form[^>]*>", html).group(0)

    assert 'method="get"' in form
    assert 'action="/roles/"' in form
    assert 'hx-get="/roles/"' in form
    assert 'hx-target="#results"' in form
    assert 'hx-push-url="true"' in form
    assert 'hx-trigger="change, keyup changed delay:300ms from:input[type=search], submit"' in form
    assert '<label for="id_industry">' in html
    assert '<label for="id_q">' in html
    assert 'maxlength="100"' in html


def test_htmx_gets_only_the_results(client, content):
    response = client.get("/roles/", {"q": "producer"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<section id="results"')
    assert "field-producer" in listed_slugs(html)
    assert "HX-Request" in response["Vary"]


def test_a_direct_visit_gets_the_whole_page_and_the_same_vary_header(client, content):
    response = client.get("/roles/", {"q": "producer"})

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_going_back_restores_the_whole_page_not_a_fragment(client, content):
    response = client.get(
        "/roles/",
        {"q": "producer"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    assert "<html" in response.content.decode()


def test_a_bad_filter_through_htmx_gets_the_message_in_the_results(client, content):
    response = client.get("/roles/", {"industry": "opera"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "We have no industry called “opera”." in response.content.decode()


def test_a_filtered_page_has_its_own_title_but_one_canonical_address(client, content):
    html = client.get("/roles/", {"industry": "reality-tv"}).content.decode()

    assert "<title>Roles in Reality TV · Careerguide</title>" in html
    assert '<link rel="canonical" href="http://testserver/roles/">' in html
    assert '<meta property="og:url" content="http://testserver/roles/">' in html


# Two queries (industries, roles); a search adds one each for the matched skills and duties.
@pytest.mark.parametrize(
    "query, queries",
    [({}, 2), ({"industry": "reality-tv"}, 2), ({"q": "producer"}, 4), ({"industry": "x"}, 2)],
)
def test_the_directory_costs_the_same_queries_on_real_and_ten_times_content(
    client, ten_times_content, django_assert_num_queries, query, queries
):
    with django_assert_num_queries(queries):
        response = client.get("/roles/", query)
    assert response.status_code in (200, 400)
    assert len(listed_slugs(response.content.decode())) >= 1


@pytest.mark.parametrize(
    "query, queries", [({}, 2), ({"industry": "reality-tv"}, 2), ({"q": "producer"}, 4)]
)
def test_the_directory_query_count_on_real_content(
    client, content, django_assert_num_queries, query, queries
):
    with django_assert_num_queries(queries):
        client.get("/roles/", query)


@pytest.mark.parametrize("odd", ["[a-", "\\", "%", "_", "*?", "é", ".*"])
def test_odd_characters_in_a_search_are_searched_for_literally(client, content, odd):
    response = client.get("/roles/", {"q": odd})

    # Neither a regular expression nor a LIKE wildcard: nothing in the content has them.
    assert response.status_code == 200
    assert "No role matches" in text(response.content.decode())


def test_a_null_character_is_a_bad_request_not_an_error(client, content):
    response = client.get("/roles/", {"q": "pro\x00ducer"})

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
