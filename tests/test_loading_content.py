"""An editor loads content from fixtures: broken files are refused whole, with a reason."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles import content_files, last_change
from roles.content_rules import content_problems
from roles.models import CareerMove, Role

from .helpers import CONTENT_FIXTURES, ROLE_SLUGS, content_tables, load_content


def write_fixture(tmp_path, records, name="broken.json"):
    path = tmp_path / name
    path.write_text(records if isinstance(records, str) else json.dumps(records))
    return str(path)


def row_counts():
    """How many rows each of the guide's tables holds, the many-to-many ones included."""
    return {table.__name__: table._base_manager.count() for table in content_tables()}


def new_role(slug):
    return {
        "model": "roles.role",
        "fields": {
            "slug": slug,
            "title": slug.replace("-", " ").title(),
            "summary": "A role made up for this test.",
            "level": 1,
            "last_reviewed": "2026-11-22",
        },
    }


def salary(pk, role, amount, source=("associate-vs-assistant-producer",)):
    fields = {"role": [role], "amount": amount, "currency": "USD", "measure": "average"}
    if source is not None:
        fields["source"] = list(source)
    return {"model": "roles.salaryfigure", "pk": pk, "fields": fields}


def move(pk, from_role, to_role):
    return {
        "model": "roles.careermove",
        "pk": pk,
        "fields": {
            "from_role": [from_role],
            "to_role": [to_role],
            "kind": "next",
            "takes": "Experience.",
            "source": ["what-does-an-associate-producer-do"],
        },
    }


def assert_refused(path, *words):
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("load_content", path, interactive=False, verbosity=0)
    message = str(refused.value)
    assert "Nothing was loaded" in message
    for word in words:
        assert word in message
    assert row_counts() == before
    return message


def test_the_real_content_loads_twice_without_duplicating_anything(content):
    once = row_counts()
    load_content()
    assert row_counts() == once
    assert once["Role"] == len(ROLE_SLUGS)


def test_a_file_that_is_not_json_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, '[{"model": "roles.role", "fields": {')
    assert_refused(path, "broken.json")


def test_a_career_move_to_an_unknown_role_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [new_role("runner"), move(900, "runner", "chief-dreamer")])
    assert_refused(path, "career move “900” points to a role that does not exist (to_role)")
    assert not Role.objects.filter(slug="runner").exists()


def test_a_negative_salary_is_refused_in_plain_words(content, tmp_path):
    path = write_fixture(tmp_path, [salary(900, "producer", -5000)])
    assert_refused(path, "salary figure", "greater than or equal to 0")


def test_a_zero_salary_is_refused_by_the_database_rule(content, tmp_path):
    path = write_fixture(tmp_path, [salary(900, "producer", 0)])
    assert_refused(path, "A salary amount must be more than zero.")


def test_a_salary_without_a_source_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [salary(900, "producer", 60000, source=None)])
    assert_refused(path, "source")


def test_a_career_path_that_goes_round_in_a_circle_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [move(900, "supervising-producer", "production-assistant")])
    assert_refused(path, "round in a circle", "production-assistant")
    assert not CareerMove.objects.filter(pk=900).exists()


def test_a_move_to_the_same_role_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [move(900, "producer", "producer")])
    assert_refused(path, "A career move must lead to a different role.")


def test_a_role_without_a_summary_is_refused(content, tmp_path):
    role = new_role("empty-role")
    role["fields"]["summary"] = ""
    path = write_fixture(tmp_path, [role])
    assert_refused(path, "summary")


def test_an_existing_row_is_not_half_changed_by_a_broken_file(content, tmp_path):
    producer_summary = Role.objects.get(slug="producer").summary
    changed = new_role("producer")
    changed["fields"]["summary"] = "Changed before the broken record."
    path = write_fixture(tmp_path, [changed, salary(900, "producer", -1)])

    assert_refused(path)
    assert Role.objects.get(slug="producer").summary == producer_summary


def test_a_move_into_the_entry_role_is_refused(content, tmp_path):
    path = write_fixture(tmp_path, [move(900, "executive-producer", "production-assistant")])
    assert_refused(path, "leads back into “production-assistant”, an entry-level role")
    assert not CareerMove.objects.filter(pk=900).exists()


