"""Pages meant for one visitor, or never to be reused: the page cache must not keep them."""

import itertools

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_control, never_cache

visits = itertools.count()


def visit_number(request):
    return HttpResponse(f"Visit {next(visits)}")


urlpatterns = [
    path("private/", cache_control(private=True)(visit_number)),
    path("never/", never_cache(visit_number)),
]
