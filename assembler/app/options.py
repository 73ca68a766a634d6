"""The command line's shared options and the --report names: declared once, used by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from assembler.app.clidanish import at_least, install_danish
from assembler.documents import DOCUMENTS

FC = TypeVar("FC", bound=Callable[..., object])

install_danish()  # before the options below are made: click names some of their parts as they are made

INPUTS = click.argument("inputs", default="inputs", type=click.Path(path_type=Path, readable=False))
OUT = click.option(
    "--out",
    default="outputs",
    type=click.Path(path_type=Path),
    metavar="MAPPE",
    show_default=True,
    help="Mappen, rapporterne skrives i.",
)
TEMPLATES = click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=None,
    metavar="MAPPE",
    help="Mappe med jeres egne skabeloner (ellers ASSEMBLER_TEMPLATES, assembler.toml eller standardskabelonerne).",
)


def parse_reports(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept --report a,b as well as --report a --report b, with or without æ, ø, å; refuse unknown reports."""
    known = [d.key for d in DOCUMENTS]
    chosen = [v.strip() for value in values for v in value.split(",") if v.strip()]
    keys = [without_danish_letters(name) for name in chosen]
    for name, key in zip(chosen, keys, strict=True):
        if key not in known:
            spelled = ", ".join(with_danish_letters(k) for k in known)
            raise click.BadParameter(f"ukendt rapport '{name}'. Vælg blandt: {spelled}")
    return tuple(dict.fromkeys(keys))


# A report's key on the command line is its Danish name written without æ, ø and å.
_DANISH_LETTERS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"))


def without_danish_letters(name: str) -> str:
    """Return a report name as its key: 'Økonomi' → 'oekonomi', 'etårsstatus' → 'etaarsstatus'."""
    key = name.lower()
    for letter, spelled in _DANISH_LETTERS:
        key = key.replace(letter, spelled)
    return key


def with_danish_letters(key: str) -> str:
    """Return a report's key as staff write it: 'oekonomi' → 'økonomi'."""
    for letter, spelled in _DANISH_LETTERS:
        key = key.replace(spelled, letter)
    return key


def reports_help() -> str:
    """Return --report's help: the reports by their Danish names, and the keys that spell them without æ, ø, å."""
    keys = [d.key for d in DOCUMENTS]
    without = [key for key in keys if with_danish_letters(key) != key]
    return (
        f"Byg kun disse rapporter: {', '.join(with_danish_letters(k) for k in keys)} (standard: alle). "
        f"Uden æ, ø og å går også: {', '.join(without)}."
    )


JOBS = click.option(
    "--jobs",
    "-j",
    callback=at_least(1, whole=True),
    default=None,
    metavar="N",
    help="Byg N helhedsplaner ad gangen, hver i sin egen proces (standard: én pr. processorkerne).",
)
# click's own hint for an option's environment variable is English; the help names it instead.
TEMPLATE_TIMEOUT_ENV = "ASSEMBLER_TEMPLATE_TIMEOUT"


def template_timeout(then: str) -> Callable[[FC], FC]:
    """Return the --template-timeout option, its help ending with what happens then."""
    return click.option(
        "--template-timeout",
        "template_seconds",
        callback=at_least(1),
        envvar=TEMPLATE_TIMEOUT_ENV,
        default=None,
        metavar="SEKUNDER",
        help="Stop en skabelon, der ikke er færdig med en rapport efter så mange sekunder (standard: 30; også "
        f"miljøvariablen {TEMPLATE_TIMEOUT_ENV}), typisk en løkke, der aldrig slutter. {then}",
    )


TEMPLATE_TIMEOUT = template_timeout("Helhedsplanen får en fejl; de andre bygges.")
TRIAL_TIMEOUT = template_timeout("Skabelonen får en fejl.")
TRACK_CHANGES = click.option(
    "--spor-ændringer",
    "track_changes",
    is_flag=True,
    help="Skriv opdateringer af redigerede rapporter som sporede ændringer, der kan godkendes i Word.",
)
FROM_LAST_YEAR = click.option(
    "--fra-sidste-år",
    "from_last_year",
    is_flag=True,
    help="Byg en rapport, der er ny i år (statusåret er skiftet), ud fra sidste års redigerede rapport af samme "
    "slags: jeres egne afsnit og tabeller og det, I skrev i felterne »Skriv her«, kommer med under samme "
    "overskrift, hver med en kommentar »Fra … – gennemse«; alle tal og sætninger fra projektmappen er årets. "
    "Rapporter, der allerede findes i år, opdateres som sædvanlig, og referatet starter altid forfra.",
)
REPORTS = click.option(
    "--report",
    "reports",
    multiple=True,
    callback=lambda ctx, param, values: parse_reports(values),
    metavar="RAPPORT[,RAPPORT]",
    help=reports_help(),
)
