"""Checking a plan's sheets against the contract and LBF's lists, into a validated Plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from assembler.contract import declaration as c
from assembler.contract.cells import (
    EXCEL_1900_EPOCH,
    CellValueError,
    describe,
    parse_date,
    parse_year,
    parse_yes_no,
    quoted_text,
    typed_year,
)
from assembler.contract.model import Plan, Stamdata
from assembler.contract.records import Choices, Reading
from assembler.contract.tables import Problems, RowReader, Table, read_rows, read_table
from assembler.contract.validate_referat import read_referat
from assembler.contract.validate_sheets import (
    read_afsnit,
    read_board,
    read_budget,
    read_financing,
    read_fremdrift,
    read_meetings,
)
from assembler.contract.vocabulary import Frame, Vocabulary, load_vocabulary, normalize
from assembler.danish import format_period
from assembler.errors import InputError, Location, Problem
from assembler.read.sheet import CellValue, Sheet

# Periode start and Periode slut may be a bare year: its first and its last day.
PERIOD_ENDS = {"periode_start": False, "periode_slut": True}


def validate_plan(name: str, sheets: list[Sheet], where: Location) -> tuple[Plan, list[Problem]]:
    """Return the validated plan and its warnings; raise InputError with every problem found."""
    problems = Problems([p for sheet in sheets for p in sheet.problems])
    vocabulary = load_vocabulary()
    tables = find_tables(sheets, where, problems)
    stamdata_table = tables.get(c.STAMDATA.name)
    stamdata = read_stamdata(stamdata_table, vocabulary, problems)
    frame = plan_frame(stamdata, tables, vocabulary, problems)
    years = plan_years(stamdata, tables.get(c.BUDGET.name), tables.get(c.FINANSIERING.name), problems)
    reading = Reading(problems, list_choices(frame, vocabulary), tuple(years), vocabulary.total_row_labels)
    board = read_board(tables.get(c.BESTYRELSE.name), reading)
    meetings = read_meetings(tables.get(c.MOEDER.name), reading)
    afsnit = read_afsnit(tables.get(c.OPMAERKSOMHEDSPUNKTER.name), vocabulary, problems)
    fremdrift = read_fremdrift(tables.get(c.FREMDRIFT.name), reading)
    budget = read_budget(tables.get(c.BUDGET.name), reading)
    financing = read_financing(tables.get(c.FINANSIERING.name), vocabulary, reading)
    referat = read_referat(
        tables.get(c.DELTAGERE.name),
        tables.get(c.REFERAT.name),
        stamdata.moededato_eftersyn if stamdata else None,
        (stamdata_table.sheet.location() if stamdata_table else where) if stamdata else None,
        vocabulary,
        problems,
    )
    if problems.has_errors or stamdata is None or frame is None:
        raise InputError(problems.items)
    plan = Plan(
        name,
        stamdata,
        frame,
        board=board,
        meetings=meetings,
        afsnit=afsnit,
        fremdrift=fremdrift,
        budget=budget,
        financing=financing,
        years=tuple(years),
        referat=referat,
    )
    return plan, problems.items


def list_choices(frame: Frame | None, vocabulary: Vocabulary) -> dict[c.Kind, Choices]:
    """Return the values each list column may hold (the indsatsområder only when the frame is known)."""
    choices = {c.Kind.STATUS: Choices(vocabulary.statuses), c.Kind.KATEGORI: Choices(vocabulary.categories)}
    if frame is not None:
        choices[c.Kind.INDSATSOMRAADE] = Choices(frame.indsatsomraader, f" for bevillingsramme {frame.key}")
    return choices


def find_tables(sheets: list[Sheet], where: Location, problems: Problems) -> dict[str, Table]:
    """Find each contract sheet once among the workbooks' sheets and match its headers."""
    contract_names = {normalize(spec.name) for spec in c.SHEETS}
    by_name: dict[str, Sheet] = {}
    for sheet in sheets:
        key = normalize(sheet.title)
        # Other sheets are ignored, also when several workbooks have one (new-workbook's hidden Lister).
        if key not in contract_names:
            continue
        if key in by_name:
            problems.error(sheet.location(), duplicate_sheet_message(sheet, by_name[key]))
        else:
            by_name[key] = sheet
    tables: dict[str, Table] = {}
    for spec in c.SHEETS:
        found = by_name.get(normalize(spec.name))
        if found is None:
            if not spec.optional:
                problems.error(where, f"arket '{spec.name}' mangler. Fandt arkene: {list_sheets(sheets)}")
            continue
        # A sheet that could not be read whole has its problem already; its headers prove nothing.
        table = read_table(found, spec, problems) if found.is_readable else None
        if table is not None:
            tables[spec.name] = table
    return tables


