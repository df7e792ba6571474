"""An operator runs several instances behind nginx: the load balancer asks each one if it
is healthy, a server that is down gets a plain 503 rather than an error page, and every
log line carries the request id nginx sent."""

import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client, override_settings

from careerguide.request_id import RequestIdFilter

# Port 1 on this machine: nothing listens, so the connection is refused at once.
_UNREACHABLE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
}
# As with REDIS_URL set: the page cache and the content version both on Redis.
UNREACHABLE_REDIS = {"default": _UNREACHABLE, "content_version": _UNREACHABLE}


def database_down():
    """Every connection refuses, in any thread (the health check runs its own)."""
    return mock.patch.object(
        type(connections["default"]),
        "cursor",
        side_effect=OperationalError("connection refused"),
    )


def test_when_everything_answers_healthz_says_ok(client, db, django_assert_num_queries):
    # Answered ahead of the page cache, so no content version is read; the check's own
    # SELECT 1 runs on a connection of its own, in the check's thread.
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "content_version": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_names_the_database_when_it_is_down(client, db):
    with database_down():
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "failing", "cache": "ok", "content_version": "ok"}
    assert "no-store" in response["Cache-Control"]


@override_settings(CACHES=UNREACHABLE_REDIS)
def test_healthz_names_the_cache_when_redis_is_down(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "database": "ok",
        "cache": "failing",
        "content_version": "failing",
    }


def test_healthz_names_the_content_version_when_only_it_is_unreachable(client, db, settings):
    # Pages would be kept, but no process could learn of an edit: not healthy.
    settings.CACHES = {**settings.CACHES, "content_version": _UNREACHABLE}
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "ok", "content_version": "failing"}


@pytest.fixture
def hung_database():
    """A port that accepts connections and never says a word, like a database that hangs."""
    listener = socket.create_server(("127.0.0.1", 0))
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    listener.close()


HEALTHZ_ON_ANOTHER_DATABASE = """
import json, time
import django
django.setup()
from django.test import Client
client = Client()
# A running server has loaded its code and built its middleware before the load balancer
# asks; the first request of a fresh process does both, which a busy machine makes slow.
client.get("/healthz")
began = time.monotonic()
response = client.get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json(),
                  "seconds": time.monotonic() - began}))
"""


def test_healthz_answers_within_two_seconds_when_the_database_hangs(hung_database):
    env = os.environ | {
        "DATABASE_URL": f"postgres://careerguide:x@127.0.0.1:{hung_database}/careerguide",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_HTTPS": "0",
        "DJANGO_SETTINGS_MODULE": "careerguide.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", HEALTHZ_ON_ANOTHER_DATABASE],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])

    assert answer["status"] == 503
    assert answer["body"]["database"] == "failing"
    assert answer["seconds"] < 2


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


def test_on_postgresql_a_statement_that_hangs_is_ended_by_the_database(db, settings):
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL's statement_timeout (make pytest-postgres)")
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        (timeout,) = cursor.fetchone()

    assert timeout == "5s"
