"""The templates' context: every value a template may use, formatted in Danish, documented.

Field names are the template language staff see (`{{ plan.navn }}`), so they are Danish words
written without æ, ø and å. Each field carries a description and an example; `templates fields`
lists them from these classes, so the documentation cannot drift from what is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .danish import (
    format_integer,
    format_long_date,
    format_number,
    format_percent,
    format_period,
    format_short_date,
)
from .figures import AreaFigures, BudgetYear, Figures, FinancingYear, Spending
from .model import BoardMember, Plan

MISSING = "–"


def felt(beskrivelse: str, eksempel: str = "") -> Any:
    """Declare a context field with its Danish description and an example value."""
    return field(metadata={"beskrivelse": beskrivelse, "eksempel": eksempel})


@dataclass(frozen=True)
class PlanFelter:
    """Stamdata for helhedsplanen."""

    navn: str = felt("Helhedsplanens navn", "Boligsocial helhedsplan for Engparken")
    kommune: str = felt("Kommunen", "Kildeby Kommune")
    boligomraader: str = felt("Boligområderne", "Engparken og Solhøj")
    boligorganisationer: str = felt("Boligorganisationerne", "Boligselskabet Engen")
    bevillingsramme: str = felt("Bevillingsrammen", "2019-26-midlerne")
    periode: str = felt("Perioden, tom hvis ikke oplyst", "2021-2024")
    statusaar: str = felt("Statusåret", "2023")
    statusdato: str = felt("Statusdato i lang form, tom hvis ikke oplyst", "15. december 2023")
    projektleder: str = felt("Projektleder, tom hvis ikke oplyst", "Mette Kjær")
    forfatter: str = felt("Dokumentets forfatter: projektlederen eller sekretariatet", "Mette Kjær")


@dataclass(frozen=True)
class Medlem:
    """Et bestyrelsesmedlem."""

    navn: str = felt("Navn", "Lars Holm")
    titel: str = felt("Titel", "Direktør")
    organisation: str = felt("Organisation", "Boligselskabet Engen")
    beskrivelse: str = felt("Navn, titel og organisation i én tekst", "Lars Holm, Direktør, Boligselskabet Engen")


@dataclass(frozen=True)
class Bestyrelsesaendring:
    """Et medlem, der er indtrådt i eller udtrådt af bestyrelsen i statusåret."""

    navn: str = felt("Navn", "Hanne Berg")
    beskrivelse: str = felt("Navn, titel og organisation i én tekst", "Hanne Berg, Jobcenterchef, Kildeby Kommune")
    dato: str = felt("Datoen for ind- eller udtræden i lang form", "1. april 2023")
    bemaerkning: str = felt("Bemærkning fra projektmappen", "grundet jobskifte")


@dataclass(frozen=True)
class Bestyrelse:
    """Bestyrelsen i statusåret."""

    deltagere: list[Medlem] = felt("Medlemmer, der deltager i etårsstatus (løkke)")
    indtraadte: list[Bestyrelsesaendring] = felt("Medlemmer indtrådt i statusåret (løkke)")
    udtraadte: list[Bestyrelsesaendring] = felt("Medlemmer udtrådt i statusåret (løkke)")
    rettidig_udsendelse: str = felt("Mødeindkaldelser og referater udsendt rettidigt: 'ja', 'nej' eller ''", "ja")


@dataclass(frozen=True)
class Moede:
    """Et bestyrelsesmøde i statusåret."""

    dato: str = felt("Dato i lang form", "8. marts 2023")
    dato_kort: str = felt("Dato i kort form", "8.3.2023")
    moedetype: str = felt("Mødetype, kan være tom", "Bestyrelsesmøde")
    bemaerkning: str = felt("Bemærkning, kan være tom", "Temamøde om beskæftigelse")


@dataclass(frozen=True)
class Punkt:
    """Et nummereret punkt i etårsstatussen med sekretariatets tekst."""

    afsnit: list[str] = felt("Tekstens afsnit (løkke); tom når punktet mangler tekst")
    har_tekst: bool = felt("Sand, når der er skrevet tekst til punktet", "True")


@dataclass(frozen=True)
class Punkter:
    """Sekretariatets tekst til etårsstatussens punkter."""

    p1: Punkt = felt("Organisering, punkt 1: daglig ledelse og bemanning")
    p2: Punkt = felt("Organisering, punkt 2: bestyrelsens samspil med styre-/følgegrupper")
    p3: Punkt = felt("Organisering, punkt 3: samarbejdet med boligorganisationerne")
    p4: Punkt = felt("Organisering, punkt 4: samarbejdet med kommunen")
    s1: Punkt = felt("Strategisk punkt 1: samarbejdsaftalen og målopfyldelse")
    s2: Punkt = felt("Strategisk punkt 2: budgettet")
    s3a: Punkt = felt("Strategisk punkt 3 a: samspil med øvrige tiltag")
    s3b: Punkt = felt("Strategisk punkt 3 b (valgfrit)")


@dataclass(frozen=True)
class StatusAntal:
    """Antal aktiviteter med en status."""

    status: str = felt("Status", "Igangsat")
    antal: str = felt("Antal aktiviteter", "3")


@dataclass(frozen=True)
class Maalopfyldelse:
    """Målopfyldelsen for et succeskriterie med både måltal og resultat."""

    aktivitet: str = felt("Aktivitet", "Lektiecafé")
    succeskriterie: str = felt("Succeskriterie", "Antal unikke deltagere")
    maaltal: str = felt("Måltal", "40")
    resultat: str = felt("Resultat", "33")
    maalopfyldelse: str = felt("Resultat i procent af måltal", "82,5 %")


@dataclass(frozen=True)
class OpmaerksomhedsAktivitet:
    """En aktivitet, der ikke er igangsat eller er forsinket."""

    aktivitet: str = felt("Aktivitet", "Fædregruppe")
    status: str = felt("Status", "Ikke igangsat")
    kommentar: str = felt("Kommentar fra projektmappen, kan være tom", "Afventer ny medarbejder")


@dataclass(frozen=True)
class Indsatsomraade:
    """Fremdriften i et indsatsområde i statusåret."""

    navn: str = felt("Indsatsområdets navn", "Uddannelse og livschancer")
    statusantal: list[StatusAntal] = felt("Antal aktiviteter pr. status (løkke)")
    aktiviteter_i_alt: str = felt("Antal aktiviteter i alt", "5")
    maalopfyldelse: list[Maalopfyldelse] = felt("Succeskriterier med måltal og resultat (løkke)")
    opmaerksomhed: list[OpmaerksomhedsAktivitet] = felt("Aktiviteter, der ikke er igangsat eller er forsinket (løkke)")


@dataclass(frozen=True)
class Budgetlinje:
    """Budget og regnskab for en kategori (eller i alt) i et år."""

    kategori: str = felt("Kategori eller 'I alt'", "Personale")
    budget: str = felt("Budget i kr. (uden 'kr.')", "1.450.000")
    regnskab: str = felt("Regnskab i kr., '–' når året ikke er afsluttet", "1.398.250")
    forbrug: str = felt("Regnskab i procent af budget, '–' når det ikke kan opgøres", "96,4 %")
    uforbrugt: str = felt("Budget minus regnskab i kr., '–' når året ikke er afsluttet", "51.750")


@dataclass(frozen=True)
class Budgetaar:
    """Budgettet for statusåret fordelt på kategorier."""

    aar: str = felt("Året", "2023")
    afsluttet: bool = felt("Sand, når der er regnskab for året", "True")
    kategorier: list[Budgetlinje] = felt("Én linje pr. kategori (løkke)")
    i_alt: Budgetlinje = felt("Summen af alle kategorier")


@dataclass(frozen=True)
class Finansieringskilde:
    """Tilsagn og indbetaling fra en lokal finansieringskilde i statusåret."""

    kilde: str = felt("Kilde", "Kildeby Kommune")
    tilsagn: str = felt("Tilsagn i kr.", "400.000")
    indbetalt: str = felt("Indbetalt i kr.", "300.000")
    mangler: str = felt("Tilsagn minus indbetalt i kr.", "100.000")


@dataclass(frozen=True)
class Finansiering:
    """Finansieringen i statusåret."""

    aar: str = felt("Året", "2023")
    tilsagn_i_alt: str = felt("Tilsagn fra alle kilder i alt, i kr.", "2.600.000")
    medfinansiering: str = felt("Lokal medfinansiering i kr.", "850.000")
    medfinansiering_andel: str = felt("Lokal medfinansierings andel af tilsagn, '–' uden tilsagn", "32,7 %")
    minimum: str = felt("LBF's krav til lokal medfinansiering", "25 %")
    under_minimum: bool = felt("Sand, når andelen er under LBF's krav", "False")
    kilder: list[Finansieringskilde] = felt("Lokale kilder (løkke)")
    mangler_i_alt: str = felt("Lovet, men ikke indbetalt medfinansiering i alt, i kr.", "100.000")


@dataclass(frozen=True)
class Kontekst:
    """Alt, en skabelon kan bruge."""

    plan: PlanFelter = felt("Helhedsplanens stamdata")
    bestyrelse: Bestyrelse = felt("Bestyrelsen")
    moeder: list[Moede] = felt("Bestyrelsesmøder i statusåret (løkke)")
    punkter: Punkter = felt("Sekretariatets tekst til punkterne")
    indsatsomraader: list[Indsatsomraade] = felt("Fremdrift pr. indsatsområde (løkke)")
    budget: Budgetaar = felt("Budget og regnskab for statusåret")
    finansiering: Finansiering = felt("Finansiering i statusåret")


def build_context(plan: Plan, figures: Figures) -> Kontekst:
    """Return the formatted context for a validated plan and its figures."""
    year = plan.stamdata.statusaar
    return Kontekst(
        plan=plan_fields(plan),
        bestyrelse=board(plan, year),
        moeder=[
            Moede(format_long_date(m.dato), format_short_date(m.dato), m.moedetype, m.bemaerkning)
            for m in plan.meetings
            if m.dato.year == year
        ],
        punkter=Punkter(**{point_field(key): point(plan.afsnit.get(key, "")) for key in POINT_KEYS}),
        indsatsomraader=[area(a) for a in figures.areas],
        budget=budget_year(figures.budget),
        finansiering=financing(figures.financing),
    )


POINT_KEYS = ("1", "2", "3", "4", "S1", "S2", "S3a", "S3b")


def point_field(key: str) -> str:
    """Return the Punkter field of a point's key: '1' → 'p1', 'S3a' → 's3a'."""
    return key.lower() if key.startswith("S") else f"p{key}"


