"""A visitor browses every role by level, narrows the list by industry or a word, and gets
a plain answer when nothing matches or the filter makes no sense."""

import re
from html import unescape

import pytest

from roles.directory import PER_PAGE
from roles.models import Industry, Role, RoleIndustry, Source

from .helpers import ROLE_SLUGS, VERSION_CHECK, page_text

LISTED = re.compile(r'<h3><a href="/roles/([\w-]+)/">')


def listed_slugs(html):
    return LISTED.findall(html)


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
    assert "Showing all 10 roles." in page_text(html)


def test_filtering_by_industry_keeps_roles_with_a_note_for_that_industry(client, content):
    html = client.get("/roles/", {"industry": "reality-tv"}).content.decode()

    assert listed_slugs(html) == ["associate-producer"]
    assert "1 role matches in Reality TV." in page_text(html)
    assert '<option value="reality-tv" selected>' in html


def test_searching_a_word_finds_roles_by_their_duties_and_says_where(client, content):
    html = client.get("/roles/", {"industry": "reality-tv", "q": "script"}).content.decode()

    assert listed_slugs(html) == ["associate-producer"]
    assert "Duty Often contribute creative ideas and comments on scripts or storyboards." in (
        page_text(html)
    )
    assert "comments on <mark>scripts</mark> or storyboards" in html
    assert 'value="script"' in html


def test_searching_a_skill_names_the_skill_that_matched(client, content):
    html = client.get("/roles/", {"q": "negotiation"}).content.decode()

    assert "executive-producer" in listed_slugs(html)
    assert "<dt>Skill</dt><dd><mark>Negotiation</mark>: The source says an executive" in html


def test_searching_by_title_or_abbreviation(client, content):
    by_title = client.get("/roles/", {"q": "field producer"}).content.decode()
    by_abbreviation = client.get("/roles/", {"q": "ep"}).content.decode()

    assert listed_slugs(by_title)[0] == "associate-producer"  # it can move up into the job
    assert "field-producer" in listed_slugs(by_title)
    assert '<a href="/roles/field-producer/"><mark>Field</mark> <mark>Producer</mark></a>' in (
        by_title
    )
    assert listed_slugs(by_abbreviation) == ["executive-producer"]
    assert "Executive Producer (<mark>EP</mark>)" in by_abbreviation


@pytest.mark.parametrize("query", ["PA", "pa", "PAs"])
def test_an_abbreviation_finds_whole_words_only(client, content, query):
    # Not "passing", "part", "pay" or "paperwork": only the production assistant's PA.
    html = client.get("/roles/", {"q": query}).content.decode()

    assert listed_slugs(html) == ["production-assistant"]
    assert re.findall(r"<mark>(.*?)</mark>", html)
    assert set(re.findall(r"<mark>(.*?)</mark>", html)) <= {"PA", "PAs"}


@pytest.mark.parametrize(
    "query, found, marked",
    [
        # Hyphens and spaces are the same; capitals do not matter.
        ("entry level", "associate-producer", "<mark>entry</mark>-<mark>level</mark> jobs"),
        ("Entry-Level", "production-assistant", "<mark>Entry</mark> <mark>level</mark>"),
        # A plural finds the singular and the other way round.
        ("games", "executive-producer", "a video <mark>game</mark>"),
        ("budgets", "assistant-producer", "May keep the <mark>budget</mark> in order."),
        # Accents are ignored.
        ("Prodúcér", "producer", "<mark>Producer</mark>"),
        # Education, industry notes, work environment, the overview: all searched.
        ("degree", "associate-producer", "bachelor's <mark>degree</mark>"),
        ("reality", "associate-producer", "<mark>Reality</mark> TV: The role often"),
        ("hours", "associate-producer", "the <mark>hours</mark> in entertainment"),
        # Pay figures are searched in words.
        ("salary", "executive-producer", "Median pay: a <mark>salary</mark> of $95,884 a year"),
        ("pay", "assistant-producer", "Average <mark>pay</mark>: a salary of $52,804 a year"),
    ],
)
def test_a_search_finds_what_people_type_and_marks_where(client, content, query, found, marked):
    html = client.get("/roles/", {"q": query}).content.decode()

    assert found in listed_slugs(html)
    card = re.search(
        rf'<li class="card role-card">\s*<h3><a href="/roles/{found}/">.*?</li>', html, re.S
    )
    assert marked in card.group(0).replace("&#x27;", "'")


