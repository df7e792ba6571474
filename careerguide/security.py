"""Security plumbing that no library in the lock provides: one response header, HEAD
without a body, a quiet log line for bad Host headers, and the client address for the
admin lockout. The policies themselves are settings (see "Security hardening" there)."""

import itertools
import logging

from django.conf import settings


class CrossOriginResourcePolicyMiddleware:
    """Cross-Origin-Resource-Policy on every response: Django 5.2 has no setting for it,
    and a library for one fixed header would be more code than this."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.resource_policy = settings.CROSS_ORIGIN_RESOURCE_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", self.resource_policy)
        return response


class HeadWithoutBodyMiddleware:
    """Answer HEAD with the headers GET would get and no body.

    Django renders HEAD like GET and leaves dropping the body to the server (runserver and
    the test client do it; gunicorn drops it too, but logs a warning each time). Outermost,
    so every other layer (compression, ETag, Content-Length, caching) sees the same
    response as for GET and the headers match.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.close()
                response.streaming_content = []
            else:
                length = response.get("Content-Length", str(len(response.content)))
                response.content = b""
                response["Content-Length"] = length
        return response


class BadHostFilter(logging.Filter):
    """A request for a host we do not serve is a scanner or a misconfigured proxy, not a
    bug: one warning line with a running count, no traceback."""

    _count = itertools.count(1)

    def filter(self, record):
        record.bad_host_count = next(self._count)
        record.msg = f"{record.getMessage()} [bad Host header #{record.bad_host_count}]"
        record.args = ()
        record.exc_info = record.exc_text = record.stack_info = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def client_ip(request):
    """The address a login attempt came from, for the lockout.

    Behind DJANGO_PROXY_COUNT proxies that each append to X-Forwarded-For, the client is
    the entry the outermost of ours added; anything left of it was sent by the client and
    can be forged. With no proxy it is the socket's address.

    Kept rather than django-axes' AXES_IPWARE_PROXY_COUNT: django-ipware's strict mode
    skips a header a client prepended to and falls back to the proxy's own address, so a
    forger would lock out everyone behind that proxy.
    """
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