def plan_fields(plan: Plan) -> PlanFelter:
    """Return the plan's stamdata as text."""
    s = plan.stamdata
    years = s.years
    return PlanFelter(
        navn=s.helhedsplan,
        kommune=s.kommune,
        boligomraader=s.boligomraader,
        boligorganisationer=s.boligorganisationer,
        bevillingsramme=plan.frame.name,
        periode=format_period(years.start, years.stop - 1) if years else "",
        statusaar=str(s.statusaar),
        statusdato=format_long_date(s.statusdato) if s.statusdato else "",
        projektleder=s.projektleder,
        forfatter=s.projektleder or f"Sekretariatet for {s.helhedsplan}",
    )


def board(plan: Plan, year: int) -> Bestyrelse:
    """Return the participating members and the year's changes to the board."""
    rettidig = plan.stamdata.rettidig_udsendelse
    return Bestyrelse(
        deltagere=[Medlem(m.navn, m.titel, m.organisation, describe_member(m)) for m in plan.board if m.deltager],
        indtraadte=[
            Bestyrelsesaendring(m.navn, describe_member(m), format_long_date(m.indtraadt), m.bemaerkning)
            for m in plan.board
            if m.indtraadt is not None and m.indtraadt.year == year
        ],
        udtraadte=[
            Bestyrelsesaendring(m.navn, describe_member(m), format_long_date(m.udtraadt), m.bemaerkning)
            for m in plan.board
            if m.udtraadt is not None and m.udtraadt.year == year
        ],
        rettidig_udsendelse="" if rettidig is None else ("ja" if rettidig else "nej"),
    )


