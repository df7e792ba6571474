"""A visitor compares two roles: side by side, differences made obvious, one URL to share."""

import html
import re

import pytest

from roles.addresses import compare_url
from roles.models import CareerMove, Role, SalaryFigure, SourceComparison
from roles.suggestions import SHOWN

from .helpers import QUERIES_PER_COMPARISON, VERSION_CHECK, SaveBefore, page_text

AP_VS_ASSISTANT = "/compare/?a=associate-producer&b=assistant-producer"
AP_VS_EP = "/compare/?a=associate-producer&b=executive-producer"
HTMX = {"HTTP_HX_REQUEST": "true"}


def canonical(response):
    return re.search(r'<link rel="canonical" href="([^"]+)"', response.content.decode())[1]


def table_row(response, header):
    """What a reader sees in one row of the side-by-side table."""
    markup = response.content.decode()
    row = re.search(rf'<th scope="row">{header}</th>(.*?)</tr>', markup, re.S)[1]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row)))


def selected(response, name):
    """The slug a picker shows as chosen, or '' when it shows none."""
    markup = response.content.decode()
    picker = re.search(rf'<select id="compare-{name}".*?</select>', markup, re.S)[0]
    chosen = re.search(r'<option value="([^"]*)" selected>', picker)
    return chosen[1] if chosen else ""


# The pairs the sources compare ----------------------------------------------------------


def test_associate_and_assistant_producer_show_both_averages_and_their_difference(client, content):
    response = client.get(AP_VS_ASSISTANT)
    text = page_text(response)

    assert response.status_code == 200
    assert "$58,451" in text
    assert "$52,804" in text
    assert "Associate Producer vs. Assistant Producer: What Are the Differences?" in text
    # The two averages come from the same article, so the page may subtract them, and
    # says the difference is its own arithmetic, not a figure from the source.
    assert (
        "Difference, worked out from the two figures above: the Associate Producer earns "
        "$5,647 more a year than the Assistant Producer, 10.7% more than the Assistant "
        "Producer’s $52,804." in text
    )
    # Both averages give no scope, so there is no caveat about what each covers.
    assert "Not quite like for like" not in text
    # The AP's PayScale median is shown with its year and source, but never subtracted.
    assert "$50,791" in text
    assert "Median salary a year, film/TV, 2020" in text
    assert "$2,013" not in text  # 52,804 - 50,791: an average minus a median


def test_associate_and_executive_producer_compare_the_two_payscale_medians(client, content):
    text = page_text(client.get(AP_VS_EP))

    assert "$50,791" in text
    assert "$95,884" in text
    assert "the Executive Producer earns $45,093 more a year than the Associate Producer" in text
    assert "88.8% more than the Associate Producer’s $50,791" in text
    assert "$37,433" not in text  # 95,884 - 58,451: a median minus an average


def test_a_difference_between_figures_of_different_scope_says_what_each_covers(client, content):
    text = page_text(client.get(AP_VS_EP))

    # Both are PayScale 2020 medians, so the difference stands, with its caveat beside it.
    assert (
        "The Associate Producer figure covers film/TV; the source gives no scope for the "
        "Executive Producer figure." in text
    )
    assert text.index("$45,093 more a year") < text.index("covers film/TV; the source")


def test_two_different_scopes_are_each_named(client, make_role, make_salary, make_source):
    survey = make_source()
    first, second = make_role(title="Runner"), make_role(title="Fixer")
    make_salary(first, 60_000, measure="median", source=survey, year=2020, scope="film/TV")
    make_salary(second, 50_000, measure="median", source=survey, year=2020, scope="news")

    text = page_text(client.get(compare_url(first.slug, second.slug)))

    assert "the Runner earns $10,000 more a year than the Fixer" in text
    assert "The Runner figure covers film/TV; the Fixer figure covers news." in text


