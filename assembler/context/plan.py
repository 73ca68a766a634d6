"""The plan's own part of the context: stamdata, the board, its meetings and the staff's points."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from assembler.context.base import felt, lower_first
from assembler.contract.model import BoardMember, Plan
from assembler.contract.vocabulary import AfsnitSpec, Vocabulary
from assembler.danish import format_long_date, format_period, format_short_date


@dataclass(frozen=True)
class PlanFelter:
    """Stamdata for helhedsplanen."""

    navn: str = felt("Helhedsplanens navn", "Boligsocial helhedsplan for Engparken")
    kommune: str = felt("Kommunen", "Kildeby Kommune")
    boligomraader: str = felt("Boligområderne, tom hvis ikke oplyst", "Engparken og Solhøj")
    boligorganisationer: str = felt("Boligorganisationerne, tom hvis ikke oplyst", "Boligselskabet Engen")
    bevillingsramme: str = felt("Bevillingsrammen", "2019-26-midlerne")
    periode: str = felt("Perioden, tom hvis ikke oplyst", "2023-2026")
    statusaar: str = felt("Statusåret", "2025")
    statusdato: str = felt("Statusdato i lang form: rapporternes dato, tom hvis ikke oplyst", "20. januar 2026")
    projektleder: str = felt("Projektleder, tom hvis ikke oplyst", "Mette Kjær Andersen")
    forfatter: str = felt("Dokumentets forfatter: projektlederen eller sekretariatet", "Mette Kjær Andersen")


@dataclass(frozen=True)
class Medlem:
    """Et bestyrelsesmedlem."""

    navn: str = felt("Navn", "Lars Holm", noegle=True)
    titel: str = felt("Titel", "Direktør")
    organisation: str = felt("Organisation", "Boligselskabet Engen")
    beskrivelse: str = felt("Navn, titel og organisation i én tekst", "Lars Holm, Direktør, Boligselskabet Engen")


@dataclass(frozen=True)
class Bestyrelsesaendring:
    """Et medlem, der er indtrådt i eller udtrådt af bestyrelsen i statusåret."""

    navn: str = felt("Navn", "Jakob Nørgaard", noegle=True)
    beskrivelse: str = felt("Navn, titel og organisation i én tekst", "Jakob Nørgaard, Jobcenterchef, Kildeby Kommune")
    stilling: str = felt(
        "Titel (med lille forbogstav) og organisation til en indskudt sætning i løbende tekst, kan være tom",
        "jobcenterchef, Kildeby Kommune",
    )
    dato: str = felt("Datoen for ind- eller udtræden i lang form", "1. april 2025")
    bemaerkning: str = felt("Bemærkning fra arket Bestyrelse", "grundet jobskifte")


@dataclass(frozen=True)
class Bestyrelse:
    """Bestyrelsen i statusåret."""

    deltagere: list[Medlem] = felt(
        "Medlemmer i statusåret, der deltager i statusrapporten (Ja i 'Deltager i etårsstatus')"
    )
    indtraadte: list[Bestyrelsesaendring] = felt("Medlemmer indtrådt i statusåret")
    udtraadte: list[Bestyrelsesaendring] = felt("Medlemmer udtrådt i statusåret")
    rettidig_udsendelse: str = felt("Mødeindkaldelser og referater udsendt rettidigt: 'ja', 'nej' eller ''", "ja")


@dataclass(frozen=True)
class Moede:
    """Et bestyrelsesmøde i statusåret."""

    dato: str = felt("Dato i lang form", "6. marts 2025", noegle=True)
    dato_kort: str = felt("Dato i kort form", "6.3.2025")
    moedetype: str = felt("Mødetype, kan være tom", "Bestyrelsesmøde")
    bemaerkning: str = felt("Bemærkning, kan være tom", "Godkendelse af årsregnskab 2024")


@dataclass(frozen=True)
class Punkt:
    """Et nummereret punkt i statusrapporten med sekretariatets tekst."""

    afsnit: list[str] = felt("Tekstens afsnit; tom når punktet mangler tekst")
    har_tekst: bool = felt("Sand, når der er skrevet tekst til punktet", "True")


@dataclass(frozen=True)
class EkstraPunkt:
    """Et punkt fra vocabulary.toml, som skabelonen ikke nævner ved navn."""

    noegle: str = felt("Punktets nøgle, som i projektmappen", "S4", noegle=True)
    overskrift: str = felt("Punktets overskrift fra vocabulary.toml", "4. Øvrige opmærksomhedspunkter")
    afsnit: list[str] = felt("Tekstens afsnit; tom når punktet mangler tekst")
    har_tekst: bool = felt("Sand, når der er skrevet tekst til punktet", "True")


@dataclass(frozen=True)
class Punkter:
    """Sekretariatets tekst til statusrapportens punkter for statusåret."""

    p1: Punkt = felt("Organisering, punkt 1: daglig ledelse og bemanning")
    p2: Punkt = felt("Organisering, punkt 2: bestyrelsens samspil med styre-/følgegrupper")
    p3: Punkt = felt("Organisering, punkt 3: samarbejdet med boligorganisationerne")
    p4: Punkt = felt("Organisering, punkt 4: samarbejdet med kommunen")
    s1: Punkt = felt("Strategisk punkt 1: samarbejdsaftalen og målopfyldelse")
    s2: Punkt = felt("Strategisk punkt 2: budgettet")
    s3a: Punkt = felt("Strategisk punkt 3 a: samspil med øvrige tiltag")
    s3b: Punkt = felt("Strategisk punkt 3 b (valgfrit)")
    oevrige: list[EkstraPunkt] = felt("Punkter tilføjet i vocabulary.toml ud over dem herover, i deres rækkefølge")


def plan_fields(plan: Plan) -> PlanFelter:
    """Return the plan's stamdata as text; the reports' only date is the Statusdato the workbook gives."""
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


def board(plan: Plan) -> Bestyrelse:
    """Return the participating members who sat on the board in the status year, and the year's changes to it."""
    year = plan.stamdata.statusaar
    rettidig = plan.stamdata.rettidig_udsendelse
    return Bestyrelse(
        deltagere=[
            Medlem(m.navn, m.titel, m.organisation, describe_member(m))
            for m in plan.board
            if m.deltager and served_in(m, year)
        ],
        indtraadte=[change(m, m.indtraadt) for m in plan.board if m.indtraadt and m.indtraadt.year == year],
        udtraadte=[change(m, m.udtraadt) for m in plan.board if m.udtraadt and m.udtraadt.year == year],
        rettidig_udsendelse="" if rettidig is None else ("ja" if rettidig else "nej"),
    )


