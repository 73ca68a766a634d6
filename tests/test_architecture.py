"""The package's shape: which stage may import which, and which libraries each may use (see ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "assembler"
SHARED = {"errors", "danish", "boundary", "wordxml"}
# What each part of the package may import from the package, besides itself and the shared modules.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "danish": set(),
    "boundary": {"errors"},
    "wordxml": set(),
    "read": set(),
    "contract": {"read"},
    "figures": {"contract"},
    "context": {"figures", "contract"},
    "documents": {"contract"},
    "render": {"context", "documents", "contract"},
    "output": set(),
    "living": {"render", "output"},
    "batch": set(),
    "pipeline": {"read", "contract", "figures", "context", "documents", "render", "output", "living", "batch"},
    "app": {"pipeline", "documents"},
    "__init__": set(),
    "__main__": {"app"},
}
# Named exceptions to the rules above, each with its reason (none at present).
EXCEPTIONS: dict[str, set[str]] = {}
# Libraries that only some parts may use: the workbook readers and the Word writers.
LIBRARY_OWNERS = {
    "openpyxl": {"read", "contract"},
    "docxtpl": {"render"},
}


def modules() -> list[Path]:
    """Return every module of the package."""
    return sorted(PACKAGE.rglob("*.py"))


def part_of(path: Path) -> str:
    """Return the stage (sub-package) or top-level module a file belongs to."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported(path: Path) -> set[str]:
    """Return the dotted names a module imports (anywhere in it, also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def package_parts(names: set[str]) -> set[str]:
    """Return the parts of the package the names import (assembler.read.sources → read)."""
    return {name.split(".")[1] for name in names if name.startswith("assembler.") and name.count(".") >= 1}


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_architecture_stage_imports_only_what_it_may(path: Path) -> None:
    part = part_of(path)
    names = imported(path)
    excepted = {name for name in names if any(name.startswith(e) for e in EXCEPTIONS.get(part, ()))}
    wrong = package_parts(names - excepted) - ALLOWED[part] - SHARED - {part}
    assert not wrong, f"{part} must not import {sorted(wrong)}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_architecture_heavy_libraries_stay_in_their_stage(path: Path) -> None:
    part = part_of(path)
    roots = {name.split(".")[0] for name in imported(path)}
    wrong = {library for library, owners in LIBRARY_OWNERS.items() if library in roots and part not in owners}
    assert not wrong, f"{part} must not import {sorted(wrong)}"


def test_architecture_every_part_has_a_rule() -> None:
    assert {part_of(path) for path in modules()} <= set(ALLOWED)


def test_architecture_finds_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "sample.py"
    module.write_text("def f():\n    from assembler.render.engine import render_report\n", "utf-8")
    assert package_parts(imported(module)) == {"render"}