def test_setting_up_again_keeps_an_editors_change(content):
    producer = Role.objects.get(slug="producer")
    producer.summary = "Changed by an editor."
    producer.save()

    out = io.StringIO()
    call_command("load_content", if_empty=True, stdout=out)

    assert "content already present; not reloaded" in out.getvalue()
    assert Role.objects.get(slug="producer").summary == "Changed by an editor."


def test_setting_up_loads_an_empty_database(db):
    out = io.StringIO()
    call_command("load_content", if_empty=True, stdout=out)

    assert Role.objects.count() == len(ROLE_SLUGS)
    assert "from 6 fixture(s)" in out.getvalue()
    assert "passes every rule" in out.getvalue()


def test_reloading_says_which_changes_it_overwrites_then_restores_the_fixtures(content):
    producer = Role.objects.get(slug="producer")
    fixture_summary = producer.summary
    producer.summary = "Changed by an editor."
    producer.save()

    out = io.StringIO()
    call_command("load_content", interactive=False, stdout=out)

    notice = out.getvalue()
    assert "replaces every row that has the same key in the fixtures" in notice
    assert "1 change(s) made since the content was last loaded" in notice
    assert "changed role “Producer”" in notice
    assert Role.objects.get(slug="producer").summary == fixture_summary
    assert "1 row(s) new or changed by this load" in notice


def test_reloading_asks_first_and_a_no_changes_nothing(content, monkeypatch):
    producer = Role.objects.get(slug="producer")
    producer.summary = "Changed by an editor."
    producer.save()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")

    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_content", stdout=io.StringIO())
    assert Role.objects.get(slug="producer").summary == "Changed by an editor."


def test_loading_then_exporting_gives_the_committed_files_byte_for_byte(content, tmp_path):
    call_command("export_content", directory=tmp_path, stdout=io.StringIO())

    for name in CONTENT_FIXTURES:
        committed = (settings.BASE_DIR / "fixtures" / f"{name}.json").read_bytes()
        assert (tmp_path / f"{name}.json").read_bytes() == committed, name


def test_an_edit_is_exported_to_its_file_and_nowhere_else(content, tmp_path):
    Role.objects.filter(slug="producer").update(summary="Changed by an editor.")

    call_command("export_content", directory=tmp_path, stdout=io.StringIO())

    changed = {
        name
        for name in CONTENT_FIXTURES
        if (tmp_path / f"{name}.json").read_bytes()
        != (settings.BASE_DIR / "fixtures" / f"{name}.json").read_bytes()
    }
    assert changed == {"roles"}
    assert '"summary": "Changed by an editor."' in (tmp_path / "roles.json").read_text()
    assert "history" not in (tmp_path / "roles.json").read_text().lower()


def test_a_full_load_costs_djangos_loaddata_plus_a_fixed_few_queries(
    content, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as stock:
        call_command("loaddata", *CONTENT_FIXTURES, verbosity=0)
    with CaptureQueriesContext(connection) as rules:
        content_problems()
    with CaptureQueriesContext(connection) as dating:
        last_change.rebuild()
    # Beyond Django's own loaddata: is there content already, the content rules once, the
    # last history record of each kind of row, the pages' dates read again from history,
    # and load_content's savepoint. Nothing per row.
    overhead = 1 + len(rules) + len(content_files.content_models()) + len(dating) + 2

    with django_assert_num_queries(len(stock) + overhead):
        load_content()


def test_make_data_again_keeps_an_edit_made_after_the_first_setup(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    def run(*command):
        result = subprocess.run(
            command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = run("make", "--no-print-directory", "data")
    assert "passes every rule" in first
    run(
        sys.executable, "manage.py", "shell", "-c",
        "from roles.models import Role; "
        "Role.objects.filter(slug='producer').update(summary='Changed by an editor.')",
    )  # fmt: skip

    again = run("make", "--no-print-directory", "data")

    assert "content already present; not reloaded" in again
    kept = run(
        sys.executable, "manage.py", "shell", "-c",
        "from roles.models import Role; print(Role.objects.get(slug='producer').summary)",
    )  # fmt: skip
    assert kept.strip().endswith("Changed by an editor.")
