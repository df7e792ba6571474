"""`manage.py restore FILE`: put a backup from `manage.py backup` back, after saying what
it replaces."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from careerguide import backups


class Command(BaseCommand):
    help = "Replace everything in the database with a backup written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask before replacing the database.",
        )

    def handle(self, *args, file, interactive, **options):
        source = Path(file)
        backups.backup_kind(source)
        self.stdout.write(
            "This replaces everything in the database: "
            f"{backups.describe_database()}.\n"
            f"With the backup {backups.describe_backup(source)}.\n"
            "Changes made since that backup are lost; `make backup` first keeps them."
        )
        if interactive and input("Type 'yes' to replace it: ").strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
        backups.restore(source)
        self.stdout.write(f"Restored: {backups.describe_database()}.")
