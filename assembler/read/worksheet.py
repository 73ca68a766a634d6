"""Reading one worksheet's XML: each cell placed by its reference, its value by its type and style.

One pass of the parser over the sheet: rows and cells may stand in any order (a <c r="F9"> inside
<row r="2"> is placed at F9, as LibreOffice places it); two cells at one place, a place outside
Excel's grid and more rows than assembler reads are located problems. A formula is named instead
of its value when no result is stored, or when the workbook asks for recalculation on opening.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from assembler.danish import format_integer
from assembler.errors import Location, Problem
from assembler.read.numberformats import FormatKind
from assembler.read.places import Place, cell_place, range_boundaries, row_number
from assembler.read.sheet import CellValue, MergedRange, Row, Sheet, UncachedFormula, column_letter, is_blank
from assembler.read.sniff import OPEN_AND_SAVE
from assembler.read.strings import RichText
from assembler.read.values import stored_value
from assembler.read.xmlparts import collapsed, main, new_parser

MAX_DATA_ROWS = 10_000
MAX_PHYSICAL_ROWS = 100_000
_STYLE_INDEX = re.compile(r"[0-9]+")
_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _MERGE = map(main, ("row", "c", "v", "f", "is", "mergeCell"))

TOO_MANY_DATA_ROWS = (
    f"arket har flere end {format_integer(MAX_DATA_ROWS)} rækker med indhold; assembler læser højst "
    f"{format_integer(MAX_DATA_ROWS)}. Slet overflødige rækker, eller del arket op."
)
TOO_MANY_ROWS = (
    f"arket har flere end {format_integer(MAX_PHYSICAL_ROWS)} rækker, når tomme rækker med formatering "
    "tælles med. Markér de tomme rækker under dataene, slet dem (højreklik › Slet) og gem."
)
TWO_CELLS = "filen har to celler på denne plads, så det er uklart, hvilken værdi der gælder. " + OPEN_AND_SAVE
IN_NO_ORDER = "arkets celler står i så uordnet rækkefølge i filen, at de ikke kan læses. " + OPEN_AND_SAVE
NESTED = "filen har en celle eller række inde i en anden, hvilket Excel aldrig skriver. " + OPEN_AND_SAVE


@dataclass(frozen=True)
class WorkbookFacts:
    """What reading every sheet of a workbook needs from the workbook."""

    file: str  # as shown to staff
    epoch: datetime
    recalculate: bool
    strings: Sequence[str]
    styles: Sequence[FormatKind]  # by cell style index


def read_worksheet(archive: zipfile.ZipFile, part: str, sheet: Sheet, workbook: WorkbookFacts) -> Sheet:
    """Fill a sheet's rows, merged ranges and problems from its part."""
    reading = _SheetReading(sheet, workbook)
    parser = new_parser()
    parser.StartElementHandler = reading.start
    parser.EndElementHandler = reading.end
    parser.CharacterDataHandler = reading.characters
    try:
        with archive.open(part) as stream:
            parser.ParseFile(stream)
    except _Stop:
        return sheet
    sheet.rows = [Row(number, dict(sorted(cells.items()))) for number, cells in sorted(reading.values.items())]
    sheet.merged = [MergedRange(ref, *range_boundaries(ref)) for ref in reading.merged]
    return sheet


class _Stop(Exception):
    """The sheet has a problem that ends its reading (its rows are not read)."""


class _Cell:
    """A <c> element with content being read (made when its first child starts: most cells have none)."""

    __slots__ = ("attributes", "column", "formula", "formula_type", "inline", "row", "shared_index", "stored")

    def __init__(self, place: Place, attributes: dict[str, str]) -> None:
        self.row, self.column = place
        self.attributes = attributes  # t (type) and s (style) are read if needed
        self.stored: list[str] | None = None  # <v>
        self.formula: list[str] | None = None  # <f>
        self.formula_type: str | None = None
        self.shared_index: str | None = None
        self.inline: RichText | None = None  # <is>, while it is being read


