"""What every part of the context shares: documented fields, charts, and table formatting."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from assembler.danish import format_integer, format_number, format_percent

MISSING = "–"
KEY = "noegle"  # the metadata that marks a field as part of its item's key (see felt)


def felt(beskrivelse: str, eksempel: str = "", *, noegle: bool = False) -> Any:
    """Declare a context field with its Danish description and an example value.

    `noegle`: the field is (part of) the key that tells an item of a list from the others, as the
    workbook does (a member by name, a meeting by date); assembler's frames know a repeated part by it.
    """
    return field(metadata={"beskrivelse": beskrivelse, "eksempel": eksempel, KEY: noegle})


def key_of(item: object) -> tuple[str, ...] | None:
    """Return an item's key: the values of its fields declared with noegle=True (None when it has none)."""
    if not dataclasses.is_dataclass(item) or isinstance(item, type):
        return None
    values = tuple(str(getattr(item, f.name)) for f in dataclasses.fields(item) if f.metadata.get(KEY))
    return values or None


@dataclass(frozen=True)
class ChartSeries:
    """One series of a chart: its name, one value per category, its colour (hex) if fixed, or one per category."""

    name: str
    values: tuple[float, ...]
    colour: str | None = None
    point_colours: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A native Word chart; a template places it with {{ … }} alone in a paragraph."""

    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    number_format: str
    value_axis_title: str
    category_axis_title: str
    data_labels: bool = True

    @property
    def har_data(self) -> bool:
        """True when the chart has a category and a value other than 0; a template leaves it out otherwise."""
        return bool(self.categories) and any(v for s in self.series for v in s.values)


@dataclass(frozen=True)
class Antal:
    """Et antal med navn, fx aktiviteter med en status eller succeskriterier i et bånd."""

    navn: str = felt("Status eller bånd", "Igangsat", noegle=True)
    antal: str = felt("Antallet som tekst", "3")
    tal: int = felt("Antallet som tal, til betingelser i skabelonen", "3")
    farve: str = felt("Farven (hex), som i tabeller og diagrammer", "D8EFD0")
    tekst: str = felt("Antallet med navnet i ental eller flertal, til løbende tekst", "2 forsinkede")


def counts(
    pairs: tuple[tuple[str, int], ...], colours: dict[str, str], plurals: dict[str, str] | None = None
) -> list[Antal]:
    """Return (name, count) pairs as Antal, coloured by name, with the name's plural where one is given."""
    plurals = plurals or {}
    return [
        Antal(name, format_integer(n), n, colours.get(name, "FFFFFF"), count_text(n, name, plurals.get(name)))
        for name, n in pairs
    ]


def count_text(n: int, name: str, plural: str | None) -> str:
    """Return '1 forsinket' or '2 forsinkede': the name in lower case, its plural for any count but 1."""
    word = name if n == 1 or not plural else plural
    return f"{format_integer(n)} {lower_first(word)}"


def lower_first(text: str) -> str:
    """Lower-case a word's first letter for running text ('Jobcenterchef' → 'jobcenterchef'), not an acronym's."""
    if len(text) > 1 and text[0].isupper() and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def percent_or_missing(ratio: Fraction | None) -> str:
    """Return a percentage, or '–' when it cannot be computed."""
    return MISSING if ratio is None else format_percent(ratio)


def number_or_missing(value: Decimal | None) -> str:
    """Return a number such as a result or a target, or '–' when there is none."""
    return MISSING if value is None else format_number(value)


def amount_or_missing(value: int | None) -> str:
    """Return an amount without 'kr.' (for tables), or '–' when there is none."""
    return MISSING if value is None else format_integer(value)
