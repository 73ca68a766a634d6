"""The progress part of the context: activities, succeskriterier and their målopfyldelse."""

from __future__ import annotations

from dataclasses import dataclass

from assembler.context.base import Antal, Chart, ChartSeries, counts, felt, number_or_missing, percent_or_missing
from assembler.context.development import Omraadeudvikling, area_development
from assembler.contract.vocabulary import ChartLabels, Vocabulary
from assembler.danish import format_integer
from assembler.figures.development import AreaDevelopment, Development
from assembler.figures.progress import AreaProgress, Attainment, Attention, Progress


@dataclass(frozen=True)
class Raekke:
    """Et succeskriterie med måltal, resultat og målopfyldelse."""

    aktivitet: str = felt("Aktivitet", "Lektiecafé", noegle=True)
    succeskriterie: str = felt("Succeskriterie", "Antal unikke deltagere", noegle=True)
    maaltal: str = felt("Statusårets måltal (Måltal <år>, ellers Måltal), '–' hvis tomt", "40")
    resultat: str = felt("Statusårets resultat, '–' hvis tomt", "33")
    maalopfyldelse: str = felt("Resultat i procent af måltal, '–' når det ikke kan opgøres", "82,5 %")
    baand: str = felt("Målopfyldelsens bånd", "Delvist opfyldt")
    status: str = felt("Aktivitetens status", "Igangsat")
    statusfarve: str = felt("Statussens farve (hex) til cellens baggrund", "D8EFD0")
    kommentar: str = felt("Kommentar, kan være tom", "")


@dataclass(frozen=True)
class Delaftale:
    """En delaftale med sine succeskriterier i projektmappens rækkefølge."""

    navn: str = felt("Delaftalens navn", "Delaftale om uddannelse og livschancer", noegle=True)
    raekker: list[Raekke] = felt("Succeskriterierne")


@dataclass(frozen=True)
class OpmaerksomhedsAktivitet:
    """En aktivitet, som statusrapporten fremhæver (ikke igangsat eller forsinket)."""

    aktivitet: str = felt("Aktivitet", "Mentorordning for kvinder", noegle=True)
    status: str = felt("Status", "Ikke igangsat")
    kommentar: str = felt("Kommentar fra projektmappen, kan være tom", "Målgruppen er mindre end forventet.")


@dataclass(frozen=True)
class Indsatsomraade:
    """Fremdriften i et indsatsområde."""

    navn: str = felt("Indsatsområdets navn", "Uddannelse og livschancer", noegle=True)
    aktiviteter_i_alt: str = felt("Antal aktiviteter", "3")
    aktiviteter_tal: int = felt("Antal aktiviteter som tal, til betingelser i skabelonen", "3")
    opgjorte_tal: int = felt("Antal succeskriterier med både måltal og resultat, som tal", "4")
    statusantal: list[Antal] = felt("Antal aktiviteter pr. status")
    baandantal: list[Antal] = felt("Antal succeskriterier pr. målopfyldelsesbånd")
    maalopfyldelse: list[Raekke] = felt("Succeskriterier med både måltal og resultat")
    opmaerksomhed: list[OpmaerksomhedsAktivitet] = felt("Aktiviteter, der ikke er igangsat eller er forsinket")
    delaftaler: list[Delaftale] = felt("Delaftalerne")
    udvikling: Omraadeudvikling = felt("Udviklingen over årene i indsatsområdet (se udvikling.vises)")


@dataclass(frozen=True)
class Opmaerksomhedspunkt:
    """Noget fremdriftsrapporten skal forklare: en aktivitets status eller lav målopfyldelse."""

    indsatsomraade: str = felt("Indsatsområde", "Beskæftigelse", noegle=True)
    aktivitet: str = felt("Aktivitet", "Virksomhedsnetværk", noegle=True)
    succeskriterie: str = felt("Succeskriterie, tom når det gælder hele aktiviteten", "", noegle=True)
    grund: str = felt("Status, eller båndet for lav målopfyldelse", "Forsinket")
    kommentar: str = felt("Kommentar fra projektmappen, kan være tom", "")


@dataclass(frozen=True)
class Fremdrift:
    """Fremdriften i hele helhedsplanen i statusåret."""

    aktiviteter_i_alt: str = felt("Antal aktiviteter", "12")
    succeskriterier_i_alt: str = felt("Antal succeskriterier", "16")
    opgjorte: str = felt("Antal succeskriterier med både måltal og resultat", "14")
    aktiviteter_tal: int = felt("Antal aktiviteter som tal, til betingelser i skabelonen", "12")
    succeskriterier_tal: int = felt("Antal succeskriterier som tal, til betingelser i skabelonen", "16")
    opgjorte_tal: int = felt("Antal opgjorte succeskriterier som tal, til betingelser i skabelonen", "14")
    statusantal: list[Antal] = felt("Antal aktiviteter pr. status")
    baandantal: list[Antal] = felt("Antal succeskriterier pr. målopfyldelsesbånd")
    indsatsomraader: list[Indsatsomraade] = felt("Fremdrift pr. indsatsområde")
    opmaerksomhed: list[Opmaerksomhedspunkt] = felt("Aktiviteter og succeskriterier, der skal forklares")
    etaarsstatus_opmaerksomhed: list[Opmaerksomhedspunkt] = felt(
        "Aktiviteter, som statusrapporten fremhæver (ikke igangsat eller forsinket), i alle indsatsområder"
    )
    diagram_maalopfyldelse: Chart = felt("Diagram: succeskriterier pr. bånd i hvert indsatsområde")
    diagram_status: Chart = felt("Diagram: aktiviteter pr. status")


