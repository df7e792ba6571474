"""The published content version: where a cache hit learns whether its page is current.

The database row (`models.ContentVersion`) is the truth, but reading it would cost a
query on every hit, a large share of what a hit costs (README, Speed). So each bump also
publishes the new number in a cache every process that serves pages reads: the shared
Redis (REDIS_URL), or, on one machine without it, a few bytes of file all gunicorn workers
share (machine_cache.py; the CACHES alias below). A hit reads the number there and
compares it with the one its entry was rendered at, with no query at all.

Why a hit can trust the published number:
- the bump publishes inside the edit's transaction, before it commits, so once the new
  content can be read, the number that retires the old pages is already out;
- a page is kept with the version the database held before it was rendered
  (`middleware.version_before_render`), so it shows that version or a newer one; a newer
  one was published before it committed, so the page is never served as current under
  the old number;
- a page is kept only when its version is the published one; a bump that rolls back
  leaves a number published that no page is kept at: renders until it expires, never a
  stale page;
- when nothing is published (a fresh or flushed cache) the first render publishes what
  the database holds, with `add`, so it cannot undo a bump that got there first;
- the number expires after PUBLISHED_SECONDS and is read from the database again, so a
  failure between publishing and reading (a cache server that was unreachable during an
  edit) leaves a page out of date no longer than a browser may keep it anyway.

The key names the database, so two sites on one machine (a test run beside `make run`, the
benchmark's own databases) never read each other's number.
"""

import functools
import hashlib
import logging

from django.core.cache import caches
from django.db import connections

logger = logging.getLogger(__name__)

CACHE_ALIAS = "content_version"
PUBLISHED_SECONDS = 60


def published_version(using="default"):
    """The published number, or None when there is none (or it cannot be read)."""
    try:
        return caches[CACHE_ALIAS].get(_key(using))
    except Exception as error:  # A cache that is down means nothing is served from it.
        logger.warning("The content version could not be read (%s).", error)
        return None


def publish(number, using="default"):
    try:
        caches[CACHE_ALIAS].set(_key(using), number, PUBLISHED_SECONDS)
    except Exception as error:
        # The edit itself must not fail for this: the number expires, see above.
        logger.error("The content version %s could not be published (%s).", number, error)


def adopt(number, using="default"):
    """Publish `number` unless a number is already published; the published one."""
    try:
        cache = caches[CACHE_ALIAS]
        if cache.add(_key(using), number, PUBLISHED_SECONDS):
            return number
        return cache.get(_key(using))
    except Exception as error:
        logger.warning("The content version could not be published (%s).", error)
        return None


def forget(using="default"):
    """Drop the published number, as if the cache were fresh (tests roll back the
    database under it)."""
    caches[CACHE_ALIAS].delete(_key(using))


def _key(using):
    database = connections[using].settings_dict
    return _key_for(
        tuple(str(database.get(part, "")) for part in ("ENGINE", "NAME", "HOST", "PORT"))
    )


@functools.lru_cache(maxsize=16)
def _key_for(identity):
    digest = hashlib.md5("|".join(identity).encode(), usedforsecurity=False).hexdigest()
    return f"content-version:{digest}"
