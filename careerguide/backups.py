"""Backing up and restoring the whole database: content, its history, the editors'
accounts and sessions, in one file, taken while the site runs.

SQLite is copied with its online backup API, which copies a consistent snapshot page by
page while other connections keep reading and writing (a plain file copy taken mid-write
can be torn). PostgreSQL is dumped with `pg_dump`, which reads one snapshot in a single
transaction. Restoring goes the same way back, into the live database, so a running site
sees the restored content on its next query.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from simple_history.models import HistoricalChanges

from careerguide.page_cache.models import ContentVersion, bump_content_version

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


def is_sqlite(alias="default"):
    return connections[alias].vendor == "sqlite"


def backup_name(alias="default"):
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"careerguide-{stamp}.{'sqlite3' if is_sqlite(alias) else 'pgdump'}"


def private_file(path):
    """An empty file only its owner can read: a backup holds password hashes and sessions."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)


def backup(target: Path, alias="default") -> Path:
    """Write the whole database to `target`: written under a temporary name first, so a
    backup that stops half way never looks like a whole one."""
    # Private too: the folder lists when backups were taken and how large they are.
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    private_file(partial)
    try:
        if is_sqlite(alias):
            source = sqlite3.connect(
                f"file:{connections[alias].settings_dict['NAME']}?mode=ro", uri=True, timeout=20
            )
            copy = sqlite3.connect(partial)
            try:
                with copy:
                    source.backup(copy)
            finally:
                copy.close()
                source.close()
        else:
            postgres("pg_dump", ["--format=custom", "--file", str(partial)], alias)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(source: Path, alias="default"):
    """Replace everything in the database with the backup in `source`."""
    kind = backup_kind(source)
    if kind != ("sqlite" if is_sqlite(alias) else "postgresql"):
        raise CommandError(
            f"{source} is a {kind} backup; this site's database is {connections[alias].vendor}."
        )
    connection = connections[alias]
    connection.close()
    if is_sqlite(alias):
        backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
        try:
            backup_file.backup(live)
        finally:
            live.close()
            backup_file.close()
    else:
        postgres(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(source)],
            alias,
            database_flag="--dbname",
        )
    # A backup from an older release gets this release's tables.
    call_command("migrate", interactive=False, verbosity=0, database=alias)
    with transaction.atomic(using=alias):
        # Pages cached before the restore carry numbers at or above the restored one; a
        # number taken afresh from the clock is above all of them (see bump_content_version).
        ContentVersion.objects.using(alias).all().delete()
        bump_content_version(using=alias)


def backup_kind(path: Path) -> str:
    try:
        with open(path, "rb") as backup_file:
            head = backup_file.read(len(SQLITE_HEADER))
    except OSError as problem:
        raise CommandError(f"Cannot read {path}: {problem.strerror}.") from None
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    raise CommandError(f"{path} is not a backup this command wrote.")


def postgres(program, arguments, alias, database_flag=None):
    settings = connections[alias].settings_dict
    env = os.environ | {
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGDATABASE": settings["NAME"],
        "PGCONNECT_TIMEOUT": "10",
    }
    if database_flag:
        arguments = [database_flag, settings["NAME"], *arguments]
    result = subprocess.run(
        [postgres_program(program), *arguments], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise CommandError(f"{program} failed: {result.stderr.strip()}")


def postgres_program(name):
    """PostgreSQL's own tool, newest first: Debian keeps them outside PATH."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3])
    )
    path = found[-1] if found else shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def describe_database(alias="default") -> str:
    """What a restore would replace, in a sentence."""
    from roles.models import Role

    users = get_user_model().objects.using(alias)
    history = sum(
        model.objects.using(alias).count()
        for model in apps.get_app_config("roles").get_models()
        if issubclass(model, HistoricalChanges)
    )
    last = Role.history.using(alias).order_by("-history_date").first()
    names = ", ".join(users.order_by("username").values_list("username", flat=True)[:10])
    return (
        f"{Role.objects.using(alias).count()} roles, {history} history records, "
        f"{users.count()} accounts ({names or 'none'})"
        + (f", last role change {last.history_date:%Y-%m-%d %H:%M} UTC" if last else "")
    )


def describe_backup(path: Path) -> str:
    stat = path.stat()
    written = datetime.fromtimestamp(stat.st_mtime, UTC)
    text = f"{path} ({stat.st_size / 1e6:.1f} MB, written {written:%Y-%m-%d %H:%M} UTC)"
    if backup_kind(path) == "sqlite":
        backup_file = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            roles = backup_file.execute("SELECT count(*) FROM roles_role").fetchone()[0]
            accounts = backup_file.execute("SELECT count(*) FROM auth_user").fetchone()[0]
        except sqlite3.Error:
            roles = accounts = "?"
        finally:
            backup_file.close()
        text += f", holding {roles} roles and {accounts} accounts"
    return text
