"""Reading a workbook with python-calamine (Rust): the sheets openpyxl's reader gives, in a few milliseconds.

calamine gives the cells' text and tells dates from numbers; a light scan of the sheet XML gives
what it does not: each cell's place, type, style and stored number, so a number stays the int or
float openpyxl reads, a percentage is found by its style and a date is converted as openpyxl
converts it. Whatever the scan cannot vouch for (a formula without a stored result, Excel's error
values, escaped control characters, the 1904 calendar, values Excel never writes, DTDs, an unusual
package) makes `read_fast` return None, and openpyxl reads the workbook and names the problem.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from assembler.read.numberformats import percent_styles_in_xml, uses_unknown_builtin_format
from assembler.read.sheetxml import MAX_PRESCANNED_BYTES
from assembler.read.workbook import (
    EXCEL_1900_EPOCH,
    MAX_DATA_ROWS,
    MAX_PHYSICAL_ROWS,
    RECALCULATE_ON_LOAD,
    CellValue,
    MergedRange,
    Percentage,
    Row,
    Sheet,
    is_blank,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
# What openpyxl reads differently or refuses: DTDs and entities, Excel's _xHHHH_ escapes, phonetic runs.
_NEEDS_OPENPYXL = re.compile(rb"<!DOCTYPE|<!ENTITY|_x[0-9A-Fa-f]{4}_|<(?:\w+:)?rPh\b")
_DATE_1904 = re.compile(rb"\bdate1904\s*=\s*[\"'](?:1|true)[\"']")
_CELL = re.compile(rb"<c\b([^>]*)(?<!/)>(?!\s*</c>)(.*?)</c>", re.DOTALL)
_PLAIN_ATTRIBUTES = re.compile(rb' r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="(n|b|s|str|inlineStr)")?')
_PLAIN_BODY = re.compile(rb"<v>([^<]*)</v>|<is><t[^>]*>[^<]*</t></is>")
_ATTRIBUTE = re.compile(rb"""\b([rst])\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FORMULA = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_ROW = re.compile(rb"<row[\s>/]")
_ROW_NUMBER = re.compile(rb"""<row\s[^>]*?\br\s*=\s*["']([0-9]+)["']""")
_MERGE = re.compile(rb"<mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']+)[\"']")
_REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")
_ANY_CELL_REFERENCE = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br\s*=\s*["']\$?([A-Z]{1,3})\$?([0-9]+)""")
# calamine fills a whole grid from A1 to the last cell, and a failed allocation ends the process
# (Rust aborts; nothing to catch): a sheet whose grid would be larger is left to openpyxl.
MAX_GRID_CELLS = 2_000_000
TEXT_TYPES = ("s", "str", "inlineStr")
MS_PER_DAY = 86_400_000


class _NotExact(Exception):
    """Something calamine cannot give exactly as openpyxl does: openpyxl reads the workbook."""


@dataclass
class _ScannedCell:
    row: int
    column: int
    kind: str  # the cell's t attribute: n, s, b, str or inlineStr
    style: int
    stored: str | None  # the text of <v>


@dataclass
class _Scan:
    cells: list[_ScannedCell] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def read_fast(path: Path, display_name: str) -> list[Sheet] | None:
    """Return the workbook's sheets as openpyxl's reader returns them, or None when only openpyxl can tell."""
    try:
        with zipfile.ZipFile(path) as archive:
            listed = _listed_sheets(archive)
            # Programs that do not calculate set this flag; openpyxl then names every formula.
            recalculate = bool(RECALCULATE_ON_LOAD.search(archive.read(WORKBOOK)))
            styles = archive.read("xl/styles.xml") if "xl/styles.xml" in archive.namelist() else b""
            if uses_unknown_builtin_format(styles):
                raise _NotExact("a built-in number format calamine may read as a date where openpyxl does not")
            percent = percent_styles_in_xml(styles)
            scans = [_scan_sheet(archive.read(part), recalculate) for _, part, _ in listed]
        with path.open("rb") as handle:  # by its content: calamine picks a reader by the extension of a path
            workbook = CalamineWorkbook.from_filelike(handle)
        try:
            return [
                _sheet(title, hidden, scan, workbook.get_sheet_by_name(title), percent, display_name)
                for (title, _, hidden), scan in zip(listed, scans, strict=True)
            ]
        finally:
            workbook.close()
    except Exception:  # _NotExact, or anything calamine, zipfile or the scan raise: openpyxl decides
        return None


