"""Reading the sheets with one item a row: the board, meetings, points, fremdrift, budget, financing."""

from __future__ import annotations

from assembler.contract.cells import parse_amount, parse_number, parse_yes_no, printable
from assembler.contract.model import BoardMember, BudgetPost, FinancingSource, Meeting, Succeskriterie
from assembler.contract.tables import Problems, RowReader, Table, read_rows
from assembler.contract.validate_points import match_point
from assembler.contract.vocabulary import Frame, Vocabulary, match, normalize, suggest
from assembler.errors import Location
from assembler.read.workbook import CellValue


def read_board(table: Table | None, problems: Problems) -> list[BoardMember]:
    """Read the Bestyrelse sheet."""
    members = []
    for r in read_rows(table, problems):
        members.append(
            BoardMember(
                navn=r.text("Navn"),
                titel=r.text("Titel", required=False),
                organisation=r.text("Organisation", required=False),
                indtraadt=r.date("Indtrådt", required=False),
                udtraadt=r.date("Udtrådt", required=False),
                deltager=bool(r.value("Deltager i etårsstatus", parse_yes_no, required=False)),
                bemaerkning=r.text("Bemærkning", required=False),
            )
        )
    return members


def read_meetings(table: Table | None, problems: Problems) -> list[Meeting]:
    """Read the Møder sheet, in date order."""
    meetings = []
    for r in read_rows(table, problems):
        when = r.date("Dato")
        if when is not None:
            meetings.append(Meeting(when, r.text("Mødetype", required=False), r.text("Bemærkning", required=False)))
    return sorted(meetings, key=lambda m: m.dato)


def read_afsnit(table: Table | None, vocabulary: Vocabulary, problems: Problems) -> dict[str, str]:
    """Read the staff's text per numbered point, keyed by the point's key ('1', 'S3a', …)."""
    texts: dict[str, str] = {}
    where: dict[str, Location] = {}
    for r in read_rows(table, problems):
        label = r.text("Afsnit")
        if not label:
            continue
        key = match_point(label, vocabulary.afsnit)
        if key is None:
            keys = ", ".join(a.key for a in vocabulary.afsnit)
            problems.error(
                r.location("Afsnit"),
                f"ukendt afsnit '{printable(label)}'. Skriv punktets nummer ({keys}) eller overskrift",
            )
        elif key in where:
            problems.error(r.location("Afsnit"), f"afsnit {key} står også i {where[key].cell}; skriv teksten ét sted")
        else:
            where[key] = r.location("Afsnit")
            texts[key] = r.text("Tekst", required=False)
    return texts


def read_fremdrift(
    table: Table | None, frame: Frame | None, vocabulary: Vocabulary, problems: Problems
) -> list[Succeskriterie]:
    """Read the Fremdrift sheet: one row per succeskriterie, statuses consistent per aktivitet."""
    rows = []
    status_of: dict[tuple[str, str, str], tuple[str, Location]] = {}
    for r in read_rows(table, problems):
        omraade = r.text("Indsatsområde")
        if omraade and frame is not None:
            omraade = checked_choice(
                r,
                "Indsatsområde",
                omraade,
                frame.indsatsomraader,
                f"ukendt indsatsområde '{printable(omraade)}' for bevillingsramme {frame.key}",
            )
        status = r.text("Status")
        if status:
            status = checked_choice(r, "Status", status, vocabulary.statuses, f"ukendt status '{printable(status)}'")
        item = Succeskriterie(
            indsatsomraade=omraade,
            delaftale=r.text("Delaftale"),
            aktivitet=r.text("Aktivitet"),
            succeskriterie=r.text("Succeskriterie"),
            maaltal=r.value("Måltal", parse_number, required=False),
            resultat=r.value("Resultat", parse_number, required=False),
            status=status,
            kommentar=r.text("Kommentar", required=False),
        )
        key = (normalize(item.indsatsomraade), normalize(item.delaftale), normalize(item.aktivitet))
        if status and key in status_of and status_of[key][0] != status:
            first, where = status_of[key]
            problems.error(
                r.location("Status"),
                f"aktiviteten '{printable(item.aktivitet)}' har status '{printable(first)}' i {where.cell}, men "
                f"'{printable(status)}' her; en aktivitet har én status, gentaget på hver række",
            )
        status_of.setdefault(key, (status, r.location("Status")))
        rows.append(item)
    return rows


def checked_choice(r: RowReader, header: str, text: str, choices: tuple[str, ...], unknown: str) -> str:
    """Return the choice a cell names, or record a problem listing the choices."""
    chosen = match(text, choices)
    if chosen is None:
        problems_text = f"{unknown}.{suggest(text, choices)} Brug en af: {', '.join(choices)}"
        r.problems.error(r.location(header), problems_text)
        return text
    return chosen


def is_total_row(r: RowReader, first_header: str, vocabulary: Vocabulary) -> bool:
    """True for a row that sums the others ('I alt'), which assembler computes itself."""
    return match(r.text(first_header, required=False), vocabulary.total_row_labels) is not None


def read_budget(table: Table | None, years: list[int], vocabulary: Vocabulary, problems: Problems) -> list[BudgetPost]:
    """Read the Budget sheet: a post's budget and regnskab per year, in whole kroner."""
    posts = []
    for r in read_rows(table, problems):
        if is_total_row(r, "Post", vocabulary) and r.raw("Kategori") is None:
            continue
        post = r.text("Post")
        kategori = r.text("Kategori")
        if kategori:
            kategori = checked_choice(
                r, "Kategori", kategori, vocabulary.categories, f"ukendt kategori '{printable(kategori)}'"
            )
        budget = {y: r.value("Budget", amount_allowing_income, required=False, year=y) or 0 for y in years}
        regnskab = {y: r.value("Regnskab", amount_allowing_income, required=False, year=y) for y in years}
        posts.append(BudgetPost(post, kategori, budget, regnskab))
    return posts


def amount_allowing_income(value: CellValue) -> int:
    """Parse a budget or regnskab amount; a negative one is an income line."""
    return parse_amount(value, allow_negative=True)


def read_financing(
    table: Table | None, years: list[int], vocabulary: Vocabulary, problems: Problems
) -> list[FinancingSource]:
    """Read the Finansiering sheet: tilsagn and indbetalt per source and year."""
    sources = []
    for r in read_rows(table, problems):
        if is_total_row(r, "Kilde", vocabulary):
            continue
        kilde = r.text("Kilde")
        tilsagn = {y: r.value("Tilsagn", parse_amount, required=False, year=y) or 0 for y in years}
        indbetalt = {y: r.value("Indbetalt", parse_amount, required=False, year=y) for y in years}
        is_lbf = match(kilde, vocabulary.lbf_names) is not None
        sources.append(FinancingSource(kilde, tilsagn, indbetalt, is_lbf))
    return sources
