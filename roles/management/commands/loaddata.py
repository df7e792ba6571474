"""`loaddata` that refuses inconsistent content and leaves the database as it was.

Django's own loaddata runs in one transaction and stops on bad JSON, unknown natural
keys and violated constraints. This adds, for the guide's own models, each record's
validation (so the message says which record and what is wrong in plain words) and the
content rules over many records (a cycle in the career path, an unreachable step).
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.management.commands import loaddata
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from roles.content_rules import content_problems


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        try:
            with transaction.atomic(using=options["database"]):
                super().handle(*fixture_labels, **options)
                problems = content_problems()
                if problems:
                    raise CommandError(
                        "The content breaks these rules:\n"
                        + "\n".join(f"- {p.message} [{p.code}]" for p in problems)
                    )
        except (CommandError, DeserializationError, DatabaseError, ValueError, LookupError) as e:
            raise CommandError(f"Nothing was loaded; the database is unchanged. {e}") from e

    def save_obj(self, obj):
        instance = obj.object
        if instance._meta.app_label == "roles":
            # A natural key that matched nothing is left for later as a possible forward
            # reference; our fixtures load in dependency order, so it is simply unknown.
            for field, key in obj.deferred_fields.items():
                target = field.remote_field.model._meta.verbose_name
                raise CommandError(
                    f"{describe(instance)} points to a {target} that does not exist: "
                    f"{field.name} = {', '.join(map(str, key))}."
                )
            # Deserialized rows look new; a row that is already stored must not fail the
            # uniqueness checks against itself.
            if instance.pk is not None:
                manager = type(instance)._base_manager.using(self.using)
                instance._state.adding = not manager.filter(pk=instance.pk).exists()
            try:
                instance.full_clean()
            except ValidationError as error:
                raise CommandError(f"{describe(instance)} is invalid: {explain(error)}") from error
        return super().save_obj(obj)


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
