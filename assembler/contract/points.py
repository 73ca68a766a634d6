"""The sheets of numbered points: the staff's text per point of the status report and of the referat.

A point is named by its heading or its number ('1', 'S3a', '3 a.'); the points and their headings
are lists in vocabulary.toml (`afsnit`, `referatpunkter`). A text belongs to the year in its År
column (for the referat, the year the meeting reviews); a report prints only its statusår's texts,
and a text without a year comes back every year, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assembler.contract import declaration as c
from assembler.contract.cells import parse_year, quoted_text
from assembler.contract.model import Minutes, Participant
from assembler.contract.records import Reading, located_records
from assembler.contract.tables import Problems, RowReader, Table, read_rows
from assembler.contract.vocabulary import AFSNIT, REFERATPUNKTER, AfsnitSpec, ValueList, Vocabulary, normalize
from assembler.danish import format_period, format_short_date
from assembler.errors import Location

_AFSNIT_KEY = re.compile(r"(s?)\s*(\d)\s*([ab])?\.?")
_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)$")
TEXT_YEAR = "det statusår, teksten handler om,"
MEETING_YEAR = "det år, mødet følger op på (mødet i marts 2026 følger op på 2025),"


@dataclass(frozen=True)
class Years:
    """The years a text may name: the statusår, and the period (None when Stamdata gives none)."""

    statusaar: int
    period: range | None = None


def match_point(label: str, specs: tuple[AfsnitSpec, ...]) -> str | None:
    """Return the key of the point a label names, by its heading text or else by its number."""
    wanted = normalize(_ELLIPSIS.sub("", label))
    for spec in specs:
        heading = normalize(spec.heading)
        if wanted == heading or (len(wanted) >= 20 and heading.startswith(wanted)):
            return spec.key
    without_number = normalize(_AFSNIT_KEY.sub("", wanted, count=1))
    for spec in specs:
        heading_text = normalize(_AFSNIT_KEY.sub("", normalize(spec.heading), count=1))
        if len(without_number) >= 20 and heading_text.startswith(without_number):
            return spec.key
    number = _AFSNIT_KEY.match(wanted)
    if number is None:
        return None
    strategic, digit, letter = number.group(1), number.group(2), number.group(3) or ""
    key = ("S" if strategic or letter else "") + digit + letter
    keys = {s.key.casefold(): s.key for s in specs}
    return keys.get(key.casefold())


def report_unknown_point(r: RowReader, header: str, label: str, points: ValueList, vocabulary: Vocabulary) -> None:
    """Record that a label names none of a list's points, saying how to name one."""
    keys = ", ".join(vocabulary.values(points))
    r.problems.error(
        r.location(header),
        f"ukendt {points.noun} '{quoted_text(label)}'. Skriv punktets nummer ({keys}) eller overskrift",
    )


def text_year(r: RowReader, years: Years | None) -> int | None:
    """Return the year in a row's År cell (None when empty or absent); a year outside the period is a problem."""
    return in_period(r, r.value(c.AAR.header, parse_year, required=False), years)


def has_unusable_year(r: RowReader, year: int | None) -> bool:
    """True when a row's År cell holds something, but no year of the plan (its problem is recorded)."""
    return year is None and r.raw(c.AAR.header) is not None


def in_period(r: RowReader, year: int | None, years: Years | None) -> int | None:
    """Return a row's year, or None (with a problem) when it lies outside the plan's period."""
    period = years.period if years is not None else None
    if year is None or period is None or year in period:
        return year
    r.problems.error(
        r.location(c.AAR.header),
        f"året {year} ligger uden for planens periode {format_period(period.start, period.stop - 1)}",
    )
    return None


def warn_without_year(r: RowReader, header: str, what: str, fix: str, pronoun: str = "den") -> None:
    """Warn that a row without År comes back every year; `fix` says which year to write."""
    year = c.AAR.header
    add = "" if year in r.table.columns else f" (tilføj kolonnen {year}, hvis arket ikke har den)"
    r.problems.warn(
        r.location(header),
        f"{what} har intet år i kolonnen {year}, så {pronoun} kommer med hvert år. Skriv {fix} i kolonnen "
        f"{year}{add}",
    )


def read_afsnit(
    table: Table | None, vocabulary: Vocabulary, problems: Problems, years: Years | None
) -> dict[str, str]:
    """Read the staff's text for the statusår per numbered point, keyed by the point's key ('1', 'S3a', …).

    The statusår's own row wins; a row without År is used when the statusår has none. Without
    `years` (Stamdata could not be read) the rows are only checked.
    """
    label_column, text_column, _ = c.OPMAERKSOMHEDSPUNKTER.columns
    where: dict[tuple[str, int | None], Location] = {}
    dated: dict[str, str] = {}
    undated: dict[str, tuple[str, RowReader]] = {}
    earlier: dict[str, tuple[int, Location]] = {}  # the latest earlier year with text, and where
    for r in read_rows(table, problems):
        label = r.text(label_column.header, required=label_column.required)
        if not label:
            continue
        key = match_point(label, vocabulary.afsnit)
        year = text_year(r, years)
        if key is None:
            report_unknown_point(r, label_column.header, label, AFSNIT, vocabulary)
            continue
        if has_unusable_year(r, year):
            continue
        if (key, year) in where:
            for_year = "" if year is None else f" for {year}"
            problems.error(
                r.location(label_column.header),
                f"{AFSNIT.noun} {key}{for_year} står også i {where[key, year].cell}; skriv teksten ét sted",
            )
            continue
        where[key, year] = r.location(label_column.header)
        text = r.text(text_column.header, required=text_column.required)
        if years is None:
            continue
        if year == years.statusaar:
            dated[key] = text
        elif year is None:
            undated[key] = (text, r)
        elif text and year < years.statusaar and (key not in earlier or year > earlier[key][0]):
            earlier[key] = (year, r.location(text_column.header))
    texts: dict[str, str] = {}
    if years is None:
        return texts
    for spec in vocabulary.afsnit:
        text = dated.get(spec.key, "")
        if not text and spec.key in undated:
            text, r = undated[spec.key]
            if text:
                warn_without_year(r, text_column.header, f"teksten til {AFSNIT.noun} {spec.key}", TEXT_YEAR)
        if not text and spec.key in earlier:
            year, at = earlier[spec.key]
            problems.warn(
                at,
                f"{AFSNIT.noun} {spec.key} har tekst for {year}, men ikke for statusåret {years.statusaar}, så "
                f"rapporten viser en pladsholder. Skriv teksten for {years.statusaar} i en række med "
                f"{c.AAR.header} {years.statusaar}",
            )
        if spec.key in dated or spec.key in undated:
            texts[spec.key] = text
    return texts


