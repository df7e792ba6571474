"""`manage.py backup`: the whole database in one file, while the site runs."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from careerguide import backups


class Command(BaseCommand):
    help = (
        "Write the whole database (content, history, accounts, sessions) to one file, "
        "readable only by its owner. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="folder",
            default=str(settings.BASE_DIR / "backups"),
            help="Folder to write it in.",
        )
        parser.add_argument("--output", help="The file to write, instead of a name in --dir.")

    def handle(self, *args, folder, output, **options):
        target = Path(output) if output else Path(folder) / backups.backup_name()
        backups.backup(target)
        self.stdout.write(f"Backed up {backups.describe_database()} to {target}.")
