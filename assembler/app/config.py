"""Which template folder to use: the --templates flag, then the environment, then assembler.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from assembler.errors import AssemblerError

CONFIG_FILE = "assembler.toml"
ENVIRONMENT = "ASSEMBLER_TEMPLATES"
CONFIG_KEY = "skabeloner"


@dataclass(frozen=True)
class TemplateFolder:
    """A secretariat's template folder (None: the default templates) and where that was set."""

    path: Path | None
    source: str


def choose_template_folder(flag: Path | None, environ: Mapping[str, str], cwd: Path) -> TemplateFolder:
    """Return the template folder: flag > environment > assembler.toml in cwd > the defaults."""
    if flag is not None:
        return existing(TemplateFolder(flag, "--templates"))
    if environ.get(ENVIRONMENT):
        return existing(TemplateFolder(Path(environ[ENVIRONMENT]), f"miljøvariablen {ENVIRONMENT}"))
    config = cwd / CONFIG_FILE
    if config.is_file():
        folder = read_config(config)
        if folder is not None:
            return existing(TemplateFolder(folder, CONFIG_FILE))
    return TemplateFolder(None, "standardskabelonerne")


def read_config(config: Path) -> Path | None:
    """Return the template folder set in assembler.toml (relative to the file), if any."""
    try:
        settings = tomllib.loads(config.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise AssemblerError(f'{config.name} kan ikke læses: {err}. Skriv fx: {CONFIG_KEY} = "skabeloner"') from err
    value = settings.get(CONFIG_KEY)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AssemblerError(f'{config.name}: {CONFIG_KEY} skal være et mappenavn i anførselstegn, fx "skabeloner"')
    return config.parent / value


def existing(folder: TemplateFolder) -> TemplateFolder:
    """Return the folder, or stop with a message naming where it was set when it does not exist."""
    if folder.path is not None and not folder.path.is_dir():
        raise AssemblerError(f"mappen med skabeloner '{folder.path}' (fra {folder.source}) findes ikke")
    return folder
