"""tests/ holds tests and their helpers: what tests share lives in helpers, factories or
conftest, so no test module imports another (or edits sys.path to reach one)."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            package = "." * node.level + (node.module or "")
            yield package
            # `from . import test_compare` imports a module by its name.
            yield from (f"{package.rstrip('.')}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_no_test_module_imports_another():
    found = [
        (path.relative_to(TESTS).as_posix(), module)
        for path in TESTS.rglob("*.py")
        for module in imported_modules(path)
        if module.rsplit(".", 1)[-1].startswith("test_")
    ]

    assert found == []


def test_the_check_sees_a_test_module_importing_another(tmp_path):
    module = tmp_path / "test_example.py"
    module.write_text(
        "from .test_role_page import ROLE_PAGE_QUERIES\n"
        "import tests.test_compare\n"
        "from . import test_home\n"
    )

    found = [m for m in imported_modules(module) if m.rsplit(".", 1)[-1].startswith("test_")]
    assert found == [".test_role_page", "tests.test_compare", ".test_home"]
