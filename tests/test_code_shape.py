"""The shape of the code (docs/development.md, "Habits"), checked over every tracked Python file:

- no function (or method) longer than 80 lines, from its ``def`` to its last line, docstring included
  (migrations excepted: Django writes them; so is the generated client's code, clients/python's
  api/ and models/, written by openapi-python-client: ``make client``);
- no module imports a test module (``test_*``) or a conftest: what tests share lives in
  tests/support/ (or tests/fakes/), fixtures shared across apps are registered by the root conftest;
- no production module under apps/ imports the test support (``tests``).

ruff's C901 (pyproject.toml) keeps each function's branching in check; these are what it does not see.
"""

import ast
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FUNCTION_LINES = 80
# Written by a generator, not by us: openapi-python-client's operations and models (scripts/client_generate.py).
GENERATED = ("clients/python/caas_client/api/", "clients/python/caas_client/models/")


@cache
def _python_files() -> tuple[Path, ...]:
    """The tracked .py files (every .py file outside .venv and node_modules when git is not there)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.py"],
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
        ).stdout.split("\0")
        paths = [ROOT / name for name in listed if name]
    except (OSError, subprocess.CalledProcessError):
        skipped = {".venv", "node_modules", ".git"}
        paths = [p for p in ROOT.rglob("*.py") if not skipped & set(p.relative_to(ROOT).parts)]
    return tuple(sorted(p for p in paths if p.exists()))


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _long_functions(tree: ast.AST, limit: int = MAX_FUNCTION_LINES) -> Iterator[tuple[int, str, int]]:
    """(line, name, length) of every function of ``tree`` longer than ``limit`` lines."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > limit:
                yield node.lineno, node.name, length


def _imported_modules(tree: ast.AST, package: str) -> Iterator[tuple[int, str]]:
    """(line, dotted name) of every module ``tree`` imports, relative imports resolved against
    ``package`` (the importing module's package); ``from x import y`` yields x and x.y."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)] if package else []
                base = ".".join([*anchor, *([base] if base else [])])
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}" if base else alias.name


def _package(path: Path) -> str:
    """The dotted name of the package ``path`` belongs to (an ``__init__.py``: its own)."""
    return ".".join(path.relative_to(ROOT).parent.parts)


def _is_test_module(name: str) -> bool:
    last = name.rpartition(".")[2]
    return last == "conftest" or last.startswith("test_")


def test_no_function_is_longer_than_80_lines():
    offenders = [
        f"{_relative(path)}:{line} {name}() is {length} lines"
        for path in _python_files()
        if "migrations" not in path.relative_to(ROOT).parts and not _relative(path).startswith(GENERATED)
        for line, name, length in _long_functions(_tree(path))
    ]

    assert not offenders, f"Split these into well-named steps (at most {MAX_FUNCTION_LINES} lines each):\n" + "\n".join(
        offenders
    )


def test_no_module_imports_a_test_module_or_a_conftest():
    offenders = [
        f"{_relative(path)}:{line} imports {name}"
        for path in _python_files()
        for line, name in _imported_modules(_tree(path), _package(path))
        if _is_test_module(name)
    ]

    assert not offenders, "Move what they share to tests/support/ (docs/development.md):\n" + "\n".join(offenders)


def test_no_production_module_imports_the_test_support():
    offenders = [
        f"{_relative(path)}:{line} imports {name}"
        for path in _python_files()
        if path.relative_to(ROOT).parts[0] == "apps" and not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
        for line, name in _imported_modules(_tree(path), _package(path))
        if name == "tests" or name.startswith("tests.")
    ]

    assert not offenders, "\n".join(offenders)


# --- the checks themselves ------------------------------------------------------------------


def test_long_functions_counts_from_def_to_the_last_line():
    source = "@decorator\ndef f():\n" + '    """Doc."""\n' + "    x = 1\n" * 79 + "\n\ndef g():\n    pass\n"

    assert list(_long_functions(ast.parse(source))) == [(2, "f", 81)]
    assert list(_long_functions(ast.parse(source), limit=81)) == []


def test_imported_modules_sees_every_form_of_import():
    source = (
        "import apps.content.tests.conftest\n"
        "from apps.scheduling.tests import test_http_backend\n"
        "from .test_postgres import Worker\n"
        "from . import conftest\n"
        "def f():\n    from conftest import client_for\n"
    )
    imported = [name for _, name in _imported_modules(ast.parse(source), "apps.scheduling.tests")]

    assert [name for name in imported if _is_test_module(name)] == [
        "apps.content.tests.conftest",
        "apps.scheduling.tests.test_http_backend",
        "apps.scheduling.tests.test_postgres",
        "apps.scheduling.tests.conftest",
        "conftest",
    ]
    assert not _is_test_module("tests.support.scheduling")
    assert not _is_test_module("apps.content.testing_tools")
