"""Link checkers, crawlers and uptime monitors get sensible answers from every page."""

import re

import pytest
from django.test import Client

PAGES = [
    "/",
    "/roles/",
    "/roles/associate-producer/",
    "/compare/",
    "/compare/?a=associate-producer&b=assistant-producer",
    "/career-path/",
    "/career-path/?at=production-coordinator",
    "/robots.txt",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_head_request_is_answered_like_a_get(client, content, url):
    head, get = client.head(url), client.get(url)

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.parametrize("url", PAGES[:7])
def test_a_post_to_a_read_only_page_is_refused_not_crashed(content, url):
    # A real browser's POST meets the CSRF check first; either way nothing is changed.
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    response = Client().post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", PAGES[:7] + ["/roles/asociate-producer/", "/compare/?a=x"])
def test_no_template_syntax_leaks_into_a_page(client, content, url):
    html = client.get(url).content.decode()
    # JSON-LD may well contain "}}"; only markup and text matter here.
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)

    for marker in ("{#", "#}", "{%", "%}", "{{", "}}"):
        assert marker not in html
