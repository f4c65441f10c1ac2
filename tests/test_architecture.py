"""The house rules, checked: the layers and the absence of import cycles (import-linter's
contracts in pyproject.toml, proven to catch a break), and every service function that
reaches the database taking the salon it works in."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salon_pos.store.models import ALL_MODELS

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config",
                           str(project / "pyproject.toml")], cwd=project, capture_output=True,
                          text=True, timeout=120)


def test_the_layer_contracts_hold():
    checked = lint_imports(ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 broken" in checked.stdout


@pytest.fixture
def copy_of_the_project(tmp_path) -> Path:
    shutil.copytree(ROOT / "salon_pos", tmp_path / "salon_pos",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def add_import(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("domain/money.py", "import PySide6.QtCore", "The domain is plain Python"),
    ("documents/receipt.py", "from salon_pos.store import models",
     "Documents are drawn from plain records"),
    ("services/views/day_book.py", "from PySide6 import QtWidgets", "Services have no screen"),
    ("ui/pages/day_book.py", "import peewee", "The app reaches the data through services"),
    ("services/kernel/context.py", "from salon_pos.services.operations import bookings",
     "No import cycles"),
    ("cli/common.py", "from salon_pos.cli import main", "No import cycles"),
])
def test_the_contracts_catch_a_break(copy_of_the_project, module, line, broken):
    add_import(copy_of_the_project / "salon_pos" / module, line)
    checked = lint_imports(copy_of_the_project)
    assert checked.returncode == 1
    assert f"{broken}" in checked.stdout and "BROKEN" in checked.stdout


MODEL_NAMES = {model.__name__ for model in ALL_MODELS} | {"db"}


def _body_names(function: ast.FunctionDef) -> set[str]:
    return {n.id for statement in function.body for n in ast.walk(statement)
            if isinstance(n, ast.Name)}


def reaches_the_database(function: ast.FunctionDef, helpers: dict[str, ast.FunctionDef],
                         seen: set[str] | None = None) -> bool:
    """Whether the body uses a model (or the proxy), itself or through a private helper
    of the same module."""
    seen = seen or set()
    names = _body_names(function)
    if names & MODEL_NAMES:
        return True
    for name in names & set(helpers) - seen:
        seen.add(name)
        if reaches_the_database(helpers[name], helpers, seen):
            return True
    return False


# What a service function may be handed instead of the salon: verify's reader, bound to the
# salon's own connection or to a connection a verify worker process opened to the same
# database (ledger.RawReader) — a worker has no salon to hand.
DATABASE_HANDLES = {"salon", "reader"}


def test_every_service_function_that_reaches_the_database_takes_the_salon():
    missing = []
    for path in sorted((ROOT / "salon_pos" / "services").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
        helpers = {name: node for name, node in functions.items() if name.startswith("_")}
        for name, function in functions.items():
            first = function.args.args[0].arg if function.args.args else None
            if (not name.startswith("_") and first not in DATABASE_HANDLES
                    and reaches_the_database(function, helpers)):
                missing.append(f"{path.relative_to(ROOT)}: {name}")
    assert missing == []
