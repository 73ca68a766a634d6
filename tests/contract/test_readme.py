"""The README's sheet table is the declaration's: regenerate it with `python -m assembler.contract.readme`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assembler.contract import declaration as c
from assembler.contract.readme import BEGIN, END, sheet_table, with_sheet_table
from tests.conftest import REPO

README = REPO / "README.md"


def test_readme_sheet_table_is_the_declarations() -> None:
    readme = README.read_text("utf-8")
    assert with_sheet_table(readme, sheet_table()) == readme, "run: python -m assembler.contract.readme"


def test_the_table_names_every_sheet_column_and_stamdata_field() -> None:
    table = sheet_table()
    for spec in c.SHEETS:
        assert f"| `{spec.name}`" in table
        for column in spec.columns:
            assert f"`{column.header}`{'*' if column.required else ''}" in table, column.header
    for field in c.STAMDATA_FIELDS:
        assert f"`{field.name}`{'*' if field.required else ''}" in table, field.name


def test_the_command_rewrites_only_the_table(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Før\n\n{BEGIN}\ngammel tabel\n{END}\n\nEfter.\n", "utf-8")
    subprocess.run([sys.executable, "-m", "assembler.contract.readme", str(readme)], check=True)
    assert readme.read_text("utf-8") == f"# Før\n\n{BEGIN}\n{sheet_table()}\n{END}\n\nEfter.\n"


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no lines"):
        with_sheet_table("# README uden tabel\n", sheet_table())
