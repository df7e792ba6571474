"""A browser is told what each response may do: the content security policy, the
permissions policy and the resource policy come with every page, error, file and admin
screen, and the policy is strict enough that an injected script or style would not run."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path, reverse

from careerguide.urls import urlpatterns as site_urlpatterns
from roles.models import Role

from .helpers import PUBLIC_PAGES

PAGES = [
    *PUBLIC_PAGES,
    "/favicon.ico",
    "/static/css/site.css",
    "/static/img/favicon.svg",
    "/roles/asociate-producer/",  # 404 with a suggestion
    "/no-such-page/",  # the site's 404
    "/compare/?a=x",  # 400 from a page
]


def broken_page(request):
    raise RuntimeError("a bug in a view")


def closed_page(request):
    raise PermissionDenied


# The site's own URLs plus two that fail, to see what a 500 and a 403 carry.
urlpatterns = [*site_urlpatterns, path("broken/", broken_page), path("closed/", closed_page)]


def policy_of(response):
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def assert_carries_the_policies(response):
    policy = policy_of(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'"
    # Beyond 'self', only hashes: no inline code in general, no eval, no nonces (the same
    # bytes are cached for everyone).
    assert all(source.startswith("'sha256-") for source in policy["style-src"][1:])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "nonce-" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_error_and_file_carries_the_policies(client, content, url):
    response = client.get(url)

    assert response.status_code in (200, 302, 400, 404)
    assert_carries_the_policies(response)


# The headers a page is kept with in the page cache: a hit serves them as rendered.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Permissions-Policy",
    "Cross-Origin-Resource-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Strict-Transport-Security",
)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_page_served_from_the_cache_carries_the_policies_it_was_rendered_with(
    client, content, django_assert_num_queries, url
):
    first = client.get(url)
    with django_assert_num_queries(0):  # a cache hit
        second = client.get(url)

    assert_carries_the_policies(second)
    assert {name: second.get(name) for name in SECURITY_HEADERS} == {
        name: first.get(name) for name in SECURITY_HEADERS
    }


def test_hsts_is_kept_with_the_https_page_only(client, content, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    client.get("/roles/", secure=True)

    over_https = client.get("/roles/", secure=True)
    over_http = client.get("/roles/")

    assert over_https["Strict-Transport-Security"].startswith("max-age=3600")
    assert not over_http.has_header("Strict-Transport-Security")


def test_a_server_error_carries_the_policies_and_its_own_style_is_allowed(client, db, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    assert_carries_the_policies(response)
    # The 500 page keeps its inline style so it renders whatever broke; the policy
    # allows exactly that style by its hash (the browser test checks it is applied).
    assert "<style>" in response.content.decode()
    assert len(policy_of(response)["style-src"]) == 2


def test_a_bad_host_gets_the_400_page_with_the_policies(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True  # as in production: the host is read first there

    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()
    assert_carries_the_policies(response)


def test_a_forged_form_gets_the_branded_403_page_with_the_policies(content):
    response = Client(enforce_csrf_checks=True).post(reverse("admin:login"))

    assert response.status_code == 403
    html = response.content.decode()
    assert "That form could not be sent" in html
    assert "nothing was changed" in html
    assert 'class="site-header"' in html
    assert_carries_the_policies(response)


def test_a_forbidden_page_gets_the_branded_403_page(client, db, settings):
    settings.ROOT_URLCONF = __name__

    response = client.get("/closed/")

    assert response.status_code == 403
    assert "You can’t open this page" in response.content.decode()
    assert_carries_the_policies(response)


def test_the_admin_login_carries_the_policies(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert_carries_the_policies(response)


@pytest.mark.parametrize("admin_page", ["index", "roles_role_changelist", "roles_role_change"])
def test_the_admin_carries_the_policies(admin_client, content, admin_page):
    args = [Role.objects.get(slug="producer").pk] if admin_page.endswith("_change") else []

    response = admin_client.get(reverse(f"admin:{admin_page}", args=args))

    assert response.status_code == 200
    assert_carries_the_policies(response)
