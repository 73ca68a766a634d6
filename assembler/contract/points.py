"""The sheets of numbered points: the staff's text per point of the etårsstatus and of the referat.

A point is named by its heading or its number ('1', 'S3a', '3 a.'); the points and their headings
are lists in vocabulary.toml (`afsnit`, `referatpunkter`).
"""

from __future__ import annotations

import re
from datetime import date

from assembler.contract import declaration as c
from assembler.contract.cells import quoted_text
from assembler.contract.model import Minutes, Participant
from assembler.contract.records import Reading, read_records
from assembler.contract.tables import Problems, RowReader, Table, read_rows
from assembler.contract.vocabulary import AFSNIT, REFERATPUNKTER, AfsnitSpec, ValueList, Vocabulary, normalize
from assembler.errors import Location

_AFSNIT_KEY = re.compile(r"(s?)\s*(\d)\s*([ab])?\.?")
_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)$")


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


def read_afsnit(table: Table | None, vocabulary: Vocabulary, problems: Problems) -> dict[str, str]:
    """Read the staff's text per numbered point of the etårsstatus, keyed by the point's key ('1', 'S3a', …)."""
    label_column, text_column = c.OPMAERKSOMHEDSPUNKTER.columns
    texts: dict[str, str] = {}
    where: dict[str, Location] = {}
    for r in read_rows(table, problems):
        label = r.text(label_column.header, required=label_column.required)
        if not label:
            continue
        key = match_point(label, vocabulary.afsnit)
        if key is None:
            report_unknown_point(r, label_column.header, label, AFSNIT, vocabulary)
        elif key in where:
            problems.error(
                r.location(label_column.header),
                f"{AFSNIT.noun} {key} står også i {where[key].cell}; skriv teksten ét sted",
            )
        else:
            where[key] = r.location(label_column.header)
            texts[key] = r.text(text_column.header, required=text_column.required)
    return texts


def read_referat(
    deltagere: Table | None,
    referat: Table | None,
    moededato: date | None,
    stamdata: Location | None,
    vocabulary: Vocabulary,
    problems: Problems,
) -> Minutes | None:
    """Return the minutes of the ét-årseftersyn, or None when the Referat sheet is absent or still empty.

    `stamdata` is None when the Stamdata sheet could not be read: its own problems say why, and a
    missing meeting date is not claimed on top of them.
    """
    if referat is None:
        return None
    participants = read_records(deltagere, c.DELTAGERE, Participant, Reading(problems))
    points = read_referat_points(referat, vocabulary, problems)
    if not points:
        return None
    if moededato is None:
        if stamdata is None:
            return None
        name = c.stamdata_field("moededato_eftersyn").name
        felt = c.STAMDATA.header("field")
        problems.error(
            stamdata,
            f"feltet '{name}' mangler; referatet skal have mødets dato. Tilføj en række med {felt} '{name}'",
        )
        return None
    return Minutes(moededato, participants, points)


def read_referat_points(table: Table, vocabulary: Vocabulary, problems: Problems) -> dict[str, list[str]]:
    """Read the text per agenda point; several rows for one point become several paragraphs."""
    label_column, text_column = c.REFERAT.columns
    points: dict[str, list[str]] = {}
    for r in read_rows(table, problems):
        label = r.text(label_column.header, required=label_column.required)
        text = r.text(text_column.header, required=text_column.required)
        if not label:
            continue
        key = match_point(label, vocabulary.referat_points)
        if key is None:
            report_unknown_point(r, label_column.header, label, REFERATPUNKTER, vocabulary)
        elif text:
            points.setdefault(key, []).append(text)
    return points
