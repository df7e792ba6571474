"""The content version: one number that changes whenever any of the guide's content does.

A cached page carries the number it was rendered at and is served only while that number
is current, so a change retires every cached page at once. The truth is this database
row, because:

- every gunicorn worker and every instance reads the same database, with or without a
  shared cache, so none of them can miss a change;
- a change bumps it inside the change's own transaction, so the number and the content
  it describes are committed together, or not at all.

A cache hit does not read it here: each bump also publishes the number where every
process reads it without a query (`published.py` says how, and why that stays exact).
This is an app of its own, not a model in `roles`, so that every `roles` model stays
content: edited in the admin, loaded from the fixtures, and a reason to bump this number.
"""

import time

from django.db import models
from django.db.models import F

from . import published

ROW = 1


class ContentVersion(models.Model):
    number = models.BigIntegerField()

    def __str__(self):
        return f"content version {self.number}"


def content_version(using="default"):
    """The current number, or None when there is no row yet (nothing is cached then)."""
    # Every cold render reads this, so it is the plainest query: at most one row by its
    # key, no ORDER BY or LIMIT for `first()` to add (which nearly doubles its cost).
    numbers = list(
        ContentVersion.objects.using(using).filter(pk=ROW).values_list("number", flat=True)
    )
    return numbers[0] if numbers else None


def bump_content_version(using="default"):
    """Mark every cached page out of date. The signals call it on every save and delete of
    a content row; call it yourself after changing content in a way that sends no model
    signals (`QuerySet.update()`, `bulk_create()`, raw SQL)."""
    rows = ContentVersion.objects.using(using).filter(pk=ROW)
    if not rows.update(number=F("number") + 1):
        # The row is gone (`manage.py flush`) or never was. Starting from the clock rather
        # than 1 never reuses a number whose pages a shared cache may still hold.
        _, created = ContentVersion.objects.using(using).get_or_create(
            pk=ROW, defaults={"number": time.time_ns()}
        )
        if not created:
            rows.update(number=F("number") + 1)
    # Before the change commits (see published.py): read back inside this transaction.
    published.publish(content_version(using), using)
