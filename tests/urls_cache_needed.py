"""Two views for the outage tests: one that needs the cache, one with a plain bug."""

from django.core.cache import cache
from django.http import HttpResponse
from django.urls import path


def needs_cache(request):
    return HttpResponse(cache.get("greeting", "hello"))


def broken(request):
    raise ValueError("a bug, not an outage")


urlpatterns = [path("cached/", needs_cache), path("broken/", broken)]
handler500 = "careerguide.health.server_error"
