"""Click in Danish: its own texts from the catalogue data/click.da.po, and values checked with Danish messages.

click passes its texts (»Usage:«, »Show this message and exit.«, »No such option«) through gettext,
which picks a catalogue from the locale. assembler speaks Danish whatever the locale, so it hands
click's modules the Danish catalogue directly when the command line is imported.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

CATALOGUE = Path(__file__).parent.parent / "data" / "click.da.po"
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t"}


class Catalogue(gettext.NullTranslations):
    """A gettext catalogue read from a .po file; a text it lacks stays as it is."""

    def __init__(self, translations: dict[str, tuple[str, ...]]) -> None:
        super().__init__()
        self.translations = translations

    def gettext(self, message: str) -> str:
        """Return the Danish text for click's English one."""
        forms = self.translations.get(message)
        return forms[0] if forms else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """Return the Danish singular or plural text; Danish, like English, has one form for 1 and one for the rest."""
        forms = self.translations.get(msgid1)
        if not forms or len(forms) < 2:
            return msgid1 if n == 1 else msgid2
        return forms[0] if n == 1 else forms[1]


def read_po(text: str) -> dict[str, tuple[str, ...]]:
    """Return a .po file's translations: each msgid with its msgstr, or its msgstr[0], msgstr[1] …."""
    entries: list[dict[str, str]] = []
    field = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            entries[-1][field] += _unquote(line)
            continue
        field, _, rest = line.partition(" ")
        if field == "msgid":
            entries.append({})
        entries[-1][field] = _unquote(rest)
    return {
        entry["msgid"]: tuple(entry[key] for key in sorted(entry) if key.startswith("msgstr"))
        for entry in entries
        if entry["msgid"]
    }


def _unquote(token: str) -> str:
    """Return the text of one quoted .po string, with its escapes resolved."""
    return _ESCAPE.sub(lambda match: _ESCAPES.get(match[1], match[1]), token.strip()[1:-1])


DANISH = Catalogue(read_po(CATALOGUE.read_text("utf-8")))


def install_danish() -> None:
    """Give click's loaded modules the Danish catalogue in place of gettext's functions they imported."""
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        # Each click module did `from gettext import gettext as _` (and ngettext): rebind those names.
        if getattr(module, "_", None) is gettext.gettext:
            module.__dict__["_"] = DANISH.gettext
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.__dict__["ngettext"] = DANISH.ngettext


class DanishCommand(click.Command):
    """A command whose usage line is Danish (»[TILVALG]« rather than »[OPTIONS]«)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", DANISH.gettext("[OPTIONS]"))
        super().__init__(*args, **kwargs)


class DanishGroup(click.Group):
    """A group of commands whose usage line, commands and sub-groups are Danish too."""

    command_class = DanishCommand
    group_class = type  # sub-groups are DanishGroups

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", DANISH.gettext("[OPTIONS]"))
        kwargs.setdefault("subcommand_metavar", DANISH.gettext("COMMAND [ARGS]..."))
        super().__init__(*args, **kwargs)


def at_least(minimum: float, whole: bool = False) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """Return an option callback reading a number of at least `minimum`, with a decimal comma or point."""
    kind = "et helt tal" if whole else "et tal"

    def convert(ctx: click.Context, param: click.Parameter, value: Any) -> float | None:
        if value is None:
            return None
        text = str(value).strip().replace(",", ".")
        try:
            number: float = int(text) if whole else float(text)
        except ValueError:
            raise click.BadParameter(f"forventede {kind}, fandt '{value}'", ctx, param) from None
        if not number >= minimum:  # also refuses nan
            from assembler.danish import format_plain  # babel only when a user needs the message

            raise click.BadParameter(f"skal være mindst {format_plain(minimum)}, fandt {value}", ctx, param)
        return number

    return convert