def test_each_figure_cites_its_article_and_its_own_note_not_the_whole_citation_list(
    client, content
):
    response = client.get(AP_VS_EP)

    salary = table_row(response, "Salary")
    assert (
        "$95,884 Median salary a year, 2020 Source: Associate Producer Vs. Executive Producer "
        "PayScale.com data for 2020, as cited by the source" in salary
    )
    assert "Bureau of Labor Statistics" not in salary
    assert "PayScale.com, 2020 (median salaries)" not in salary
    outlook = table_row(response, "Job outlook")
    assert (
        "5% Expected change in jobs, 2018–2028, for all producers and directors (US); "
        "not a figure for this role alone Source: Associate Producer Vs. Executive Producer "
        "U.S. Bureau of Labor Statistics projection" in outlook
    )
    assert "PayScale" not in outlook
    # The article's list of what it cites belongs in the page's Sources list only.
    markup = response.content.decode()
    sources = markup[markup.index('<h2 id="sources">') :]
    assert markup.count("PayScale.com, 2020 (median salaries)") == 1
    assert "PayScale.com, 2020 (median salaries)" in sources


def test_the_comparable_figures_are_drawn_as_an_accessible_bar_chart(client, content):
    markup = client.get(AP_VS_ASSISTANT).content.decode()

    chart = re.search(r"<svg[^>]*>.*?</svg>", markup, re.S)[0]
    assert 'role="img"' in chart
    assert "Associate Producer $58,451, Assistant Producer $52,804" in chart
    assert chart.count("<rect") == 2


# The like-for-like rule -----------------------------------------------------------------


def test_an_average_and_a_median_from_one_source_are_called_not_comparable(
    client, make_role, make_salary, make_source
):
    article = make_source(title="One article")
    first, second = make_role(title="Runner"), make_role(title="Fixer")
    make_salary(first, 60_000, measure=SalaryFigure.Measure.MEDIAN, source=article)
    make_salary(second, 50_000, measure=SalaryFigure.Measure.AVERAGE, source=article)

    response = client.get(compare_url(first.slug, second.slug))
    text = page_text(response)

    assert "$60,000" in text and "$50,000" in text
    assert "The figures are not comparable" in text
    assert "$10,000" not in text
    assert "<svg" not in response.content.decode()


def test_two_averages_from_different_sources_are_not_subtracted(client, make_role, make_salary):
    first, second = make_role(), make_role()
    make_salary(first, 60_000)
    make_salary(second, 50_000)  # each builder call makes its own source

    text = page_text(client.get(compare_url(first.slug, second.slug)))

    assert "The figures are not comparable" in text
    assert "$10,000" not in text


def test_two_medians_from_one_source_but_different_years_are_not_subtracted(
    client, make_role, make_salary, make_source
):
    survey = make_source()
    first, second = make_role(), make_role()
    make_salary(first, 60_000, measure="median", source=survey, year=2019)
    make_salary(second, 50_000, measure="median", source=survey, year=2020)

    text = page_text(client.get(compare_url(first.slug, second.slug)))

    assert "The figures are not comparable" in text


def test_a_role_without_figures_is_said_to_have_none(client, make_role, make_salary):
    first, second = make_role(title="Runner"), make_role(title="Fixer")
    make_salary(first, 60_000)

    text = page_text(client.get(compare_url(first.slug, second.slug)))

    assert "The sources give no salary figure for the Fixer." in text
    assert "not comparable" not in text


# Skills and duties, where an article compares the two ------------------------------------


@pytest.fixture
def compared(make_role, make_source):
    """Two roles an article compares ("Runner vs. Fixer"), and that article."""
    runner, fixer = make_role(title="Runner"), make_role(title="Fixer")
    article = make_source(title="Runner vs. Fixer")
    SourceComparison.objects.create(source=article, first_role=runner, second_role=fixer)
    return runner, fixer, article


