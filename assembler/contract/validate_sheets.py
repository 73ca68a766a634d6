"""The sheets' own rules beyond their declaration: dates in order, numbered points, one status per aktivitet."""

from __future__ import annotations

from dataclasses import replace

from assembler.contract import declaration as c
from assembler.contract.cells import quoted_text
from assembler.contract.model import BoardMember, BudgetPost, FinancingSource, Meeting, Succeskriterie
from assembler.contract.records import Reading, located_records, read_records
from assembler.contract.tables import Problems, Table, read_rows
from assembler.contract.validate_points import match_point
from assembler.contract.vocabulary import Vocabulary, match, normalize
from assembler.errors import Location


def read_board(table: Table | None, reading: Reading) -> list[BoardMember]:
    """Read the Bestyrelse sheet."""
    return read_records(table, c.BESTYRELSE, BoardMember, reading)


def read_meetings(table: Table | None, reading: Reading) -> list[Meeting]:
    """Read the Møder sheet, in date order."""
    return sorted(read_records(table, c.MOEDER, Meeting, reading), key=lambda m: m.dato)


def read_afsnit(table: Table | None, vocabulary: Vocabulary, problems: Problems) -> dict[str, str]:
    """Read the staff's text per numbered point, keyed by the point's key ('1', 'S3a', …)."""
    label_header, text_header = c.OPMAERKSOMHEDSPUNKTER.header("point"), c.OPMAERKSOMHEDSPUNKTER.header("text")
    texts: dict[str, str] = {}
    where: dict[str, Location] = {}
    for r in read_rows(table, problems):
        label = r.text(label_header)
        if not label:
            continue
        key = match_point(label, vocabulary.afsnit)
        if key is None:
            keys = ", ".join(a.key for a in vocabulary.afsnit)
            problems.error(
                r.location(label_header),
                f"ukendt afsnit '{quoted_text(label)}'. Skriv punktets nummer ({keys}) eller overskrift",
            )
        elif key in where:
            problems.error(
                r.location(label_header), f"afsnit {key} står også i {where[key].cell}; skriv teksten ét sted"
            )
        else:
            where[key] = r.location(label_header)
            texts[key] = r.text(text_header, required=False)
    return texts


def read_fremdrift(table: Table | None, reading: Reading) -> list[Succeskriterie]:
    """Read the Fremdrift sheet: one row per succeskriterie, statuses consistent per aktivitet."""
    rows = []
    status_header = c.FREMDRIFT.header("status")
    status_of: dict[tuple[str, str, str], tuple[str, Location]] = {}
    for r, item in located_records(table, c.FREMDRIFT, Succeskriterie, reading):
        status = item.status
        key = (normalize(item.indsatsomraade), normalize(item.delaftale), normalize(item.aktivitet))
        if status and key in status_of and status_of[key][0] != status:
            first, where = status_of[key]
            reading.problems.error(
                r.location(status_header),
                f"aktiviteten '{quoted_text(item.aktivitet)}' har status '{quoted_text(first)}' i {where.cell}, men "
                f"'{quoted_text(status)}' her; en aktivitet har én status, gentaget på hver række",
            )
        if key not in status_of:
            status_of[key] = (status, r.location(status_header))
        rows.append(item)
    return rows


def read_budget(table: Table | None, reading: Reading) -> list[BudgetPost]:
    """Read the Budget sheet: a post's budget and regnskab per year, in whole kroner."""
    return read_records(table, c.BUDGET, BudgetPost, reading)


def read_financing(table: Table | None, vocabulary: Vocabulary, reading: Reading) -> list[FinancingSource]:
    """Read the Finansiering sheet: tilsagn and indbetalt per source and year, Landsbyggefonden recognised."""
    return [
        replace(source, is_landsbyggefonden=match(source.kilde, vocabulary.lbf_names) is not None)
        for source in read_records(table, c.FINANSIERING, FinancingSource, reading)
    ]
