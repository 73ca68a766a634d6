"""Checking the optional Deltagere and Referat sheets into the minutes of the ét-årseftersyn."""

from __future__ import annotations

from datetime import date

from assembler.contract.cells import parse_yes_no, printable
from assembler.contract.model import Minutes, Participant
from assembler.contract.tables import Problems, Table, read_rows
from assembler.contract.validate_points import match_point
from assembler.contract.vocabulary import Vocabulary
from assembler.errors import Location


def read_referat(
    deltagere: Table | None,
    referat: Table | None,
    moededato: date | None,
    stamdata: Location,
    vocabulary: Vocabulary,
    problems: Problems,
) -> Minutes | None:
    """Return the minutes, or None when the Referat sheet is absent or still empty."""
    if referat is None:
        return None
    participants = read_participants(deltagere, problems)
    points = read_points(referat, vocabulary, problems)
    if not points:
        return None
    if moededato is None:
        problems.error(
            stamdata,
            "feltet 'Mødedato for ét-årseftersyn' mangler; referatet skal have mødets dato. "
            "Tilføj en række med Felt 'Mødedato for ét-årseftersyn'",
        )
        return None
    return Minutes(moededato, participants, points)


def read_points(table: Table, vocabulary: Vocabulary, problems: Problems) -> dict[str, list[str]]:
    """Read the text per agenda point; several rows for one point become several paragraphs."""
    points: dict[str, list[str]] = {}
    keys = ", ".join(p.key for p in vocabulary.referat_points)
    for r in read_rows(table, problems):
        label = r.text("Punkt")
        text = r.text("Tekst", required=False)
        if not label:
            continue
        key = match_point(label, vocabulary.referat_points)
        if key is None:
            problems.error(
                r.location("Punkt"),
                f"ukendt punkt '{printable(label)}'. Skriv punktets nummer ({keys}) eller overskrift",
            )
        elif text:
            points.setdefault(key, []).append(text)
    return points


def read_participants(table: Table | None, problems: Problems) -> list[Participant]:
    """Read the Deltagere sheet (no sheet: no participants)."""
    return [
        Participant(
            navn=r.text("Navn"),
            rolle=r.text("Rolle", required=False),
            organisation=r.text("Organisation", required=False),
            referent=bool(r.value("Referent", parse_yes_no, required=False)),
        )
        for r in read_rows(table, problems)
    ]