def test_skills_both_roles_need_are_marked_apart_from_skills_only_one_needs(
    client, compared, make_skill
):
    first, second, article = compared
    for name in ("Research", "Budgeting", "Writing"):
        make_skill(first, name, source=article)
    for name in ("Budgeting", "Writing", "Negotiation"):
        make_skill(second, name, source=article)

    response = client.get(compare_url(first.slug, second.slug))
    text = page_text(response)

    assert "Of the 4 skills the article lists for the two, they share 2." in text
    assert "Research ◆ only this role" in text
    assert "Negotiation ◆ only this role" in text
    assert "Budgeting = both" in text
    assert response.content.decode().count("badge--shared") == 4  # two skills, two columns


def test_no_shared_skill_and_all_skills_shared_read_as_plain_english(client, compared, make_skill):
    first, second, article = compared
    make_skill(first, "Driving", source=article)
    make_skill(second, "Typing", source=article)

    assert "Of the 2 skills the article lists for the two, they share none." in page_text(
        client.get(compare_url(first.slug, second.slug))
    )

    make_skill(first, "Typing", source=article)
    make_skill(second, "Driving", source=article)
    assert "Of the 2 skills the article lists for the two, they share all 2." in page_text(
        client.get(compare_url(first.slug, second.slug))
    )


# Absence is not a difference ------------------------------------------------------------


def test_a_role_with_no_skills_is_not_said_to_share_none(client, compared, make_skill):
    runner, fixer, article = compared
    make_skill(runner, "Driving", source=article)
    make_skill(runner, "Typing", source=article)

    response = client.get(compare_url(runner.slug, fixer.slug))
    text = page_text(response)

    assert (
        "The article lists no skills for the Fixer, so the two can’t be compared on skills. "
        "The table below shows the Runner’s." in text
    )
    assert "share none" not in text
    assert "Driving" in table_row(response, "Skills")
    assert "only this role" not in text
    assert "both" not in table_row(response, "Skills")


def test_a_role_with_no_duties_is_not_said_to_lack_the_others_areas(client, compared, make_duty):
    runner, fixer, article = compared
    make_duty(runner, "Keep the books.", area="budget", source=article)

    response = client.get(compare_url(fixer.slug, runner.slug))
    text = page_text(response)

    assert (
        "The article lists no duties for the Fixer, so the two can’t be compared on their "
        "areas of work. The table below shows the Runner’s." in text
    )
    assert "Only the Runner" not in text
    assert "Keep the books." in text
    assert "◆" not in text
    assert "The sources list no duties for this role." in text


def test_a_role_with_no_education_shows_the_others_without_a_difference(
    client, make_role, make_source
):
    from roles.models import Education

    runner, fixer = make_role(title="Runner"), make_role(title="Fixer")
    Education.objects.create(
        role=runner, kind=Education.Kind.MINIMUM, text="A driving licence.", source=make_source()
    )

    response = client.get(compare_url(runner.slug, fixer.slug))
    row = table_row(response, "Education and certifications")

    assert "A driving licence." in row
    assert "The sources give no education or certifications for this role." in row
    assert "only" not in row


def test_two_compared_roles_with_no_skills_or_duties_say_so_once_each(client, compared):
    runner, fixer, _ = compared

    text = page_text(client.get(compare_url(runner.slug, fixer.slug)))

    assert text.count("The article lists no skills for either role.") == 1
    assert text.count("The article lists no duties for either role.") == 1
    assert "share" not in text


def test_the_real_thin_roles_are_never_counted_as_different(client, content):
    for pair in (
        "a=associate-producer&b=producer",
        "a=production-coordinator&b=associate-producer",
        "a=producer&b=director",
    ):
        text = page_text(client.get("/compare/?" + pair))

        assert "None of the guide’s sources compares these two roles" in text
        assert "they share" not in text
        assert "Only the" not in text


