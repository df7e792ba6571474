"""The guide's real content: the fixtures carry the ten roles and exactly the figures the
source articles give (the table in the seeds README), and loading them again changes nothing.
"""

import os
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command

from roles.models import JobOutlook, Role, SalaryFigure, Source

CONTENT_FIXTURES = ("sources", "taxonomy", "roles", "details", "figures", "career_path")
FIXTURES_DIR = os.path.join(django_settings.BASE_DIR, "fixtures")

TEN_ROLES = {
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

# The seeds README's table: (role, amount, measure, scope, year, source key).
SEED_SALARIES = {
    ("associate-producer", 58451, "average", "", None, "associate-vs-assistant-producer"),
    ("assistant-producer", 52804, "average", "", None, "associate-vs-assistant-producer"),
    ("associate-producer", 50791, "median", "film/TV", 2020, "associate-vs-executive-producer"),
    ("executive-producer", 95884, "median", "", 2020, "associate-vs-executive-producer"),
}

PRODUCER_AND_DIRECTOR_ROLES = {
    "assistant-producer",
    "associate-producer",
    "producer",
    "field-producer",
    "supervising-producer",
    "executive-producer",
    "director",
}


def load_content():
    call_command("loaddata", *CONTENT_FIXTURES, verbosity=0)


def row_counts():
    counts = {
        model.__name__: model.objects.count() for model in apps.get_app_config("roles").get_models()
    }
    counts["Role.sources"] = Role.sources.through.objects.count()
    counts["JobOutlook.roles"] = JobOutlook.roles.through.objects.count()
    return counts


@pytest.fixture
def loaded(db, settings):
    """The content loaded by name, as `make data` loads it, from the project's fixtures/."""
    known = {os.path.realpath(d) for d in settings.FIXTURE_DIRS}
    if os.path.realpath(FIXTURES_DIR) not in known:
        settings.FIXTURE_DIRS = [*settings.FIXTURE_DIRS, FIXTURES_DIR]
    load_content()


@pytest.mark.django_db
def test_the_guide_has_exactly_the_ten_roles_the_sources_name(loaded):
    assert set(Role.objects.values_list("slug", flat=True)) == TEN_ROLES


@pytest.mark.django_db
def test_every_role_has_a_one_line_summary(loaded):
    for role in Role.objects.all():
        assert role.summary.strip(), role.slug
        assert "\n" not in role.summary, role.slug


@pytest.mark.django_db
def test_every_salary_figure_matches_the_seed_table(loaded):
    figures = {
        (f.role.slug, f.amount, f.measure, f.scope, f.year, f.source.key)
        for f in SalaryFigure.objects.select_related("role", "source")
    }
    assert figures == SEED_SALARIES


@pytest.mark.django_db
def test_there_are_no_salary_figures_beyond_the_seed_table(loaded):
    assert SalaryFigure.objects.count() == len(SEED_SALARIES)


@pytest.mark.django_db
def test_every_salary_is_a_yearly_us_dollar_figure_with_no_region_claimed(loaded):
    for figure in SalaryFigure.objects.all():
        assert (figure.currency, figure.period, figure.region) == ("USD", "year", "")


@pytest.mark.django_db
def test_the_job_outlook_matches_the_seed_table(loaded):
    outlook = JobOutlook.objects.select_related("source").get()
    assert outlook.key == "producers-and-directors-2018-2028"
    assert outlook.growth_percent == Decimal("5.0")
    assert (outlook.start_year, outlook.end_year) == (2018, 2028)
    assert outlook.scope == "all producers and directors"
    assert outlook.region == "US"
    assert outlook.source.key == "associate-vs-executive-producer"


@pytest.mark.django_db
def test_the_job_outlook_is_shown_only_on_producer_and_director_roles(loaded):
    outlook = JobOutlook.objects.get()
    assert set(outlook.roles.values_list("slug", flat=True)) == PRODUCER_AND_DIRECTOR_ROLES


@pytest.mark.django_db
def test_the_three_sources_are_the_seed_articles(loaded):
    sources = {s.key: (s.title, s.published_on) for s in Source.objects.all()}
    assert {key: title for key, (title, _) in sources.items()} == {
        "associate-vs-assistant-producer": (
            "Associate Producer vs. Assistant Producer: What Are the Differences?"
        ),
        "associate-vs-executive-producer": "Associate Producer Vs. Executive Producer",
        "what-does-an-associate-producer-do": "What Does an Associate Producer Do?",
    }
    assert str(sources["associate-vs-executive-producer"][1]) == "2020-05-31"
    assert sources["associate-vs-assistant-producer"][1] is None
    assert sources["what-does-an-associate-producer-do"][1] is None


@pytest.mark.django_db
def test_loading_the_content_twice_leaves_every_row_count_unchanged(loaded):
    once = row_counts()
    load_content()
    assert row_counts() == once
