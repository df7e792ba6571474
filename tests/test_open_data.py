"""A researcher downloads the guide's data: every role and figure, each with its source,
under terms the /data/ page explains, and never a figure the pages do not show."""

import csv
import io
import json

from roles import open_data
from roles.models import CareerMove, Role, SalaryFigure

from .helpers import (
    ROLE_SLUGS,
    ROLES_JSON_QUERIES,
    SALARIES_CSV_QUERIES,
    VERSION_CHECK,
    page_text,
)

SOURCED_ROWS = [
    "duties",
    "skills",
    "education",
    "certifications",
    "industry_variants",
    "relationships",
    "salary_figures",
    "job_outlooks",
    "career_moves",
]


def download_json(client):
    response = client.get("/data/roles.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def download_csv(client):
    response = client.get("/data/salaries.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_footer_leads_to_the_data_page_which_explains_the_downloads(client, content):
    home = client.get("/").content.decode()
    assert '<a href="/data/">Open data</a>' in home

    text = page_text(client.get("/data/"))
    assert "roles.json" in text and "salaries.csv" in text
    assert "Creative Commons Attribution 4.0 International (CC BY 4.0)" in text
    assert "the source it names" in text
    assert "Associate Producer Vs. Executive Producer" in text  # each source, to credit


def test_roles_json_holds_every_role_with_its_sources(client, content):
    data = download_json(client)

    assert [role["slug"] for role in data["roles"]] == list(
        Role.objects.by_level().values_list("slug", flat=True)
    )
    assert set(ROLE_SLUGS) == {role["slug"] for role in data["roles"]}
    source_keys = {source["key"] for source in data["sources"]}
    assert len(source_keys) == 3
    # Every source can be checked: who published it and where.
    assert {s["url"] for s in data["sources"]} == {
        "https://climbtheladder.com/associate-producer-vs-assistant-producer",
        "https://study.com/articles/associate_producer_vs_executive_producer.html",
        "https://climbtheladder.com/what-does-an-associate-producer-do",
    }
    for role in data["roles"]:
        assert role["url"] == f"http://testserver/roles/{role['slug']}/"
        assert set(role["sources"]) <= source_keys
        for kind in SOURCED_ROWS:
            for row in role[kind]:
                assert row["source"] in source_keys, (role["slug"], kind)


def test_roles_json_holds_each_figure_and_move_once(client, content):
    data = download_json(client)
    by_slug = {role["slug"]: role for role in data["roles"]}

    associate = by_slug["associate-producer"]
    assert sorted((f["measure"], f["amount"]) for f in associate["salary_figures"]) == [
        ("average", 58451),
        ("median", 50791),
    ]
    assert associate["job_outlooks"][0]["growth_percent"] == 5.0
    moves = [(role["slug"], m["to"]) for role in data["roles"] for m in role["career_moves"]]
    assert len(moves) == CareerMove.objects.count()
    assert ("production-assistant", "production-coordinator") in moves
    assert by_slug["production-assistant"]["salary_figures"] == []


def test_salaries_csv_has_a_header_and_one_row_per_figure(client, content):
    rows = download_csv(client)

    assert list(rows[0]) == [
        "role", "amount", "currency", "measure", "period", "year", "scope", "region",
        "source", "source_title", "source_publisher", "source_url",
    ]  # fmt: skip
    assert len(rows) == SalaryFigure.objects.count()
    executive = next(row for row in rows if row["role"] == "executive-producer")
    assert executive == {
        "role": "executive-producer",
        "amount": "95884",
        "currency": "USD",
        "measure": "median",
        "period": "year",
        "year": "2020",
        "scope": "",
        "region": "",
        "source": "associate-vs-executive-producer",
        "source_title": "Associate Producer Vs. Executive Producer",
        "source_publisher": "Study.com",
        "source_url": "https://study.com/articles/associate_producer_vs_executive_producer.html",
    }


def test_each_roles_sources_include_every_source_its_facts_cite(client, content):
    for role in download_json(client)["roles"]:
        cited = {row["source"] for kind in SOURCED_ROWS for row in role[kind]}
        if role["level_source"]:
            cited.add(role["level_source"])

        assert cited <= set(role["sources"]), role["slug"]
    # The assistant producer's prose draws on 000 alone, but 002 gives its job outlook.
    by_slug = {role["slug"]: role for role in download_json(client)["roles"]}
    assert "associate-vs-executive-producer" in by_slug["assistant-producer"]["sources"]


def test_roles_json_says_which_levels_are_the_guides_placement(client, content):
    data = download_json(client)
    levels = {role["slug"]: role["level_source"] for role in data["roles"]}

    assert levels["associate-producer"] == "associate-vs-assistant-producer"  # "mid-level"
    assert levels["production-assistant"] == "what-does-an-associate-producer-do"
    for slug in ("assistant-producer", "director", "production-manager", "executive-producer"):
        assert levels[slug] is None, slug
    assert {(c["source"], *sorted(c["roles"])) for c in data["comparisons"]} == {
        ("associate-vs-assistant-producer", "assistant-producer", "associate-producer"),
        ("associate-vs-executive-producer", "associate-producer", "executive-producer"),
    }


def test_the_data_page_gives_each_sources_publisher_and_address(client, content):
    html = client.get("/data/").content.decode()
    sources = html[html.index('<h2 id="sources">') :]

    for address, publisher in [
        ("https://climbtheladder.com/associate-producer-vs-assistant-producer", "ClimbtheLadder"),
        ("https://study.com/articles/associate_producer_vs_executive_producer.html", "Study.com"),
        ("https://climbtheladder.com/what-does-an-associate-producer-do", "ClimbtheLadder"),
    ]:
        assert f'href="{address}"' in sources
        assert f"Published at {address}." in page_text(sources)  # readable when printed
        item = sources[sources.index(f'href="{address}"') :]
        assert publisher in item[: item.index("</li>")]


def test_every_downloaded_figure_is_on_its_role_page(client, content):
    for row in download_csv(client):
        page = page_text(client.get(f"/roles/{row['role']}/"))
        assert f"${int(row['amount']):,}" in page, row
        assert row["source_title"] in page, row


def test_an_editors_new_figure_is_in_the_next_download(client, content, make_salary):
    make_salary(Role.objects.get(slug="producer"), 70000, year=2021)

    rows = download_csv(client)

    assert [row["amount"] for row in rows if row["role"] == "producer"] == ["70000"]
    assert "$70,000" in page_text(client.get("/roles/producer/"))


def test_the_downloads_cost_a_fixed_number_of_queries(
    client, ten_times_content, django_assert_num_queries
):
    with django_assert_num_queries(VERSION_CHECK + ROLES_JSON_QUERIES):
        client.get("/data/roles.json")
    with django_assert_num_queries(VERSION_CHECK + SALARIES_CSV_QUERIES):
        client.get("/data/salaries.csv")


def test_roles_json_is_built_once_per_content_version(
    content, django_assert_num_queries, make_salary
):
    first = open_data.roles_json("http://testserver")

    # Downloaded again, it is the kept copy: only the content version is read.
    with django_assert_num_queries(1):
        assert open_data.roles_json("http://testserver") == first
    # An edit moves the version on, and the next download is built afresh.
    make_salary(Role.objects.get(slug="producer"), 70000, year=2021)
    with django_assert_num_queries(ROLES_JSON_QUERIES):
        changed = open_data.roles_json("http://testserver")
    assert b'"amount": 70000' in changed and b'"amount": 70000' not in first
    # Each site address gets its own, with its own links.
    other = open_data.roles_json("https://careers.example")
    assert b'"url": "https://careers.example/roles/producer/"' in other
    assert b"testserver" not in other