def test_the_real_compared_pairs_count_skills_over_their_own_article(client, content):
    # 000 lists four skills for the two; the associate producer has each of them, from
    # 000 or from another article. 002's skills are one each of the AP's and three of the
    # EP's (its duties are duties, not skills), of which they share one.
    assert "Of the 4 skills the article lists for the two, they share all 4." in page_text(
        client.get(AP_VS_ASSISTANT)
    )
    assert "Of the 4 skills the article lists for the two, they share 1." in page_text(
        client.get(AP_VS_EP)
    )


def test_duties_in_an_area_the_other_role_lacks_are_marked(client, compared, make_duty):
    first, second, article = compared
    make_duty(first, "Keep the books.", area="budget", source=article)
    make_duty(first, "Book the vans.", area="logistics", source=article)
    make_duty(second, "Find the locations.", area="logistics", source=article)

    text = page_text(client.get(compare_url(first.slug, second.slug)))

    assert "Keep the books. ◆ only this role: budgets and finance" in text
    assert "Book the vans. ◆" not in text
    assert "Only the Runner: budgets and finance." in text


# How the two relate -------------------------------------------------------------------


def test_levels_read_as_the_directory_names_them(client, content):
    text = page_text(client.get("/compare/?a=production-assistant&b=director"))

    # 004 puts the PA at the start; no source ranks the director.
    assert (
        "The Production Assistant is entry level; the Director is senior level (the guide’s "
        "placement: no source ranks it)." in text
    )


def test_each_level_names_its_source_or_says_it_is_the_guides_placement(client, content):
    level = table_row(client.get("/compare/?a=associate-producer&b=director"), "Level")

    # 000: "An Associate Producer is a mid-level position"; no source ranks the director.
    assert (
        "Mid-level Source: Associate Producer vs. Assistant Producer: What Are the Differences? "
        "Senior level The guide places it at senior level; no source ranks the role." in level
    )


def test_reports_to_counts_a_role_that_leads_this_one_as_the_role_page_does(client, content):
    # The data says the AP reports to the producer, and that the EP leads the AP.
    reports_to = table_row(client.get(AP_VS_EP), "Reports to")

    assert "Producer or Executive Producer" in reports_to
    # Each with its source: 000 for the producer, 002 for the executive producer's lead.
    assert "Associate Producer vs. Assistant Producer: What Are the Differences?" in reports_to
    assert "Associate Producer Vs. Executive Producer" in reports_to


def test_the_assistant_producer_is_said_to_support_the_associate_producer(client, content):
    text = page_text(client.get(AP_VS_ASSISTANT))

    assert "The Assistant Producer supports the Associate Producer." in text


def test_a_next_step_links_to_the_career_path_focused_on_the_earlier_role(client, content):
    response = client.get("/compare/?a=associate-producer&b=production-coordinator")

    text = page_text(response)
    assert "The Associate Producer is a next step up from the Production Coordinator." in text
    assert 'href="/career-path/?at=production-coordinator"' in response.content.decode()


def test_roles_further_apart_on_the_path_say_how_many_steps(client, content):
    text = page_text(client.get("/compare/?a=production-coordinator&b=producer"))

    assert "The Producer comes 2 steps after the Production Coordinator" in text


def test_two_steps_up_from_the_same_role_are_on_different_branches(client, content):
    text = page_text(client.get("/compare/?a=producer&b=field-producer"))

    assert "They sit on different branches of the career path." in text


# One address per pair -----------------------------------------------------------------


def test_a_pair_has_one_canonical_url_whichever_way_round(client, content):
    one_way = client.get(AP_VS_ASSISTANT)
    other_way = client.get("/compare/?a=assistant-producer&b=associate-producer")

    assert canonical(one_way) == canonical(other_way)
    assert canonical(one_way).endswith("/compare/?a=assistant-producer&amp;b=associate-producer")
    title = re.search(r"<title>(.*?)</title>", one_way.content.decode(), re.S)[1]
    assert "Associate Producer" in title and "Assistant Producer" in title


