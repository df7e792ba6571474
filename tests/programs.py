"""The programs the tests run that Python does not bring: each comes from a Debian package
the Makefile's `packages` target installs before any test target runs. A test asks for one
here, so a missing program fails the test with its name and the target that installs it,
instead of a `TypeError` from a path that is None."""

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKEFILE = ROOT / "Makefile"
INSTALLING_TARGET = "make packages"
# Where Debian puts programs that are not on a normal user's PATH.
EXTRA_PATH = ("/usr/sbin", "/sbin")


def dry_run(target):
    """What `make <target>` would run from scratch, line by line, without running it."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "-f", str(MAKEFILE), target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def debian_probes():
    """{probe: package} for every package:probe pair in the Makefile's *_PACKAGES lists.
    A probe is a command name or an absolute path (a glob is fine) the package installs."""
    pairs = {}
    for line in MAKEFILE.read_text().replace("\\\n", " ").splitlines():
        match = re.match(r"[A-Z_]+_PACKAGES\s*:=\s*(.*)", line)
        if match:
            for pair in match.group(1).replace("'", "").split():
                if ":" in pair:
                    package, probe = pair.split(":", 1)
                    pairs[probe] = package
    return pairs


def find(name):
    """The program's path, or None. `name` is a command or a probe path from the Makefile."""
    if name.startswith("/"):
        found = sorted(glob.glob(name))
        return found[-1] if found else None
    return shutil.which(name, path=os.pathsep.join([os.environ.get("PATH", ""), *EXTRA_PATH]))


def program(name):
    """The path of a program a test needs; fails the test, naming what installs it."""
    path = find(name)
    if path is None:
        probes = debian_probes()
        package = probes.get(name) or next(
            (package for probe, package in probes.items() if probe.endswith("/" + name)),
            "(no Debian package listed in the Makefile)",
        )
        pytest.fail(
            f"{name} is not installed: `{INSTALLING_TARGET}` installs it "
            f"(Debian's {package}); `make test` runs that first.",
            pytrace=False,
        )
    return path
