"""Writing an empty input workbook that follows the contract, with drop-down lists, cell guards and help.

Every cell of a declared kind gets a guard with a Danish message: Excel and LibreOffice show the
input message when the cell is selected and refuse a value the guard does not allow (style »stop«),
so a mistake is caught while typing rather than by `assembler check`.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assembler.contract import declaration as c
from assembler.contract.declaration import KnownNames
from assembler.contract.schema import Column, Kind, SheetSpec
from assembler.contract.vocabulary import RAMMENS_INDSATSOMRAADER, Frame, ValueList, Vocabulary, load_vocabulary
from assembler.errors import AssemblerError

LISTS_SHEET = "Lister"
VALIDATED_ROWS = 500
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
DATE_FORMAT = "d.m.yyyy"
AMOUNT_FORMAT = "#,##0"
OWN_AREA_ROWS = 20
HELP_WIDTH = 70
FONT = "Calibri"  # the workbook default; a font without a name is drawn in a serif font by LibreOffice
LINE_HEIGHT = 15  # points per line of 11 pt text, as Excel and LibreOffice draw it
YES_NO = ("Ja", "Nej")
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)
EXCEL_EPOCH = date(1899, 12, 30)
# Budget lines may be negative (income); no plan has a line of a thousand billion kroner.
LARGEST_AMOUNT = "1000000000000"


def write_blank_workbook(
    path: Path, frame_key: str = "2019-26", first_year: int | None = None, names: KnownNames | None = None
) -> None:
    """Write an empty workbook for a 4-year plan starting in `first_year` (default: this year)."""
    vocabulary = load_vocabulary()
    if vocabulary.is_own_frame(frame_key):
        frame: Frame | None = Frame(vocabulary.own_frame_word, vocabulary.own_frame_word, (), ())
    else:
        frame = vocabulary.find_frame(frame_key)
    if frame is None:
        keys = ", ".join([*(f.key for f in vocabulary.frames), vocabulary.own_frame_word])
        raise AssemblerError(f"ukendt bevillingsramme '{frame_key}'. Brug en af: {keys}")
    start = first_year or date.today().year
    years = list(range(start, start + 4))
    workbook = blank_workbook(vocabulary, frame, years, names or KnownNames())
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def blank_workbook(vocabulary: Vocabulary, frame: Frame, years: list[int], names: KnownNames | None = None) -> Workbook:
    """Return the workbook: one sheet per contract sheet and a hidden sheet of lists."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    own_frame = vocabulary.is_own_frame(frame.key)
    lists = list_ranges(workbook, vocabulary, frame)
    if own_frame:
        # The plan's own indsatsområder are typed in their sheet; Fremdrift's drop-down lists them.
        lists[RAMMENS_INDSATSOMRAADER] = f"{quote_sheetname(c.INDSATSOMRAADER.name)}!$A$2:$A${OWN_AREA_ROWS + 1}"
    specs = [spec for spec in c.SHEETS if spec is not c.INDSATSOMRAADER or own_frame]
    for spec in specs:
        sheet = workbook.create_sheet(spec.name)
        headers = write_headers(sheet, spec, years)
        add_validations(sheet, spec, headers, lists)
        write_help(sheet, len(headers) + 2, vocabulary.sheet_help.get(spec.name, ""))
    prefill(workbook, vocabulary, frame, years, lists)
    name_sources(workbook[c.STAMDATA.name], workbook[c.FINANSIERING.name], vocabulary, names or KnownNames())
    workbook.move_sheet(LISTS_SHEET, offset=len(specs))
    return workbook


DropDown = ValueList | Kind  # a list from vocabulary.toml, or Kind.YES_NO's Ja and Nej


def drop_down(kind: Kind, choices: ValueList | None) -> DropDown | None:
    """Return the drop-down list a cell of this kind takes (numbered points have their headings written instead)."""
    if kind is Kind.YES_NO:
        return kind
    return choices if kind in (Kind.CHOICE, Kind.FRAME) else None


def drop_downs() -> list[DropDown]:
    """Return every drop-down list the declared sheets use, in the order they first appear."""
    kinds = [(f.kind, f.choices) for f in c.STAMDATA_FIELDS]
    kinds += [(column.kind, column.choices) for spec in c.SHEETS for column in spec.columns]
    return list(dict.fromkeys(d for kind, choices in kinds if (d := drop_down(kind, choices)) is not None))