def test_swap_is_a_real_link_to_the_pair_the_other_way_round(client, content):
    response = client.get(AP_VS_ASSISTANT)

    assert 'href="/compare/?a=assistant-producer&amp;b=associate-producer"' in (
        response.content.decode()
    )
    assert selected(response, "a") == "associate-producer"
    assert selected(response, "b") == "assistant-producer"


# Nothing chosen yet -------------------------------------------------------------------


def test_an_empty_compare_page_suggests_the_source_pairs_and_each_next_step(client, content):
    response = client.get("/compare/")
    markup = response.content.decode()

    assert response.status_code == 200
    assert selected(response, "a") == selected(response, "b") == ""
    assert 'href="/compare/?a=associate-producer&amp;b=assistant-producer"' in markup
    assert 'href="/compare/?a=associate-producer&amp;b=executive-producer"' in markup
    assert "compared in Associate Producer Vs. Executive Producer" in page_text(response)
    next_moves = CareerMove.objects.filter(kind=CareerMove.Kind.NEXT)
    assert next_moves.count() >= 4
    for move in next_moves.select_related("from_role", "to_role"):
        url = compare_url(move.from_role.slug, move.to_role.slug)
        assert f'href="{html.escape(url)}"' in markup


def test_a_large_guide_still_suggests_a_short_list_the_compared_pairs_first(
    client, ten_times_content
):
    response = client.get("/compare/")
    markup = response.content.decode()
    suggestions = re.search(r'<ul class="compare-suggestions">(.*?)</ul>', markup, re.S)[1]
    links = re.findall(r'<li><a href="([^"]+)"', suggestions)

    next_moves = CareerMove.objects.filter(kind=CareerMove.Kind.NEXT).count()
    assert next_moves > SHOWN  # far more next steps than the page suggests
    assert len(links) == SHOWN
    compared = [
        html.escape(compare_url(pair.first_role.slug, pair.second_role.slug))
        for pair in SourceComparison.objects.select_related("first_role", "second_role")
    ]
    assert links[: len(compared)] == compared
    assert len(set(links)) == len(links)


# Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "status", "message", "first", "second"),
    [
        ("a=associate-producer&b=nobody", 404, "There is no role called “nobody”",
         "associate-producer", ""),
        ("a=producer&b=producer", 400, "You chose the Producer twice", "producer", "producer"),
        ("a=producer", 400, "Choose a second role to compare with the Producer.",
         "producer", ""),
        ("b=director", 400, "Choose a first role to compare with the Director.", "", "director"),
        ("a=producer&b=", 400, "Choose a second role", "producer", ""),
        ("a=producer&a=director&b=field-producer", 400,
         "The address names more than one first role", "", "field-producer"),
        ("a=" + "x" * 51 + "&b=producer", 400,
         "The first role in the address is not a role name the guide could use.", "", "producer"),
        ("a=producer&b=%00", 400,
         "The second role in the address is not a role name the guide could use.", "producer", ""),
        ("a=lost%20role&b=producer", 400,
         "The first role in the address is not a role name the guide could use.", "", "producer"),
        ("a=nobody", 400, "There is no role called “nobody”", "", ""),
    ],
)  # fmt: skip
def test_bad_input_still_shows_the_pickers_and_says_what_was_wrong(
    client, content, query, status, message, first, second
):
    response = client.get("/compare/?" + query)

    assert response.status_code == status
    assert message in page_text(response)
    assert selected(response, "a") == first
    assert selected(response, "b") == second
    assert 'name="robots" content="noindex"' in response.content.decode()


@pytest.mark.parametrize("value", ["%00", "%3Cb%3Ebold%3C%2Fb%3E", "lost%20role", "x" * 51])
def test_a_malformed_role_is_never_echoed_back(client, content, value):
    response = client.get(f"/compare/?a=producer&b={value}")

    assert response.status_code == 400
    markup = response.content.decode()
    assert "\x00" not in markup
    assert "bold" not in markup
    assert "lost role" not in markup
    assert "x" * 51 not in markup


