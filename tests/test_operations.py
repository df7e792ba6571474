"""An operator runs several instances behind nginx: the load balancer asks each one if it
is healthy, a server that is down gets a plain 503 rather than an error page, and every
log line carries the request id nginx sent."""

import io
import logging
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

from careerguide.request_id import RequestIdFilter

from .helpers import VERSION_CHECK

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 1 on this machine: nothing listens, so the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def database_down():
    return mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    )


def test_when_everything_answers_healthz_says_ok_with_one_query(
    client, db, django_assert_num_queries
):
    # Its own query; the page cache in front reads the content version first.
    with django_assert_num_queries(VERSION_CHECK + 1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_names_the_database_when_it_is_down(client, db):
    with database_down():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "failing", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_healthz_names_the_cache_when_redis_is_down(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failing"}


@override_settings(SECURE_SSL_REDIRECT=True)
def test_the_load_balancer_asks_over_plain_http_and_is_not_redirected(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/roles/").status_code == 301


def test_healthz_is_not_in_the_sitemap(client, content):
    assert "healthz" not in client.get("/sitemap.xml").content.decode()


def test_with_the_database_down_a_page_is_a_plain_503_not_a_traceback(content):
    visitor = Client(raise_request_exception=False)
    with database_down():
        response = visitor.get("/roles/producer/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Back in a moment" in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_with_redis_down_a_page_that_needs_the_cache_is_a_plain_503(db, settings):
    # Both through `settings`: mixed with @override_settings, its undo would bring the
    # unreachable cache back for every later test.
    settings.CACHES = UNREACHABLE_REDIS
    settings.ROOT_URLCONF = "tests.urls_cache_needed"
    response = Client(raise_request_exception=False).get("/cached/")

    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()


def test_any_other_failure_is_still_the_500_page(db, settings):
    settings.ROOT_URLCONF = "tests.urls_cache_needed"
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.fixture
def log_lines():
    """What the configured console handler would print, captured."""
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    capture = logging.StreamHandler(stream)
    capture.setFormatter(console.formatter)
    for log_filter in console.filters:
        capture.addFilter(log_filter)
    logging.getLogger().addHandler(capture)
    yield stream
    logging.getLogger().removeHandler(capture)


def test_a_log_line_has_time_level_logger_and_the_request_id_nginx_sent(client, db, log_lines):
    response = client.get(
        "/no-such-page/", headers={"X-Request-ID": "0af7651916cd43dd8448eb211c80319c"}
    )

    assert response["X-Request-ID"] == "0af7651916cd43dd8448eb211c80319c"
    line = next(line for line in log_lines.getvalue().splitlines() if "Not Found" in line)
    date, time, level, logger, request_id, *message = line.split()
    assert len(date) == 10 and time.count(":") == 2
    assert (level, logger, request_id) == (
        "WARNING",
        "django.request",
        "[0af7651916cd43dd8448eb211c80319c]",
    )
    assert message == ["Not", "Found:", "/no-such-page/"]


def test_a_server_that_is_down_is_one_log_line_not_a_traceback(content, log_lines):
    with database_down():
        Client(raise_request_exception=False).get("/roles/producer/")

    lines = [line for line in log_lines.getvalue().splitlines() if "django.request" in line]
    assert len(lines) == 1
    assert lines[0].endswith(
        "Service Unavailable: /roles/producer/ (OperationalError: connection refused)"
    )
    assert "Traceback" not in log_lines.getvalue()


def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, db):
    response = client.get("/healthz", headers={"X-Request-ID": "evil\nline"})

    assert response["X-Request-ID"] != "evil\nline"
    assert len(response["X-Request-ID"]) == 32


def test_outside_a_request_the_log_says_so():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "message", None, None)

    RequestIdFilter().filter(record)

    assert record.request_id == "-"
