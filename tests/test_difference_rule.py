"""The rule behind every difference the guide states: only an article that compares two
roles can say what differs between them, and only over its own facts.

Given the three articles, where 000 compares the associate and the assistant producer and
002 the associate and the executive producer: when a reader compares those pairs, they
see the differences their article gives and what it says differs; when they compare any
other pair, they see both roles side by side under one sentence saying that no article
compares them, with nothing marked as only one role's, shared or the same.
"""

import itertools
import re

import pytest
from django.urls import reverse

from roles.addresses import compare_url
from roles.comparison import Comparison
from roles.differences import ONLY
from roles.models import Role, Source, SourceComparison

from .helpers import form_data, page_text

HTMX = {"HTTP_HX_REQUEST": "true"}
NOT_COMPARED = "None of the guide’s sources compares these two roles"
ARTICLE_000 = "associate-vs-assistant-producer"
ARTICLE_002 = "associate-vs-executive-producer"
COMPARED_PAIRS = {
    frozenset({"associate-producer", "assistant-producer"}): ARTICLE_000,
    frozenset({"associate-producer", "executive-producer"}): ARTICLE_002,
}

# What a reader would take for a stated difference: a mark beside a fact, an "only" or
# "same" sentence, a count of what is shared, a "new".
MARKS = re.compile(
    r"◆|only this role|= both|\bOnly the\b|\bsame\b|\bthey share\b|\bnew\b|\b\d+ of (the )?\d+\b",
    re.IGNORECASE,
)
BADGES = re.compile(r"badge--(only|shared)")


def glance(response):
    """The text of the comparison's at-a-glance section."""
    markup = response.content.decode()
    section = re.search(r'<section class="compare-glance".*?</section>', markup, re.S)[0]
    return page_text(section)


def marks_on(response):
    """Every mark the comparison shows: badges in the markup, and mark words in the
    page's own sentences (the at-a-glance section) and beside facts."""
    markup = response.content.decode()
    marks = BADGES.findall(markup) + MARKS.findall(glance(response))
    for badge_word in ("◆", "only this role", "= both", "Only the"):
        marks += [badge_word] * page_text(response).count(badge_word)
    return marks


def all_pairs():
    slugs = list(Role.objects.order_by("slug").values_list("slug", flat=True))
    return list(itertools.permutations(slugs, 2))


# The rule, as data --------------------------------------------------------------------


def test_the_content_records_the_two_pairs_the_articles_compare(content):
    recorded = {
        frozenset({c.first_role.slug, c.second_role.slug}): c.source.key
        for c in SourceComparison.objects.select_related("source", "first_role", "second_role")
    }

    assert recorded == COMPARED_PAIRS


def test_a_pair_is_found_whichever_way_round_it_is_asked(content):
    ap, ep = (
        Role.objects.get(slug="associate-producer"),
        Role.objects.get(slug="executive-producer"),
    )

    assert SourceComparison.objects.of_pair(ap, ep).get().source.key == ARTICLE_002
    assert SourceComparison.objects.of_pair(ep, ap).get().source.key == ARTICLE_002


def test_a_source_cannot_compare_the_same_pair_twice_the_other_way_round(content):
    from django.core.exceptions import ValidationError

    ap, ep = (
        Role.objects.get(slug="associate-producer"),
        Role.objects.get(slug="executive-producer"),
    )
    again = SourceComparison(
        source=Source.objects.get(key=ARTICLE_002), first_role=ep, second_role=ap
    )

    with pytest.raises(ValidationError, match="already compares these two roles"):
        again.full_clean()


# A compared pair: differences from its article only -----------------------------------


@pytest.mark.parametrize(
    ("first", "second", "article"),
    [
        ("associate-producer", "assistant-producer", ARTICLE_000),
        ("executive-producer", "associate-producer", ARTICLE_002),
    ],
)
def test_every_only_mark_on_a_compared_pair_is_a_fact_from_its_article(
    content, first, second, article
):
    roles = {role.slug: role for role in Role.objects.filter(slug__in=[first, second])}
    comparison = Comparison.between(roles[first], roles[second])
    followed = Source.objects.get(key=article)

    marked_skills = [
        link for side in comparison.sides for link, mark in side.skills if mark == ONLY
    ]
    marked_duties = [
        duty
        for _, cells in comparison.duty_rows
        for cell in cells
        for duty, only in cell.duties
        if only
    ]
    assert marked_skills or marked_duties
    for row in marked_skills + marked_duties:
        assert row.source_id == followed.pk, row


def test_a_compared_pair_says_which_article_it_follows_and_what_that_article_says_differs(
    client, content
):
    text = glance(client.get("/compare/?a=assistant-producer&b=associate-producer"))

    assert (
        "Associate Producer vs. Assistant Producer: What Are the Differences? compares these "
        "two roles. The differences marked on this page follow that article alone" in text
    )
    # 000: "an associate producer typically has more experience and responsibility".
    assert (
        "What the article says differs Associate producers typically bring more experience to "
        "the job and carry more responsibility than assistant producers." in text
    )
    assert NOT_COMPARED not in text


