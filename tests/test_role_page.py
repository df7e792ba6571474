"""A visitor lands on a role page and learns what the job is, what it pays (and who says
so), who they would work with, and where it leads."""

import re

import pytest

from roles.models import Role

from .helpers import ROLE_PAGE_QUERIES, VERSION_CHECK, page_text


def page(client, slug):
    response = client.get(f"/roles/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html, section_id):
    """The HTML of the page section headed by the heading with this id."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{section_id}"[^>]*>(.*?)</section>', html, re.S
    )
    assert match, f"no section {section_id!r} on the page"
    return match.group(1)


def test_whom_a_role_reports_to_keeps_the_sources_hedge(client, content):
    # 000: "Assistant Producers typically report to the Producer or Production Manager".
    facts = page_text(section(page(client, "assistant-producer"), "quick-facts"))

    assert "Reports to Typically Producer or Production Manager" in facts


def test_the_header_names_the_role_and_sums_it_up(client, content):
    html = page(client, "associate-producer")

    assert "<h1>Associate Producer (AP)</h1>" in html
    assert Role.objects.get(slug="associate-producer").summary in html
    facts = page_text(section(html, "quick-facts"))
    assert "Level Mid-level" in facts
    assert "Reports to Producer or Executive Producer" in facts
    assert "Typical education Typically a bachelor's degree or higher" in facts


def test_associate_producer_shows_both_salaries_each_with_its_measure_and_source(client, content):
    facts = page_text(section(page(client, "associate-producer"), "quick-facts"))

    assert (
        "$58,451 Average salary a year, no year given Source: "
        "Associate Producer vs. Assistant Producer: What Are the Differences?" in facts
    )
    assert (
        "$50,791 Median salary a year, film/TV, 2020 Source: "
        "Associate Producer Vs. Executive Producer" in facts
    )
    assert "PayScale.com data for 2020" in facts
    # ...and says in one line why the two differ, rather than picking one.
    assert "different measures (an average and a median)" in facts
    assert "from different articles; not every figure gives a year" in facts
    # 000 gives no year or data provider, so a difference in years is not known.
    assert "different data and years" not in facts


def test_executive_producer_shows_its_median_from_payscale_2020(client, content):
    facts = page_text(section(page(client, "executive-producer"), "quick-facts"))

    assert (
        "$95,884 Median salary a year, 2020 Source: Associate Producer Vs. Executive Producer"
        in facts
    )
    assert "PayScale.com data for 2020" in facts
    assert "Why two figures?" not in facts


def test_a_role_no_source_pays_says_so_plainly(client, content):
    facts = page_text(section(page(client, "production-manager"), "quick-facts"))

    # Said once, in one line, rather than as a "does not say" in every field.
    assert (
        "Not covered by the sources: who the role reports to, typical education, pay, job "
        "outlook, duties, skills or work environment." in facts
    )
    assert "Salary" not in facts
    assert "does not say" not in facts and "do not say" not in facts
    assert "$" not in facts


def test_the_job_outlook_says_it_covers_every_producer_and_director(client, content):
    facts = page_text(section(page(client, "producer"), "quick-facts"))

    assert (
        "5% Expected change in jobs, 2018–2028, for all producers and directors (US); "
        "not a figure for this role alone Source: Associate Producer Vs. Executive Producer "
        "passage "
        "U.S. Bureau of Labor Statistics projection, as cited by the source" in facts
    )


def test_duties_are_grouped_by_production_phase_in_order(client, content):
    duties = section(page(client, "associate-producer"), "duties")

    phases = re.findall(r"<h3>(.*?)</h3>", duties)
    assert phases == [
        "Development",
        "Pre-production",
        "Production",
        "Post-production",
        "Throughout the project",
        # 000 and 002 tie no duty to a phase, so their rows say so.
        "Phase not given",
    ]
    assert "Log footage as it is shot" in duties
    assert "Source" in page_text(duties)


def test_each_skill_says_why_it_matters_in_this_role(client, content):
    skills = page_text(section(page(client, "associate-producer"), "skills"))

    assert "Organisation: An AP tracks schedules, budgets, research and footage" in skills


def test_education_certifications_and_routes_in(client, content):
    education = page_text(section(page(client, "associate-producer"), "education"))

    assert "Typical minimum" in education
    assert "Route in The most common starting point is production assistant" in education
    assert "Society of Broadcast Engineers (SBE)" in education


def test_work_environment_and_industry_differences(client, content):
    html = page(client, "associate-producer")

    assert "travelling to locations" in page_text(section(html, "work-environment"))
    industries = section(html, "industries")
    assert re.findall(r"<h3>(.*?)</h3>", industries) == [
        "Broadcast news",
        "Reality TV",
        "Feature film",
        "Documentary",
    ]


def test_working_relationships_read_from_both_sides(client, content):
    executive = section(page(client, "executive-producer"), "relationships")
    associate = section(page(client, "associate-producer"), "relationships")

    assert re.search(r"<dt>Leads</dt>\s*<dd><a href=\"/roles/associate-producer/\">", executive)
    assert re.search(r"<dt>Led by</dt>\s*<dd><a href=\"/roles/executive-producer/\">", associate)
    assert "<dt>Supported by</dt>" in associate


def test_where_it_leads_links_the_steps_either_side_and_compares_each_next_step(client, content):
    leads = section(page(client, "associate-producer"), "where-it-leads")

    assert '<a href="/roles/production-coordinator/">Production Coordinator</a>' in leads
    for slug in ("producer", "field-producer", "supervising-producer"):
        assert f'href="/roles/{slug}/"' in leads
        assert f'href="/compare/?a=associate-producer&amp;b={slug}"' in leads
    assert re.search(
        r"<h3>Related careers</h3>\s*<ul[^>]*>\s*<li><a href=\"/roles/director/\"", leads
    )
    assert 'href="/career-path/?at=associate-producer"' in leads


def test_sections_without_content_are_left_out(client, content):
    html = page(client, "production-manager")

    for missing in ("duties", "skills", "education", "industries"):
        assert f'aria-labelledby="{missing}"' not in html
    assert "Our sources do not place this role on the career path." in html


def test_sources_lists_every_source_the_page_uses_and_the_update_date(client, content):
    role = Role.objects.get(slug="associate-producer")
    sources = section(page(client, "associate-producer"), "sources")

    assert sources.count("<li") == 3
    for source in role.sources.all():
        assert f'id="source-{source.key}"' in sources
    assert "Published 31 May 2020" in sources
    updated = Role.objects.with_last_update().get(pk=role.pk).last_updated
    assert "content was last updated on" in sources
    assert f'<time datetime="{updated:%Y-%m-%d}">{updated:%-d %B %Y}</time>' in sources


def test_a_source_cited_only_by_a_row_is_still_listed(client, content):
    # The production manager's prose cites one source; its one relationship row cites it too.
    sources = section(page(client, "production-manager"), "sources")

    assert sources.count("<li") == 1
    assert 'id="source-associate-vs-assistant-producer"' in sources


def test_every_figure_links_to_its_entry_in_sources(client, content):
    html = page(client, "associate-producer")

    # The average, the median and the job outlook, each beside its own source.
    keys = re.findall(r'href="#source-([\w-]+)"', section(html, "quick-facts"))
    assert keys == [
        "associate-vs-assistant-producer",
        "associate-vs-executive-producer",
        "associate-vs-executive-producer",
    ]
    for key in keys:
        assert f'id="source-{key}"' in html


def test_what_an_article_cites_is_listed_with_the_sources_not_beside_each_figure(client, content):
    html = page(client, "associate-producer")

    cites = "PayScale.com, 2020 (median salaries); U.S. Bureau of Labor Statistics"
    assert cites in page_text(section(html, "sources"))
    assert cites not in page_text(section(html, "quick-facts"))


def test_compare_form_offers_every_other_role(client, content):
    compare = section(page(client, "associate-producer"), "compare")

    assert 'action="/compare/"' in compare
    assert '<input type="hidden" name="a" value="associate-producer">' in compare
    assert '<label for="compare-with">' in compare
    offered = re.findall(r'<option value="([\w-]+)">', compare)
    assert sorted(offered) == sorted(
        Role.objects.exclude(slug="associate-producer").values_list("slug", flat=True)
    )


def test_every_role_page_has_its_own_title_description_canonical_and_open_graph(client, content):
    titles = set()
    for role in Role.objects.all():
        html = page(client, role.slug)
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        titles.add(title)
        assert role.title in title
        assert f'<meta name="description" content="{role.summary}' in html.replace("&#x27;", "'")
        assert f'<link rel="canonical" href="http://testserver/roles/{role.slug}/">' in html
        assert '<meta property="og:type" content="article">' in html
        assert f'<meta property="og:url" content="http://testserver/roles/{role.slug}/">' in html
    assert len(titles) == Role.objects.count()


@pytest.mark.parametrize("slug", ["associate-producer", "production-manager"])
def test_a_role_page_costs_the_same_queries_on_real_content(
    client, content, django_assert_num_queries, slug
):
    with django_assert_num_queries(VERSION_CHECK + ROLE_PAGE_QUERIES):
        assert client.get(f"/roles/{slug}/").status_code == 200


def test_a_role_page_costs_the_same_queries_with_ten_times_the_content(
    client, ten_times_content, django_assert_num_queries
):
    # The last generated associate producer has the most rows around it (the longer path).
    with django_assert_num_queries(VERSION_CHECK + ROLE_PAGE_QUERIES):
        response = client.get("/roles/associate-producer-9/")
    assert response.status_code == 200
    assert response.content.decode().count('class="figure"') == 3
