"""A visitor who comes back gets the page from the cache, and never an out-of-date one.

Given a page seen once, the next visit costs no query at all and shows the same page;
when an editor changes anything, in the admin or by loading content, the very next visit
shows the change, in every gunicorn worker.
"""

import contextlib
import gzip
import itertools
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django import forms
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from django.utils.cache import get_cache_key

from careerguide.page_cache import checks, middleware, published
from careerguide.page_cache.addresses import reads_query
from careerguide.page_cache.models import bump_content_version, content_version
from roles.career_path import CareerPath
from roles.models import Role, SalaryFigure, Skill

from .helpers import ROLE_PAGE_QUERIES, VERSION_CHECK, page_text

ROOT = Path(__file__).resolve().parent.parent
ROLE_PAGE = "/roles/associate-producer/"
HTMX = {"HTTP_HX_REQUEST": "true"}
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}

PUBLIC_PAGES = [
    ("/", {}),
    ("/roles/", {}),
    ("/roles/?q=budget", {}),
    ("/roles/?q=budget", HTMX),
    (ROLE_PAGE, {}),
    ("/compare/", {}),
    ("/compare/?a=associate-producer&b=assistant-producer", {}),
    ("/compare/?a=associate-producer&b=assistant-producer", HTMX),
    ("/career-path/", {}),
    ("/career-path/?at=production-coordinator", {}),
    ("/career-path/?at=production-coordinator", HTMX),
    ("/sitemap.xml", {}),
    ("/robots.txt", {}),
]


def count_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


# A repeat visit ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "headers"), PUBLIC_PAGES, ids=[u + (" htmx" if h else "") for u, h in PUBLIC_PAGES]
)
def test_a_second_visit_to_any_public_page_costs_no_query(
    client, content, django_assert_num_queries, url, headers
):
    first, cold_queries = count_queries(client, url, **headers)
    with django_assert_num_queries(0):
        second = client.get(url, **headers)

    assert cold_queries >= VERSION_CHECK
    assert kept(url, **headers) is not None
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == first["Cache-Control"] == "public, max-age=60"


