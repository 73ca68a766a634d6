"""Writing an empty input workbook that follows the contract, with drop-down lists and help."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from . import contract as c
from .errors import AssemblerError
from .vocabulary import Frame, Vocabulary, load_vocabulary

LISTS_SHEET = "Lister"
VALIDATED_ROWS = 500
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
DATE_FORMAT = "d.m.yyyy"
AMOUNT_FORMAT = "#,##0"
DEFAULT_SOURCES = ("Landsbyggefonden", "Kommunen", "Boligorganisationerne", "Andre")


OWN_AREA_ROWS = 20


def write_blank_workbook(path: Path, frame_key: str = "2019-26", first_year: int | None = None) -> None:
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
    workbook = blank_workbook(vocabulary, frame, years)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def blank_workbook(vocabulary: Vocabulary, frame: Frame, years: list[int]) -> Workbook:
    """Return the workbook: one sheet per contract sheet and a hidden sheet of lists."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    own_frame = vocabulary.is_own_frame(frame.key)
    lists = list_ranges(workbook, vocabulary, frame)
    if own_frame:
        # The plan's own indsatsområder are typed in their sheet; Fremdrift's drop-down lists them.
        lists[c.Kind.INDSATSOMRAADE] = f"{quote_sheetname(c.INDSATSOMRAADER.name)}!$A$2:$A${OWN_AREA_ROWS + 1}"
    specs = [spec for spec in c.SHEETS if spec is not c.INDSATSOMRAADER or own_frame]
    for spec in specs:
        sheet = workbook.create_sheet(spec.name)
        headers = write_headers(sheet, spec, years)
        add_validations(sheet, spec, headers, lists)
        write_help(sheet, len(headers) + 2, vocabulary.sheet_help.get(spec.name, ""))
    prefill(workbook, vocabulary, frame, years, lists)
    workbook.move_sheet(LISTS_SHEET, offset=len(specs))
    return workbook


def list_ranges(workbook: Workbook, vocabulary: Vocabulary, frame: Frame) -> dict[c.Kind, str]:
    """Write the drop-down lists on a hidden sheet; return each kind's range formula."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    columns = {
        c.Kind.STATUS: vocabulary.statuses,
        c.Kind.KATEGORI: vocabulary.categories,
        c.Kind.INDSATSOMRAADE: frame.indsatsomraader,
        c.Kind.YES_NO: ("Ja", "Nej"),
        c.Kind.FRAME: (*(f.key for f in vocabulary.frames), vocabulary.own_frame_word),
    }
    ranges = {}
    for index, (kind, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, kind.value)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, index, value)
        ranges[kind] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def write_headers(sheet: Worksheet, spec: c.SheetSpec, years: list[int]) -> list[c.Column]:
    """Write row 1 (the contract's headers, then per-year pairs) and freeze it."""
    columns = list(spec.columns) + [
        c.Column(f"{prefix} {year}", c.Kind.AMOUNT, width=14) for year in years for prefix in spec.year_columns
    ]
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        number_format = {c.Kind.DATE: DATE_FORMAT, c.Kind.AMOUNT: AMOUNT_FORMAT}.get(column.kind)
        if number_format:
            for row in range(2, VALIDATED_ROWS + 2):
                sheet.cell(row, index).number_format = number_format
    sheet.freeze_panes = "A2"
    return columns


def add_validations(sheet: Worksheet, spec: c.SheetSpec, columns: list[c.Column], lists: dict[c.Kind, str]) -> None:
    """Add a drop-down list to every controlled column."""
    for index, column in enumerate(columns, start=1):
        if column.kind not in lists:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list",
            formula1=f"={lists[column.kind]}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ugyldig værdi",
            error=f"Vælg {column.kind.value} fra listen.",
        )
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)


def write_help(sheet: Worksheet, column: int, text: str) -> None:
    """Write the sheet's Danish help text to the right of its columns."""
    cell = sheet.cell(1, column, text)
    cell.font = Font(italic=True, color="595959")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions[get_column_letter(column)].width = 60


def prefill(
    workbook: Workbook, vocabulary: Vocabulary, frame: Frame, years: list[int], lists: dict[c.Kind, str]
) -> None:
    """Fill in what is known up front: Stamdata's fields, the points' headings, the sources."""
    stamdata = workbook[c.STAMDATA.name]
    defaults: dict[str, date | int | str] = {
        "Bevillingsramme": frame.key,
        "Periode start": date(years[0], 1, 1),
        "Periode slut": date(years[-1], 12, 31),
        "Statusår": years[0],
    }
    for row, spec in enumerate(c.STAMDATA_FIELDS, start=2):
        stamdata.cell(row, 1, spec.name)
        value = stamdata.cell(row, 2, defaults.get(spec.name))
        if spec.kind is c.Kind.DATE:
            value.number_format = DATE_FORMAT
        if spec.kind in lists:
            validation = DataValidation(type="list", formula1=f"={lists[spec.kind]}", allow_blank=True)
            validation.add(value.coordinate)
            stamdata.add_data_validation(validation)
    for sheet_name, headings in (
        (c.OPMAERKSOMHEDSPUNKTER.name, vocabulary.afsnit),
        (c.REFERAT.name, vocabulary.referat_points),
    ):
        points = workbook[sheet_name]
        for row, afsnit in enumerate(headings, start=2):
            points.cell(row, 1, afsnit.heading).alignment = Alignment(wrap_text=True, vertical="top")
            points.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    financing = workbook[c.FINANSIERING.name]
    for row, source in enumerate(DEFAULT_SOURCES, start=2):
        financing.cell(row, 1, source)
