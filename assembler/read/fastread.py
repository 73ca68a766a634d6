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
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook

from assembler.read.numberformats import percent_styles_in_xml, uses_unknown_builtin_format
from assembler.read.sheetscan import REFERENCE, TEXT_TYPES, NotExact, Scan, column_number, scan_sheet
from assembler.read.sheetxml import EMPTY_CELL
from assembler.read.workbook import (
    EXCEL_1900_EPOCH,
    MAX_DATA_ROWS,
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
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
_PHONETIC_HINT = re.compile(rb"rPh\b")
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b")
_DATE_1904 = re.compile(rb"\bdate1904\s*=\s*[\"'](?:1|true)[\"']")
MS_PER_DAY = 86_400_000
# A row with nothing in it once its empty cells are gone (a self-closing row is left for the scan).
_EMPTY_ROW = re.compile(rb"<row\s[^>]*+(?<!/)>\s*+</row>")


def read_fast(path: Path, display_name: str) -> list[Sheet] | None:
    """Return the workbook's sheets as openpyxl's reader returns them, or None when only openpyxl can tell."""
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(BytesIO(data)) as archive:
            parts = _xml_parts(archive)
            listed = _listed_sheets(archive, parts)
            # Programs that do not calculate set this flag; openpyxl then names every formula.
            recalculate = bool(RECALCULATE_ON_LOAD.search(parts[WORKBOOK]))
            styles = parts.get("xl/styles.xml", b"")
            if uses_unknown_builtin_format(styles):
                raise NotExact("a built-in number format calamine may read as a date where openpyxl does not")
            percent = percent_styles_in_xml(styles)
            sheets = {part: without_empty_cells(parts.get(part) or archive.read(part)) for _, part, _ in listed}
            scans = [scan_sheet(*sheets[part], recalculate) for _, part, _ in listed]
        # From the bytes, by their content: calamine picks a reader by the extension of a path.
        package = _package({**parts, **{part: xml for part, (xml, _) in sheets.items()}})
        workbook = CalamineWorkbook.from_filelike(BytesIO(package))
        try:
            return [
                _sheet(title, hidden, scan, workbook.get_sheet_by_name(title), percent, display_name)
                for (title, _, hidden), scan in zip(listed, scans, strict=True)
            ]
        finally:
            workbook.close()
    except Exception:  # NotExact, or anything calamine, zipfile or the scan raise: openpyxl decides
        return None


def without_empty_cells(xml: bytes) -> tuple[bytes, int]:
    """Return a sheet's XML without its formatted empty cells and the rows left empty, and how many rows went.

    An empty cell has no value for calamine or openpyxl, and a template's thousands of them were
    most of calamine's time. Every cell with a value names its own place (the scan checks it), so
    none moves; text in CDATA could look like a cell, so such a sheet is left to openpyxl.
    """
    if b"<![CDATA[" in xml:
        raise NotExact("CDATA")
    return _EMPTY_ROW.subn(b"", EMPTY_CELL.sub(b"", xml))


def _package(parts: dict[str, bytes]) -> bytes:
    """Return a workbook package of the given parts, stored as they are (calamine reads it at once)."""
    package = BytesIO()
    with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return package.getvalue()


def _xml_parts(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Return the package's XML parts, each read once; raise NotExact when one needs openpyxl."""
    parts = {name: archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    for name, xml in parts.items():
        if _needs_openpyxl(xml):
            raise NotExact(name)
    return parts


def _needs_openpyxl(xml: bytes) -> bool:
    # Three searches, each led by its own literal, are ten times faster than one alternation.
    found = _DECLARATION.search(xml) or _ESCAPE.search(xml)
    return bool(found or (_PHONETIC_HINT.search(xml) and _PHONETIC.search(xml)))


def _listed_sheets(archive: zipfile.ZipFile, parts: dict[str, bytes]) -> list[tuple[str, str, bool]]:
    """Return each listed worksheet's title, part and whether it is hidden, in the workbook's order."""
    names = set(archive.namelist())
    workbook_xml = parts[WORKBOOK]
    if _DATE_1904.search(workbook_xml):
        raise NotExact(WORKBOOK)
    targets = {
        rel.get("Id"): (rel.get("Type", ""), _part_name(rel.get("Target", "")))
        for rel in ElementTree.fromstring(parts[WORKBOOK_RELATIONSHIPS]).iter(PACKAGE_RELATIONSHIP)
    }
    listed = []
    for sheet in ElementTree.fromstring(workbook_xml).iter(f"{MAIN}sheet"):
        kind, part = targets.get(sheet.get(RELATIONSHIP_ID), ("", ""))
        if not kind.endswith("/worksheet") or part not in names:
            raise NotExact(part)  # a chart sheet, or a sheet whose part is missing
        listed.append((sheet.get("name", ""), part, sheet.get("state", "visible") != "visible"))
    if not listed:
        raise NotExact(WORKBOOK)
    return listed


def _part_name(target: str) -> str:
    """Return the zip member a relationship of the workbook points at (relative to xl/, or from the root)."""
    return posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join("xl", target))


def _sheet(title: str, hidden: bool, scan: Scan, calamine: Any, percent: frozenset[int], display_name: str) -> Sheet:
    sheet = Sheet(title, display_name, hidden=hidden, epoch=EXCEL_1900_EPOCH)
    grid = calamine.to_python(skip_empty_area=False)
    rows: dict[int, dict[int, CellValue]] = {}
    for row, column, kind, style, stored in scan.cells:
        value = _value(kind, style, stored, grid[row - 1][column - 1], percent)
        if not is_blank(value):
            rows.setdefault(row, {})[column] = value
    found_by_calamine = sum(len(line) - line.count("") for line in grid)
    if len(rows) > MAX_DATA_ROWS or len(scan.cells) != found_by_calamine:
        raise NotExact(title)  # too many rows (openpyxl locates it), or calamine found cells the scan did not
    sheet.rows = [Row(number, cells) for number, cells in rows.items()]
    sheet.merged = [MergedRange(ref, *_boundaries(ref)) for ref in scan.merged]
    return sheet


def _value(kind: str, style: int, stored: str | None, read: Any, percent: frozenset[int]) -> CellValue:
    """Return a cell's value as openpyxl's reader gives it, from calamine's value and the stored text."""
    if kind in TEXT_TYPES:
        if not isinstance(read, str):
            raise NotExact("text")
        return read
    stored = stored or ""
    if kind == "b":
        if stored not in ("0", "1"):
            raise NotExact("boolean")
        return stored == "1"
    number = _number(stored)
    if isinstance(read, date | time | timedelta):
        try:
            return _from_excel(number, timedelta_format=isinstance(read, timedelta))
        except (OverflowError, ValueError):
            return number  # openpyxl keeps a date-formatted number outside the calendar as the number
    if not isinstance(read, float | int) or isinstance(read, bool):
        raise NotExact("number")
    return Percentage(number) if style in percent else number


def _number(text: str) -> int | float:
    """openpyxl's reading of a stored number: a float when it has a point or an exponent, else an int."""
    try:
        return float(text) if "." in text or "E" in text or "e" in text else int(text)
    except ValueError as err:
        raise NotExact("number") from err


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


def _boundaries(ref: str) -> tuple[int, int, int, int]:
    """Return a range's first column, first row, last column and last row ('B2:C3' → 2, 2, 3, 3)."""
    corners = [REFERENCE.fullmatch(part) for part in ref.split(":")]
    if len(corners) not in (1, 2) or any(c is None for c in corners):
        raise NotExact(ref)
    first, last = corners[0], corners[-1]
    assert first is not None and last is not None
    return column_number(first.group(1)), int(first.group(2)), column_number(last.group(1)), int(last.group(2))
