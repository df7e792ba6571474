"""Any save or delete of a content row, however it happens, bumps the content version.

The receivers listen to every model and keep the `roles` app's, so a model added there
later is covered without being listed. `raw` saves (loaddata) send these signals too, and
so do the admin's inlines and many-to-many edits.

simple-history's rows are `roles` models too, and each save of a content row writes one
before this receiver runs. That save's own bump covers it, so a new history row bumps
nothing: one bump per edit. Any other change to history (a cleanup deleting old rows) does
bump, because a role page shows when it last changed.

A deployment runs `migrate`, so new templates or code never meet pages a shared cache
kept from the old ones.
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from simple_history.models import HistoricalChanges

from .models import bump_content_version

CONTENT_APPS = {"roles"}


def is_content(model):
    return model._meta.app_label in CONTENT_APPS


@receiver(post_save, dispatch_uid="page_cache.saved")
@receiver(post_delete, dispatch_uid="page_cache.deleted")
def content_changed(sender, using, created=False, **kwargs):
    if is_content(sender) and not (created and issubclass(sender, HistoricalChanges)):
        bump_content_version(using)


@receiver(m2m_changed, dispatch_uid="page_cache.linked")
def content_links_changed(sender, action, using, **kwargs):
    if action.startswith("post_") and is_content(sender):
        bump_content_version(using)


@receiver(post_migrate, dispatch_uid="page_cache.migrated")
def code_changed(sender, using, **kwargs):
    if sender.name == "page_cache":
        bump_content_version(using)