def served_in(member: BoardMember, year: int) -> bool:
    """True when a member sat on the board in some part of the year: a later year's member is not this year's."""
    joined, left = member.indtraadt, member.udtraadt
    return (joined is None or joined.year <= year) and (left is None or left.year >= year)


def change(member: BoardMember, when: date) -> Bestyrelsesaendring:
    """Return a member joining or leaving on a date."""
    position = ", ".join(p for p in (lower_first(member.titel), member.organisation) if p)
    return Bestyrelsesaendring(
        member.navn, describe_member(member), position, format_long_date(when), member.bemaerkning
    )


def describe_member(member: BoardMember) -> str:
    """Return 'Navn, Titel, Organisation', leaving out what is empty."""
    return ", ".join(p for p in (member.navn, member.titel, member.organisation) if p)


def meetings(plan: Plan) -> list[Moede]:
    """Return the board's meetings in the status year."""
    year = plan.stamdata.statusaar
    return [
        Moede(format_long_date(m.dato), format_short_date(m.dato), m.moedetype, m.bemaerkning)
        for m in plan.meetings
        if m.dato.year == year
    ]


def points(plan: Plan, vocabulary: Vocabulary) -> Punkter:
    """Return the staff's text for every point of the vocabulary, split into paragraphs at its line breaks."""
    named, extra = split_points(vocabulary.afsnit, point_fields(Punkter), lambda key: plan.afsnit.get(key, ""))
    return Punkter(oevrige=extra, **named)


def point_fields(record: type) -> tuple[str, ...]:
    """Return the fields of a context record that hold a point."""
    return tuple(f.name for f in fields(record) if f.type == Punkt.__name__)


def split_points(
    specs: tuple[AfsnitSpec, ...], named: tuple[str, ...], text_of: Callable[[str], str]
) -> tuple[dict[str, Punkt], list[EkstraPunkt]]:
    """Return the points a record names as fields (empty when not in the vocabulary) and, in order, the others."""
    by_field = {point_field(spec.key): spec for spec in specs}
    extra = []
    for field, spec in by_field.items():
        if field not in named:
            text = point(text_of(spec.key))
            extra.append(EkstraPunkt(spec.key, spec.heading, text.afsnit, text.har_tekst))
    return {field: point(text_of(by_field[field].key) if field in by_field else "") for field in named}, extra


def point_field(key: str) -> str:
    """Return the context field of a point's key: '1' → 'p1', 'S3a' → 's3a', 'Indledning' → 'indledning'."""
    return f"p{key}" if key[:1].isdigit() else key.lower()


def point(text: str) -> Punkt:
    """Split a point's text into paragraphs at its line breaks."""
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return Punkt(afsnit=paragraphs, har_tekst=bool(paragraphs))
