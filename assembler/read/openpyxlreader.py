"""Reading a workbook with openpyxl: every workbook the fast reader (read/fastread.py) leaves to it.

openpyxl parses in pure Python and is imported only when a workbook needs it: formulas without a
stored result, Excel's error values, escaped control characters, the 1904 calendar, a damaged or
hostile file. Its messages about such files are the ones staff see.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import coordinate_to_tuple, range_boundaries
from openpyxl.worksheet._reader import (  # type: ignore[attr-defined]  # _cast_number is untyped internal API
    FORMULA_TAG,
    VALUE_TAG,
    WorkSheetParser,
    _cast_number,
)

from assembler.errors import Problem
from assembler.read.numberformats import percent_styles
from assembler.read.sheetxml import sheet_source
from assembler.read.sniff import OPEN_AND_SAVE
from assembler.read.workbook import (
    RECALCULATE_ON_LOAD,
    CellValue,
    ExcelError,
    MergedRange,
    Percentage,
    Row,
    Sheet,
    UncachedFormula,
    is_blank,
    too_many_rows,
)

# openpyxl warns in English about parts it drops (data validation extensions, missing default
# styles); staff cannot act on that, and assembler reports what matters itself.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")


def read_sheets(handle: Any, display_name: str) -> Iterator[Sheet]:
    reader = ExcelReader(handle, read_only=True, data_only=True, keep_links=False)
    # What openpyxl's reader.read() does, but for the properties, theme and worksheet objects: a
    # read-only worksheet parses its whole XML once more to find a size assembler does not use.
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    workbook = reader.wb
    try:
        recalculate = bool(RECALCULATE_ON_LOAD.search(reader.archive.read(reader.parser.workbook_part_name)))
        sheets = list(reader.parser.find_sheets())
        readable = {
            listed.name: _SheetPart(listed.name, listed.state or "visible", rel.target, reader.archive)
            for listed, rel in sheets
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        }
        for listed, rel in sheets:
            if listed.name in readable:
                yield _read_sheet(workbook, readable[listed.name], display_name, recalculate, reader.shared_strings)
            elif "chartsheet" not in rel.Type:
                yield _missing_sheet(listed.name, listed.state, display_name)
    finally:
        workbook.close()


@dataclass(frozen=True)
class _SheetPart:
    """A worksheet listed in the workbook whose XML part is in the file."""

    title: str
    sheet_state: str
    path: str
    archive: zipfile.ZipFile


def _missing_sheet(title: str, state: str | None, display_name: str) -> Sheet:
    sheet = Sheet(title, display_name, hidden=state not in (None, "visible"), missing=True)
    sheet.problems.append(
        Problem(sheet.location(), "arket står i projektmappen, men dets indhold mangler i filen. " + OPEN_AND_SAVE)
    )
    return sheet


def _read_sheet(
    workbook: Any, worksheet: _SheetPart, display_name: str, recalculate: bool, shared_strings: Any
) -> Sheet:
    # openpyxl's read-only worksheet pads rows to the dimension the file *claims*; its own
    # parser yields only the rows that exist, with cell types, formulas and merged ranges, in
    # one pass. It is internal API, hence the pinned openpyxl version in pyproject.toml.
    sheet = Sheet(worksheet.title, display_name, hidden=worksheet.sheet_state != "visible", epoch=workbook.epoch)
    source = sheet_source(worksheet.archive, worksheet.path)
    parser = _CellParser(
        source,
        shared_strings,
        data_only=True,
        epoch=workbook.epoch,
        date_formats=workbook._date_formats,
        timedelta_formats=workbook._timedelta_formats,
    )
    parser.recalculate = recalculate
    parser.percent_styles = percent_styles(workbook)
    physical = 0
    try:
        for number, cells in parser.parse():
            physical += 1
            values = {c["column"]: c["value"] for c in cells if not is_blank(c["value"])}
            if values:
                sheet.rows.append(Row(number, values))
            problem = too_many_rows(len(sheet.rows), physical)
            if problem is not None:
                sheet.problems.append(Problem(sheet.location(row=number), problem))
                sheet.rows.clear()
                return sheet
    finally:
        source.close()
    if parser.merged_cells is not None:
        sheet.merged = [MergedRange(str(m.ref), *range_boundaries(str(m.ref))) for m in parser.merged_cells.mergeCell]
    return sheet


class _CellParser(WorkSheetParser):
    """openpyxl's worksheet parser, keeping cached values and naming errors and lost formulas."""

    recalculate = False
    percent_styles: frozenset[int] = frozenset()

    def parse_cell(self, element: Any) -> dict[str, Any]:
        try:
            cell: dict[str, Any] = super().parse_cell(element)
        except ValueError:
            # A value Excel never writes ('nan', 'TRUE' as a boolean): handed on as the text it is.
            cell = self._cell_as_text(element)
        if element.find(FORMULA_TAG) is not None:
            formula = self.parse_formula(element)  # type: ignore[no-untyped-call]  # registers shared formulas
            if self.recalculate or element.find(VALUE_TAG) is None:
                cell["value"] = UncachedFormula(str(getattr(formula, "text", formula)))
                return cell
        if cell["data_type"] == "e" and element.get("t", "n") == "n":
            # openpyxl turns a date-formatted number outside the calendar into #VALUE!; keep the number.
            cell["value"] = _number_or_text(element.findtext(VALUE_TAG))
        elif cell["data_type"] == "e":
            cell["value"] = ExcelError(str(cell["value"]))
        elif cell["data_type"] == "n" and cell.get("style_id") in self.percent_styles:
            cell["value"] = Percentage(cell["value"]) if isinstance(cell["value"], int | float) else cell["value"]
        return cell

    def _cell_as_text(self, element: Any) -> dict[str, Any]:
        coordinate = element.get("r")
        row, column = coordinate_to_tuple(coordinate) if coordinate else (self.row_counter, self.col_counter)
        return {"row": row, "column": column, "value": element.findtext(VALUE_TAG), "data_type": "s"}


def _number_or_text(text: str | None) -> CellValue | None:
    try:
        return None if text is None else _cast_number(text)
    except ValueError:
        return text