class _SheetReading:
    """The parser's handlers for one worksheet part, and what they have read."""

    def __init__(self, sheet: Sheet, workbook: WorkbookFacts) -> None:
        self.sheet, self.workbook = sheet, workbook
        self.values: dict[int, dict[int, CellValue]] = {}
        self.merged: list[str] = []
        self.row = 0  # the number of the <row> being read, or of the last one
        self.in_row = False
        self.column = 0  # the column of the row's last cell: a cell without a reference follows it
        self.physical_rows = 0
        # The <c> being read: its place ((0, 0) when it has none) and attributes; its content, once it has any.
        self.place: Place | None = None
        self.attributes: dict[str, str] = {}
        self.cell: _Cell | None = None
        self.inline_text = ""
        self.collecting: list[str] | None = None
        # Cells come in reading order in files Excel writes; only the others need remembering.
        self.last_place: Place = (0, 0)
        self.out_of_order: set[Place] = set()
        self.shared_formulas: dict[str, tuple[str, str]] = {}  # si → master's formula, master's reference
        self.styles = {str(index): kind for index, kind in enumerate(workbook.styles)}  # by s, as written

    # -- the parser's handlers, called for every element: a template's thousands of formatted empty
    # cells take the shortest way through them (a place noted, claimed, forgotten)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _CELL:
            if self.place is not None:
                self.stop(self.sheet.location(self.place[0] or None, self.place[1] or None), NESTED)
            written = attributes.get("r")
            place = (self.row, self.column + 1) if written is None and self.in_row else cell_place(written or "")
            if place is None:
                self.problem(self.sheet.location(row=self.row or None), _unplaced(written))
                place = (0, 0)  # read to its end, never placed
            self.place, self.attributes, self.column = place, attributes, place[1]
        elif self.place is not None:
            cell = self.cell
            if cell is None:
                cell = self.cell = _Cell(self.place, self.attributes)
                self.inline_text = ""
            self.open_in_cell(cell, name, attributes)
        elif name == _ROW:
            if self.in_row:
                self.stop(self.sheet.location(row=self.row), NESTED)
            self.open_row(attributes)
        elif name == _MERGE:
            self.merged.append(attributes.get("ref", ""))

    def end(self, name: str) -> None:
        self.collecting = None
        if name == _CELL:
            place, cell, self.place, self.cell = self.place, self.cell, None, None
            if place is None or place[0] == 0:
                return
            if place > self.last_place and not self.out_of_order:  # in reading order: what claim() decides first
                self.last_place = place
            elif not self.claim(place):
                self.problem(self.sheet.location(*place), TWO_CELLS)
                return
            if cell is not None:
                self.close_cell(cell)
        elif self.cell is not None and self.cell.inline is not None:
            if name == _INLINE:
                self.inline_text, self.cell.inline = self.cell.inline.text(), None
            else:
                self.cell.inline.closed(name)
        elif name == _ROW:
            self.in_row = False

    def characters(self, data: str) -> None:
        if self.collecting is not None:
            self.collecting.append(data)

    # -- rows and cells

    def open_row(self, attributes: dict[str, str]) -> None:
        written = attributes.get("r")
        number = self.row + 1 if written is None else row_number(written)
        if number is None:
            self.stop(
                self.sheet.location(),
                f"en række har nummeret '{written}', som ikke findes i Excel. {OPEN_AND_SAVE}",
            )
        self.row, self.in_row, self.column = number, True, 0
        self.physical_rows += 1
        if self.physical_rows > MAX_PHYSICAL_ROWS:
            self.stop(self.sheet.location(row=number), TOO_MANY_ROWS)

    def open_in_cell(self, cell: _Cell, name: str, attributes: dict[str, str]) -> None:
        if cell.inline is not None:
            self.collecting = cell.inline.collector(name)
        elif name == _VALUE:
            cell.stored = self.collecting = []
        elif name == _FORMULA:
            cell.formula = self.collecting = []
            cell.formula_type, cell.shared_index = attributes.get("t"), attributes.get("si")
        elif name == _INLINE:
            cell.inline = RichText()

    def close_cell(self, cell: _Cell) -> None:
        """File a placed and claimed cell's value under its row (a cell whose elements hold none is left out)."""
        if cell.stored is None and cell.formula is None and not self.inline_text:
            return  # a formatted cell with empty elements
        value = self.value_of(cell)
        if value is None or is_blank(value):
            return
        row = self.values.get(cell.row)
        if row is None:
            if len(self.values) == MAX_DATA_ROWS:
                self.stop(self.sheet.location(row=cell.row), TOO_MANY_DATA_ROWS)
            row = self.values[cell.row] = {}
        row[cell.column] = value

    def claim(self, place: Place) -> bool:
        """Note that a cell stands at a place; False when another cell stood there (with a value, or out of order)."""
        if place > self.last_place:
            self.last_place = place
            return not self.out_of_order or place not in self.out_of_order
        if place in self.out_of_order or place[1] in self.values.get(place[0], ()):
            return False
        if len(self.out_of_order) >= MAX_PHYSICAL_ROWS:  # a file of cells in no order: bounded memory
            self.stop(self.sheet.location(), IN_NO_ORDER)
        self.out_of_order.add(place)
        return True

    # -- values

    def value_of(self, cell: _Cell) -> CellValue | None:
        if cell.formula is not None:
            formula = self.formula_of(cell)
            if self.workbook.recalculate or cell.stored is None:
                return UncachedFormula(formula)
        kind = cell.attributes.get("t", "n")
        if kind == "inlineStr":
            return self.inline_text or None
        stored = "".join(cell.stored) if cell.stored is not None else ""
        if not stored:
            return None
        style = self.style_of(cell.attributes.get("s"))
        return stored_value(kind, stored, style, self.workbook.epoch, self.workbook.strings)

    def formula_of(self, cell: _Cell) -> str:
        """Return a cell's formula as Excel shows it; a shared formula's other cells are translated to their place."""
        text = "=" + "".join(cell.formula or ())
        if cell.formula_type != "shared" or cell.shared_index is None:
            return text
        reference = f"{column_letter(cell.column)}{cell.row}"
        if text != "=":
            self.shared_formulas[cell.shared_index] = (text, reference)
            return text
        if cell.shared_index not in self.shared_formulas:
            return text
        return translated(*self.shared_formulas[cell.shared_index], reference)

    def style_of(self, written: str | None) -> FormatKind:
        if written is None:
            return FormatKind.NUMBER  # General
        found = self.styles.get(written)
        if found is not None:
            return found
        styles = self.workbook.styles
        index = collapsed(written)
        if not _STYLE_INDEX.fullmatch(index) or int(index) >= len(styles):
            return FormatKind.NUMBER  # no style, or one the file does not have: General
        return styles[int(index)]

    # -- problems

    def problem(self, location: Location, message: str) -> None:
        self.sheet.problems.append(Problem(location, message))

    def stop(self, location: Location, message: str) -> NoReturn:
        self.problem(location, message)
        raise _Stop


def translated(formula: str, origin: str, reference: str) -> str:
    """Return a shared formula as it reads in another of its cells (openpyxl's Translator: only for naming it)."""
    from openpyxl.formula.translate import Translator, TranslatorError

    try:
        return str(Translator(formula, origin).translate_formula(reference))
    except TranslatorError:
        return formula


def _unplaced(written: str | None) -> str:
    if written is None:
        return "en celle står uden for arkets rækker og uden reference. " + OPEN_AND_SAVE
    return f"en celle har referencen '{written}', som ikke findes i Excel. {OPEN_AND_SAVE}"