def list_ranges(workbook: Workbook, vocabulary: Vocabulary, frame: Frame) -> dict[DropDown, str]:
    """Write the drop-down lists on a hidden sheet; return each list's range formula."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    ranges = {}
    for index, listed in enumerate(drop_downs(), start=1):
        values = YES_NO if isinstance(listed, Kind) else vocabulary.values(listed, frame)
        letter = get_column_letter(index)
        sheet.cell(1, index, noun(listed))
        for row, value in enumerate(values, start=2):
            sheet.cell(row, index, value)
        ranges[listed] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def noun(listed: DropDown) -> str:
    """Return what one value of a drop-down list is called ('status', 'Ja/Nej')."""
    return listed.value if isinstance(listed, Kind) else listed.noun


def write_headers(sheet: Worksheet, spec: SheetSpec, years: list[int]) -> list[Column]:
    """Write row 1 (the contract's headers, the per-year ones where they stand), wide enough, and freeze it."""
    columns = spec.row_one(years)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, column.header)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = max(column.width, header_width(column.header))
        number_format = {Kind.DATE: DATE_FORMAT, Kind.AMOUNT: AMOUNT_FORMAT}.get(column.kind)
        if number_format:
            for row in range(2, VALIDATED_ROWS + 2):
                sheet.cell(row, index).number_format = number_format
    sheet.freeze_panes = "A2"
    return columns


def add_validations(sheet: Worksheet, spec: SheetSpec, columns: list[Column], lists: dict[DropDown, str]) -> None:
    """Guard every column that takes a list value, a date or a number."""
    for index, column in enumerate(columns, start=1):
        validation = guard(column.kind, column.choices, lists, negative=spec.negative_amounts)
        if validation is None:
            continue
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)


def guard(
    kind: Kind,
    choices: ValueList | None,
    lists: dict[DropDown, str],
    *,
    negative: bool = False,
    max_length: int | None = None,
) -> DataValidation | None:
    """Return the validation for a cell of this kind: its drop-down list, or its value check."""
    listed = drop_down(kind, choices)
    if listed is not None and listed in lists:
        return list_guard(noun(listed), lists[listed])
    return value_guard(kind, negative=negative, max_length=max_length)


def write_help(sheet: Worksheet, column: int, text: str) -> None:
    """Write the sheet's Danish help text to the right of its columns, in a header row tall enough to read it."""
    cell = sheet.cell(1, column, text)
    cell.font = Font(name=FONT, italic=True, color="595959")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions[get_column_letter(column)].width = HELP_WIDTH
    # Excel does not grow a row for wrapped text written by a program, so the height is set here.
    sheet.row_dimensions[1].height = text_height(text, HELP_WIDTH)


def header_width(header: str) -> int:
    """Return a column width that shows a bold header on one line."""
    return math.ceil(len(header) * 1.15) + 3


def text_height(text: str, width: float) -> int:
    """Return a row height (points) that shows the text wrapped in a column of this width."""
    per_line = max(int(width) - 6, 10)  # a column of width w holds about w - 6 characters of wrapped text
    lines = sum(max(1, math.ceil(len(paragraph) / per_line)) for paragraph in text.split("\n"))
    return lines * LINE_HEIGHT + 4


def prefill(
    workbook: Workbook, vocabulary: Vocabulary, frame: Frame, years: list[int], lists: dict[DropDown, str]
) -> None:
    """Fill in what is known up front: Stamdata's fields, the points' headings, the sources."""
    stamdata = workbook[c.STAMDATA.name]
    defaults: dict[str, date | int | str] = {
        "bevillingsramme": frame.key,
        "periode_start": date(years[0], 1, 1),
        "periode_slut": date(years[-1], 12, 31),
        "statusaar": years[0],
    }
    for row, spec in enumerate(c.STAMDATA_FIELDS, start=2):
        stamdata.cell(row, 1, spec.name)
        value = stamdata.cell(row, 2, defaults.get(spec.attribute))
        if spec.kind is Kind.DATE:
            value.number_format = DATE_FORMAT
        validation = guard(spec.kind, spec.choices, lists, max_length=spec.max_length)
        if validation is not None:
            validation.add(value.coordinate)
            stamdata.add_data_validation(validation)
    for sheet, headings in ((c.OPMAERKSOMHEDSPUNKTER, vocabulary.afsnit), (c.REFERAT, vocabulary.referat_points)):
        points = workbook[sheet.name]
        heading_width = points.column_dimensions["A"].width
        year_column = sheet.columns.index(c.AAR) + 1
        for row, afsnit in enumerate(headings, start=2):
            points.cell(row, 1, afsnit.heading).alignment = Alignment(wrap_text=True, vertical="top")
            points.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
            # The first year's texts; next year's go in new rows with their own year.
            points.cell(row, year_column, years[0]).alignment = Alignment(vertical="top")
            if len(afsnit.heading) > heading_width - 6:  # a one-line row keeps Excel's own height
                points.row_dimensions[row].height = text_height(afsnit.heading, heading_width)


