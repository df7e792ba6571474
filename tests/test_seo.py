"""Search engines and browsers find every page, read each role as an Occupation that says
no more than the page does, and never hit a missing robots.txt or favicon."""

import datetime
import json
import re

from django.contrib.staticfiles import finders

from roles.models import Education, Role, SalaryFigure

from .helpers import VERSION_CHECK


def json_ld(client, slug):
    html = client.get(f"/roles/{slug}/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_a_role_page_describes_the_occupation(client, content):
    data = json_ld(client, "associate-producer")
    role = Role.objects.get(slug="associate-producer")

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Occupation"
    assert data["name"] == "Associate Producer"
    assert data["alternateName"] == "AP"
    assert data["description"] == role.summary
    assert data["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": "http://testserver/roles/associate-producer/",
        "url": "http://testserver/roles/associate-producer/",
        "dateModified": Role.objects.with_last_update()
        .get(pk=role.pk)
        .last_updated.date()
        .isoformat(),
    }
    assert "Organisation" in data["skills"]
    assert data["educationRequirements"][0].startswith("Typically a bachelor's degree")
    # Experience and routes in are on the page, but they are not education.
    assert not any("two years" in text for text in data["educationRequirements"])


def test_each_salary_keeps_its_own_measure(client, content):
    average, median = json_ld(client, "associate-producer")["estimatedSalary"]

    assert average["@type"] == "MonetaryAmount"
    assert average["name"] == "average"
    assert average["currency"] == "USD"
    assert average["value"] == {"@type": "QuantitativeValue", "value": 58451, "unitText": "YEAR"}
    assert "median" not in average
    assert median == {
        "@type": "MonetaryAmountDistribution",
        "name": "median",
        "description": (
            "Median salary a year, film/TV, 2020. "
            "Source: “Associate Producer Vs. Executive Producer”. "
            "PayScale.com data for 2020, as cited by the source."
        ),
        "currency": "USD",
        "duration": "P1Y",
        "median": 50791,
    }


def test_no_salary_and_no_location_where_the_sources_give_none(client, content):
    data = json_ld(client, "production-manager")

    assert "estimatedSalary" not in data
    assert "skills" not in data
    # None of the real figures names a country, so no page claims one.
    assert "occupationLocation" not in json_ld(client, "executive-producer")


def test_a_figure_for_the_us_places_the_occupation_in_the_us(client, make_role, make_salary):
    role = make_role(slug="grip", title="Grip")
    make_salary(role, 40000, measure=SalaryFigure.Measure.MEDIAN, region="US", year=2024)

    data = json_ld(client, "grip")

    assert data["occupationLocation"] == [{"@type": "Country", "name": "US"}]
    # The page says so too, in the line that says what the figure measures.
    assert (
        '<span class="figure__measure">Median salary a year, US, 2024</span>'
        in client.get("/roles/grip/").content.decode()
    )


def test_every_country_the_figures_name_is_an_occupation_location(client, make_role, make_salary):
    role = make_role(slug="gaffer", title="Gaffer")
    make_salary(role, 40000, region="US", year=2024)
    make_salary(role, 35000, region="GB", year=2024)

    data = json_ld(client, "gaffer")

    assert data["occupationLocation"] == [
        {"@type": "Country", "name": "GB"},
        {"@type": "Country", "name": "US"},
    ]


def test_text_that_looks_like_markup_cannot_break_out_of_the_script(client, make_role, db):
    role = make_role(slug="runner", title="Runner", summary="Runs </script><b>errands</b> & more")
    Education.objects.create(
        role=role,
        kind=Education.Kind.MINIMUM,
        text="None <!-- at all -->",
        source=role.sources.model.objects.create(key="s", title="S"),
    )

    html = client.get("/roles/runner/").content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)

    assert "<" not in script and ">" not in script
    data = json.loads(script)
    assert data["description"] == "Runs </script><b>errands</b> & more"
    assert data["educationRequirements"] == ["None <!-- at all -->"]


def test_the_sitemap_lists_every_public_page(client, content):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert locations[:4] == [
        "http://testserver/",
        "http://testserver/roles/",
        "http://testserver/compare/",
        "http://testserver/career-path/",
    ]
    role_urls = [
        f"http://testserver/roles/{slug}/" for slug in Role.objects.values_list("slug", flat=True)
    ]
    assert sorted(locations[4:]) == sorted(role_urls)
    assert len(role_urls) == 10
    # Each role's lastmod is its content's last change, as its page says.
    for role in Role.objects.with_last_update():
        assert f"<loc>http://testserver/roles/{role.slug}/</loc>" in xml
        assert f"<lastmod>{role.last_updated:%Y-%m-%d}</lastmod>" in xml
    assert xml.count("<lastmod>") == 10


def test_a_role_changed_later_has_a_later_lastmod(client, content):
    producer = Role.objects.get(slug="producer")
    producer.summary = "Runs a production from idea to delivery."
    producer._history_date = datetime.datetime(2027, 3, 4, 12, tzinfo=datetime.UTC)
    producer.save()

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/roles/producer/</loc><lastmod>2027-03-04</lastmod>" in re.sub(
        r"\s+", "", xml
    )


def test_the_sitemap_uses_the_public_address_when_one_is_set(client, content, settings):
    settings.SITE_URL = "https://careers.example.org"

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>https://careers.example.org/roles/producer/</loc>" in xml
    assert "testserver" not in xml


def test_the_sitemap_costs_the_same_queries_on_ten_times_the_content(
    client, ten_times_content, django_assert_num_queries
):
    with django_assert_num_queries(VERSION_CHECK + 2):  # the role count for paging, then the roles
        response = client.get("/sitemap.xml")
    assert response.content.decode().count("<url>") == 4 + 100


def test_robots_txt_points_at_the_sitemap_and_keeps_the_admin_to_itself(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "User-agent: *" in body
    # Naming the admin's path there would tell every scanner where to guess passwords.
    assert "admin" not in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_favicon_ico_leads_to_the_real_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")


def test_the_directory_describes_itself(client, content):
    html = client.get("/roles/").content.decode()

    assert "<title>All production roles, entry level to executive · Careerguide</title>" in html
    assert '<meta name="description" content="Every role in the guide' in html
    assert '<link rel="canonical" href="http://testserver/roles/">' in html
    assert '<meta property="og:title" content="All production roles' in html


def test_the_last_update_date_is_the_one_the_page_shows(client, make_role):
    gaffer = make_role(slug="gaffer", title="Gaffer")
    gaffer.summary = "Runs the lighting crew."
    gaffer._history_date = datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC)
    gaffer.save()

    assert json_ld(client, "gaffer")["mainEntityOfPage"]["dateModified"] == "2027-01-05"
    assert "5 January 2027" in client.get("/roles/gaffer/").content.decode()
