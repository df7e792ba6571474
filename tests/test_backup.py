"""An operator backs the database up while editors work, loses it, and restores it: the
content, its history and the editors' accounts all come back."""

import io
import os
import sqlite3
import stat
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from roles.models import Role

from .helpers import form_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def anns_edit(content):
    """Ann, an editor, has changed the producer's summary through the admin."""
    ann = User.objects.create_superuser("ann", password="ann's long passphrase")
    editor = Client()
    editor.force_login(ann)
    url = reverse("admin:roles_role_change", args=[Role.objects.get(slug="producer").pk])
    data = form_data(editor.get(url)) | {"summary": "Ann's summary, worth keeping."}
    assert editor.post(url, data).status_code == 302


def run(command, *args, **options):
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def test_a_backup_brings_back_the_edit_its_history_and_the_editor(anns_edit, tmp_path):
    backup = tmp_path / "careerguide.backup"
    said = run("backup", output=str(backup))
    assert f"to {backup}" in said
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    Role.objects.filter(slug="producer").update(summary="Changed after the backup.")
    assert "Changed after the backup." in Client().get("/roles/producer/").content.decode()

    call_command("flush", interactive=False, verbosity=0)
    assert not Role.objects.exists() and not User.objects.exists()

    said = run("restore", str(backup), interactive=False)

    assert (
        "This replaces everything in the database: 0 roles, 0 history records, 0 accounts" in said
    )
    producer = Role.objects.get(slug="producer")
    assert producer.summary == "Ann's summary, worth keeping."
    change = producer.history.latest()
    assert change.history_user.username == "ann"
    assert change.summary == "Ann's summary, worth keeping."
    assert User.objects.get(username="ann").check_password("ann's long passphrase")
    assert Role.objects.count() == 10
    # The site shows the restored content, not a page cached before the restore.
    page = Client().get("/roles/producer/").content.decode()
    assert "Ann's summary, worth keeping." in page
    assert "Changed after the backup." not in page


def test_restore_says_what_it_replaces_and_does_nothing_unless_told_yes(
    anns_edit, tmp_path, monkeypatch
):
    backup = tmp_path / "careerguide.backup"
    run("backup", output=str(backup))
    Role.objects.filter(slug="producer").update(summary="Changed after the backup.")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was restored"):
        run("restore", str(backup))

    assert Role.objects.get(slug="producer").summary == "Changed after the backup."


def test_a_file_that_is_not_a_backup_is_refused_before_anything_changes(content, tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")

    with pytest.raises(CommandError, match="is not a backup this command wrote"):
        run("restore", str(not_a_backup), interactive=False)

    assert Role.objects.count() == 10


only_sqlite = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="about the SQLite file",
)


@only_sqlite
def test_a_backup_taken_while_an_editor_saves_is_whole(content, tmp_path):
    summaries = [f"Summary number {n}." for n in range(40)]
    started = threading.Event()
    errors = []

    def keep_saving():
        try:
            for summary in summaries:
                Role.objects.filter(slug="producer").update(summary=summary)
                started.set()
        except Exception as error:  # a locked database must fail the test, not warn
            errors.append(error)
        finally:
            connection.close()

    saver = threading.Thread(target=keep_saving)
    saver.start()
    started.wait(timeout=30)
    backup = tmp_path / "during.sqlite3"
    run("backup", output=str(backup))
    saver.join(timeout=60)
    assert not saver.is_alive() and errors == []

    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (summary,) = copy.execute(
            "SELECT summary FROM roles_role WHERE slug = 'producer'"
        ).fetchone()
        assert summary in summaries
    finally:
        copy.close()


@only_sqlite
def test_the_database_file_is_created_readable_by_its_owner_only(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_HTTPS": "0"}

    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )

    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_make_clean_keeps_the_database():
    plan = subprocess.run(
        ["make", "-n", "clean"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout

    removing = [line for line in plan.splitlines() if line.startswith("rm ")]
    assert removing and not any("db.sqlite3" in line for line in removing)
    assert "Kept db.sqlite3" in plan
