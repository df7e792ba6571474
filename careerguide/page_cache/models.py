"""The content version: one number that changes whenever any of the guide's content does.

Every page-cache key carries it, so a change makes every cached page unreachable at once;
the old entries age out of the cache on their own. It is a database row rather than a
cache entry or a variable in the process, because:

- every gunicorn worker and every instance reads the same database, with or without a
  shared cache (REDIS_URL), so none of them can miss a change;
- a change bumps it inside the change's own transaction, so a request that sees the new
  number also sees the new content. A number kept in the cache would move before the
  content was committed, and a request in between would keep the old page under the new
  key for good.

Reading it is the one query a cache hit costs. This is an app of its own, not a model in
`roles`, so that every `roles` model stays content: edited in the admin, loaded from the
fixtures, and a reason to bump this number.
"""

import time

from django.db import connections, models
from django.db.models import F

ROW = 1


class ContentVersion(models.Model):
    number = models.BigIntegerField()

    def __str__(self):
        return f"content version {self.number}"


def content_version(using="default"):
    """The current number, or None when there is no row yet (nothing is cached then)."""
    # Read on every request, so in plain SQL: building the ORM query costs some twenty
    # times what running it does, which would be most of the cost of a cache hit.
    connection = connections[using]
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {table} WHERE id = %s", [ROW])
        row = cursor.fetchone()
    return row[0] if row else None


def bump_content_version(using="default"):
    """Mark every cached page out of date. The signals call it on every save and delete of
    a content row; call it yourself after changing content in a way that sends no model
    signals (`QuerySet.update()`, `bulk_create()`, raw SQL)."""
    rows = ContentVersion.objects.using(using).filter(pk=ROW)
    if rows.update(number=F("number") + 1):
        return
    # The row is gone (`manage.py flush`) or never was. Starting from the clock rather
    # than 1 never reuses a number whose pages a shared cache may still hold.
    _, created = ContentVersion.objects.using(using).get_or_create(
        pk=ROW, defaults={"number": time.time_ns()}
    )
    if not created:
        rows.update(number=F("number") + 1)