def describe_member(member: BoardMember) -> str:
    """Return 'Navn, Titel, Organisation', leaving out what is empty."""
    return ", ".join(p for p in (member.navn, member.titel, member.organisation) if p)


def point(text: str) -> Punkt:
    """Split a point's text into paragraphs at its line breaks."""
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return Punkt(afsnit=paragraphs, har_tekst=bool(paragraphs))


def percent_or_missing(ratio: Fraction | None) -> str:
    """Return a percentage, or '–' when it cannot be computed."""
    return MISSING if ratio is None else format_percent(ratio)


def amount_or_missing(value: int | None) -> str:
    """Return an amount without 'kr.' (for tables), or '–' when there is none."""
    return MISSING if value is None else format_integer(value)


def area(figures: AreaFigures) -> Indsatsomraade:
    """Return one indsatsområde's progress as text."""
    return Indsatsomraade(
        navn=figures.name,
        statusantal=[StatusAntal(s, format_integer(n)) for s, n in figures.status_counts],
        aktiviteter_i_alt=format_integer(figures.activity_count),
        maalopfyldelse=[
            Maalopfyldelse(
                a.item.aktivitet,
                a.item.succeskriterie,
                format_number(a.item.maaltal) if a.item.maaltal is not None else MISSING,
                format_number(a.item.resultat) if a.item.resultat is not None else MISSING,
                percent_or_missing(a.ratio),
            )
            for a in figures.attainments
        ],
        opmaerksomhed=[OpmaerksomhedsAktivitet(a.name, a.status, a.kommentar) for a in figures.attention],
    )


def budget_line(line: Spending) -> Budgetlinje:
    """Return a budget line as table text."""
    return Budgetlinje(
        kategori=line.label,
        budget=format_integer(line.budget),
        regnskab=amount_or_missing(line.regnskab),
        forbrug=percent_or_missing(line.forbrug),
        uforbrugt=amount_or_missing(line.uforbrugt),
    )


def budget_year(figures: BudgetYear) -> Budgetaar:
    """Return a year's budget by Kategori as text."""
    return Budgetaar(
        aar=str(figures.year),
        afsluttet=figures.closed,
        kategorier=[budget_line(line) for line in figures.categories],
        i_alt=budget_line(figures.total),
    )


def financing(figures: FinancingYear) -> Finansiering:
    """Return a year's financing and co-financing as text."""
    return Finansiering(
        aar=str(figures.year),
        tilsagn_i_alt=format_integer(figures.total_tilsagn),
        medfinansiering=format_integer(figures.local_tilsagn),
        medfinansiering_andel=percent_or_missing(figures.local_share),
        minimum=format_percent(figures.floor, decimals=0),
        under_minimum=figures.below_floor,
        kilder=[
            Finansieringskilde(
                s.kilde, format_integer(s.tilsagn), format_integer(s.indbetalt), format_integer(s.unpaid)
            )
            for s in figures.cofinancing
        ],
        mangler_i_alt=format_integer(figures.total_unpaid),
    )
