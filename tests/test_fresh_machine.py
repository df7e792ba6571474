"""`make test` on a machine that has never run it: every Debian package a test needs is
installed before the first step that runs a test, and a program that is still missing
fails its test by name, with the make target that installs it."""

import ast

import pytest

from tests.programs import ROOT, debian_probes, dry_run, program

TEST_TARGETS = ("test", "pytest", "pytest-postgres", "stack-test")
# What a test step's command line looks like in `make -n`.
TEST_STEPS = (".venv/bin/pytest",)
# Programs every machine that runs make has, or that the checkout itself provides.
BASE_SYSTEM = {"sh", "/bin/sh", "make", "git"}
# Where the tests and the stack proofs run programs from.
TEST_CODE = [*sorted((ROOT / "tests").rglob("*.py")), *sorted((ROOT / "deploy").rglob("*.py"))]
# Not run by a test target (make benchmark, audit, observatory install their own), and this
# file, which names a missing program on purpose.
NOT_TEST_STEPS = {"benchmark.py", "audit.py", "observatory.py", "test_fresh_machine.py"}


@pytest.mark.parametrize("target", TEST_TARGETS)
def test_every_package_is_installed_before_the_first_test_step(target):
    lines = dry_run(target)
    installs = [i for i, line in enumerate(lines) if '"for the tests"' in line]
    steps = [i for i, line in enumerate(lines) if any(step in line for step in TEST_STEPS)]

    assert steps, f"`make {target}` runs no test step: {lines}"
    assert installs, f"`make {target}` never runs `make packages`"
    assert installs[0] < steps[0], lines[: steps[0] + 1]


def programs_run_by(path):
    """Program names the code at `path` runs or looks up, where written as a literal:
    program("x"), shutil.which("x") and the first item of a subprocess call's list."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        function = ast.unparse(node.func)
        first = node.args[0]
        if function in ("program", "shutil.which", "which"):
            candidate = first
        elif function.startswith("subprocess.") and isinstance(first, ast.List) and first.elts:
            candidate = first.elts[0]
        else:
            continue
        if isinstance(candidate, ast.Constant) and isinstance(candidate.value, str):
            names.add(candidate.value)
    return names


def test_every_program_a_test_runs_comes_from_a_package_make_installs():
    probes = debian_probes()
    installed = set(probes) | {probe.rsplit("/", 1)[-1] for probe in probes}
    run = {
        name: path.relative_to(ROOT)
        for path in TEST_CODE
        if path.name not in NOT_TEST_STEPS
        for name in programs_run_by(path)
    }

    assert {"chromium", "java", "pdftotext", "nginx", "redis-server"} <= set(run), run
    unlisted = {name: where for name, where in run.items() if name not in installed | BASE_SYSTEM}
    assert not unlisted, f"run by tests but installed by no make target: {unlisted}"


def test_the_scan_sees_a_program_no_target_installs(tmp_path):
    broken = tmp_path / "test_broken.py"
    broken.write_text('import subprocess\nsubprocess.run(["ffmpeg", "-version"])\n')

    assert programs_run_by(broken) == {"ffmpeg"}
    assert "ffmpeg" not in debian_probes()


def test_a_missing_program_fails_its_test_naming_the_package_and_the_target(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.fail.Exception) as failure:
        program("pdftotext")

    message = str(failure.value)
    assert "pdftotext is not installed" in message
    assert "poppler-utils" in message
    assert "`make packages`" in message


def test_a_program_no_package_lists_fails_by_name():
    with pytest.raises(pytest.fail.Exception, match="careerguide-no-such-program is not installed"):
        program("careerguide-no-such-program")


def test_serving_the_site_needs_no_debian_package():
    lines = dry_run("run")

    assert any(".venv/bin/gunicorn" in line for line in lines), lines
    assert not [line for line in lines if "debian-packages.sh" in line]
