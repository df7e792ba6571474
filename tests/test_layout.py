"""tests/ holds tests and their helpers: what tests share lives in helpers, factories or
conftest, so no test module imports another (or edits sys.path to reach one)."""

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or "")
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
    module.write_text("from .test_role_page import ROLE_PAGE_QUERIES\nimport tests.test_compare\n")

    assert list(imported_modules(module)) == [".test_role_page", "tests.test_compare"]