def test_bad_input_through_htmx_returns_the_part_with_the_same_status(client, content):
    response = client.get("/compare/?a=producer&b=producer", **HTMX)

    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "You chose the Producer twice" in page_text(response)


def test_two_blank_pickers_are_the_same_as_nothing_chosen(client, content):
    response = client.get("/compare/?a=&b=")

    assert response.status_code == 200
    assert "Try one of these pairs" in page_text(response)


# Full page and htmx part --------------------------------------------------------------


def test_a_direct_visit_gets_the_whole_page(client, content):
    response = client.get(AP_VS_ASSISTANT)
    markup = response.content.decode()

    assert "<html" in markup
    assert 'id="result"' in markup
    assert "HX-Request" in response["Vary"]
    assert "hx-swap-oob" not in markup


def test_htmx_gets_only_the_comparison_part_with_its_title_and_announcement(client, content):
    response = client.get(AP_VS_ASSISTANT, **HTMX)
    markup = response.content.decode()

    assert response.status_code == 200
    assert "<html" not in markup
    assert "<h1" not in markup
    assert 'id="result"' in markup
    assert "HX-Request" in response["Vary"]
    assert "<title>Associate Producer vs. Assistant Producer" in markup
    assert re.search(
        r'<p id="compare-status" data-hx-swap-oob="innerHTML">\s*Now comparing Associate Producer '
        r"and Assistant Producer\.",
        markup,
    )


def test_a_history_restore_gets_the_whole_page_not_a_fragment(client, content):
    response = client.get(AP_VS_ASSISTANT, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_a_role_and_move_added_while_the_comparison_renders_wait_for_the_next_render(
    client, content, make_role, make_move
):
    def add_a_step():
        make_move(Role.objects.get(slug="associate-producer"), make_role(slug="new-step"))

    # The roles are read first; the new role and its move land before the career path is.
    with SaveBefore("roles_careermove", add_a_step, filtered=False):
        response = client.get(AP_VS_ASSISTANT)

    assert response.status_code == 200
    assert "new-step" not in response.content.decode()
    assert 'value="new-step"' in client.get(AP_VS_ASSISTANT).content.decode()


# Cost -----------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_comparison_costs_the_same_queries_on_the_real_content(
    client, content, django_assert_num_queries, headers
):
    with django_assert_num_queries(VERSION_CHECK + QUERIES_PER_COMPARISON):
        client.get(AP_VS_ASSISTANT, **headers)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_comparison_costs_the_same_queries_on_ten_times_the_content(
    client, ten_times_content, django_assert_num_queries, headers
):
    with django_assert_num_queries(VERSION_CHECK + QUERIES_PER_COMPARISON):
        response = client.get(AP_VS_ASSISTANT, **headers)
    assert "they share all 4." in page_text(response)


# The roles, the pairs the sources compare, and the career path.
def test_the_empty_page_costs_three_queries_however_large_the_guide(
    client, ten_times_content, django_assert_num_queries
):
    with django_assert_num_queries(VERSION_CHECK + 3):
        client.get("/compare/")


def test_the_empty_page_costs_three_queries_on_the_real_content(
    client, content, django_assert_num_queries
):
    with django_assert_num_queries(VERSION_CHECK + 3):
        client.get("/compare/")


def test_a_role_title_with_markup_is_shown_as_text_in_the_pickers(client, content, make_role):
    make_role(slug="runner", title='Runner <b class="x">& co</b>')

    markup = client.get("/compare/").content.decode()

    assert '<option value="runner">Runner &lt;b class=&quot;x&quot;&gt;&amp; co&lt;/b&gt;' in markup
    assert "<b class" not in markup
