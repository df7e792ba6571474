"""`manage.py export_content`: write the database's content back to the six fixtures."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from roles import content_files


class Command(BaseCommand):
    help = (
        "Write the content to the six fixture files, in the committed format, so that "
        "`git diff fixtures/` shows exactly what editors changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            type=Path,
            help="Where to write the files; by default the fixtures directory.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, **options):
        for path in content_files.export(options["directory"], using=options["database"]):
            self.stdout.write(f"Wrote {path}")
