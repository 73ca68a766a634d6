"""The development part of the context: results year by year against the targets, per indsatsområde."""

from __future__ import annotations

from dataclasses import dataclass

from assembler.context.base import Chart, ChartSeries, felt, number_or_missing, percent_or_missing
from assembler.contract.vocabulary import ChartLabels, Vocabulary
from assembler.danish import format_number, format_period
from assembler.figures.development import AreaDevelopment, CriterionDevelopment, Development, YearResult


@dataclass(frozen=True)
class Aarsresultat:
    """Et succeskriteries resultat i ét år mod årets måltal."""

    aar: str = felt("Året", "2024", noegle=True)
    resultat: str = felt("Årets resultat, '–' når der ikke er et", "31")
    maaltal: str = felt("Årets måltal (Måltal <år>, ellers Måltal), '–' hvis tomt", "40")
    maalopfyldelse: str = felt("Resultat i procent af måltal, '–' når det ikke kan opgøres", "77,5 %")
    har_resultat: bool = felt("Sand, når der er et resultat for året", "True")


@dataclass(frozen=True)
class Kriterieudvikling:
    """Et succeskriteries resultater år for år."""

    aktivitet: str = felt("Aktivitet", "Fritidsjobindsats", noegle=True)
    succeskriterie: str = felt("Succeskriterie", "Antal unge i fritidsjob", noegle=True)
    maaltal: str = felt("Måltallet, når det er det samme alle årene; ellers tom", "30")
    har_resultat: bool = felt("Sand, når der er et resultat for mindst ét af årene", "True")
    aar: list[Aarsresultat] = felt("Ét resultat pr. år fra periodens første år til statusåret")


@dataclass(frozen=True)
class Udviklingsraekke:
    """En række i udviklingstabellen: et succeskriterie i ét år (navnet står kun i dets første række)."""

    aktivitet: str = felt("Aktivitet, kun i succeskriteriets første række", "Fritidsjobindsats")
    succeskriterie: str = felt("Succeskriterie, kun i dets første række", "Antal unge i fritidsjob")
    aar: str = felt("Året", "2024")
    resultat: str = felt("Årets resultat, '–' når der ikke er et", "31")
    maaltal: str = felt("Årets måltal, '–' hvis tomt", "30")
    maalopfyldelse: str = felt("Resultat i procent af måltal, '–' når det ikke kan opgøres", "103,3 %")


@dataclass(frozen=True)
class Omraadeudvikling:
    """Udviklingen i et indsatsområde."""

    navn: str = felt("Indsatsområdets navn", "Uddannelse og livschancer", noegle=True)
    kriterier: list[Kriterieudvikling] = felt("Succeskriterierne med deres resultater år for år")
    raekker: list[Udviklingsraekke] = felt("Tabellens rækker: hvert succeskriterie i hvert år")
    diagram: Chart = felt("Diagram: hvert succeskriteries resultat i procent af måltal, én serie pr. år")


@dataclass(frozen=True)
class Udvikling:
    """Udviklingen over årene: hvert succeskriteries resultater fra periodens første år til statusåret."""

    vises: bool = felt("Sand, når et succeskriterie har et resultat for et år før statusåret", "True")
    aar: list[str] = felt("Årene fra periodens første år til statusåret", "2023")
    periode: str = felt("Årene som periode", "2023-2025")


def development_context(development: Development) -> Udvikling:
    """Return whether the development is shown, and for which years (each indsatsområde has its own)."""
    years = development.years
    return Udvikling(
        vises=development.shown,
        aar=[str(y) for y in years],
        periode=format_period(years[0], years[-1]) if years else "",
    )


def area_development(figures: AreaDevelopment, vocabulary: Vocabulary) -> Omraadeudvikling:
    """Return one indsatsområde's development."""
    return Omraadeudvikling(
        navn=figures.name,
        kriterier=[criterion(c) for c in figures.criteria],
        raekker=[row for c in figures.criteria for row in table_rows(c)],
        diagram=development_chart(figures, vocabulary.charts["udvikling"]),
    )


def criterion(figures: CriterionDevelopment) -> Kriterieudvikling:
    """Return a succeskriterie's results year by year."""
    common = figures.common_target
    return Kriterieudvikling(
        aktivitet=figures.item.aktivitet,
        succeskriterie=figures.item.succeskriterie,
        maaltal="" if common is None else format_number(common),
        har_resultat=any(y.result is not None for y in figures.years),
        aar=[year_result(y) for y in figures.years],
    )


def year_result(figures: YearResult) -> Aarsresultat:
    """Return one year's result against its target as text."""
    return Aarsresultat(
        aar=str(figures.year),
        resultat=number_or_missing(figures.result),
        maaltal=number_or_missing(figures.target),
        maalopfyldelse=percent_or_missing(figures.ratio),
        har_resultat=figures.result is not None,
    )


def table_rows(figures: CriterionDevelopment) -> list[Udviklingsraekke]:
    """Return a succeskriterie's rows of the development table, its names in the first only."""
    rows = []
    for index, year in enumerate(figures.years):
        text = year_result(year)
        first = index == 0
        rows.append(
            Udviklingsraekke(
                aktivitet=figures.item.aktivitet if first else "",
                succeskriterie=figures.item.succeskriterie if first else "",
                aar=text.aar,
                resultat=text.resultat,
                maaltal=text.maaltal,
                maalopfyldelse=text.maalopfyldelse,
            )
        )
    return rows


def development_chart(figures: AreaDevelopment, labels: ChartLabels) -> Chart:
    """A column chart: each succeskriterie's result as a percentage of its target, one series per year.

    Units differ between succeskriterier, so percentages, never sums. A year without a result has
    no column (its value is 0, which the chart neither draws nor labels).
    """
    years = figures.criteria[0].years if figures.criteria else ()
    return Chart(
        kind="column",
        title=labels.title.format(omraade=figures.name),
        categories=tuple(c.item.succeskriterie for c in figures.criteria),
        series=tuple(
            ChartSeries(str(year.year), tuple(percent(c.years[i]) for c in figures.criteria))
            for i, year in enumerate(years)
        ),
        number_format='0" %"',
        value_axis_title=labels.value_axis,
        category_axis_title=labels.category_axis,
    )


def percent(figures: YearResult) -> float:
    """Return a year's result as a percentage of its target (0 when it cannot be computed)."""
    return 0.0 if figures.ratio is None else float(figures.ratio * 100)
