"""The guide's real content: the fixtures carry the ten roles and exactly the figures the
source articles give (the table in the seeds README).
"""

from decimal import Decimal

from roles.models import JobOutlook, Role, SalaryFigure, Source

from .helpers import ROLE_SLUGS

# The seeds README's table: (role, amount, measure, scope, year, source key).
SEED_SALARIES = {
    ("associate-producer", 58451, "average", "", None, "associate-vs-assistant-producer"),
    ("assistant-producer", 52804, "average", "", None, "associate-vs-assistant-producer"),
    ("associate-producer", 50791, "median", "film/TV", 2020, "associate-vs-executive-producer"),
    ("executive-producer", 95884, "median", "", 2020, "associate-vs-executive-producer"),
}

# The BLS figure covers producers and directors, not the three roles without either word.
PRODUCER_AND_DIRECTOR_ROLES = set(ROLE_SLUGS) - {
    "production-assistant",
    "production-coordinator",
    "production-manager",
}


def test_the_guide_has_exactly_the_ten_roles_the_sources_name(content):
    assert set(Role.objects.values_list("slug", flat=True)) == set(ROLE_SLUGS)


def test_every_role_has_a_one_line_summary(content):
    for role in Role.objects.all():
        assert role.summary.strip(), role.slug
        assert "\n" not in role.summary, role.slug


def test_the_salary_figures_are_exactly_the_seed_table_and_nothing_more(content):
    figures = [
        (f.role.slug, f.amount, f.measure, f.scope, f.year, f.source.key)
        for f in SalaryFigure.objects.select_related("role", "source")
    ]
    assert set(figures) == SEED_SALARIES
    assert len(figures) == len(SEED_SALARIES), "a seed figure is in the fixtures twice"


def test_every_salary_is_a_yearly_us_dollar_figure_with_no_region_claimed(content):
    for figure in SalaryFigure.objects.all():
        assert (figure.currency, figure.period, figure.region) == ("USD", "year", "")


def test_the_job_outlook_matches_the_seed_table(content):
    outlook = JobOutlook.objects.select_related("source").get()
    assert outlook.key == "producers-and-directors-2018-2028"
    assert outlook.growth_percent == Decimal("5.0")
    assert (outlook.start_year, outlook.end_year) == (2018, 2028)
    assert outlook.scope == "all producers and directors"
    assert outlook.region == "US"
    assert outlook.source.key == "associate-vs-executive-producer"


def test_the_job_outlook_is_shown_only_on_producer_and_director_roles(content):
    outlook = JobOutlook.objects.get()
    assert set(outlook.roles.values_list("slug", flat=True)) == PRODUCER_AND_DIRECTOR_ROLES


def test_the_three_sources_are_the_seed_articles(content):
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
