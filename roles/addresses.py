"""The guide's own addresses: every role page, /compare/?… and /career-path/?at=… link is
built here (templates use `get_absolute_url` and the `guide` template tags, which call
these), never by hand."""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def page_url(name, *args):
    """`reverse(name, args=args)`, worked out once per process for each address. A page
    that lists a thousand roles links every one of them, and each reverse() costs tens of
    microseconds (a fifth of the home page's render at 100x the content). The script
    prefix and the URL conf are part of the key, so a deployment under a prefix or a test
    with URL patterns of its own never gets another one's address."""
    return _reversed(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, name, args)


@lru_cache(maxsize=16384)  # bounded: a few addresses per role, a role per slug
def _reversed(prefix, urlconf, name, args):
    return reverse(name, args=args)


def _slug(role):
    return getattr(role, "slug", role)


def compare_url(first, second):
    """The compare page for two roles (or slugs), in the order given."""
    return page_url("roles:compare") + "?" + urlencode({"a": _slug(first), "b": _slug(second)})


def career_path_url(at=None):
    """The career path, marked at the role (or slug) `at` when given."""
    url = page_url("roles:career_path")
    return f"{url}?{urlencode({'at': _slug(at)})}" if at else url
