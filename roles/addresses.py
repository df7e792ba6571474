"""Addresses with a query string: every /compare/?… and /career-path/?at=… link is built
here (templates use the `guide` template tags, which call these), never by hand."""

from urllib.parse import urlencode

from django.urls import reverse


def _slug(role):
    return getattr(role, "slug", role)


def compare_url(first, second):
    """The compare page for two roles (or slugs), in the order given."""
    return reverse("roles:compare") + "?" + urlencode({"a": _slug(first), "b": _slug(second)})


def career_path_url(at=None):
    """The career path, marked at the role (or slug) `at` when given."""
    url = reverse("roles:career_path")
    return f"{url}?{urlencode({'at': _slug(at)})}" if at else url
