"""The six content fixtures in `fixtures/`: loading them safely and writing them back.

Loading is Django's own `loaddata` inside one transaction, with two additions that cost
no queries: each row's fields are checked before it is written, so a refusal names the
record and says what is wrong in plain words, and a database constraint's own message
replaces the database's error text. Then the content rules run over the whole content;
any problem rolls the whole load back. Rows a load really changes get a history record,
so the role pages' "last updated" dates and the admin's history stay true.

Writing back is `dumpdata` per file, in the format the committed files have.
"""

import io
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, models, transaction
from django.db.models.signals import post_save, pre_save
from simple_history.models import HistoricalChanges

from . import last_change
from .content_rules import content_problems

# File name (without .json) -> the models it holds, in load order: each file refers only
# to rows in the files before it.
CONTENT_FILES = {
    "sources": ["roles.source"],
    "taxonomy": ["roles.industry", "roles.skill", "roles.certification"],
    "roles": ["roles.role", "roles.prosepassage"],
    "details": [
        "roles.relationship",
        "roles.responsibility",
        "roles.roleskill",
        "roles.education",
        "roles.rolecertification",
        "roles.industryvariant",
        "roles.roleindustry",
        "roles.sourcecomparison",
    ],
    "figures": ["roles.salaryfigure", "roles.joboutlook"],
    "career_path": ["roles.careermove"],
}

LOADED_FROM_FIXTURES = "Loaded from the fixtures"


def fixtures_dir():
    return settings.FIXTURE_DIRS[0]


def content_models():
    """The models the fixtures hold (not their history)."""
    return [apps.get_model(label) for labels in CONTENT_FILES.values() for label in labels]


def content_present(using="default"):
    return any(model._base_manager.using(using).exists() for model in content_models())


def load(*labels, using="default", verbosity=1, stdout=None):
    """Load fixtures whole or not at all; returns how many rows got a history record."""
    loaded = []
    try:
        with transaction.atomic(using=using), _checking_each_row(loaded):
            call_command(
                "loaddata",
                *(labels or CONTENT_FILES),
                database=using,
                verbosity=verbosity,
                stdout=stdout,
            )
            problems = content_problems()
            if problems:
                raise CommandError(
                    "The content breaks these rules:\n"
                    + "\n".join(f"- {p.message} [{p.code}]" for p in problems)
                )
            recorded = _record_history(loaded, using)
            # The history is written in bulk, which sends no signal to date the pages.
            last_change.rebuild(using)
            return recorded
    except (CommandError, DeserializationError, DatabaseError, ValueError, LookupError) as e:
        raise CommandError(
            f"Nothing was loaded; the database is unchanged. {_in_plain_words(e)}"
        ) from e


def export(directory=None, using="default"):
    """Write each content file as `dumpdata` does (natural keys, two-space indent)."""
    directory = directory or fixtures_dir()
    written = []
    for name, labels in CONTENT_FILES.items():
        out = io.StringIO()
        call_command(
            "dumpdata",
            *labels,
            natural_foreign=True,
            natural_primary=True,
            indent=2,
            database=using,
            stdout=out,
        )
        path = directory / f"{name}.json"
        path.write_text(out.getvalue(), encoding="utf-8")
        written.append(path)
    return written


def changes_since_last_load(using="default"):
    """History records of edits made after the content was last loaded, newest first."""
    histories = [model.history.model for model in content_models()]
    loads = [
        h._base_manager.using(using).filter(history_change_reason=LOADED_FROM_FIXTURES)
        for h in histories
    ]
    dates = [q.aggregate(last=models.Max("history_date"))["last"] for q in loads]
    last_load = max(filter(None, dates), default=None)
    edits = []
    for history in histories:
        rows = history._base_manager.using(using).exclude(
            history_change_reason=LOADED_FROM_FIXTURES
        )
        if last_load is not None:
            rows = rows.filter(history_date__gt=last_load)
        edits.extend(rows.select_related("history_user"))
    return sorted(edits, key=lambda h: h.history_date, reverse=True)


@contextmanager
def _checking_each_row(loaded):
    def check(sender, instance, raw, **kwargs):
        if raw and _is_content(sender):
            _check_row(instance)

    def remember(sender, instance, raw, **kwargs):
        if raw and _is_content(sender):
            loaded.append(instance)

    pre_save.connect(check, weak=False, dispatch_uid="content_files.check")
    post_save.connect(remember, weak=False, dispatch_uid="content_files.remember")
    try:
        yield
    finally:
        pre_save.disconnect(dispatch_uid="content_files.check")
        post_save.disconnect(dispatch_uid="content_files.remember")


def _is_content(model):
    return model._meta.app_label == "roles" and not issubclass(model, HistoricalChanges)


def _check_row(instance):
    # Only what needs no query: the database enforces foreign keys and uniqueness, and
    # the content rules look at many rows once the whole load is in.
    keys = [f for f in instance._meta.concrete_fields if f.is_relation]
    for field in keys:
        if getattr(instance, field.attname) is None and not field.null:
            target = field.related_model._meta.verbose_name
            raise CommandError(
                f"{describe(instance)} points to a {target} that does not exist ({field.name})."
            )
    try:
        instance.clean_fields(exclude=[f.name for f in keys])
    except ValidationError as error:
        raise CommandError(f"{describe(instance)} is invalid: {explain(error)}") from error


def _record_history(loaded, using):
    """Add a history record for each loaded row that is new or differs from its last one."""
    by_model = {}
    for instance in loaded:
        by_model.setdefault(type(instance), {})[instance.pk] = instance
    recorded = 0
    for model, rows in by_model.items():
        history = model.history
        tracked = [f.attname for f in history.model.tracked_fields]
        last = {}
        for record in history.using(using).filter(id__in=rows).order_by("history_date"):
            last[record.id] = record
        added = [row for pk, row in rows.items() if pk not in last]
        changed = [
            row
            for pk, row in rows.items()
            if pk in last and any(getattr(row, f) != getattr(last[pk], f) for f in tracked)
        ]
        for batch, update in ((added, False), (changed, True)):
            if batch:
                history.bulk_history_create(
                    batch, update=update, default_change_reason=LOADED_FROM_FIXTURES
                )
        recorded += len(added) + len(changed)
    return recorded


def describe(instance):
    label = instance._meta.verbose_name
    key = getattr(instance, "slug", None) or getattr(instance, "key", None) or instance.pk
    return f"The {label} “{key}”" if key is not None else f"A new {label}"


def explain(error):
    parts = []
    for field, messages in error.message_dict.items():
        prefix = "" if field == "__all__" else f"{field}: "
        parts.extend(prefix + message for message in messages)
    return "; ".join(parts)


def _in_plain_words(error):
    """The error, followed by the constraint's own message when the database names one."""
    text = str(error)
    for model in content_models():
        for constraint in model._meta.constraints:
            message = getattr(constraint, "violation_error_message", None)
            if constraint.name in text and message:
                text += f" ({message})"
    return text
