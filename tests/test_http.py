"""Link checkers, crawlers and uptime monitors get sensible answers from every page."""

import re

import pytest
from django.test import Client

from .helpers import PUBLIC_PAGES

PAGES = PUBLIC_PAGES


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


def wsgi_request(method, url):
    """One request through the WSGI application gunicorn runs, with no test client in the
    way (the test client drops HEAD bodies itself, so it would hide a body sent here)."""
    from wsgiref.util import setup_testing_defaults

    from django.core.handlers.wsgi import WSGIHandler

    path, _, query = url.partition("?")
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    chunks = WSGIHandler()(environ, start_response)
    body = b"".join(chunks)
    chunks.close()
    return answer["status"], answer["headers"], body


@pytest.mark.parametrize("url", [*PAGES, "/roles/asociate-producer/", "/static/css/site.css"])
def test_the_server_gets_no_body_to_drop_for_a_head_request(content, url):
    get_status, get_headers, get_body = wsgi_request("GET", url)
    head_status, head_headers, head_body = wsgi_request("HEAD", url)

    assert head_body == b""
    assert get_body != b""
    assert head_status == get_status
    # The headers say what a GET would bring, length included.
    assert head_headers["Content-Length"] == get_headers["Content-Length"] == str(len(get_body))
    assert head_headers["Content-Type"] == get_headers["Content-Type"]


def test_a_bad_host_is_answered_400_and_logged_as_one_counted_line(client, db, caplog):
    with caplog.at_level("INFO"):
        first = client.get("/", HTTP_HOST="evil.example")
        second = client.get("/roles/", HTTP_HOST="evil.example:8080")

    assert first.status_code == second.status_code == 400
    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(records) == 2
    assert all(r.exc_info is None and r.exc_text is None for r in records)
    assert all(r.levelname == "WARNING" for r in records)
    assert "'evil.example'" in records[0].getMessage()
    assert records[1].bad_host_count == records[0].bad_host_count + 1
    assert f"#{records[1].bad_host_count}]" in records[1].getMessage()
    assert "Traceback" not in caplog.text
