"""Each role's `LastChange`: kept as history is written, rebuilt from history when rows
arrive without it (a fixture load writes history in bulk, which sends no signal).

Why a stored date: reading it from history took a subquery per kind of row in every role
query (fourteen), and compiling them cost about a quarter of a cold role page's render.
It is written inside the edit's own transaction, so a page rendered at the content
version that edit publishes always shows the edit's date.
"""

import functools

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import Max
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from .models import JobOutlook, LastChange, Role, role_content_rows


def roles_named(instance):
    """The pks of the roles whose pages show `instance` (a content row or a role)."""
    if isinstance(instance, JobOutlook):
        # An outlook names its roles through a many-to-many: it dates the roles it is
        # linked to when it changes.
        return set(instance.roles.values_list("pk", flat=True)) if instance.pk else set()
    for model, keys in role_content_rows():
        if isinstance(instance, model):
            return {getattr(instance, model._meta.get_field(key).attname) for key in keys}
    return set()


@receiver(post_create_historical_record, dispatch_uid="roles.last_change")
def history_written(sender, instance, history_instance, using, **kwargs):
    if isinstance(instance, Role) and history_instance.history_type == "-":
        # The role is gone, and its date with it. Rows deleted with it (which come first)
        # may have written one again: foreign keys are checked at commit, so it can go.
        LastChange.objects.using(using).filter(role_id=instance.pk).delete()
        return
    record(roles_named(instance), history_instance.history_date, using)


def record(role_pks, at, using="default"):
    """Date the pages of `role_pks` at `at` unless they already show a later change.
    Insert first, then move forward: two edits at once each wait for the other's row,
    and the later date wins whichever commits first."""
    role_pks = {pk for pk in role_pks if pk is not None}
    if not role_pks:
        return
    changes = LastChange.objects.using(using)
    changes.bulk_create([LastChange(role_id=pk, at=at) for pk in role_pks], ignore_conflicts=True)
    changes.filter(role_id__in=role_pks, at__lt=at).update(at=at)


def rebuild(using="default", apps=global_apps):
    """Date every role from its history. `apps` is the registry whose models it reads, so
    the migration that adds `LastChange` can fill it. A fixed number of queries."""
    model = functools.partial(apps.get_model, "roles")
    with transaction.atomic(using):
        dated = latest_in_history(model, using)
        changes = model("LastChange")._base_manager.using(using)
        # Written over in one statement, not deleted and added: a delete sends a signal per
        # row, and each would bump the content version.
        changes.bulk_create(
            [model("LastChange")(role_id=pk, at=at) for pk, at in dated.items()],
            update_conflicts=True,
            unique_fields=["role"],
            update_fields=["at"],
        )
        changes.exclude(role_id__in=dated).delete()


def latest_in_history(model, using):
    """{role pk: the newest history record of the role or of a row that names it, or of a
    job outlook linked to it now}, for the roles there are."""
    latest = {}

    def consider(pk, at):
        if pk is not None and at is not None and (pk not in latest or at > latest[pk]):
            latest[pk] = at

    for current, keys in role_content_rows():
        history = model(f"Historical{current.__name__}")._base_manager.using(using)
        for key in keys:
            attname = current._meta.get_field(key).attname
            for pk, at in history.values_list(attname).annotate(at=Max("history_date")):
                consider(pk, at)
    outlooks = model("HistoricalJobOutlook")._base_manager.using(using).values_list("id")
    outlook_dates = dict(outlooks.annotate(at=Max("history_date")))
    links = model("JobOutlook").roles.through._base_manager.using(using)
    for outlook, role in links.values_list("joboutlook", "role"):
        consider(role, outlook_dates.get(outlook))
    roles = model("Role")._base_manager.using(using).order_by()
    existing = set(roles.values_list("pk", flat=True))
    return {pk: at for pk, at in latest.items() if pk in existing}
