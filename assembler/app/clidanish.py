"""Click in Danish: its own texts from a gettext catalogue (data/locale), and values checked with Danish messages.

click passes its texts (»Usage:«, »Show this message and exit.«, »No such option«) through the
standard library's gettext, which picks a catalogue by text domain and language. assembler speaks
Danish whatever the locale: it names its catalogue of click's texts and the language once, when the
command line is imported.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

LOCALE = Path(__file__).parent.parent / "data" / "locale"
DOMAIN = "click"  # the catalogue locale/da/LC_MESSAGES/click.mo, compiled from click.po beside it
CATALOGUE = LOCALE / "da" / "LC_MESSAGES" / f"{DOMAIN}.po"


def install_danish() -> None:
    """Make gettext, which click's texts go through, answer from the Danish catalogue whatever the locale.

    click's modules call the standard library's gettext.gettext and ngettext, which look the text up
    in the process's text domain for the languages $LANGUAGE names.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "da"


class DanishCommand(click.Command):
    """A command whose usage line is Danish (»[TILVALG]« rather than »[OPTIONS]«)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", gettext.gettext("[OPTIONS]"))
        super().__init__(*args, **kwargs)


class DanishGroup(click.Group):
    """A group of commands whose usage line, commands and sub-groups are Danish too."""

    command_class = DanishCommand
    group_class = type  # sub-groups are DanishGroups

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", gettext.gettext("[OPTIONS]"))
        kwargs.setdefault("subcommand_metavar", gettext.gettext("COMMAND [ARGS]..."))
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
