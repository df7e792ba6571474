"""A reader checks the guide against its three articles: every claim the audit mended says
no more than its source, with the source's own certainty, and every source can be opened."""

import re

import pytest
from django.core import checks

from roles.models import Education, Relationship, Responsibility, Role, RoleCertification

from .helpers import page_text

ARTICLES = {
    "associate-vs-assistant-producer": (
        "ClimbtheLadder (climbtheladder.com)",
        "https://climbtheladder.com/associate-producer-vs-assistant-producer",
    ),
    "associate-vs-executive-producer": (
        "Study.com",
        "https://study.com/articles/associate_producer_vs_executive_producer.html",
    ),
    "what-does-an-associate-producer-do": (
        "ClimbtheLadder (climbtheladder.com)",
        "https://climbtheladder.com/what-does-an-associate-producer-do",
    ),
}


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return page_text(response)


# Duties and labels ------------------------------------------------------------------------


def test_the_director_has_no_invented_duty(client, content):
    # 002 only suggests directing to readers who find leading a production appealing.
    assert not Responsibility.objects.filter(role__slug="director").exists()
    text = text_of(client, "/roles/director/")
    assert "Lead a film or television production" not in text
    assert "The role that leads" not in text
    assert "duties" in text[text.index("Not covered by the sources") :]


def test_no_area_of_work_claims_hiring(client, content):
    assert not [label for label in Responsibility.Area.labels if "hiring" in label.lower()]
    # Only the executive producer's own duty says hiring, as 002 does.
    for slug in ("associate-producer", "producer", "supervising-producer"):
        compare = text_of(client, f"/compare/?a={slug}&b=executive-producer")
        glance = compare[compare.index(", at a glance") : compare.index("Pay")]
        assert "hiring" not in glance.lower(), slug


def test_contracts_in_business_deals_are_not_filed_under_talent(content):
    duty = Responsibility.objects.get(role__slug="executive-producer", text__contains="business")
    assert duty.get_area_display() == "Contracts and business deals"


def test_phases_appear_only_where_a_source_gives_them(client, content):
    assert not Responsibility.objects.filter(
        phase__in=Responsibility.NAMED_PHASES, source__gives_phases=False
    ).exists()
    duties = client.get("/roles/assistant-producer/").content.decode()
    duties = duties[duties.index('id="duties"') : duties.index('id="skills"')]
    assert re.findall(r"<h3>(.*?)</h3>", duties) == ["Phase not given"]


def test_a_phase_on_a_row_whose_source_gives_none_is_refused(content):
    role = Role.objects.get(slug="producer")
    Responsibility.objects.create(
        role=role,
        phase=Responsibility.Phase.PRODUCTION,
        area=Responsibility.Area.LEADERSHIP,
        text="Runs the shoot.",
        source=role.sources.get(key="associate-vs-assistant-producer"),
    )

    [error] = checks.run_checks(tags=["content"], databases=["default"])
    assert error.id == "roles.E007"
    assert "“Runs the shoot.” of “producer” is placed in production" in error.msg


def test_a_duty_area_not_in_the_list_is_refused(content):
    Responsibility.objects.filter(role__slug="producer").update(area="hiring")

    [error] = checks.run_checks(tags=["content"], databases=["default"])
    assert error.id == "roles.E006"
    assert "has the area “hiring”" in error.msg


# Certainty -------------------------------------------------------------------------------


def test_the_assistant_producers_possible_duties_say_may(content):
    # 000: "They may be responsible for…", "They may schedule…", "duties may include…"
    for pk in range(201, 210):
        text = Responsibility.objects.get(pk=pk).text
        assert text.startswith(("May ", "In some cases, may ")), text


@pytest.mark.parametrize(
    ("pk", "opening"),
    [(403, "Often "), (406, "May "), (415, "May "), (417, "May ")],
)
def test_the_associate_producers_possible_duties_keep_their_certainty(content, pk, opening):
    assert Responsibility.objects.get(pk=pk).text.startswith(opening)


def test_education_and_certifications_keep_may_many_and_like(content):
    route = Education.objects.get(pk=405).text
    assert "some move into a more specialised coordinator role" in route  # 004: "might"
    assert "often through" not in route
    assert Education.objects.get(pk=202).text.startswith("Many assistant producers pursue")
    for note in RoleCertification.objects.values_list("note", flat=True):
        # 000: certifications through organisations *like* NAB *or* SBE.
        assert "organisations such as the NAB or the SBE (the source's examples)" in note


