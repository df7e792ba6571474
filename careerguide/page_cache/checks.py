"""Configuration the page cache cannot be exact without, reported by `manage.py check`."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .published import CACHE_ALIAS, PUBLISHED_SECONDS

# Caches that only the processes of one machine can read.
ONE_MACHINE = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.dummy.DummyCache",
    "careerguide.page_cache.machine_cache.MachineCache",
}


@register(Tags.caches)
def check_version_cache_configured(app_configs=None, **kwargs):
    if CACHE_ALIAS in settings.CACHES:
        return []
    return [
        Error(
            f"CACHES has no “{CACHE_ALIAS}” cache, so no page can be served from the cache.",
            hint="It is where edits publish the content version; see careerguide/settings.py.",
            id="page_cache.E001",
        )
    ]


@register(Tags.caches)
def check_search_cache_configured(app_configs=None, **kwargs):
    from .middleware import SEARCH_ALIAS

    if SEARCH_ALIAS in settings.CACHES:
        return []
    return [
        Warning(
            f"CACHES has no “{SEARCH_ALIAS}” cache, so every search is rendered afresh.",
            hint="Searches are kept apart from the other pages, bounded; see "
            "careerguide/settings.py.",
            id="page_cache.W002",
        )
    ]


@register(Tags.caches, deploy=True)
def check_version_shared_between_machines(app_configs=None, **kwargs):
    # SQLite is one machine's database; a database server may be shared by several.
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return []
    backend = settings.CACHES.get(CACHE_ALIAS, {}).get("BACKEND")
    if backend not in ONE_MACHINE:
        return []
    return [
        Warning(
            "The content version is published only to this machine's processes, so when "
            "more than one machine serves the site, an edit can take up to "
            f"{PUBLISHED_SECONDS} s to show on the others.",
            hint="Set REDIS_URL to one Redis that every instance uses.",
            id="page_cache.W001",
        )
    ]
