"""How the site answers when a server it depends on (PostgreSQL, Redis) is down: a health
check for the load balancer, and a plain 503 page instead of an error page."""

import contextlib
import datetime
import logging
import sys
from concurrent.futures import ThreadPoolExecutor

import health_check
from asgiref.sync import async_to_sync
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from health_check.views import HealthCheckView
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What "a server we depend on is down" looks like from Python.
OUTAGES = (DatabaseError, RedisConnectionError, RedisTimeoutError)


class Database(health_check.Database):
    # django-health-check waits this plus a second, so a database that accepts and never
    # answers is reported well inside the two seconds a load balancer gives /healthz.
    timeout = datetime.timedelta(seconds=0.5)


class Healthz(HealthCheckView):
    """200 when every part answers, 503 naming the parts that do not, as JSON.

    django-health-check runs the checks (each bounded in time); its own answers are a 500
    and names made from each check's repr, which load balancers here are not set up for.
    """

    parts = {
        "database": (Database, {"alias": "default"}),
        # The page cache: Redis when REDIS_URL is set, else this process's memory.
        "cache": (health_check.Cache, {"alias": "default"}),
        # Where an edit publishes the content version (careerguide/page_cache/published.py).
        "content_version": (health_check.Cache, {"alias": "content_version"}),
    }
    checks = tuple(parts.values())

    @contextlib.contextmanager
    def get_executor(self):
        # Not waited for: a check still stuck on a hung server ends by its own client
        # timeout (connect_timeout, socket_timeout) after the answer has gone.
        executor = ThreadPoolExecutor(max_workers=len(self.parts))
        try:
            yield executor
        finally:
            executor.shutdown(wait=False, cancel_futures=True)

    async def get(self, request, *args, **kwargs):
        await super().get(request, *args, **kwargs)  # runs the checks into self.results
        report = {
            part: "failing" if result.error else "ok"
            for part, result in zip(self.parts, self.results, strict=True)
        }
        for part, result in zip(self.parts, self.results, strict=True):
            if result.error:
                logger.warning("healthz: %s failing: %s", part, result.error)
        healthy = all(state == "ok" for state in report.values())
        return JsonResponse(report, status=200 if healthy else 503)


healthz = require_safe(Healthz.as_view())


class HealthzFirstMiddleware:
    """Answers /healthz ahead of the page cache, sessions and the rest of the stack. The
    page cache reads the content version from the database before it renders, and a
    database that hangs would hold the answer past the two seconds a load balancer waits;
    the checks themselves are each bounded."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.healthz = async_to_sync(healthz)

    def __call__(self, request):
        if request.path_info == "/healthz":
            # On a thread of its own: async_to_sync refuses a thread where an event loop
            # is running (a server or test harness may run one), and a new thread has none.
            with ThreadPoolExecutor(max_workers=1) as thread:
                return thread.submit(self.healthz, request).result()
        return self.get_response(request)


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