def duplicate_sheet_message(sheet: Sheet, first: Sheet) -> str:
    """Say where else a sheet stands; within one workbook, quote both names, so what differs shows."""
    if sheet.file != first.file:
        return f"arket '{quoted_text(sheet.title)}' findes også i {first.file}; et ark må kun stå ét sted"
    return (
        f"arket '{quoted_text(sheet.title)}' står to gange i projektmappen (også som '{quoted_text(first.title)}'); "
        "slet eller omdøb det ene"
    )


def list_sheets(sheets: list[Sheet]) -> str:
    """Return the sheets present, hidden ones marked, with their file when there are several."""
    several_files = len({s.file for s in sheets}) > 1
    names = []
    for sheet in sheets:
        notes = [n for n in (sheet.file if several_files else "", "skjult" if sheet.hidden else "") if n]
        title = quoted_text(sheet.title)
        names.append(f"{title} ({', '.join(notes)})" if notes else title)
    return ", ".join(names) if names else "(ingen)"


def read_stamdata(table: Table | None, vocabulary: Vocabulary, problems: Problems) -> Stamdata | None:
    """Read the Felt/Værdi rows; return None when a required field is missing or wrong."""
    if table is None:
        return None
    fields = {normalize(f.name): f for f in c.STAMDATA_FIELDS}
    values: dict[str, Any] = {}
    seen: dict[str, Location] = {}
    felt, vaerdi = c.STAMDATA.header("field"), c.STAMDATA.header("value")
    for reader in read_rows(table, problems):
        spec = fields.get(normalize(reader.text(felt, required=False)))
        if spec is None:
            continue
        if spec.attribute in seen:
            problems.error(reader.location(felt), f"feltet '{spec.name}' står også i {seen[spec.attribute].cell}")
            continue
        seen[spec.attribute] = reader.location(vaerdi)
        value = read_field(reader, spec, vocabulary)
        if value is not None:
            values[spec.attribute] = value
    for spec in c.STAMDATA_FIELDS:
        if spec.required and spec.attribute not in seen:
            problems.error(
                table.sheet.location(), f"feltet '{spec.name}' mangler; tilføj en række med {felt} '{spec.name}'"
            )
    if any(f.required and f.attribute not in values for f in c.STAMDATA_FIELDS):
        return None
    stamdata = Stamdata(**values)
    check_period(stamdata, seen, problems)
    return stamdata


def read_field(reader: RowReader, spec: c.FieldSpec, vocabulary: Vocabulary) -> Any:
    """Parse one Stamdata value by its kind."""
    vaerdi = c.STAMDATA.header("value")
    if spec.kind is c.Kind.TEXT:
        text = reader.text(vaerdi, required=spec.required, label=spec.name)
        if spec.max_length is not None and len(text) > spec.max_length:
            reader.problems.error(
                reader.location(vaerdi),
                f"{spec.name} er {len(text)} tegn lang; den må højst være {spec.max_length} tegn, "
                "fordi den står i rapporternes titel og egenskaber. Forkort den",
            )
            return None
        return text or None
    if spec.kind is c.Kind.FRAME:
        return reader.value(vaerdi, lambda v: parse_frame(v, vocabulary), label=spec.name)
    parsers: dict[c.Kind, Callable[[CellValue], Any]] = {
        c.Kind.DATE: lambda v: parse_stamdata_date(v, spec.attribute, reader.epoch),
        c.Kind.YEAR: parse_year,
        c.Kind.YES_NO: parse_yes_no,
    }
    return reader.value(vaerdi, parsers[spec.kind], required=spec.required, label=spec.name)


