"""A role's rows come back inside the role's own query (roles/page_rows.py) exactly as a
prefetch of each kind would give them: the same rows in the same order, the same values of
the same types, the same objects they point at, and nothing left to fetch."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch, prefetch_related_objects

from roles import page_rows
from roles.models import (
    Education,
    IndustryVariant,
    JobOutlook,
    Relationship,
    Role,
)
from roles.page_rows import PAGE_ROWS


def prefetched(roles):
    """`roles` as a prefetch per kind of row loads them, each row with what it points at."""
    prefetch_related_objects(
        roles,
        *[
            Prefetch(name, Role._meta.get_field(name).related_model.objects.select_related(*fks))
            for name, fks in PAGE_ROWS.items()
        ],
    )
    return roles


def described(role):
    """Everything a page can read of a role's rows: for each related manager, each row's
    class and values (as repr, so a date read as text or a Decimal('5') read for
    Decimal('5.0') shows), and the objects cached on it, with theirs."""

    def values(obj):
        return [(field.attname, repr(getattr(obj, field.attname))) for field in obj._meta.fields]

    return {
        name: [
            (
                type(row),
                values(row),
                {key: values(related) for key, related in row._state.fields_cache.items()},
            )
            for row in rows._result_cache
        ]
        for name, rows in role._prefetched_objects_cache.items()
    }


def assert_same_rows(roles, expected):
    assert [role.pk for role in roles] == [role.pk for role in expected]
    for role, reference in zip(roles, expected, strict=True):
        assert described(role) == described(reference), role.slug


def test_every_role_reads_the_rows_a_prefetch_would(content, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles = list(Role.objects.with_page_details())

    assert_same_rows(roles, prefetched(list(Role.objects.all())))


def test_so_do_ten_times_as_many_roles(ten_times_content, django_assert_num_queries):
    with django_assert_num_queries(1):
        roles = list(Role.objects.with_page_details().by_level())

    assert_same_rows(roles, prefetched(list(Role.objects.by_level())))


def test_the_compared_pair_reads_them_in_one_query(content, django_assert_num_queries):
    pair = [Role.objects.get(slug="associate-producer"), Role.objects.get(slug="producer")]

    with django_assert_num_queries(1):
        page_rows.load(pair)

    expected = prefetched([Role.objects.get(pk=role.pk) for role in pair])
    assert_same_rows(pair, expected)


def test_reading_the_rows_and_what_they_point_at_needs_no_query(content, django_assert_num_queries):
    role = Role.objects.with_page_details().get(slug="associate-producer")

    with django_assert_num_queries(0):
        described(role)
        for name, fks in PAGE_ROWS.items():
            for row in getattr(role, name).all():
                for key in fks:
                    assert getattr(row, key).pk
        assert role.page_sources()
        assert role.working_relationships()


def test_a_role_with_no_rows_reads_empty_lists(make_role):
    role = make_role()

    [loaded] = Role.objects.with_page_details().filter(pk=role.pk)

    assert all(not getattr(loaded, name).all() for name in PAGE_ROWS)
    assert_same_rows([loaded], prefetched([Role.objects.get(pk=role.pk)]))


def test_dates_decimals_booleans_and_blanks_come_back_typed(
    make_role, make_source, make_industry, make_duty
):
    role, other = make_role(), make_role()
    dated = make_source(published_on=datetime.date(2020, 2, 29), gives_phases=True)
    undated = make_source(publisher="")
    role.sources.set([dated, undated])
    make_duty(role, "Plans the shoot.", source=dated)
    for key, growth in [("falling", Decimal("-3.0")), ("rising", Decimal("2.5"))]:
        outlook = JobOutlook.objects.create(
            key=key,
            growth_percent=growth,
            start_year=2020,
            end_year=2030,
            scope="producers",
            source=undated,
        )
        outlook.roles.add(role)
    Education.objects.create(role=role, kind="minimum", text="A degree.", source=dated)
    IndustryVariant.objects.create(
        role=role, industry=make_industry("film"), text="Longer shoots.", source=dated
    )
    Relationship.objects.create(from_role=other, to_role=role, kind="leads", source=undated)

    [loaded] = Role.objects.with_page_details().filter(pk=role.pk)

    sources = list(loaded.sources.all())
    assert [s.published_on for s in sources] == [datetime.date(2020, 2, 29), None]
    assert [s.gives_phases for s in sources] == [True, False]
    outlooks = list(loaded.job_outlooks.all())
    assert [repr(o.growth_percent) for o in outlooks] == ["Decimal('-3.0')", "Decimal('2.5')"]
    assert [o.growth_text for o in outlooks] == ["-3%", "2.5%"]
    assert loaded.responsibilities.all()[0].source.published_on == datetime.date(2020, 2, 29)
    assert loaded.reports_to == [other]
    assert_same_rows([loaded], prefetched([Role.objects.get(pk=role.pk)]))


def test_rows_come_in_the_order_the_models_give_in_the_database(make_role, make_source, make_move):
    # Relationship orders by the other role's level and title: the database's own order
    # of "Banana" and "apple" (its collation, not Python's) is the one that counts.
    role = make_role(title="Coordinator")
    senior = make_role(title="Zeta", level=Role.Level.SENIOR)
    banana, apple = make_role(title="Banana"), make_role(title="apple")
    for other in (senior, banana, apple):
        Relationship.objects.create(
            from_role=role, to_role=other, kind="works-with", source=make_source()
        )
        Relationship.objects.create(
            from_role=other, to_role=role, kind="supports", source=make_source()
        )
    # CareerMove orders by the level of the role a move comes from, then its own order.
    make_move(senior, role)
    make_move(banana, role)
    make_move(role, apple)
    make_move(role, senior)

    [loaded] = Role.objects.with_page_details().filter(pk=role.pk)

    expected = Role.objects.get(pk=role.pk)
    assert [r.to_role for r in loaded.relationships.all()] == [
        r.to_role for r in expected.relationships.all()
    ]
    assert [m.from_role for m in loaded.moves_in.all()] == [banana, senior]
    assert_same_rows([loaded], prefetched([expected]))


def test_ties_in_a_models_ordering_come_in_the_order_they_were_added(
    make_role, make_source, make_industry
):
    role, source = make_role(), make_source()
    # IndustryVariant orders by the industry's place in the list alone: here a tie.
    industries = [make_industry(slug, order=1) for slug in ("tv", "games", "film")]
    for industry in industries:
        IndustryVariant.objects.create(role=role, industry=industry, text="…", source=source)

    [loaded] = Role.objects.with_page_details().filter(pk=role.pk)

    assert [v.industry for v in loaded.industry_variants.all()] == industries