def progress_context(progress: Progress, development: Development, vocabulary: Vocabulary) -> Fremdrift:
    """Return the plan's progress as text, tables and charts, each indsatsområde with its development."""
    developments = {a.name: a for a in development.areas}
    return Fremdrift(
        aktiviteter_i_alt=format_integer(progress.activity_count),
        succeskriterier_i_alt=format_integer(progress.succeskriterie_count),
        opgjorte=format_integer(progress.computable_count),
        aktiviteter_tal=progress.activity_count,
        succeskriterier_tal=progress.succeskriterie_count,
        opgjorte_tal=progress.computable_count,
        statusantal=counts(progress.status_counts, vocabulary.status_colours, vocabulary.status_plurals),
        baandantal=counts(progress.band_counts, vocabulary.band_colours),
        indsatsomraader=[area(a, developments[a.name], vocabulary) for a in progress.areas],
        opmaerksomhed=[attention(a) for a in progress.attention],
        etaarsstatus_opmaerksomhed=[
            Opmaerksomhedspunkt(a.name, x.name, "", x.status, x.kommentar) for a in progress.areas for x in a.lagging
        ],
        diagram_maalopfyldelse=band_chart(progress, vocabulary.band_colours, vocabulary.charts["maalopfyldelse"]),
        diagram_status=status_chart(progress, vocabulary.status_colours, vocabulary.charts["status"]),
    )


def area(figures: AreaProgress, development: AreaDevelopment, vocabulary: Vocabulary) -> Indsatsomraade:
    """Return one indsatsområde's progress as text, with its development over the years."""
    # Each succeskriterie's row is built once: it is in the målopfyldelse table and in its delaftale.
    rows = {id(a): row(a, vocabulary) for a in figures.attainments}
    return Indsatsomraade(
        navn=figures.name,
        aktiviteter_i_alt=format_integer(len(figures.activities)),
        aktiviteter_tal=len(figures.activities),
        opgjorte_tal=len(figures.computable),
        statusantal=counts(figures.status_counts, vocabulary.status_colours, vocabulary.status_plurals),
        baandantal=counts(figures.band_counts, vocabulary.band_colours),
        maalopfyldelse=[rows[id(a)] for a in figures.computable],
        opmaerksomhed=[OpmaerksomhedsAktivitet(a.name, a.status, a.kommentar) for a in figures.lagging],
        delaftaler=[Delaftale(d.name, [rows[id(a)] for a in d.attainments]) for d in figures.delaftaler],
        udvikling=area_development(development, vocabulary),
    )


def row(item: Attainment, vocabulary: Vocabulary) -> Raekke:
    """Return a succeskriterie as a table row."""
    r = item.item
    return Raekke(
        aktivitet=r.aktivitet,
        succeskriterie=r.succeskriterie,
        maaltal=number_or_missing(item.target),
        resultat=number_or_missing(item.result),
        maalopfyldelse=percent_or_missing(item.ratio),
        baand=item.band,
        status=r.status,
        statusfarve=vocabulary.status_colours.get(r.status, "FFFFFF"),
        kommentar=r.kommentar,
    )


def attention(item: Attention) -> Opmaerksomhedspunkt:
    """Return an item to explain."""
    return Opmaerksomhedspunkt(item.indsatsomraade, item.aktivitet, item.succeskriterie, item.reason, item.kommentar)


def band_chart(progress: Progress, colours: dict[str, str], labels: ChartLabels) -> Chart:
    """A stacked bar chart: succeskriterier per band in each indsatsområde."""
    names = [name for name, _ in progress.band_counts]
    return Chart(
        kind="bar_stacked",
        title=labels.title,
        categories=tuple(a.name for a in progress.areas),
        series=tuple(
            ChartSeries(name, tuple(float(dict(a.band_counts)[name]) for a in progress.areas), colours.get(name))
            for name in names
        ),
        number_format="0",
        value_axis_title=labels.value_axis,
        category_axis_title=labels.category_axis,
    )


def status_chart(progress: Progress, colours: dict[str, str], labels: ChartLabels) -> Chart:
    """A column chart: activities per status in the whole plan, each status in its table colour."""
    return Chart(
        kind="column",
        title=labels.title,
        categories=tuple(name for name, _ in progress.status_counts),
        series=(
            ChartSeries(
                labels.series[0],
                tuple(float(n) for _, n in progress.status_counts),
                point_colours=tuple(colours.get(name, "FFFFFF") for name, _ in progress.status_counts),
            ),
        ),
        number_format="0",
        value_axis_title=labels.value_axis,
        category_axis_title=labels.category_axis,
    )
