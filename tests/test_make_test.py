"""What `make test` runs on PostgreSQL: every test but the browser tests other than the
three journeys (the Makefile says why), so a change to that selection cannot quietly drop
a test of the database or a journey."""

import shlex
import subprocess
import sys

from tests.programs import ROOT, dry_run


def collected(*args):
    """The test ids pytest collects with `args`, without running any."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {line for line in result.stdout.splitlines() if "::" in line}


def postgres_selection():
    """The `-m` expression `make pytest-postgres` gives pytest."""
    line = next(line for line in dry_run("pytest-postgres") if "with_postgres" in line)
    words = shlex.split(line)
    pytest_args = words[words.index(".venv/bin/pytest") + 1 :]
    return pytest_args[pytest_args.index("-m") + 1]


def test_postgresql_runs_every_test_but_the_browser_tests_other_than_the_journeys():
    every_test = collected()
    browser_tests = collected("-m", "browser")
    journeys = {test for test in every_test if test.startswith("tests/test_journeys.py::")}

    on_postgresql = collected("-m", postgres_selection())

    assert journeys and journeys <= browser_tests
    assert on_postgresql == (every_test - browser_tests) | journeys
