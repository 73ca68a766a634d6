"""Checking a plan's sheets against the contract and LBF's lists, into a validated Plan.

The plan as a whole is checked here (its sheets found once, its frame and years, the record sheets'
own rules); the Stamdata sheet is read in `stamdata`, the sheets of numbered points in `points`.
"""

from __future__ import annotations

from dataclasses import replace

from assembler.contract import declaration as c
from assembler.contract.cells import quoted_text
from assembler.contract.coverage import warn_uncovered_years
from assembler.contract.model import BoardMember, BudgetPost, FinancingSource, Meeting, Plan, Stamdata, Succeskriterie
from assembler.contract.points import Years, read_afsnit, read_referat
from assembler.contract.records import Choices, Reading, located_records, read_records
from assembler.contract.schema import Kind
from assembler.contract.stamdata import read_stamdata
from assembler.contract.statusreport import status_report
from assembler.contract.tables import Problems, Table, read_rows, read_table
from assembler.contract.vocabulary import Frame, ValueList, Vocabulary, load_vocabulary, match, normalize
from assembler.errors import InputError, Location, Problem
from assembler.read.sheet import Sheet


def validate_plan(name: str, sheets: list[Sheet], where: Location) -> tuple[Plan, list[Problem]]:
    """Return the validated plan and its warnings; raise InputError with every problem found."""
    problems = Problems([p for sheet in sheets for p in sheet.problems])
    vocabulary = load_vocabulary()
    tables = find_tables(sheets, where, problems)
    stamdata_table = tables.get(c.STAMDATA.name)
    stamdata = read_stamdata(stamdata_table, vocabulary, problems)
    frame = plan_frame(stamdata, tables, vocabulary, problems)
    if stamdata is not None:
        adopt_single_columns(tables, stamdata.statusaar, problems)
    years = plan_years(stamdata, tables, problems)
    reading = Reading(problems, list_choices(frame, vocabulary), tuple(years), vocabulary.total_row_labels)
    text_years = years_of_texts(stamdata)
    board = read_records(tables.get(c.BESTYRELSE.name), c.BESTYRELSE, BoardMember, reading)
    meetings = sorted(read_records(tables.get(c.MOEDER.name), c.MOEDER, Meeting, reading), key=lambda m: m.dato)
    afsnit = read_afsnit(tables.get(c.OPMAERKSOMHEDSPUNKTER.name), vocabulary, problems, text_years)
    fremdrift = read_fremdrift(tables.get(c.FREMDRIFT.name), reading)
    budget = read_records(tables.get(c.BUDGET.name), c.BUDGET, BudgetPost, reading)
    financing = read_financing(tables.get(c.FINANSIERING.name), vocabulary, reading)
    stamdata_at = stamdata_table.sheet.location() if stamdata_table else where
    referat = read_referat(
        tables.get(c.DELTAGERE.name),
        tables.get(c.REFERAT.name),
        stamdata.moededato_eftersyn if stamdata else None,
        stamdata_at if stamdata else None,
        vocabulary,
        problems,
        text_years,
    )
    report = status_report(stamdata, vocabulary, stamdata_at, problems) if stamdata else None
    if problems.has_errors or stamdata is None or frame is None or report is None:
        raise InputError(problems.items)
    plan = Plan(
        name,
        stamdata,
        frame,
        report,
        board=board,
        meetings=meetings,
        afsnit=afsnit,
        fremdrift=fremdrift,
        budget=budget,
        financing=financing,
        years=tuple(years),
        referat=referat,
    )
    warn_uncovered_years(plan, tables[c.BUDGET.name], problems)
    return plan, problems.items


def years_of_texts(stamdata: Stamdata | None) -> Years | None:
    """Return the years texts are sorted by; None (the texts only checked) while the statusår is not known to fit."""
    if stamdata is None or (stamdata.years is not None and stamdata.statusaar not in stamdata.years):
        return None
    return Years(stamdata.statusaar, stamdata.years)


def list_choices(frame: Frame | None, vocabulary: Vocabulary) -> dict[ValueList, Choices]:
    """Return the values each list column may hold (a bevillingsramme's lists only when the frame is known)."""
    lists = {column.choices for spec in c.SHEETS for column in spec.columns if column.kind is Kind.CHOICE}
    choices: dict[ValueList, Choices] = {}
    for value_list in lists:
        if value_list is None or (value_list.of_frame and frame is None):
            continue
        context = f" for bevillingsramme {frame.key}" if value_list.of_frame and frame is not None else ""
        choices[value_list] = Choices(vocabulary.values(value_list, frame), value_list.noun, context)
    return choices


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


def read_financing(table: Table | None, vocabulary: Vocabulary, reading: Reading) -> list[FinancingSource]:
    """Read the Finansiering sheet: tilsagn and indbetalt per source and year, Landsbyggefonden recognised."""
    return [
        replace(source, is_landsbyggefonden=match(source.kilde, vocabulary.lbf_names) is not None)
        for source in read_records(table, c.FINANSIERING, FinancingSource, reading)
    ]


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


def plan_years(stamdata: Stamdata | None, tables: dict[str, Table], problems: Problems) -> list[int]:
    """Return the plan's years (the period's, or the budget's columns) and check the per-year columns."""
    budget = tables.get(c.BUDGET.name)
    if stamdata is not None and stamdata.years is not None:
        years = list(stamdata.years)
    elif budget is not None:
        years = sorted(budget.year_columns[c.BUDGET.year_prefixes[0]])
    else:
        return []
    if stamdata is not None and stamdata.statusaar not in years and stamdata.years is None:
        years = sorted({*years, stamdata.statusaar})
    for table in tables.values():
        # A sheet in the older one-column form ('Resultat') has its one column for the statusår.
        every_year = [y.prefix for y in table.spec.year_columns if y.every_year]
        every_year = [p for p in every_year if p not in table.single_year_columns]
        for prefix in every_year:
            for year in years:
                if year not in table.year_columns[prefix]:
                    problems.error(
                        table.sheet.location(row=1),
                        f"kolonnen '{prefix} {year}' mangler i række 1 "
                        f"(der skal være {' og '.join(every_year)} for hvert år i perioden)",
                    )
    return years


def adopt_single_columns(tables: dict[str, Table], statusaar: int, problems: Problems) -> None:
    """Read an older one-column form ('Resultat') as the statusår's column.

    The older form may not stand beside the per-year columns; a workbook using it gets one warning.
    """
    for table in tables.values():
        for prefix, column in table.single_year_columns.items():
            at = table.sheet.location(1, column)
            yearly = table.year_columns[prefix]
            if yearly:
                first = table.sheet.location(1, min(yearly.values())).cell
                problems.error(
                    at,
                    f"kolonnen '{prefix}' står sammen med kolonner pr. år (fx i {first}); brug kun én af dem. "
                    f"Flyt tallene til '{prefix} {statusaar}', og slet kolonnen '{prefix}'",
                )
                continue
            problems.warn(
                at,
                f"kolonnen '{prefix}' læses som resultaterne for statusåret {statusaar}. Skriv hvert års resultater i "
                f"deres egen kolonne ('{prefix} {statusaar - 1}', '{prefix} {statusaar}' …, som `assembler "
                f"new-workbook` laver dem), så de tidligere års resultater bevares, når statusåret skifter",
            )
            table.year_columns[prefix] = {statusaar: column}
