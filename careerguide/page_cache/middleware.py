"""Serve every public page from the cache on a repeat visit, and never a stale one.

It sits right under WhiteNoise, so a hit skips sessions, CSRF, auth and the view: two
cache reads (the published content version and the page) and no query. A page is kept
with the content version it was rendered at and served only while that version is the
published one (published.py says why that is exact). Below it, GZipMiddleware compresses
and ConditionalGetMiddleware sets the ETag on the uncompressed body, so the cache keeps
the finished response for each encoding, and the ETag changes exactly when the page does.

What is kept: a 200 answer to GET or HEAD that is the same for every visitor, i.e. it
sets no cookie, varies on no request header the key does not hold, and is not marked
private, no-cache or no-store (the admin's `never_cache`, /healthz). Error answers are
marked never to be cached, here and in browsers. The cache only ever speeds things up:
when it (or the version) cannot be read, the page is rendered as if nothing were cached.
"""

import hashlib
import logging
import re

from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
)
from django.utils.http import parse_http_date_safe

from . import published
from .models import content_version

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
# Entries go out of date with the version, not with time; this only lets a shared cache
# drop the ones nobody asks for again.
ENTRY_SECONDS = 24 * 60 * 60
# Browsers and CDNs may reuse a page this long, then revalidate it with its ETag (a 304
# costs what a hit costs). Short, because an edit cannot reach a copy held elsewhere.
BROWSER_SECONDS = 60
# A page bigger than this is rendered each time rather than kept: with the cache's entry
# limit (MAX_ENTRIES in CACHES) it bounds the memory a flood of query strings can take.
MAX_ENTRY_BYTES = 512 * 1024

# The request headers a page may differ by; each is folded into the key. A response that
# varies on anything else (a cookie, say) is not the same for everyone, so it is not kept.
KEYED_HEADERS = {"accept-encoding", "hx-request", "hx-history-restore-request"}
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # GZipMiddleware's own test
UNSHAREABLE = {"private", "no-cache", "no-store"}
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        key = page_key(request)
        current = published.published_version() if key else None
        response = cached_page(key, current)
        if response is None:
            # A HEAD is answered from what a GET kept, but keeps nothing itself: Django
            # gives it no ETag, and the GETs it would serve need one.
            keeping = key is not None and request.method == "GET"
            rendered_at = version_before_render() if keeping else None
            response = self.render(request)
            if is_public(response):
                if not response.has_header("Cache-Control"):
                    patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
                if rendered_at is not None and is_published(rendered_at, current):
                    keep(key, rendered_at, response)
            elif response.status_code >= 400:
                add_never_cache_headers(response)
        return answer_conditionally(request, response)

    def render(self, request):
        # Below, a revalidation would be answered with a bare 304, which cannot be kept:
        # the stack renders the whole page and the condition is answered here instead.
        meta = request.META
        hidden = {name: meta.pop(name) for name in CONDITIONAL_HEADERS if name in meta}
        try:
            return self.get_response(request)
        finally:
            request.META.update(hidden)


def page_key(request):
    """The cache key for this request's page, or None when it must not be cached."""
    # Headers are read from META rather than `request.headers`, which copies every header
    # first: this runs on every hit.
    meta = request.META
    try:
        # The address as sent (a page shows its own absolute address), with the host
        # validated; plainer than build_absolute_uri(), which costs a fifth of a hit.
        host = request.get_host()
        url = f"{request.scheme}://{host}{request.path}?{meta.get('QUERY_STRING', '')}"
    except DisallowedHost:
        return None
    # The three shapes a page comes in: whole, the htmx part, or whole for htmx's history
    # restore (which also says "HX-Request"); and compressed or not.
    shape = (
        ("htmx" if meta.get("HTTP_HX_REQUEST") == "true" else "page")
        + ("-restore" if meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST") == "true" else "")
        + ("-gzip" if ACCEPTS_GZIP.search(meta.get("HTTP_ACCEPT_ENCODING", "")) else "")
    )
    address = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"page:{shape}:{address}"


def version_before_render():
    """The content version a page about to be rendered will be kept at, or None.

    Read from the database before the render, so the page shows that version or a newer
    one, never an older one. A newer one is harmless: the change that made it published
    a newer number before it committed, so the page is never served under the old one."""
    try:
        return content_version()
    except DatabaseError:
        return None


def is_published(number, published_number):
    """Whether a page rendered at `number` may be kept: only at the published version
    (publishing it if none is), so a rolled-back change never leaves pages behind."""
    if published_number is None:
        published_number = published.adopt(number)
    return number == published_number


def is_public(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_ENTRY_BYTES:
        return False
    cache_control = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & UNSHAREABLE:
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    return vary - {""} <= KEYED_HEADERS


def cached_page(key, version):
    """The page kept under `key`, if it was rendered at `version`."""
    if key is None or version is None:
        return None
    try:
        entry = caches[CACHE_ALIAS].get(key)
    except Exception as error:  # A cache server that is down is a miss, never an error page.
        logger.warning("The page cache could not be read (%s); rendering instead.", error)
        return None
    if entry is None or entry[0] != version:
        return None
    return entry[1]


def keep(key, version, response):
    # Under the address alone, so a page rendered at a new version replaces the old one.
    # The response itself, as Django's own cache middleware keeps it: unpickling it costs
    # half what building a new one from its headers does.
    entry = (version, response)
    try:
        caches[CACHE_ALIAS].set(key, entry, ENTRY_SECONDS)
    except Exception as error:
        logger.warning("The page cache could not be written (%s).", error)


def answer_conditionally(request, response):
    """304 Not Modified when the browser's copy is still this page."""
    if not any(name in request.META for name in CONDITIONAL_HEADERS):
        return response  # no copy to compare with: most visits
    etag = response.get("ETag")
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    if not (etag or last_modified):
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