def read_referat(
    deltagere: Table | None,
    referat: Table | None,
    moededato: date | None,
    stamdata: Location | None,
    vocabulary: Vocabulary,
    problems: Problems,
    years: Years | None,
) -> Minutes | None:
    """Return the minutes of the statusår's meeting, or None when the Referat sheet has no text for it.

    `stamdata` is None when the Stamdata sheet could not be read: its own problems say why, and a
    missing meeting date is not claimed on top of them.
    """
    if referat is None:
        return None
    participants = []
    for r, person in located_participants(deltagere, Reading(problems), years):
        if years is not None and person.aar is None:
            warn_without_year(r, c.DELTAGERE.header("navn"), "deltageren", MEETING_YEAR, pronoun="vedkommende")
        if years is not None and person.aar in (None, years.statusaar):
            participants.append(person)
    meeting = read_meeting(referat, vocabulary, problems, years)
    if years is None:
        return None
    if not meeting.points:
        if meeting.earlier_years:
            listed = " og ".join(str(y) for y in sorted(meeting.earlier_years))
            problems.warn(
                referat.sheet.location(),
                f"arket har referat for {listed}, men ikke for statusåret {years.statusaar}, så referatet "
                f"bygges ikke. Skriv referatet for {years.statusaar} i rækker med {c.AAR.header} {years.statusaar}",
            )
        return None
    date_found = meeting_date(meeting, moededato, stamdata, problems)
    return None if date_found is None else Minutes(date_found, participants, meeting.points)


def located_participants(
    table: Table | None, reading: Reading, years: Years | None
) -> list[tuple[RowReader, Participant]]:
    """Return the Deltagere sheet's participants with their rows; a year outside the period is a problem."""
    return [
        (r, person)
        for r, person in located_records(table, c.DELTAGERE, Participant, reading)
        if person.aar is None or in_period(r, person.aar, years) is not None
    ]


@dataclass
class Meeting:
    """What the Referat sheet says about the statusår's meeting, and which earlier meetings it holds."""

    points: dict[str, list[str]]
    dates: list[tuple[date, Location]]
    earlier_years: set[int]


def read_meeting(table: Table, vocabulary: Vocabulary, problems: Problems, years: Years | None) -> Meeting:
    """Read the statusår's text per agenda point (several rows for one point become several paragraphs)."""
    label_column, text_column, _, date_column = c.REFERAT.columns
    meeting = Meeting({}, [], set())
    for r in read_rows(table, problems):
        label = r.text(label_column.header, required=label_column.required)
        text = r.text(text_column.header, required=text_column.required)
        year = text_year(r, years)
        held = r.date(date_column.header, required=False)
        if not label:
            continue
        key = match_point(label, vocabulary.referat_points)
        if key is None:
            report_unknown_point(r, label_column.header, label, REFERATPUNKTER, vocabulary)
            continue
        if years is None or has_unusable_year(r, year):
            continue
        if year is not None and year != years.statusaar:
            if text and year < years.statusaar:
                meeting.earlier_years.add(year)
            continue
        if held is not None:
            meeting.dates.append((held, r.location(date_column.header)))
        if text:
            meeting.points.setdefault(key, []).append(text)
            if year is None:
                warn_without_year(r, text_column.header, f"teksten til {REFERATPUNKTER.noun} {key}", MEETING_YEAR)
    return meeting


def meeting_date(
    meeting: Meeting, moededato: date | None, stamdata: Location | None, problems: Problems
) -> date | None:
    """Return the meeting's date: from its rows' Mødedato, else Stamdata's (the statusår's meeting's)."""
    name = c.stamdata_field("moededato_eftersyn").name
    if meeting.dates:
        held, where = meeting.dates[0]
        for other, at in meeting.dates[1:]:
            if other != held:
                problems.error(at, f"mødet har datoen {format_short_date(held)} i {where.cell}; et møde har én dato")
                return None
        if moededato is not None and moededato != held:
            problems.warn(
                where,
                f"referatet bruger mødets dato {format_short_date(held)} herfra, ikke {name} i Stamdata "
                f"({format_short_date(moededato)}), som hører til et andet møde; ret den ene, hvis det er forkert",
            )
        return held
    if moededato is None and stamdata is not None:
        felt = c.STAMDATA.header("field")
        problems.error(
            stamdata,
            f"feltet '{name}' mangler; referatet skal have mødets dato. Tilføj en række med {felt} '{name}', "
            f"eller skriv datoen i kolonnen {c.REFERAT.header('moededato')} i arket {c.REFERAT.name}",
        )
    return moededato
