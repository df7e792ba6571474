"""What an admin change form held when it was opened, so a save from a stale form is refused.

Each form carries a signed token: for the object and every inline row it shows, a short
digest of each field's stored value, and when the form was opened. Saving compares the
token with the rows as they are now, under a lock, and refuses the save when any of them
changed or went away, naming what changed and, from the content history, who changed it.

Why a digest of the stored values rather than django-concurrency's version column: every
content model would need a new column and migration, the version would have to travel
in every inline row's form, and it only moves when a save goes through the ORM with the
field in it. The digests are computed from the rows themselves, so a change made any way
at all (admin, `load_content`, a shell) is seen, and the history (which already records
every admin change with its editor) says who made it.
"""

import hashlib
from datetime import datetime

from django import forms
from django.apps import apps
from django.core import signing
from django.utils import timezone

SALT = "roles.stale_forms"


def digest(value) -> str:
    return hashlib.blake2b(str(value).encode(), digest_size=5).hexdigest()


def row_state(row) -> dict[str, str]:
    """A digest of each field as stored: concrete fields and many-to-many choices."""
    state = {field.name: digest(field.value_to_string(row)) for field in row._meta.concrete_fields}
    for field in row._meta.many_to_many:
        chosen = sorted(str(related.pk) for related in field.value_from_object(row))
        state[field.name] = digest(",".join(chosen))
    return state


def opened_as(obj, inline_rows) -> str:
    """The token a change form carries: `obj` and the inline rows it shows, as they are."""
    rows = [obj, *inline_rows]
    return signing.dumps(
        {
            "at": timezone.now().isoformat(),
            "rows": [[row._meta.label_lower, str(row.pk), row_state(row)] for row in rows],
        },
        salt=SALT,
        compress=True,
    )


class EditStateField(forms.CharField):
    """The token as a hidden form field. It is never a change to the object, so it stays
    out of the admin's change messages."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class EditStateForm(forms.ModelForm):
    edit_state = EditStateField()


def changes_since_opened(token: str, obj) -> list[str]:
    """What changed in the rows the form holds since it was opened, one sentence each;
    empty when nothing did. Locks those rows until the end of the transaction, so nobody
    changes them between this check and the save."""
    try:
        opened = signing.loads(token, salt=SALT)
        opened_at = datetime.fromisoformat(opened["at"])
        rows = opened["rows"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return [
            "This form does not say what it held when it was opened, so saving it could undo "
            "someone else's change. Open it again."
        ]
    if not rows or rows[0][:2] != [obj._meta.label_lower, str(obj.pk)]:
        return ["This form was opened for another object. Open it again."]

    by_model: dict[str, dict[str, dict]] = {}
    for label, pk, state in rows:
        by_model.setdefault(label, {})[pk] = state
    changes = []
    # Locked in the order the form lists them (the object first, then each inline), the
    # same order for every editor, so two saves of one object never wait on each other
    # in a circle.
    for label, opened_rows in by_model.items():
        model = apps.get_model(label)
        current = {
            str(row.pk): row
            for row in model.objects.select_for_update().filter(pk__in=list(opened_rows))
        }
        for pk, state in opened_rows.items():
            row = current.get(pk)
            if row is None:
                changes.append(deleted_row(model, pk, opened_at))
                continue
            now = row_state(row)
            changed = [name for name, value in now.items() if state.get(name) != value]
            if changed:
                changes.append(changed_row(obj, row, changed, opened_at))
    return changes


def editors_since(model, pk, opened_at, history_type=None):
    if not hasattr(model, "history"):
        return "someone (the history does not say who)", model.objects.none()
    records = model.history.filter(**{model._meta.pk.attname: pk, "history_date__gt": opened_at})
    if history_type:
        records = records.filter(history_type=history_type)
    records = records.select_related("history_user").order_by("history_date")
    names = []
    for record in records:
        user = record.history_user
        name = (
            (user.get_full_name() or user.get_username()) if user else "someone outside the admin"
        )
        if name not in names:
            names.append(name)
    return " and ".join(names) or "someone (the history does not say who)", records


def changed_row(obj, row, field_names, opened_at):
    who, _ = editors_since(type(row), row.pk, opened_at)
    fields = ", ".join(str(row._meta.get_field(name).verbose_name) for name in field_names)
    if row == obj:
        what = f"this {row._meta.verbose_name}'s {fields}"
    else:
        what = f"the {row._meta.verbose_name} “{row}” ({fields})"
    return f"{who} changed {what}."


def deleted_row(model, pk, opened_at):
    who, records = editors_since(model, pk, opened_at, history_type="-")
    last = records.last()
    name = f"“{last.instance}”" if last else f"number {pk}"
    return f"{who} deleted the {model._meta.verbose_name} {name}."
