"""How the site answers when a server it depends on (PostgreSQL, Redis) is down: a health
check for the load balancer, and a plain 503 page instead of an error page."""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What "a server we depend on is down" looks like from Python.
OUTAGES = (DatabaseError, RedisConnectionError, RedisTimeoutError)


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def cache_answers():
    cache.get("healthz")


CHECKS = {"database": database_answers, "cache": cache_answers}


@never_cache
@require_safe
def healthz(request):
    """200 when every part answers, 503 naming the parts that do not."""
    report = {}
    for part, check in CHECKS.items():
        try:
            check()
            report[part] = "ok"
        except Exception as error:  # any failure means the part is unusable
            logger.warning("healthz: %s failing: %s", part, error)
            report[part] = "failing"
    healthy = all(state == "ok" for state in report.values())
    return JsonResponse(report, status=200 if healthy else 503)


class OutageWithoutTraceback(logging.Filter):
    """A server that is down is one log line per request naming the error, not a
    traceback: the traceback says nothing the error does not."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, OUTAGES):
            reason = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            record.msg = f"{record.msg} ({reason.replace('%', '%%')})"
            record.exc_info = record.exc_text = None
        return True


def server_error(request):
    """The 500 handler: an outage of PostgreSQL or Redis is a 503 (try again soon),
    anything else the usual 500 page. Both are self-contained templates."""
    _, error, _ = sys.exc_info()
    if isinstance(error, OUTAGES):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
    else:
        response = HttpResponseServerError(loader.render_to_string("500.html"))
    # Never let a CDN or browser keep an error in place of the page.
    add_never_cache_headers(response)
    return response
