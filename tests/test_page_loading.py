"""Whatever a role has, its page loads the same way: the role, then one query for each kind
of row it shows (`PAGE_ROWS` in roles/models.py), each row with what it points at. So a
role page, a comparison and the downloads cost a fixed number of queries, and giving a
role more duties, skills, figures or moves never makes one cost more."""

import pytest
from django.db.models import prefetch_related_objects

from roles.models import (
    PAGE_ROWS,
    Certification,
    Education,
    IndustryVariant,
    JobOutlook,
    Relationship,
    Role,
    RoleCertification,
    page_prefetches,
)

from .helpers import (
    QUERIES_PER_COMPARISON,
    ROLE_PAGE_QUERIES,
    ROLES_JSON_QUERIES,
    SALARIES_CSV_QUERIES,
    VERSION_CHECK,
)

AP_VS_ASSISTANT = "/compare/?a=associate-producer&b=assistant-producer"


@pytest.fixture
def more_rows(
    content, make_role, make_source, make_duty, make_skill, make_salary, make_move, make_industry
):
    """The real content, with the associate and assistant producer given one more row of
    every kind their pages show, some pointing at a new role."""
    newcomer = make_role(title="Story Producer")
    source = make_source()
    industry = make_industry("animation")
    for slug in ("associate-producer", "assistant-producer"):
        role = Role.objects.get(slug=slug)
        role.sources.add(source)
        make_duty(role, "Reads every draft.", source=source)
        make_skill(role, "Patience", source=source)
        Education.objects.create(role=role, kind="route", text="A course.", source=source)
        certification, _ = Certification.objects.get_or_create(slug="first-aid", name="First aid")
        RoleCertification.objects.create(role=role, certification=certification, source=source)
        IndustryVariant.objects.create(
            role=role, industry=industry, text="Works longer hours.", source=source
        )
        make_salary(role, 61000, source=source)
        outlook = JobOutlook.objects.create(
            key=f"outlook-{slug}", growth_percent=2, start_year=2024, end_year=2034, source=source
        )
        outlook.roles.add(role)
        Relationship.objects.create(
            from_role=role, to_role=newcomer, kind="works-with", source=source
        )
        Relationship.objects.create(from_role=newcomer, to_role=role, kind="leads", source=source)
        make_move(role, newcomer, kind="related", source=source)
        make_move(newcomer, role, kind="related", source=source)
    return newcomer


@pytest.mark.parametrize("data", ["content", "more_rows"])
def test_a_role_page_costs_the_same_queries_however_many_rows_it_shows(
    client, request, django_assert_num_queries, data
):
    request.getfixturevalue(data)

    with django_assert_num_queries(VERSION_CHECK + ROLE_PAGE_QUERIES):
        response = client.get("/roles/associate-producer/")

    assert response.status_code == 200
    assert ("Story Producer" in response.content.decode()) == (data == "more_rows")


@pytest.mark.parametrize("data", ["content", "more_rows"])
def test_a_comparison_costs_the_same_queries_however_many_rows_it_shows(
    client, request, django_assert_num_queries, data
):
    request.getfixturevalue(data)

    with django_assert_num_queries(VERSION_CHECK + QUERIES_PER_COMPARISON):
        response = client.get(AP_VS_ASSISTANT)

    assert response.status_code == 200
    assert ("Patience" in response.content.decode()) == (data == "more_rows")


@pytest.mark.parametrize("data", ["content", "more_rows"])
def test_the_downloads_cost_the_same_queries_however_many_rows_they_hold(
    client, request, django_assert_num_queries, data
):
    request.getfixturevalue(data)

    with django_assert_num_queries(VERSION_CHECK + ROLES_JSON_QUERIES):
        roles = client.get("/data/roles.json")
    with django_assert_num_queries(VERSION_CHECK + SALARIES_CSV_QUERIES):
        salaries = client.get("/data/salaries.csv")

    assert ("Reads every draft." in roles.content.decode()) == (data == "more_rows")
    assert salaries.content.decode().count("61000") == (2 if data == "more_rows" else 0)


def test_every_row_a_page_shows_and_what_it_points_at_is_loaded_with_the_role(
    more_rows, django_assert_num_queries
):
    role = Role.objects.with_page_details().get(slug="associate-producer")

    with django_assert_num_queries(0):
        for kind, points_at in PAGE_ROWS.items():
            rows = list(getattr(role, kind).all())
            assert rows, f"the associate producer has no {kind}"
            for row in rows:
                for name in points_at:
                    assert getattr(row, name).pk
        assert role.page_sources()
        assert role.working_relationships()
        assert role.reports_to
        assert role.duties_by_phase()


def test_roles_fetched_already_load_the_same_rows_in_one_query_per_kind(
    more_rows, django_assert_num_queries
):
    pair = list(Role.objects.filter(slug__in=["associate-producer", "assistant-producer"]))

    with django_assert_num_queries(len(PAGE_ROWS)):
        prefetch_related_objects(pair, *page_prefetches())

    for role in pair:
        expected = Role.objects.with_page_details().get(pk=role.pk)
        for kind in PAGE_ROWS:
            assert list(getattr(role, kind).all()) == list(getattr(expected, kind).all())


def test_ties_in_a_models_order_come_in_the_order_the_rows_were_added(
    make_role, make_source, make_industry
):
    role, source = make_role(), make_source()
    # IndustryVariant is ordered by the industry's place in the list alone: here a tie.
    industries = [make_industry(slug, order=1) for slug in ("tv", "games", "film")]
    for industry in industries:
        IndustryVariant.objects.create(role=role, industry=industry, text="…", source=source)

    loaded = Role.objects.with_page_details("industry_variants").get(pk=role.pk)

    assert [variant.industry for variant in loaded.industry_variants.all()] == industries