def test_a_head_request_first_leaves_the_page_for_get_with_its_etag(client, content):
    head = client.head(ROLE_PAGE)
    get = client.get(ROLE_PAGE)

    assert head.status_code == get.status_code == 200
    assert get.has_header("ETag")
    assert client.get(ROLE_PAGE, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304
    assert client.head(ROLE_PAGE)["Cache-Control"] == "public, max-age=60"


def test_a_role_page_costs_its_queries_once_then_none(client, content, django_assert_num_queries):
    with django_assert_num_queries(VERSION_CHECK + ROLE_PAGE_QUERIES):
        client.get(ROLE_PAGE)
    with django_assert_num_queries(0):
        client.get(ROLE_PAGE)


def test_the_htmx_part_and_the_whole_page_are_kept_apart(client, content):
    url = "/compare/?a=associate-producer&b=assistant-producer"
    part = client.get(url, **HTMX)
    page = client.get(url)
    restored = client.get(url, **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    part_again = client.get(url, **HTMX)

    assert "<html" not in part.content.decode()
    assert "<html" in page.content.decode()
    assert "<html" in restored.content.decode()
    assert part_again.content == part.content
    assert part["ETag"] != page["ETag"]
    for response in (part, page, restored):
        assert {"HX-Request", "HX-History-Restore-Request"} <= vary(response)


def vary(response):
    return {header.strip() for header in response.get("Vary", "").split(",")}


# One entry per page, whatever the address carries ------------------------------------

COMPARISON = "/compare/?a=associate-producer&b=assistant-producer"


@pytest.mark.parametrize(
    ("clean", "as_shared"),
    [
        (ROLE_PAGE, f"{ROLE_PAGE}?fbclid=IwAR2kF8xq0Z"),
        ("/", "/?utm_source=newsletter&utm_medium=email&utm_campaign=launch"),
        (COMPARISON, "/compare/?b=assistant-producer&a=associate-producer"),
        (COMPARISON, "/compare/?utm_source=x&b=assistant-producer&gclid=y&a=associate-producer"),
        ("/roles/?q=budget", "/roles/?industry=&q=budget"),  # as the form sends it
        ("/roles/?q=budget", "/roles/?q=++budget+&fbclid=z"),
        ("/career-path/", "/career-path/?at="),
        ("/sitemap.xml", "/sitemap.xml?p=1&utm_source=crawler"),
        ("/robots.txt", "/robots.txt?x=1"),
        ("/career-path/?at=production-coordinator", "/career-path/?at=&at=production-coordinator"),
    ],
)
def test_a_shared_link_is_served_the_clean_pages_entry(
    content, django_assert_num_queries, clean, as_shared
):
    """Given a page one visitor has seen, another who follows a link to it carrying
    tracking parameters, its parameters in another order or empty ones gets the same
    page from the cache."""
    first = Client().get(clean)
    with django_assert_num_queries(0):
        shared = Client().get(as_shared)

    assert first.status_code == shared.status_code == 200
    assert shared.content == first.content
    assert shared["ETag"] == first["ETag"]


def test_the_view_sees_only_the_parameters_its_form_knows(client, content):
    response = client.get("/roles/?q=budget&utm_source=newsletter")

    assert response.wsgi_request.GET.urlencode() == "q=budget"
    assert "utm_source" not in response.content.decode()


def test_an_address_the_form_refuses_still_reaches_the_view_as_sent(client, content):
    response = client.get("/career-path/?at=producer&at=production-coordinator&x=1")

    assert response.status_code == 400
    assert "Pick one step to mark, not several." in page_text(response)


class NumberedPages(forms.Form):
    page = forms.IntegerField(required=False, min_value=1, initial=1)


numbered_visits = itertools.count()


@reads_query(NumberedPages)
def numbered_list(request):
    form = NumberedPages(request.GET)
    page = form.cleaned_data["page"] if form.is_valid() else None
    return HttpResponse(f"Page {page or 1}, rendered for visit {next(numbered_visits)}")


class WordSearch(forms.Form):
    q = forms.CharField(required=False)


@reads_query(WordSearch)
def word_search(request):
    return HttpResponse(f"Results for {request.GET.get('q', '')}")


# For the tests that need pages of their own beside the site's (ROOT_URLCONF=__name__).
urlpatterns = [
    path("numbered/", numbered_list),
    path("search/", word_search),
    path("", include("careerguide.urls")),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_parameter_at_its_default_is_the_page_without_it(db):
    # Nothing is kept without a content version, and a live-server test before this one
    # flushes the database, row and all.
    bump_content_version()
    first = Client().get("/numbered/")
    for address in ("/numbered/?page=1", "/numbered/?page=01", "/numbered/?page=+1"):
        assert Client().get(address).content == first.content, address
    second_page = Client().get("/numbered/?page=2")

    assert first.content.startswith(b"Page 1,")
    assert second_page.content.startswith(b"Page 2,")
    assert Client().get("/numbered/?page=02&fbclid=x").content == second_page.content


def test_made_up_header_values_share_the_pages_entry(content, django_assert_num_queries):
    """Headers the pages vary on count only for what they change: gzip accepted or not,
    htmx asking or not."""
    compressed = Client().get(ROLE_PAGE, **GZIP)
    part = Client().get(COMPARISON, **HTMX)
    whole = Client().get(COMPARISON)
    with django_assert_num_queries(0):
        for encoding in ("gzip", "br, gzip;q=0.8", "gzip, x-made-up-1234"):
            again = Client().get(ROLE_PAGE, HTTP_ACCEPT_ENCODING=encoding)
            assert again.content == compressed.content, encoding
        assert Client().get(COMPARISON, HTTP_HX_REQUEST="true").content == part.content
        for value in ("yes", "false", "made-up-1234"):
            assert Client().get(COMPARISON, HTTP_HX_REQUEST=value).content == whole.content


# Compression --------------------------------------------------------------------------


def test_a_browser_that_accepts_gzip_gets_the_page_compressed(client, content):
    plain = client.get(ROLE_PAGE)
    compressed = client.get(ROLE_PAGE, **GZIP)
    compressed_again = client.get(ROLE_PAGE, **GZIP)
    plain_again = client.get(ROLE_PAGE)

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    assert compressed_again.content == compressed.content
    assert not plain_again.has_header("Content-Encoding")
    assert plain_again.content == plain.content
    assert "Accept-Encoding" in vary(plain) and "Accept-Encoding" in vary(compressed)
    # The same page, so the same validator: weak for the compressed copy.
    assert compressed["ETag"] == f"W/{plain['ETag']}"


def test_a_static_file_is_served_without_asking_the_page_cache(client, content, monkeypatch):
    asked = []
    monkeypatch.setattr(published, "published_version", lambda *a: asked.append(a))

    response = client.get("/static/css/site.css")
    client.get("/")

    assert response.status_code == 200
    assert len(asked) == 1  # the page asked for the version; the file did not


def test_static_files_are_sent_with_brotli(client, content):
    response = client.get("/static/css/site.css", HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "br"


def test_a_role_page_first_view_is_under_31_kb_on_the_wire(client, content):
    # gzip's output varies by some tens of bytes from one response to the next (Django
    # pads it against BREACH), so the budget leaves room for that, not for growth.
    page = client.get(ROLE_PAGE, **GZIP)
    html = gzip.decompress(page.content).decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]* src="([^"]+)"', html)
    sizes = {}
    for url in assets:
        asset = client.get(url, **GZIP)
        assert asset.status_code == 200, url
        assert asset["Content-Encoding"] == "br", url
        sizes[url] = len(b"".join(asset.streaming_content))

    assert any(url.endswith(".css") for url in sizes) and any(u.endswith(".js") for u in sizes)
    assert len(page.content) + sum(sizes.values()) < 31 * 1024, sizes


# Conditional requests ------------------------------------------------------------------


def test_a_browser_revalidating_an_unchanged_page_gets_304(client, content):
    first = client.get(ROLE_PAGE, **GZIP)
    revalidated = client.get(ROLE_PAGE, HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)

    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated["ETag"] == first["ETag"]
    assert revalidated["Cache-Control"] == "public, max-age=60"


def test_a_revalidation_on_a_cold_cache_still_gets_304_and_fills_the_cache(
    client, content, django_assert_num_queries
):
    etag = client.get(ROLE_PAGE)["ETag"]
    caches["default"].clear()

    assert client.get(ROLE_PAGE, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with django_assert_num_queries(0):
        assert client.get(ROLE_PAGE).status_code == 200


def test_the_etag_changes_exactly_when_the_page_does(client, content):
    etag = client.get(ROLE_PAGE)["ETag"]

    # Another role's overview is not on this page: the version moves, the page does not.
    Role.objects.filter(slug="producer").update(overview="Rewritten.")
    bump_content_version()
    same = client.get(ROLE_PAGE, HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304

    role = Role.objects.get(slug="associate-producer")
    role.summary = "Keeps the production on track, now in other words."
    role.save()
    changed = client.get(ROLE_PAGE, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "now in other words" in page_text(changed)


# Never stale --------------------------------------------------------------------------


def submit_admin_form(client, url, **changes):
    """Post a simple admin change form (no inlines) with its current values and `changes`."""
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields} | changes
    data = {name: "" if value is None else value for name, value in data.items()}
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_an_admin_edit_shows_on_the_next_visit(admin_client, content):
    assert "Quick thinking" in page_text(admin_client.get(ROLE_PAGE))
    skill = Skill.objects.get(name="Quick thinking")

    submit_admin_form(
        admin_client,
        reverse("admin:roles_skill_change", args=[skill.pk]),
        name="Solving problems on the day",
    )

    text = page_text(admin_client.get(ROLE_PAGE))
    assert "Solving problems on the day" in text
    assert "Quick thinking" not in text


@pytest.fixture
def publishing(monkeypatch):
    """Every content version number published while the test runs, in order."""
    numbers = []
    publish = published.publish

    def record(number, using="default"):
        numbers.append(number)
        publish(number, using)

    monkeypatch.setattr(published, "publish", record)
    return numbers


def test_an_edit_bumps_and_publishes_the_version_once(content, publishing):
    """simple-history writes a row of its own for each change; it rides on the change's
    bump rather than making a second one."""
    before = content_version()
    role = Role.objects.get(slug="associate-producer")
    role.summary = "Edited once."
    role.save()

    assert role.history.count() == 2  # loaded, then edited
    assert content_version() == before + 1
    assert publishing == [before + 1]


def test_a_delete_bumps_and_publishes_the_version_once(content, publishing):
    before = content_version()
    SalaryFigure.objects.filter(role__slug="associate-producer").first().delete()

    assert content_version() == before + 1
    assert publishing == [before + 1]


def test_an_admin_edit_bumps_and_publishes_the_version_once(admin_client, content, publishing):
    skill = Skill.objects.get(name="Negotiation")
    url = reverse("admin:roles_skill_change", args=[skill.pk])
    before = content_version()

    submit_admin_form(admin_client, url, name="Negotiating deals")

    assert content_version() == before + 1
    assert publishing == [before + 1]


def test_an_admin_delete_shows_on_the_next_visit(admin_client, content):
    figure = SalaryFigure.objects.filter(role__slug="associate-producer").first()
    before = admin_client.get(ROLE_PAGE).content.decode()
    assert f"{figure.amount:,}" in before

    url = reverse("admin:roles_salaryfigure_delete", args=[figure.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert f"{figure.amount:,}" not in admin_client.get(ROLE_PAGE).content.decode()


def test_a_many_to_many_edit_shows_on_the_next_visit(client, content):
    role = Role.objects.get(slug="associate-producer")
    outlook = role.job_outlooks.get()
    assert outlook.growth_text in page_text(client.get(ROLE_PAGE))

    outlook.roles.remove(role)  # what saving the admin's many-to-many selector does

    assert outlook.growth_text not in page_text(client.get(ROLE_PAGE))


def test_a_content_load_shows_on_the_next_visit(client, content, tmp_path):
    client.get(ROLE_PAGE)
    role = Role.objects.get(slug="associate-producer")
    role.summary = "Loaded from a fixture file."
    fixture = tmp_path / "changed.json"
    fixture.write_text(
        serializers.serialize(
            "json", [role], use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    )
    Role.objects.filter(pk=role.pk).update(summary="Not this.")  # only the load may tell

    call_command("loaddata", str(fixture), verbosity=0)

    assert "Loaded from a fixture file." in page_text(client.get(ROLE_PAGE))


def test_a_change_that_sends_no_signal_shows_after_bumping_the_version(client, content):
    client.get("/")
    Role.objects.filter(slug="producer").update(title="Showrunner")

    assert "Showrunner" not in page_text(client.get("/"))  # no signal, no new version...
    bump_content_version()
    assert "Showrunner" in page_text(client.get("/"))  # ...until code that changed it says so


@pytest.mark.parametrize("cache", ["version published", "fresh cache"])
def test_a_page_rendered_while_a_change_commits_is_not_served_after_it(
    client, content, monkeypatch, cache
):
    """The change lands after the page read the content and before it is kept: the page
    must not come back once the change has committed."""
    if cache == "fresh cache":
        published.forget()  # the render publishes a version, racing the change's own
    render = middleware.PageCacheMiddleware.render

    def render_then_an_editor_saves(self, request):
        response = render(self, request)
        role = Role.objects.get(slug="associate-producer")
        role.summary = "Saved while the page was being rendered."
        role.save()
        return response

    monkeypatch.setattr(middleware.PageCacheMiddleware, "render", render_then_an_editor_saves)
    assert "Saved while" not in page_text(client.get(ROLE_PAGE))
    monkeypatch.setattr(middleware.PageCacheMiddleware, "render", render)

    assert "Saved while the page was being rendered." in page_text(client.get(ROLE_PAGE))


class Refused(Exception):
    pass


def test_a_change_that_rolls_back_costs_renders_never_a_stale_page(
    client, content, django_assert_num_queries
):
    client.get(ROLE_PAGE)
    with pytest.raises(Refused), transaction.atomic():
        role = Role.objects.get(slug="associate-producer")
        role.summary = "Never committed."
        role.save()  # publishes a new version before the refusal rolls it back
        raise Refused

    for _ in range(2):  # rendered each time: the published version is not the database's
        response, queries = count_queries(client, ROLE_PAGE)
        assert queries == VERSION_CHECK + ROLE_PAGE_QUERIES
        assert "Never committed." not in page_text(response)

    published.forget()  # what its expiry does: the next render publishes the database's
    client.get(ROLE_PAGE)
    with django_assert_num_queries(0):
        assert "Never committed." not in page_text(client.get(ROLE_PAGE))


# Never cached -------------------------------------------------------------------------


def test_admin_pages_are_never_cached(admin_client, content):
    url = reverse("admin:roles_role_changelist")
    admin_client.get(url)
    response, queries = count_queries(admin_client, url)

    assert queries > VERSION_CHECK
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/roles/asociate-producer/", 404),
        ("/no/such/page/", 404),
        ("/compare/?a=producer", 400),
        ("/compare/?a=producer&b=nobody", 404),
    ],
)
def test_error_pages_are_never_cached(client, content, url, status):
    client.get(url)
    response = client.get(url)

    assert response.status_code == status
    assert kept(url) is None
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/private/", "/never/"])
def test_a_page_marked_private_or_never_cache_is_not_kept(client, db, url):
    with override_settings(ROOT_URLCONF="tests.uncacheable_urls"):
        first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 200
    assert first.content != second.content


# Bounded memory and a cache that is down -----------------------------------------------


def test_endless_searches_cannot_grow_their_cache_past_its_limit(client, content, settings):
    limit = settings.CACHES["searches"]["OPTIONS"]["MAX_ENTRIES"]
    # Each page is two entries: its list of headers and the page itself.
    searches = [f"/roles/?q=word{n}" for n in range(limit // 2 + 50)]

    for url in searches:
        assert client.get(url).status_code == 200

    still_kept = [url for url in searches if kept(url) is not None]
    assert 0 < len(still_kept) <= limit // 2
    # The oldest searches made room for the newest.
    assert kept(searches[0]) is None
    assert kept(searches[-1]) is not None


def test_a_search_is_kept_apart_from_the_pages(client, content):
    client.get("/roles/?q=budget")
    client.get(ROLE_PAGE)
    caches["searches"].clear()

    assert kept("/roles/?q=budget") is None
    assert kept(ROLE_PAGE) is not None


@override_settings(ROOT_URLCONF=__name__)
def test_a_flood_of_searches_cannot_push_out_the_pages_people_come_back_to(
    content, django_assert_num_queries
):
    slugs = list(Role.objects.values_list("slug", flat=True))
    pages = [f"/roles/{slug}/" for slug in slugs]
    pages += [f"/compare/?a={a}&b={b}" for a in slugs[:3] for b in slugs[-3:]]
    pages += ["/career-path/"] + [f"/career-path/?at={step}" for step in CareerPath.load().by_slug]
    visitor = Client()
    for url in pages:
        assert visitor.get(url).status_code == 200, url

    flood = Client()
    for n in range(5000):
        flood.get("/search/", {"q": f"new words {n}"})

    with django_assert_num_queries(0):
        for url in pages:
            assert visitor.get(url).status_code == 200, url


def kept(url, query=None, **headers):
    """The page the cache holds for this address at the published version, or None."""
    request = RequestFactory().get(url, query, **headers)
    cache = caches[middleware.narrowed(request)]
    version = published.published_version()
    key = get_cache_key(request, str(version), "GET", cache) if version is not None else None
    return cache.get(key) if key else None


def test_a_page_bigger_than_the_entry_limit_is_rendered_each_time(
    client, content, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(middleware, "MAX_ENTRY_BYTES", 1000)
    client.get(ROLE_PAGE)
    _, queries = count_queries(client, ROLE_PAGE)

    assert queries == VERSION_CHECK + ROLE_PAGE_QUERIES
    assert client.get("/robots.txt").status_code == 200  # small pages are still kept
    _, queries = count_queries(client, "/robots.txt")
    assert queries == 0


def test_when_the_cache_server_is_down_pages_are_rendered_not_broken(client, content):
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
    }
    down = {"default": redis, "content_version": redis}
    with override_settings(CACHES=down):
        first, second = client.get(ROLE_PAGE), client.get(ROLE_PAGE)

    assert first.status_code == second.status_code == 200
    assert "Associate Producer" in page_text(second)


def test_without_a_place_to_publish_the_version_pages_are_rendered_and_the_check_says_why(
    client, content
):
    only_pages = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=only_pages):
        first, second = client.get(ROLE_PAGE), client.get(ROLE_PAGE)
        problems = checks.check_version_cache_configured()

    assert first.status_code == second.status_code == 200
    assert "Associate Producer" in page_text(second)
    assert [problem.id for problem in problems] == ["page_cache.E001"]


def test_without_a_cache_for_searches_they_are_rendered_and_the_check_says_why(client, content):
    without_searches = {name: c for name, c in settings.CACHES.items() if name != "searches"}
    with override_settings(CACHES=without_searches):
        first, second = client.get("/roles/?q=budget"), client.get("/roles/?q=budget")
        _, queries = count_queries(client, "/roles/?q=budget")
        problems = checks.check_search_cache_configured()

    assert first.status_code == second.status_code == 200
    assert queries > 0
    assert [problem.id for problem in problems] == ["page_cache.W002"]
    assert checks.check_search_cache_configured() == []


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Two gunicorn workers -----------------------------------------------------------------


@contextlib.contextmanager
def make_serve(app="careerguide.wsgi", *settings):
    """The server `make run` starts (`make serve`, with any `NAME=value` given), on the
    test database: its address."""
    port = closed_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
    }
    server = subprocess.Popen(
        ["make", "-s", "serve", f"PORT={port}", f"WSGI_APP={app}", *settings],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        address = f"http://127.0.0.1:{port}"
        wait_until_serving(address + "/robots.txt")
        yield address
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def test_hits_and_renders_at_the_same_moment_on_one_server_each_get_their_own_page(site):
    """One server's threads share one page cache middleware: what it learns of a request
    (a hit, the version a render started at) must stay with that request."""
    pages = [url for url, headers in PUBLIC_PAGES if not headers]
    hot = pages[0]
    expected = {url: fetch(site + url) for url in pages}
    host = urlsplit(site).netloc

    def visit(url):
        return url, fetch(site + url)

    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            caches["default"].clear()  # every page but the hot one is rendered again, at once
            caches["searches"].clear()
            fetch(site + hot)
            # The hot page (a hit each time) between the others (cold the first time).
            visits = [visit for url in pages for visit in (hot, url, hot)]
            for url, html in pool.map(visit, visits):
                assert html == expected[url], url
            assert all(kept(url, HTTP_HOST=host) is not None for url in pages)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_an_edit_shows_in_every_gunicorn_worker(transactional_db):
    from .helpers import put_content

    put_content()
    # The app wrapped to say which worker answered; two workers, so both are sure to.
    with make_serve("tests.worker_wsgi:application", "WORKERS=2") as address:
        url = address + ROLE_PAGE
        before = answers_from_both_workers(url)
        assert all("Keeps the show on the road." not in html for html in before.values())

        role = Role.objects.get(slug="associate-producer")
        role.summary = "Keeps the show on the road."
        role.save()

        after = answers_from_both_workers(url)
        assert all("Keeps the show on the road." in html for html in after.values())
        assert after.keys() == before.keys()


def test_a_dozen_idle_or_slow_clients_cannot_stall_the_server(transactional_db):
    """Nothing buffers in front of `make run`: a client that connects and says nothing, or
    sends half a request, must not keep the next visitor waiting."""
    from .helpers import put_content

    put_content()
    with make_serve() as address:
        url = address + ROLE_PAGE
        urllib.request.urlopen(url, timeout=10).read()  # now cached (in one worker at least)
        port = int(address.rsplit(":", 1)[1])
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(8)]
        slow = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(4)]
        try:
            for client in slow:
                client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            time.sleep(0.5)  # every worker has taken its share of them
            for _ in range(4):
                start = time.monotonic()
                with urllib.request.urlopen(url, timeout=5) as response:
                    assert response.status == 200
                    response.read()
                assert time.monotonic() - start < 1
        finally:
            for client in idle + slow:
                client.close()


def database_url(database):
    """The address of the test database (SQLite or PostgreSQL) for another process."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user, password = quote(database["USER"], safe=""), quote(database["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def wait_until_serving(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def answers_from_both_workers(url, rounds=100, at_once=8):
    """{worker pid: page} once both workers have answered (eight visits at a time, so one
    worker cannot take them all, even when a hit takes it a millisecond and the machine
    is busy); every answer, from either worker, must be the same."""
    pages = {}

    def fetch(_):
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.headers["X-Worker"], response.read().decode()

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        for _ in range(rounds):
            for worker, html in pool.map(fetch, range(at_once)):
                assert pages.setdefault(worker, html) == html
            if len(pages) == 2:
                return pages
    raise AssertionError(f"only one worker answered in {rounds * at_once} visits")
