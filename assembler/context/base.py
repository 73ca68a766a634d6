"""What every part of the context shares: documented fields, charts, and table formatting."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..danish import format_integer, format_percent

MISSING = "–"


def felt(beskrivelse: str, eksempel: str = "") -> Any:
    """Declare a context field with its Danish description and an example value."""
    return field(metadata={"beskrivelse": beskrivelse, "eksempel": eksempel})


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


@dataclass(frozen=True)
class Antal:
    """Et antal med navn, fx aktiviteter med en status eller succeskriterier i et bånd."""

    navn: str = felt("Status eller bånd", "Igangsat")
    antal: str = felt("Antallet som tekst", "3")
    tal: int = felt("Antallet som tal, til betingelser i skabelonen", "3")
    farve: str = felt("Farven (hex), som i tabeller og diagrammer", "D8EFD0")


def counts(pairs: tuple[tuple[str, int], ...], colours: dict[str, str]) -> list[Antal]:
    """Return (name, count) pairs as Antal, coloured by name."""
    return [Antal(name, format_integer(n), n, colours.get(name, "FFFFFF")) for name, n in pairs]


def percent_or_missing(ratio: Fraction | None) -> str:
    """Return a percentage, or '–' when it cannot be computed."""
    return MISSING if ratio is None else format_percent(ratio)


def amount_or_missing(value: int | None) -> str:
    """Return an amount without 'kr.' (for tables), or '–' when there is none."""
    return MISSING if value is None else format_integer(value)
