"""What a page reads from its address, so the cache keeps one entry per page.

A view says which form reads its query string (`@reads_query(CompareForm)`), or that it
reads none (`@reads_query()`); the form's fields are the parameters the page knows, and
nothing else lists them. Before the page cache looks for a page, the request is narrowed
to what that form reads: unknown parameters (`fbclid`, `utm_source`, a cache-buster)
dropped, empty values and defaults (a field's `initial`) left out, each value as the field
reads it, in the form's field order. The view then sees only that query string, so the
cached page and the page the view would render are the same by construction, and Django's
cache key (built from the address) is built from what the page reads.

Unknown parameters are served the clean page's entry rather than redirected to the clean
address: a redirect would cost every click on a shared link a second round trip, and the
site's own GET forms send their empty fields too, so every search would pay it. The
address as sent still reaches the access logs (gunicorn logs the raw request line, nginx
`$request_uri`), for a site owner who counts tracking parameters.

A view that declares nothing (the admin) gets its query string untouched, and
any address of it with a query string is kept with the searches.
"""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import CharField
from django.http import QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.http import urlencode

NO_QUERY = ()


def reads_query(form_class=None):
    """Declare the form that reads the view's query string (none: the view reads none).
    The view is wrapped, so a view of Django's own can be declared in a URLconf."""

    def declare(view):
        @functools.wraps(view)
        def reading(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        reading.query_fields = form_class.base_fields if form_class else NO_QUERY
        return reading

    return declare


def narrow(request):
    """Narrow `request` to the query string its page reads. True when the address left is
    one of endlessly many (it holds free text, a search, or a query string no form reads):
    the page cache keeps those apart, so they cannot push out the pages people come back to."""
    sent = request.META.get("QUERY_STRING")
    if not sent:
        return False  # nothing to narrow: most visits
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    query_string, endless = narrowed_address(urlconf, request.path_info, sent)
    if query_string != sent:
        request.META["QUERY_STRING"] = query_string
        request.GET = QueryDict(query_string)
    return endless


# Resolving the path and reading the query as the form would cost a hit more than the rest
# of the cache does, and the answer for an address never changes while the process runs:
# an address people come back to is narrowed once. Bounded, as addresses have no end (a
# flood of junk parameters only pushes out other addresses' answers, recomputed on need).
@functools.lru_cache(maxsize=4096)
def narrowed_address(urlconf, path, query_string):
    """(the query string the page at `path` reads of `query_string`, whether that address
    is one of endlessly many)."""
    fields = declared_fields(urlconf, path)
    if fields is None:
        return query_string, True
    query = QueryDict(query_string)
    kept, endless = [], False
    for name, field in fields.items() if fields else ():
        # As the form reads it: the widget picks the value(s), the field converts them.
        raw = field.widget.value_from_datadict(query, {}, name)
        try:
            value = field.to_python(raw)
        except ValidationError:
            # The form will say what is wrong with it, so the view sees it as sent.
            kept += [(name, item) for item in query.getlist(name)]
            continue
        if value in field.empty_values or value == field.initial:
            continue
        kept += [(name, str(item)) for item in (value if isinstance(value, list) else [value])]
        endless |= isinstance(field, CharField)
    return urlencode(kept), endless


def declared_fields(urlconf, path):
    """The fields of the form the view at `path` reads its query with, NO_QUERY when it
    reads none, or None when the view declares nothing (or nothing is there)."""
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    return getattr(view, "query_fields", None)
