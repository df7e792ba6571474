"""`manage.py check` tells an editor, record by record, what is wrong with the content."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import checks
from django.core.management import call_command

from roles.career_graph import CareerGraph
from roles.models import CareerMove, Relationship, Role


@pytest.fixture
def make_role(make_role, make_source):
    """Roles whose text cites a source, as every real role's does."""
    source = make_source()

    def make(**overrides):
        role = make_role(**overrides)
        role.sources.add(source)
        return role

    return make


def content_errors():
    return checks.run_checks(tags=["content"], databases=["default"])


def test_the_real_content_passes_every_check(content):
    assert content_errors() == []


def test_manage_py_check_passes_on_the_real_content(content, capsys):
    call_command("check", "--database", "default", "--fail-level", "WARNING")
    assert "no issues" in capsys.readouterr().out


def test_a_cycle_in_the_career_path_is_reported(make_role, make_move):
    runner, coordinator = make_role(slug="runner"), make_role(slug="coordinator")
    make_move(runner, coordinator)
    make_move(coordinator, runner)

    [error] = content_errors()
    assert error.id == "roles.E003"
    assert "runner → coordinator → runner" in error.msg or "coordinator → runner → coordinator" in (
        error.msg
    )


def test_a_cycle_at_the_end_of_a_path_thousands_of_steps_long_is_found():
    # Built in memory: the walk is what is tested, and 3,000 saved roles would take long.
    roles = [Role(pk=n, slug=f"step-{n:04}", level=1) for n in range(3000)]
    moves = [CareerMove(from_role=a, to_role=b) for a, b in zip(roles, roles[1:], strict=False)]

    assert CareerGraph(moves).cycle() == []

    moves.append(CareerMove(from_role=roles[-1], to_role=roles[-3]))
    assert [role.slug for role in CareerGraph(moves).cycle()] == [
        "step-2997",
        "step-2998",
        "step-2999",
        "step-2997",
    ]


def test_a_step_no_move_leads_to_is_reported_as_unreachable(make_role, make_move):
    pa, coordinator, stray, producer = (make_role(slug=s) for s in ("pa", "coord", "stray", "prod"))
    make_move(pa, coordinator)
    make_move(stray, producer)

    [error] = content_errors()
    assert error.id == "roles.E004"
    assert "“stray” cannot be reached" in error.msg
    assert error.obj == CareerMove.objects.get(from_role=stray)


def test_a_related_career_off_the_path_is_reported(make_role, make_move):
    pa, coordinator, outsider, director = (
        make_role(slug=s) for s in ("pa", "coord", "outsider", "director")
    )
    make_move(pa, coordinator)
    make_move(outsider, director, kind=CareerMove.Kind.RELATED)

    [error] = content_errors()
    assert error.id == "roles.E009"
    assert "outsider" in error.msg


def test_each_kind_of_problem_has_its_own_id(make_role, make_move):
    pa, coordinator, stray, producer, outsider, director = (
        make_role(slug=s) for s in ("pa", "coord", "stray", "prod", "outsider", "director")
    )
    make_move(pa, coordinator)
    make_move(stray, producer)
    make_move(outsider, director, kind=CareerMove.Kind.RELATED)

    ids = {}
    for error in content_errors():
        ids.setdefault(error.id, set()).add(
            "unreachable" if "cannot be reached" in error.msg else "related off the path"
        )

    assert {"unreachable", "related off the path"} <= set().union(*ids.values())
    assert all(len(kinds) == 1 for kinds in ids.values()), ids


def test_a_role_whose_summary_is_only_spaces_is_reported(make_role):
    role = make_role(slug="blank", summary="   ")

    [error] = content_errors()
    assert error.id == "roles.E001"
    assert error.obj == role
    assert "“blank” has no one-line summary" in error.msg


def test_a_clean_path_with_branches_reports_nothing(make_role, make_move):
    pa, ap, producer, field = (make_role(slug=s) for s in ("pa", "ap", "producer", "field"))
    make_move(pa, ap)
    make_move(ap, producer)
    make_move(ap, field)

    assert content_errors() == []


def test_a_move_back_into_an_entry_level_role_is_reported(make_role, make_move):
    pa = make_role(slug="pa", level=Role.Level.ENTRY)
    ap = make_role(slug="ap")
    make_move(pa, ap)
    back = make_move(ap, make_role(slug="runner", level=Role.Level.ENTRY))

    [error] = content_errors()
    assert error.id == "roles.E005"
    assert error.obj == back
    assert "“runner”, an entry-level role" in error.msg


def test_a_role_whose_text_cites_no_source_is_reported(make_role):
    make_role(slug="cited")
    uncited = make_role(slug="uncited")
    uncited.sources.clear()

    [error] = content_errors()
    assert error.id == "roles.E002"
    assert error.obj == uncited
    assert "“uncited” cites no source" in error.msg


def test_a_next_step_into_the_entry_role_is_reported(make_role, make_move):
    pa = make_role(slug="pa", level=Role.Level.ENTRY)
    coordinator = make_role(slug="coord")
    boss = make_role(slug="boss", level=Role.Level.EXECUTIVE)
    make_move(pa, coordinator)
    make_move(boss, pa)

    errors = {error.id: error for error in content_errors()}
    assert "“pa”, an entry-level role" in errors["roles.E005"].msg
    assert errors["roles.E005"].obj == CareerMove.objects.get(from_role=boss)
    assert "starts at “boss”, which is not an entry-level role" in errors["roles.E008"].msg


def test_a_path_that_starts_above_the_entry_role_is_reported(make_role, make_move):
    make_role(slug="pa", level=Role.Level.ENTRY)
    coordinator, ap = make_role(slug="coord"), make_role(slug="ap")
    make_move(coordinator, ap)

    [error] = content_errors()
    assert error.id == "roles.E008"
    assert "starts at “coord”" in error.msg


def test_the_content_check_reads_only_the_databases_it_is_given(make_role, make_move):
    runner, coordinator = make_role(slug="runner"), make_role(slug="coordinator")
    make_move(runner, coordinator)
    make_move(coordinator, runner)

    # Like Django's own database checks: a plain `manage.py check` does not touch the
    # database, `check --database default` (and `migrate`) do.
    assert checks.run_checks(tags=["content"]) == []
    assert [e.id for e in checks.run_checks(tags=["content"], databases=["default"])] == [
        "roles.E003"
    ]


def test_manage_py_check_reports_a_database_it_cannot_reach(tmp_path):
    unreachable = tmp_path / "no-such-directory" / "db.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{unreachable}"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "roles.E100" in result.stderr
    assert "Cannot reach the database “default”" in result.stderr
    assert "no issues" not in result.stdout + result.stderr


def test_a_relationship_kind_not_in_the_list_is_reported(make_role, make_source):
    boss, runner = make_role(slug="boss"), make_role(slug="runner")
    Relationship.objects.create(
        from_role=runner, to_role=boss, kind="mentors", source=make_source()
    )

    [error] = content_errors()
    assert error.id == "roles.E006"
    assert "has the kind “mentors”, which is not one of the labels the guide knows" in error.msg