def _listed_sheets(archive: zipfile.ZipFile) -> list[tuple[str, str, bool]]:
    """Return each listed worksheet's title, part and whether it is hidden, in the workbook's order."""
    names = set(archive.namelist())
    for name in names:
        if name.endswith((".xml", ".rels")) and _NEEDS_OPENPYXL.search(archive.read(name)):
            raise _NotExact(name)
    workbook_xml = archive.read(WORKBOOK)
    if _DATE_1904.search(workbook_xml):
        raise _NotExact(WORKBOOK)
    targets = {
        rel.get("Id"): (rel.get("Type", ""), _part_name(rel.get("Target", "")))
        for rel in ElementTree.fromstring(archive.read(WORKBOOK_RELATIONSHIPS)).iter(PACKAGE_RELATIONSHIP)
    }
    listed = []
    for sheet in ElementTree.fromstring(workbook_xml).iter(f"{MAIN}sheet"):
        kind, part = targets.get(sheet.get(RELATIONSHIP_ID), ("", ""))
        if not kind.endswith("/worksheet") or part not in names:
            raise _NotExact(part)  # a chart sheet, or a sheet whose part is missing
        listed.append((sheet.get("name", ""), part, sheet.get("state", "visible") != "visible"))
    if not listed:
        raise _NotExact(WORKBOOK)
    return listed


def _part_name(target: str) -> str:
    """Return the zip member a relationship of the workbook points at (relative to xl/, or from the root)."""
    return posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join("xl", target))


def _scan_sheet(xml: bytes, recalculate: bool) -> _Scan:
    """Find each cell with a value: its place, type, style and stored text (openpyxl's reading of them)."""
    rows = len(_ROW.findall(xml))
    if len(xml) > MAX_PRESCANNED_BYTES or rows > MAX_PHYSICAL_ROWS:
        raise _NotExact("size")
    found = list(_ROW_NUMBER.finditer(xml))
    numbers = [int(m.group(1)) for m in found]
    if len(numbers) != rows or any(a >= b for a, b in pairwise(numbers)):
        raise _NotExact("a row without its number, or rows out of order")  # openpyxl keeps each row apart
    references = _ANY_CELL_REFERENCE.findall(xml)
    last_row = max([*numbers, *(int(row) for _, row in references)], default=0)
    last_column = max((_column_number(column.decode()) for column, _ in references), default=1)
    if last_row * last_column > MAX_GRID_CELLS:
        raise _NotExact("a cell so far out that calamine's grid would not fit in memory")
    starts = [m.start() for m in found]
    scan = _Scan(merged=[m.group(1).decode() for m in _MERGE.finditer(xml)])
    for match in _CELL.finditer(xml):  # empty (formatted) cells are passed over by the pattern itself
        cell = _plain_cell(match) or _any_cell(match, recalculate)
        if cell is None:
            continue
        within = bisect_right(starts, match.start()) - 1
        if within < 0 or numbers[within] != cell.row:
            raise _NotExact("a cell whose reference names another row than its own")  # openpyxl files it by its row
        scan.cells.append(cell)
    return scan


def _plain_cell(match: re.Match[bytes]) -> _ScannedCell | None:
    """Read a cell as Excel and openpyxl write most: reference, style and type, then a stored value."""
    attributes = _PLAIN_ATTRIBUTES.fullmatch(match.group(1))
    body = _PLAIN_BODY.fullmatch(match.group(2))
    if attributes is None or body is None:
        return None
    column, row, style, kind = attributes.groups()
    stored = body.group(1)
    if (kind == b"inlineStr") != (stored is None):
        return None  # a value where text belongs, or the other way round: the careful reading decides
    text = None if stored is None else stored.decode()
    return _ScannedCell(int(row), _column_number(column.decode()), (kind or b"n").decode(), int(style or 0), text)


