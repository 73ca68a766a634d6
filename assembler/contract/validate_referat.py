"""Checking the optional Deltagere and Referat sheets into the minutes of the ét-årseftersyn."""

from __future__ import annotations

from datetime import date

from assembler.contract import declaration as c
from assembler.contract.cells import quoted_text
from assembler.contract.model import Minutes, Participant
from assembler.contract.records import Reading, read_records
from assembler.contract.tables import Problems, Table, read_rows
from assembler.contract.validate_points import match_point
from assembler.contract.vocabulary import Vocabulary
from assembler.errors import Location


def read_referat(
    deltagere: Table | None,
    referat: Table | None,
    moededato: date | None,
    stamdata: Location | None,
    vocabulary: Vocabulary,
    problems: Problems,
) -> Minutes | None:
    """Return the minutes, or None when the Referat sheet is absent or still empty.

    `stamdata` is None when the Stamdata sheet could not be read: its own problems say why, and a
    missing meeting date is not claimed on top of them.
    """
    if referat is None:
        return None
    participants = read_records(deltagere, c.DELTAGERE, Participant, Reading(problems))
    points = read_points(referat, vocabulary, problems)
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


def read_points(table: Table, vocabulary: Vocabulary, problems: Problems) -> dict[str, list[str]]:
    """Read the text per agenda point; several rows for one point become several paragraphs."""
    points: dict[str, list[str]] = {}
    keys = ", ".join(p.key for p in vocabulary.referat_points)
    label_header, text_header = c.REFERAT.header("point"), c.REFERAT.header("text")
    for r in read_rows(table, problems):
        label = r.text(label_header)
        text = r.text(text_header, required=False)
        if not label:
            continue
        key = match_point(label, vocabulary.referat_points)
        if key is None:
            problems.error(
                r.location(label_header),
                f"ukendt punkt '{quoted_text(label)}'. Skriv punktets nummer ({keys}) eller overskrift",
            )
        elif text:
            points.setdefault(key, []).append(text)
    return points
