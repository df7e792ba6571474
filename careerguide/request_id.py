"""One id per request, from nginx's X-Request-ID, so a log line can be traced through
nginx, the app instance that answered and back to the visitor's response."""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

_current = contextvars.ContextVar("request_id", default="-")

# Anything else in the header (a visitor can send one) is replaced rather than logged.
_SAFE = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request.id = sent if _SAFE.fullmatch(sent) else uuid.uuid4().hex
        # Kept until the request is finished, not only until this middleware returns:
        # Django logs a 4xx/5xx response after the whole middleware chain.
        _current.set(request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


def _forget(**kwargs):
    _current.set("-")


request_finished.connect(_forget, dispatch_uid="careerguide.request_id")


class RequestIdFilter(logging.Filter):
    """Gives every log record a `request_id` (`-` outside a request) for the formatter."""

    def filter(self, record):
        record.request_id = _current.get()
        return True