def name_sources(stamdata: Worksheet, financing: Worksheet, vocabulary: Vocabulary, names: KnownNames) -> None:
    """Write the known names in Stamdata; list Landsbyggefonden, the kommune and each boligorganisation as sources."""
    given = {
        "helhedsplan": names.helhedsplan,
        "kommune": names.kommune,
        "boligorganisationer": danish_list(names.boligorganisationer),
    }
    for row, spec in enumerate(c.STAMDATA_FIELDS, start=2):
        if given.get(spec.attribute):
            stamdata.cell(row, 2, given[spec.attribute])
    kommune, boligorganisationer = vocabulary.default_sources
    sources = [
        vocabulary.lbf_names[0],
        names.kommune or kommune,
        *(names.boligorganisationer or (boligorganisationer,)),
    ]
    for row, source in enumerate(sources, start=2):
        financing.cell(row, 1, source)


def danish_list(names: tuple[str, ...]) -> str:
    """Return names as Danish lists them: 'A', 'A og B', 'A, B og C'."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} og {names[-1]}"


def list_guard(noun: str, formula: str) -> DataValidation:
    """Return a drop-down list that refuses every value not in it."""
    # Stored as Excel stores a formula in the file: without the '=' typed in Excel's dialogue.
    return _guard(
        DataValidation(type="list", formula1=formula),
        title=noun[:1].upper() + noun[1:],
        prompt=f"Vælg {noun} i listen (pilen ved cellen).",
        error=f"Vælg {noun} i listen. assembler kan kun læse værdierne i listen.",
    )


def value_guard(kind: Kind, *, negative: bool = False, max_length: int | None = None) -> DataValidation | None:
    """Return the guard for a date, year, amount or number cell (or a text with a maximum length)."""
    if kind is Kind.DATE:
        first, last = FIRST_DATE, LAST_DATE
        return _guard(
            DataValidation(type="date", operator="between", formula1=_serial(first), formula2=_serial(last)),
            title="Dato",
            prompt="Skriv en dato, fx 9.12.2019.",
            error=f"Skriv en dato mellem {_short(first)} og {_short(last)}, fx 9.12.2019.",
        )
    if kind is Kind.YEAR:
        return _guard(
            DataValidation(
                type="whole", operator="between", formula1=str(FIRST_DATE.year), formula2=str(LAST_DATE.year)
            ),
            title="Årstal",
            prompt="Skriv et årstal, fx 2025.",
            error=f"Skriv et årstal mellem {FIRST_DATE.year} og {LAST_DATE.year}, fx 2025.",
        )
    if kind is Kind.AMOUNT and negative:
        return _guard(
            DataValidation(type="decimal", operator="between", formula1=f"-{LARGEST_AMOUNT}", formula2=LARGEST_AMOUNT),
            title="Beløb i kroner",
            prompt="Beløb i hele kroner, fx 125000. Et negativt beløb er en indtægt.",
            error="Skriv et beløb i kroner, fx 125000.",
        )
    if kind is Kind.AMOUNT:
        return _guard(
            DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
            title="Beløb i kroner",
            prompt="Beløb i hele kroner, fx 125000.",
            error="Skriv et beløb i kroner, fx 125000. Beløbet kan ikke være negativt.",
        )
    if kind is Kind.NUMBER:
        return _guard(
            DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
            title="Tal",
            prompt="Et tal, fx 25. Lad cellen stå tom, hvis det ikke kan opgøres.",
            error="Skriv et tal, fx 25. Tallet kan ikke være negativt.",
        )
    if max_length is not None:
        return _guard(
            DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(max_length)),
            title="Tekst",
            prompt=f"Højst {max_length} tegn.",
            error=f"Teksten må højst have {max_length} tegn, for den står i rapporternes titel.",
        )
    return None


def _guard(validation: DataValidation, *, title: str, prompt: str, error: str) -> DataValidation:
    """Add the Danish input and error messages to a validation; an empty cell is always allowed."""
    validation.allow_blank = True
    validation.showInputMessage = True
    validation.promptTitle = title
    validation.prompt = prompt
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = f"Ugyldig værdi: {title.lower()}"
    validation.error = error
    return validation


def _short(day: date) -> str:
    """Return a date in short Danish form, 1.1.2000."""
    return f"{day.day}.{day.month}.{day.year}"


def _serial(day: date) -> str:
    """Return a date as the serial number Excel stores it as (days since 30.12.1899, for dates after 1900)."""
    return str((day - EXCEL_EPOCH).days)
