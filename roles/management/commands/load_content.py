"""`manage.py load_content`: load the content fixtures whole or not at all."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from roles import content_files


class Command(BaseCommand):
    help = (
        "Load the content fixtures (all six unless named) with Django's loaddata in one "
        "transaction, then check the content rules; a load that breaks one changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "args",
            metavar="fixture",
            nargs="*",
            help="Fixtures to load; by default " + ", ".join(content_files.CONTENT_FILES) + ".",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database that holds no content yet (what setup does).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Replace existing content without asking.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *fixture_labels, **options):
        using = options["database"]
        if content_files.content_present(using):
            if options["if_empty"]:
                self.stdout.write(
                    "content already present; not reloaded "
                    "(`make reload-content` replaces it with the fixtures)."
                )
                return
            if options["verbosity"] or options["interactive"]:
                self.stdout.write(self.replacement_notice(using))
            if options["interactive"] and input("Type 'yes' to load over it: ") != "yes":
                raise CommandError("Nothing was loaded; the database is unchanged.")
        recorded = content_files.load(
            *fixture_labels, using=using, verbosity=options["verbosity"], stdout=self.stdout
        )
        if options["verbosity"]:
            self.stdout.write(
                f"The content passes every rule; {recorded} row(s) new or changed by this load."
            )

    def replacement_notice(self, using):
        lines = [
            "The database already holds content. Loading replaces every row that has the "
            "same key in the fixtures; rows the fixtures do not hold are kept.",
        ]
        edits = content_files.changes_since_last_load(using)
        if edits:
            lines.append(
                f"{len(edits)} change(s) made since the content was last loaded will be "
                "overwritten where the fixtures hold the same row (export them first with "
                "`make export-content` to keep them):"
            )
            for record in edits[:20]:
                who = record.history_user or "someone outside the admin"
                lines.append(
                    f"  {record.history_date:%Y-%m-%d %H:%M} {who} "
                    f"{record.get_history_type_display().lower()} "
                    f"{record.instance_type._meta.verbose_name} “{record.history_object}”"
                )
            if len(edits) > 20:
                lines.append(f"  … and {len(edits) - 20} more (see the admin's history).")
        else:
            lines.append("No change has been made since the content was last loaded.")
        return "\n".join(lines)
