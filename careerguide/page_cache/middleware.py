"""Serve every public page from the cache on a repeat visit, and never a stale one.

Django's cache middleware does the caching: one entry per address and per value of each
request header the page varies on, looked up before the rest of the stack runs. Around
it, the page cache adds three things:

- its key prefix is the published content version (published.py), read on every request:
  an edit retires every cached page at once, in every process, and a page is kept only
  at the version the database held before it was rendered;
- the request is first narrowed to what the page reads (addresses.py) and each header the
  pages vary on to what the stack below tells apart, so junk in an address or a header
  makes no new entry;
- a search, one of endlessly many addresses, is kept in a cache of its own (`searches`,
  bounded and in each process's memory), so a flood of them cannot push out the pages
  people come back to.

It sits near the top, right under ConditionalGetMiddleware, so a hit skips the security
headers (kept with the page), sessions, CSRF, auth and the view: three cache reads (the
version, the page's list of headers, the page) and no query. Static files pass straight
through to WhiteNoise below. ConditionalGetMiddleware, above it, answers a revalidation
for a hit and a fresh render alike, so a revalidation on a cold cache still leaves the
whole page in the cache. Below it GZipMiddleware compresses and ETagMiddleware gives the
ETag of the uncompressed body, so the cache keeps each encoding whole.

What is kept is what Django keeps (a 200 to GET or HEAD, not private, no-cache or
no-store: the admin's `never_cache`, /healthz), and only when it is the same for every
visitor: no cookie, no variation on a request header not narrowed here. Error answers are
marked never to be cached, here and in browsers. The cache only ever speeds things up:
when it (or the version) cannot be read, the page is rendered as if nothing were cached.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.middleware.cache import CacheMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    patch_cache_control,
    set_response_etag,
)

from . import published
from .addresses import narrow
from .models import content_version

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
SEARCH_ALIAS = "searches"
# Browsers and CDNs may reuse a page this long, then revalidate it with its ETag (a 304
# costs what a hit costs); the page cache keeps it as long. Short, because an edit cannot
# reach a copy held elsewhere.
BROWSER_SECONDS = 60
# A page bigger than this is rendered each time rather than kept: with each cache's entry
# limit (MAX_ENTRIES in CACHES) it bounds the memory the cached pages can take.
MAX_ENTRY_BYTES = 512 * 1024

# The request headers a page may vary on. Each is narrowed to what the stack below tells
# apart (GZipMiddleware: whether gzip is accepted; django-htmx: whether it says "true")
# before Django folds its value into the key. A response that varies on anything else (a
# cookie, say) is not the same for everyone, so it is not kept.
KEYED_HEADERS = {"accept-encoding", "hx-request", "hx-history-restore-request"}
HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_HISTORY_RESTORE_REQUEST")
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
ALIASES = (CACHE_ALIAS, SEARCH_ALIAS)
# What the page cache learns of a request, kept on it: one middleware serves every thread.
RENDERED_AT = "page_cache_rendered_at"
HIT = "page_cache_hit"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL
        self.at_version = {}

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.static_prefix):
            return self.get_response(request)  # static files: WhiteNoise, just below
        alias = narrowed(request)
        version = published.published_version()
        if version is None:
            # Nothing published (a fresh cache, or the number expired): publish what the
            # database holds, unless an edit published a newer number first.
            rendered_at = version_before_render()
            setattr(request, RENDERED_AT, rendered_at)
            version = published.adopt(rendered_at) if rendered_at is not None else None
        if version is None or alias not in settings.CACHES:
            return self.render(request)
        return self.cache_at(version, alias)(request)

    def cache_at(self, version, alias):
        """Django's cache middleware with the version as its key prefix (it reads the prefix
        from itself), one for each version and cache, made once: a hit builds nothing."""
        key = (version, alias)
        middleware = self.at_version.get(key)
        if middleware is None:
            if len(self.at_version) >= 2 * len(ALIASES):
                self.at_version.clear()  # older versions: nothing is kept at them any more
            middleware = self.at_version[key] = PageAtVersion(self.render, version, alias)
        return middleware

    def render(self, request):
        response = self.get_response(request)
        if is_keepable(response):
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
        elif response.status_code >= 400:
            add_never_cache_headers(response)
        return response


class PageAtVersion(CacheMiddleware):
    """Django's cache middleware for one content version: its keys carry the version, and
    a page rendered at another one is not kept. Shared by every request (and thread) at
    that version, so what it learns of a request is kept on the request."""

    def __init__(self, render, version, alias):
        super().__init__(self.render_at_version, key_prefix=str(version), cache_alias=alias)
        self.render = render
        self.version = version

    def process_request(self, request):
        try:
            response = super().process_request(request)
        except DisallowedHost:
            return None  # the stack below answers it with a 400, as without a cache
        except Exception as error:  # A cache server that is down is a miss, never an error.
            logger.warning("The page cache could not be read (%s); rendering instead.", error)
            return None
        setattr(request, HIT, response is not None)
        return response

    def render_at_version(self, request):
        if getattr(request, RENDERED_AT, None) is None:
            setattr(request, RENDERED_AT, version_before_render())
        return self.render(request)

    def process_response(self, request, response):
        if getattr(request, HIT, False) or not is_keepable(response):
            return response
        if getattr(request, RENDERED_AT, None) != self.version:
            return response
        try:
            return super().process_response(request, response)
        except Exception as error:
            logger.warning("The page cache could not be written (%s).", error)
            return response


class ConditionalPageMiddleware(ConditionalGetMiddleware):
    """ConditionalGetMiddleware, above the page cache: a 304 for a browser whose copy is
    still the page, whether the page came from the cache or was just rendered."""

    def process_response(self, request, response):
        if not any(name in request.META for name in CONDITIONAL_HEADERS):
            return response  # no copy to compare with: most visits, and every hit's cost
        return super().process_response(request, response)


class ETagMiddleware(ConditionalGetMiddleware):
    """The ETag ConditionalGetMiddleware gives, and nothing else: the condition is answered
    above the page cache, so that a revalidation still renders the page it can keep."""

    def process_response(self, request, response):
        needs_one = request.method == "GET" and not response.has_header("ETag")
        if needs_one and self.needs_etag(response):
            set_response_etag(response)
        return response


def narrowed(request):
    """Narrow `request` to what its page reads; the alias of the cache its page is kept in."""
    endless = narrow(request)
    narrow_headers(request.META)
    return SEARCH_ALIAS if endless else CACHE_ALIAS


def narrow_headers(meta):
    if re_accepts_gzip.search(meta.get("HTTP_ACCEPT_ENCODING", "")):
        meta["HTTP_ACCEPT_ENCODING"] = "gzip"
    else:
        meta.pop("HTTP_ACCEPT_ENCODING", None)
    for name in HTMX_HEADERS:
        if meta.get(name) != "true":
            meta.pop(name, None)


def version_before_render():
    """The content version a page about to be rendered will be kept at, or None.

    Read from the database before the render, so the page shows that version or a newer
    one, never an older one. A newer one is harmless: the change that made it published
    a newer number before it committed, so the page is never served under the old one."""
    try:
        return content_version()
    except DatabaseError:
        return None


def is_keepable(response):
    """Whether the response is the same for every visitor, and small enough to keep."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_ENTRY_BYTES:
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return vary - {""} <= KEYED_HEADERS