def test_skills_and_industry_notes_say_no_more_than_their_source(client, content):
    text = text_of(client, "/roles/associate-producer/")
    # In the guide's own words: the article's runs of eight words are not copied.
    assert "quick thinking, on their feet, among what an associate producer must be able" in text
    assert "may be more hands-on" in text
    assert "rather than day-to-day work" not in text
    assert "The role often becomes more focused on the cast" in text
    ep = text_of(client, "/roles/executive-producer/")
    assert "must be able to negotiate deals, contracts among them" in ep


# Each mended sentence: (page, what it must no longer say, what it says instead).
MENDED_SENTENCES = {
    # 000 gives no year or data provider: a difference in years is not known.
    "salary years": (
        "/roles/associate-producer/",
        "different data and years",
        "not every figure gives a year",
    ),
    "home page": ("/", "actually does", "Three ways to use the guide"),
    "directory": (
        "/roles/",
        "Each page explains the work, the skills, the routes in and the pay",
        "the pay where a source gives a figure",
    ),
    # 002: most associate producers have at least two years of production experience.
    "two years": (
        "/career-path/",
        "the sources do not say how many years",
        "Most associate producers have at least two years of production experience.",
    ),
    # 002 names directing among related careers; it does not say whether it is a step up.
    "director": (
        "/compare/?a=associate-producer&b=director",
        "not a step up",
        "as a related career of the Associate Producer.",
    ),
    "director on the path": (
        "/career-path/?at=director",
        "rather than a step up",
        "They name it as a related career:",
    ),
    "placement": (
        "/roles/executive-producer/",
        "Where an associate producer is hands-on",
        "above the producer, as an editorial choice",
    ),
}


@pytest.mark.parametrize(
    ("url", "before", "after"), MENDED_SENTENCES.values(), ids=MENDED_SENTENCES
)
def test_a_mended_sentence_says_only_what_its_source_says(client, content, url, before, after):
    text = text_of(client, url)

    assert before not in text
    assert after in text


def test_thin_pages_lead_with_the_job_and_say_once_what_is_missing(client, content):
    text = text_of(client, "/roles/production-assistant/")
    assert text.count("Not covered by the sources") == 1
    assert "Our sources do not say" not in text
    assert "None of our sources gives" not in text
    for role in Role.objects.all():
        assert not role.summary.lower().startswith(("the sources", "a role the sources")), role


# Industries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("industry", "slugs"),
    [
        ("video-games", ["assistant-producer", "executive-producer"]),
        ("film-and-television", ["assistant-producer", "associate-producer", "executive-producer"]),
        ("documentary", ["associate-producer"]),
    ],
)
def test_every_industry_a_source_names_finds_its_roles(client, content, industry, slugs):
    html = client.get("/roles/", {"industry": industry}).content.decode()

    found = re.findall(r'<h3><a href="/roles/([\w-]+)/">', html[html.index('id="results"') :])
    assert found == slugs


# Every source checkable ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/roles/associate-producer/",
        "/compare/?a=associate-producer&b=executive-producer",
        "/career-path/",
    ],
)
def test_every_page_that_states_facts_ends_with_checkable_sources(client, content, url):
    html = client.get(url).content.decode()

    sources = html[html.index('<h2 id="sources">') :]
    assert html.index('<h2 id="sources">') > html.index("</h1>")
    for key, (publisher, address) in ARTICLES.items():
        if f'id="source-{key}"' in sources:
            item = sources[sources.index(f'id="source-{key}"') :]
            item = item[: item.index("</li>")]
            assert f'href="{address}"' in item
            assert publisher in item
    assert sources.count('rel="external"') >= 1


def test_the_compare_page_cites_the_source_of_each_duty_skill_and_education_row(client, content):
    html = client.get("/compare/?a=associate-producer&b=assistant-producer").content.decode()

    for header in ("Skills", "Education and certifications"):
        row = re.search(rf'<th scope="row">{header}</th>(.*?)</tr>', html, re.S)[1]
        assert row.count('<p class="cite">Source') >= 2, header
    duties = re.search(r'<th scope="row">What they do: phase not given</th>(.*?)</tr>', html, re.S)
    assert 'href="#source-associate-vs-assistant-producer"' in duties[1]
    assert 'id="source-associate-vs-assistant-producer"' in html


def test_a_relationship_kind_added_later_does_not_break_a_page(client, content):
    # Choices are not enforced by the database: a kind added to the model without an
    # inverse label must still read on the other role's page.
    rel = Relationship.objects.first()
    Relationship.objects.filter(pk=rel.pk).update(kind="mentors")

    response = client.get(rel.to_role.get_absolute_url())

    assert response.status_code == 200
    assert "Mentors (from the other side)" in page_text(response)