def parse_frame(value: CellValue, vocabulary: Vocabulary) -> str:
    """Return the key of the bevillingsramme a cell names ('Egen' for a plan's own list)."""
    if isinstance(value, str) and vocabulary.is_own_frame(value):
        return vocabulary.own_frame_word
    frame = vocabulary.find_frame(str(value)) if isinstance(value, str | int) else None
    if frame is None:
        keys = ", ".join(f.key for f in vocabulary.frames)
        raise CellValueError(
            f"ukendt bevillingsramme {describe(value)}. Brug en af: {keys} – eller {vocabulary.own_frame_word} "
            f"med planens egne indsatsområder i arket {c.INDSATSOMRAADER.name}"
        )
    return frame.key


def plan_frame(
    stamdata: Stamdata | None, tables: dict[str, Table], vocabulary: Vocabulary, problems: Problems
) -> Frame | None:
    """Return the plan's frame: one of LBF's, or 'Egen' with the Indsatsområder sheet's list."""
    own_areas = tables.get(c.INDSATSOMRAADER.name)
    frame_field = c.stamdata_field("bevillingsramme").name
    if stamdata is None:
        return None
    if not vocabulary.is_own_frame(stamdata.bevillingsramme):
        if own_areas is not None:
            problems.warn(
                own_areas.sheet.location(),
                f"arket bruges kun, når {frame_field} er '{vocabulary.own_frame_word}'; det er ignoreret",
            )
        return vocabulary.find_frame(stamdata.bevillingsramme)
    if own_areas is None:
        problems.error(
            tables[c.STAMDATA.name].sheet.location(),
            f"{frame_field} er '{vocabulary.own_frame_word}', men arket '{c.INDSATSOMRAADER.name}' mangler; "
            "skriv planens indsatsområder dér, ét pr. række",
        )
        return None
    header = c.INDSATSOMRAADER.header("indsatsomraade")
    areas = tuple(dict.fromkeys(a for r in read_rows(own_areas, problems) if (a := r.text(header))))
    word = vocabulary.own_frame_word
    return Frame(word, word, (), areas)


def parse_stamdata_date(value: CellValue, attribute: str, epoch: datetime = EXCEL_1900_EPOCH) -> date:
    """Return a Stamdata date; only the period's ends may be a bare year (Statusdato may not)."""
    if attribute in PERIOD_ENDS:
        return parse_period_bound(value, end=PERIOD_ENDS[attribute], epoch=epoch)
    return parse_date(value, epoch)


def parse_period_bound(value: CellValue, *, end: bool, epoch: datetime = EXCEL_1900_EPOCH) -> date:
    """Return a date; a bare year means its first (or, for an end, last) day."""
    year = typed_year(value, epoch)
    if year is not None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    return parse_date(value, epoch)


def check_period(stamdata: Stamdata, seen: dict[str, Location], problems: Problems) -> None:
    """Check that the period runs forward and holds the status year."""
    start, end = stamdata.periode_start, stamdata.periode_slut
    if start and end and end < start:
        start_name, end_name = c.stamdata_field("periode_start").name, c.stamdata_field("periode_slut").name
        problems.error(seen["periode_slut"], f"{end_name} ligger før {start_name}")
    elif stamdata.years is not None and stamdata.statusaar not in stamdata.years:
        period = format_period(stamdata.years.start, stamdata.years.stop - 1)
        problems.error(
            seen["statusaar"],
            f"statusåret {stamdata.statusaar} ligger uden for perioden {period}",
        )


def plan_years(
    stamdata: Stamdata | None, budget: Table | None, financing: Table | None, problems: Problems
) -> list[int]:
    """Return the plan's years (the period's, or the budget's columns) and check the columns."""
    if stamdata is not None and stamdata.years is not None:
        years = list(stamdata.years)
    elif budget is not None:
        years = sorted(budget.year_columns[c.BUDGET.year_prefixes[0]])
    else:
        return []
    if stamdata is not None and stamdata.statusaar not in years and stamdata.years is None:
        years = sorted({*years, stamdata.statusaar})
    for table in (budget, financing):
        if table is None:
            continue
        for prefix in table.spec.year_prefixes:
            for year in years:
                if year not in table.year_columns[prefix]:
                    problems.error(
                        table.sheet.location(row=1),
                        f"kolonnen '{prefix} {year}' mangler i række 1 "
                        f"(der skal være {' og '.join(table.spec.year_prefixes)} for hvert år i perioden)",
                    )
    return years