def test_a_search_finds_what_reading_every_word_finds(content):
    # The search skips texts that cannot hold a word (a quick look for the letters, or for
    # a short word standing alone) and stops reading a text once it has every word. Read
    # instead every word of every text of every page, for every short word the content
    # has and a few longer searches: the same roles, in the same order.
    from roles.search import WORD, page_texts, search, term_matches, terms, word_key

    roles = Role.objects.by_level()
    texts = page_texts(list(roles), among=roles)

    def words_of(text):
        return {word_key(word) for word in WORD.findall(text)}

    def found_reading_every_word(role, query_terms):
        def terms_in(text):
            return {t for t in query_terms if any(term_matches(t, w) for w in words_of(text))}

        in_title = terms_in(role.display_name)
        others = [role.summary, *(text for _, text in texts[role.pk])]
        return any(in_title | terms_in(text) == set(query_terms) for text in [""] + others)

    every_text = [text for role in roles for _, text in texts[role.pk]]
    every_text += [text for role in roles for text in (role.display_name, role.summary)]
    short_words = sorted({w for text in every_text for w in words_of(text) if len(w) == 2})
    queries = short_words + ["producer", "budget pa", "entry level", "ep games", "tv news"]
    assert "pa" in short_words and "ep" in short_words

    for query in queries:
        expected = [r.slug for r in roles if found_reading_every_word(r, terms(query))]
        assert [r.slug for r in search(roles, query)] == expected, query


def test_the_words_of_a_search_must_meet_in_one_place(client, content):
    # "entry requirements" and "Senior level" on one page are not "entry level"; the PA's
    # "Entry level" and the AP's "entry-level jobs" are.
    listed = listed_slugs(client.get("/roles/", {"q": "entry level"}).content.decode())

    assert {"production-assistant", "associate-producer"} <= set(listed)
    assert "supervising-producer" not in listed


def test_every_text_a_role_page_shows_is_searched(client, make_role, make_source, db):
    from roles.models import (
        Certification,
        Education,
        Industry,
        IndustryVariant,
        Responsibility,
        RoleCertification,
        RoleSkill,
        Skill,
    )

    source = make_source()
    role = make_role(
        title="Quartermaster",
        abbreviation="QM",
        summary="Summary alpha.",
        overview="Overview bravo.",
        work_environment="Environment charlie.",
    )
    Responsibility.objects.create(
        role=role, phase="production", area="logistics", text="Duty delta.", source=source
    )
    skill = Skill.objects.create(slug="echo", name="Echo skill")
    RoleSkill.objects.create(role=role, skill=skill, why="Why foxtrot.", source=source)
    Education.objects.create(role=role, kind="minimum", text="Education golf.", source=source)
    certification = Certification.objects.create(slug="hotel", name="Hotel certificate")
    RoleCertification.objects.create(
        role=role, certification=certification, note="Note india.", source=source
    )
    industry = Industry.objects.create(slug="juliet", name="Juliet industry")
    IndustryVariant.objects.create(role=role, industry=industry, text="Kilo.", source=source)
    make_role(title="Other role", summary="Nothing in common.", level=Role.Level.ENTRY)

    for word, where in [
        ("quartermaster", "Quartermaster"),
        ("qm", "Quartermaster"),
        ("alpha", "Summary"),
        ("bravo", "Overview"),
        ("charlie", "Work environment"),
        ("delta", "Duty"),
        ("echo", "Skill"),
        ("foxtrot", "Skill"),
        ("golf", "Typical minimum"),
        ("hotel", "Certification"),
        ("india", "Certification"),
        ("juliet", "Industry note"),
        ("kilo", "Industry note"),
        ("mid level", "Level"),
    ]:
        html = client.get("/roles/", {"q": word}).content.decode()
        assert listed_slugs(html) == [role.slug], word
        assert where in page_text(html), word
        assert "<mark>" in html, word


