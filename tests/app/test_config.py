"""Which template folder: --templates, then ASSEMBLER_TEMPLATES, then assembler.toml, then the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembler.app.config import choose_template_folder
from assembler.errors import AssemblerError


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    names = {"flag": tmp_path / "flag", "env": tmp_path / "env", "toml": tmp_path / "skabeloner"}
    for folder in names.values():
        folder.mkdir()
    (tmp_path / "assembler.toml").write_text('skabeloner = "skabeloner"\n', "utf-8")
    return names


@pytest.mark.parametrize(
    ("flag", "env", "expected", "source"),
    [
        (True, True, "flag", "--templates"),
        (False, True, "env", "miljøvariablen ASSEMBLER_TEMPLATES"),
        (False, False, "toml", "assembler.toml"),
    ],
)
def test_config_flag_beats_environment_beats_file(
    folders: dict[str, Path], tmp_path: Path, flag: bool, env: bool, expected: str, source: str
) -> None:
    environ = {"ASSEMBLER_TEMPLATES": str(folders["env"])} if env else {}
    chosen = choose_template_folder(folders["flag"] if flag else None, environ, tmp_path)
    assert (chosen.path, chosen.source) == (folders[expected], source)


def test_config_without_any_setting_uses_the_default_templates(tmp_path: Path) -> None:
    chosen = choose_template_folder(None, {"ASSEMBLER_TEMPLATES": ""}, tmp_path)
    assert (chosen.path, chosen.source) == (None, "standardskabelonerne")


def test_config_file_without_the_key_uses_the_default_templates(tmp_path: Path) -> None:
    (tmp_path / "assembler.toml").write_text("# intet her\n", "utf-8")
    assert choose_template_folder(None, {}, tmp_path).path is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("skabeloner = 3\n", 'assembler.toml: skabeloner skal være et mappenavn i anførselstegn, fx "skabeloner"'),
        ('skabeloner = "  "\n', 'assembler.toml: skabeloner skal være et mappenavn i anførselstegn, fx "skabeloner"'),
        ("skabeloner = skabeloner\n", "assembler.toml kan ikke læses: "),
    ],
)
def test_config_file_with_a_wrong_value_says_how_to_write_it(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "assembler.toml").write_text(content, "utf-8")
    with pytest.raises(AssemblerError) as caught:
        choose_template_folder(None, {}, tmp_path)
    assert str(caught.value).startswith(message)


def test_config_names_where_a_missing_folder_was_set(tmp_path: Path) -> None:
    with pytest.raises(AssemblerError) as caught:
        choose_template_folder(None, {"ASSEMBLER_TEMPLATES": str(tmp_path / "væk")}, tmp_path)
    assert str(caught.value) == (
        f"mappen med skabeloner '{tmp_path / 'væk'}' (fra miljøvariablen ASSEMBLER_TEMPLATES) findes ikke"
    )