def test_the_executive_producer_pair_follows_002_and_its_big_picture(client, content):
    text = glance(client.get("/compare/?a=associate-producer&b=executive-producer"))

    assert "Associate Producer Vs. Executive Producer compares these two roles." in text
    assert "keep the big picture in view, where associate producers may be more hands-on" in text
    assert "What Are the Differences?" not in text


def test_a_fact_from_another_article_is_never_marked_only_on_a_compared_pair(client, content):
    # 004 gives the associate producer rights clearances; 000 says nothing of them for
    # either role, so the page does not call them the associate producer's alone.
    text = page_text(client.get("/compare/?a=associate-producer&b=assistant-producer"))

    assert "without legal trouble. ◆" not in text
    assert (
        "rights and clearances"
        not in glance(client.get("/compare/?a=associate-producer&b=assistant-producer")).lower()
    )


def test_only_marks_never_contradict_the_other_column(client, content):
    # 002 lists budgeting for the executive producer only, but 000 gives it to the
    # associate producer: it is shared, not the executive producer's alone.
    text = page_text(client.get("/compare/?a=associate-producer&b=executive-producer"))

    assert "Budgeting = both" in text
    assert "Budgeting ◆" not in text


# Every other pair: side by side, nothing marked -----------------------------------------


def test_a_pair_no_article_compares_shows_no_mark_on_the_page_or_in_the_htmx_part(client, content):
    url = "/compare/?a=associate-producer&b=field-producer"
    for headers in ({}, HTMX):
        response = client.get(url, **headers)

        assert response.status_code == 200
        assert ("<html" in response.content.decode()) == (not headers)
        assert NOT_COMPARED in page_text(response)
        assert marks_on(response) == []
        # The facts are all still there, each with its source.
        text = page_text(response)
        assert "Manage shoots on location. Source: What Does an Associate Producer Do?" in text
        assert "Clear the rights to any third-party material" in text


def test_a_thin_role_is_never_said_to_lack_what_a_long_article_gives_the_other(client, content):
    # 004 gives the associate producer some twenty duties and the field producer one clause.
    text = page_text(client.get("/compare/?a=associate-producer&b=field-producer"))

    assert "Only the Associate Producer" not in text
    assert "research and fact-checking;" not in text


def test_facts_that_hold_for_each_side_stay_on_a_pair_no_article_compares(client, content):
    text = glance(client.get("/compare/?a=associate-producer&b=field-producer"))

    assert "The Field Producer is a next step up from the Associate Producer." in text
    assert "The Associate Producer is mid-level; the Field Producer is senior level." in text
    assert "The sources give no salary figure for the Field Producer." in text


def test_all_90_comparisons_mark_differences_exactly_where_an_article_compares_the_pair(
    client, content
):
    pairs = all_pairs()
    assert len(pairs) == 90

    for first, second in pairs:
        response = client.get(compare_url(first, second))
        compared = frozenset({first, second}) in COMPARED_PAIRS
        text = page_text(response)

        assert (NOT_COMPARED in text) != compared, (first, second)
        if compared:
            assert "compares these two roles." in glance(response), (first, second)
        else:
            assert marks_on(response) == [], (first, second)


# An editor adds a comparing source ----------------------------------------------------


def test_a_comparing_source_added_in_the_admin_turns_the_marks_on_for_that_pair_alone(
    admin_client, client, make_role, make_source, make_skill
):
    article = make_source(title="Runner vs. Fixer")
    runner, fixer, grip = (make_role(title=title) for title in ("Runner", "Fixer", "Grip"))
    make_skill(runner, "Driving", source=article)
    make_skill(fixer, "Typing", source=article)
    make_skill(grip, "Rigging", source=article)
    pair, other = compare_url(runner.slug, fixer.slug), compare_url(runner.slug, grip.slug)
    assert marks_on(client.get(pair)) == []
    url = reverse("admin:roles_source_change", args=[article.pk])
    form = admin_client.get(url)
    assert 'id="comparisons-group"' in form.content.decode()

    response = admin_client.post(
        url,
        form_data(form)
        | {
            "comparisons-TOTAL_FORMS": "1",
            "comparisons-0-first_role": str(runner.pk),
            "comparisons-0-second_role": str(fixer.pk),
            "comparisons-0-differs": "A runner may drive where a fixer types.",
        },
    )

    assert response.status_code == 302, page_text(response)
    text = page_text(client.get(pair))
    assert NOT_COMPARED not in text
    assert "Runner vs. Fixer compares these two roles." in text
    assert "What the article says differs A runner may drive where a fixer types." in text
    assert "Driving ◆ only this role" in text
    assert "Typing ◆ only this role" in text
    # The same article's facts about another pair it does not compare stay unmarked.
    assert NOT_COMPARED in page_text(client.get(other))
    assert marks_on(client.get(other)) == []