def test_the_label_and_hint_say_what_is_searched(client, content):
    html = client.get("/roles/").content.decode()

    assert '<label for="id_q">Search the roles</label>' in html
    hint = page_text(re.search(r'<p id="q-hint".*?</p>', html, re.S).group(0))
    for part in ("title", "abbreviation", "summary", "overview", "duties", "skills"):
        assert part in hint
    for part in ("education", "certifications", "industry notes", "work environment"):
        assert part in hint


def test_an_empty_result_says_so_and_offers_to_clear_the_filter(client, content):
    html = client.get("/roles/", {"industry": "video-games", "q": "teleprompter"}).content.decode()

    assert listed_slugs(html) == []
    assert "No role matches “teleprompter” in Video games." in page_text(html)
    assert '<a href="/roles/">Clear the filter and show all roles</a>' in html


def test_an_unknown_industry_is_a_bad_request_with_a_plain_message(client, content):
    response = client.get("/roles/", {"industry": "opera"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "We have no industry called “opera”." in page_text(html)
    # The page still works: the rest of the filter and the whole list are there.
    assert len(listed_slugs(html)) == 10


def test_an_over_long_search_is_a_bad_request_with_a_plain_message(client, content):
    response = client.get("/roles/", {"q": "producers " * 12})

    assert response.status_code == 400
    message = "Searches can be up to 100 characters long; yours has 119. Try a word or two."
    assert message in page_text(response)


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
    # A new history entry only for a search the user commits: the industry, or Enter.
    assert 'hx-trigger="change from:#id_industry, submit"' in form
    search_box = re.search(r'<input type="search"[^>]*>', html).group(0)
    # A pause in typing shows results and replaces the current entry instead.
    assert 'hx-trigger="input changed delay:1s"' in search_box
    assert 'hx-replace-url="true"' in search_box
    assert 'hx-push-url="false"' in search_box
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


# Three queries (industries, roles, the sources of the roles on the page); a search adds
# one for each kind of row a role page shows in words (duties, skills, education,
# certifications, industry notes, pay figures). Ten times the content costs the same
# queries and lists each match's nine copies too, 24 to a page.
@pytest.mark.parametrize("data", ["content", "ten_times_content"])
@pytest.mark.parametrize(
    "query, queries, status, listed",
    [
        ({}, 3, 200, ROLE_SLUGS),
        ({"industry": "reality-tv"}, 3, 200, ["associate-producer"]),
        # On the real content every role matches "producer" (the production assistant's
        # summary names the associate producer it leads to).
        ({"q": "producer"}, 9, 200, ROLE_SLUGS),
        ({"industry": "reality-tv", "q": "script"}, 9, 200, ["associate-producer"]),
        # Punctuation alone searches for nothing: the roles are never fetched.
        ({"q": "%"}, 1, 200, []),
        ({"industry": "x"}, 3, 400, ROLE_SLUGS),
        ({"page": "x"}, 3, 400, ROLE_SLUGS),
    ],
    ids=[
        "all",
        "industry",
        "search",
        "industry-and-search",
        "search-punctuation",
        "bad-industry",
        "bad-page",
    ],
)
def test_the_directory_costs_the_same_queries_on_real_and_ten_times_content(
    client, db, django_assert_num_queries, request, data, query, queries, status, listed
):
    request.getfixturevalue(data)
    if data == "ten_times_content":
        listed = [*listed] + [f"{slug}-{copy}" for slug in listed for copy in range(1, 10)]
    first_page = list(
        Role.objects.by_level().filter(slug__in=listed).values_list("slug", flat=True)
    )
    first_page = first_page[:PER_PAGE]

    with django_assert_num_queries(VERSION_CHECK + queries):
        response = client.get("/roles/", query)

    assert response.status_code == status
    assert listed_slugs(response.content.decode()) == first_page


# A long list, a page at a time --------------------------------------------------------


def pages_of(client, url):
    """Every page of results from `url` on, following each page's "Next page" link as a
    visitor without JavaScript would: [(slugs listed, html)]."""
    pages = []
    while url and len(pages) < 100:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append((listed_slugs(html), html))
        link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', html)
        url = unescape(link.group(1)) if link else None
    return pages


def test_a_long_list_comes_24_roles_a_page_with_a_link_to_the_next(client, ten_times_content):
    pages = pages_of(client, "/roles/")

    every_role = list(Role.objects.by_level().values_list("slug", flat=True))
    assert [len(slugs) for slugs, _ in pages] == [24, 24, 24, 24, 4]
    assert [slug for slugs, _ in pages for slug in slugs] == every_role
    first, last = pages[0][1], pages[-1][1]
    assert "Showing all 100 roles." in page_text(first)
    assert "Page 1 of 5: roles 1 to 24 of 100." in page_text(first)
    assert "Previous page" not in first
    assert "Page 5 of 5: roles 97 to 100 of 100." in page_text(last)
    assert '<a href="/roles/?page=4" rel="prev">Previous page</a>' in last
    assert "<title>All production roles, entry level to executive (page 5) · Careerguide" in last


def test_the_next_and_previous_pages_keep_the_filter(client, ten_times_content):
    industry = Industry.objects.get(slug="film-and-television")
    source = Source.objects.first()
    for role in Role.objects.exclude(industries_named__industry=industry):
        RoleIndustry.objects.create(role=role, industry=industry, source=source)

    pages = pages_of(client, "/roles/?industry=film-and-television&q=producer")

    first, second = pages[0][1], pages[1][1]
    assert (
        '<a href="/roles/?industry=film-and-television&amp;q=producer&amp;page=2" rel="next">'
        in first
    )
    assert '<a href="/roles/?industry=film-and-television&amp;q=producer" rel="prev">' in second
    assert '<option value="film-and-television" selected>' in second
    assert 'value="producer"' in second
    slugs = [slug for page, _ in pages for slug in page]
    assert len(slugs) == len(set(slugs)) == 100
    assert "100 roles match “producer” in Film and television." in page_text(second)


def test_a_search_lists_its_matches_a_page_at_a_time(client, ten_times_content):
    pages = pages_of(client, "/roles/?q=producer")

    assert [len(slugs) for slugs, _ in pages] == [24, 24, 24, 24, 4]
    assert '<a href="/roles/?q=producer&amp;page=3" rel="next">' in pages[1][1]
    assert '<a href="/roles/?q=producer" rel="prev">' in pages[1][1]
    assert "100 roles match “producer”." in page_text(pages[4][1])
    assert "Page 5 of 5: roles 97 to 100 of 100." in page_text(pages[4][1])
    # Each page marks where its own roles matched.
    assert pages[4][1].count("<mark>") >= 4


def test_page_one_is_the_directory_itself(client, ten_times_content):
    # `page` is 1 when not given: the same page, whichever address asked for it.
    assert client.get("/roles/?page=1").content == client.get("/roles/").content


@pytest.mark.parametrize(
    "page, message",
    [
        ("two", "Page numbers are whole numbers, starting from 1."),
        ("0", "Page numbers are whole numbers, starting from 1."),
        ("-1", "Page numbers are whole numbers, starting from 1."),
        ("1.5", "Page numbers are whole numbers, starting from 1."),
        (["2", "3"], "Give one page number, not several."),
    ],
)
def test_a_page_number_that_makes_no_sense_is_a_bad_request(
    client, ten_times_content, page, message
):
    response = client.get("/roles/", {"page": page, "q": "producer"})

    assert response.status_code == 400
    assert message in page_text(response)
    # The rest of the filter still works, from its first page.
    assert "Page 1 of 5" in page_text(response)


def test_a_page_past_the_last_is_not_found_and_shows_the_last(client, ten_times_content):
    response = client.get("/roles/", {"page": "9", "q": "producer"})

    assert response.status_code == 404
    text = page_text(response)
    assert "There is no page 9 of these roles: they end at page 5, shown here." in text
    assert "Page 5 of 5: roles 97 to 100 of 100." in text


def test_a_short_list_has_no_page_links(client, content):
    html = client.get("/roles/").content.decode()

    assert "Next page" not in html
    assert 'class="pager"' not in html
    assert client.get("/roles/?page=2").status_code == 404


def test_htmx_gets_the_page_links_with_the_results(client, ten_times_content):
    response = client.get("/roles/", {"q": "producer", "page": "2"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert '<a href="/roles/?q=producer&amp;page=3" rel="next">Next page</a>' in html
    assert len(listed_slugs(html)) == PER_PAGE


@pytest.mark.parametrize("odd", ["[a-", "\\", "%", "_", "*?", "é", ".*"])
def test_odd_characters_in_a_search_are_searched_for_literally(client, content, odd):
    response = client.get("/roles/", {"q": odd})

    # Neither a regular expression nor a LIKE wildcard: nothing in the content has them.
    assert response.status_code == 200
    assert "No role matches" in page_text(response)


def test_a_null_character_is_a_bad_request_not_an_error(client, content):
    response = client.get("/roles/", {"q": "pro\x00ducer"})

    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


def test_the_count_is_announced_from_a_live_region_that_stays_on_the_page(client, content):
    page = client.get("/roles/", {"industry": "documentary"}).content.decode()
    part = client.get("/roles/", {"industry": "documentary"}, HTTP_HX_REQUEST="true")

    # The full page has one status region, outside the part htmx replaces...
    assert page.count('id="results-count"') == 1
    assert page.index('id="results-count"') < page.index('id="results"')
    # ...and the part refills only its text, out of band.
    html = part.content.decode()
    assert '<p id="results-count" data-hx-swap-oob="innerHTML">' in html
    assert "1 role matches in Documentary." in page_text(html)


# Placements and sources ------------------------------------------------------------------

PLACED = ("assistant-producer", "director", "production-manager", "executive-producer")


def test_each_card_says_when_its_level_is_the_guides_placement(client, content):
    html = client.get("/roles/").content.decode()

    for role in Role.objects.all():
        card = re.search(rf'<h3><a href="/roles/{role.slug}/">.*?</li>', html, re.S)[0]
        placed = f"The guide places it at {role.level_label.lower()}; no source ranks the role."
        assert (placed in page_text(card)) == (role.slug in PLACED), role.slug


def test_the_directory_ends_with_the_sources_of_the_roles_it_lists(client, content):
    everything = client.get("/roles/").content.decode()
    assert everything.count('<li id="source-') == 3
    assert 'href="https://study.com/articles/associate_producer_vs_executive_producer.html"' in (
        everything
    )

    # The video-game roles (assistant and executive producer) draw on 000 and 002 alone;
    # the sources follow the filter, in the htmx part too.
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        html = client.get("/roles/", {"industry": "video-games"}, **headers).content.decode()
        sources = html[html.index('<h2 id="sources">') :]
        assert set(re.findall(r'<li id="source-([\w-]+)"', sources)) == {
            "associate-vs-assistant-producer",
            "associate-vs-executive-producer",
        }
        assert "Study.com" in sources