def _any_cell(match: re.Match[bytes], recalculate: bool) -> _ScannedCell | None:
    """Read any other cell (None when it holds nothing); raise _NotExact when openpyxl must read it."""
    body = match.group(2)
    if not body.strip():
        return None
    found = _ATTRIBUTE.finditer(match.group(1))
    attributes = {m.group(1): (m.group(2) or m.group(3) or b"").decode() for m in found}
    reference = _REFERENCE.fullmatch(attributes.get(b"r", ""))
    stored = _VALUE.search(body)
    kind = attributes.get(b"t", "n")
    if reference is None or kind not in ("n", "b", *TEXT_TYPES):
        raise _NotExact("cell")
    if (stored is None and kind != "inlineStr") or (_FORMULA.search(body) and (stored is None or recalculate)):
        raise _NotExact("a formula openpyxl names, or a cell without a value")
    row, column = int(reference.group(2)), _column_number(reference.group(1))
    text = stored.group(1).decode() if stored else None
    return _ScannedCell(row, column, kind, int(attributes.get(b"s", "0") or 0), text)


def _sheet(
    title: str, hidden: bool, scan: _Scan, calamine: Any, percent: frozenset[int], display_name: str
) -> Sheet:
    sheet = Sheet(title, display_name, hidden=hidden, epoch=EXCEL_1900_EPOCH)
    grid = calamine.to_python(skip_empty_area=False)
    rows: dict[int, dict[int, CellValue]] = {}
    for cell in scan.cells:
        value = _value(cell, grid[cell.row - 1][cell.column - 1], percent)
        if not is_blank(value):
            rows.setdefault(cell.row, {})[cell.column] = value
    if len(rows) > MAX_DATA_ROWS or len(scan.cells) != sum(v != "" for line in grid for v in line):
        raise _NotExact(title)  # too many rows (openpyxl locates it), or calamine found cells the scan did not
    sheet.rows = [Row(number, cells) for number, cells in rows.items()]
    sheet.merged = [MergedRange(ref, *_boundaries(ref)) for ref in scan.merged]
    return sheet


def _value(cell: _ScannedCell, read: Any, percent: frozenset[int]) -> CellValue:
    """Return a cell's value as openpyxl's reader gives it, from calamine's value and the stored text."""
    if cell.kind in TEXT_TYPES:
        if not isinstance(read, str):
            raise _NotExact("text")
        return read
    stored = cell.stored or ""
    if cell.kind == "b":
        if stored not in ("0", "1"):
            raise _NotExact("boolean")
        return stored == "1"
    number = _number(stored)
    if isinstance(read, date | time | timedelta):
        try:
            return _from_excel(number, timedelta_format=isinstance(read, timedelta))
        except (OverflowError, ValueError):
            return number  # openpyxl keeps a date-formatted number outside the calendar as the number
    if not isinstance(read, float | int) or isinstance(read, bool):
        raise _NotExact("number")
    return Percentage(number) if cell.style in percent else number


def _number(text: str) -> int | float:
    """openpyxl's reading of a stored number: a float when it has a point or an exponent, else an int."""
    try:
        return float(text) if "." in text or "E" in text or "e" in text else int(text)
    except ValueError as err:
        raise _NotExact("number") from err


def _from_excel(serial: float, timedelta_format: bool) -> datetime | time | timedelta:
    """openpyxl's conversion of an Excel serial number (1900 calendar) to a date, time or duration."""
    if timedelta_format:
        duration = timedelta(days=serial)
        if duration.microseconds:
            duration = timedelta(seconds=duration.total_seconds() // 1, microseconds=round(duration.microseconds, -3))
        return duration
    day, fraction = divmod(serial, 1)
    diff = timedelta(milliseconds=round(fraction * MS_PER_DAY))
    if 0 <= serial < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < serial < 60:
        day += 1
    return EXCEL_1900_EPOCH + timedelta(days=day) + diff


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _boundaries(ref: str) -> tuple[int, int, int, int]:
    """Return a range's first column, first row, last column and last row ('B2:C3' → 2, 2, 3, 3)."""
    corners = [_REFERENCE.fullmatch(part) for part in ref.split(":")]
    if len(corners) not in (1, 2) or any(c is None for c in corners):
        raise _NotExact(ref)
    first, last = corners[0], corners[-1]
    assert first is not None and last is not None
    return _column_number(first.group(1)), int(first.group(2)), _column_number(last.group(1)), int(last.group(2))
