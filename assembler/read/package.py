"""A workbook's package: its listed sheets and their parts, its calendar, and what it says about its formulas.

Parts are found as Excel finds them, through the relationships, from the package's root.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element

from assembler.read.sheet import EXCEL_1900_EPOCH, EXCEL_1904_EPOCH
from assembler.read.xmlparts import (
    OFFICE_RELATIONSHIPS,
    PACKAGE_RELATIONSHIPS,
    child,
    children,
    main,
    parse_tree,
    xsd_boolean,
)

DEFAULT_WORKBOOK = "xl/workbook.xml"  # where Excel puts it; the sniff checks that it is there


class CalendarUnknown(ValueError):
    """The workbook's date1904 flag is not an xsd:boolean."""

    def __init__(self, written: str) -> None:
        super().__init__(written)
        self.written = written


@dataclass(frozen=True)
class ListedSheet:
    """A sheet the workbook lists: its name, whether it is hidden, and its part (None when missing)."""

    title: str
    hidden: bool
    part: str | None
    is_chart: bool


@dataclass(frozen=True)
class Package:
    """What the workbook part and its relationships say, read before any sheet."""

    sheets: list[ListedSheet]
    epoch: datetime
    recalculate: bool  # fullCalcOnLoad: no stored formula result is promised to be current
    shared_strings: str | None
    styles: str | None


def read_package(archive: zipfile.ZipFile) -> Package:
    """Return the workbook's listed sheets with their parts, its calendar and its recalculation flag."""
    names = set(archive.namelist())
    workbook_part = _workbook_part(archive, names)
    workbook = parse_tree(archive.read(workbook_part))
    targets = _relationships(archive, workbook_part, names)
    listed = [_listed(sheet, targets) for sheet in children(child(workbook, main("sheets")), main("sheet"))]
    properties = child(workbook, main("workbookPr"))
    calculation = child(workbook, main("calcPr"))
    return Package(
        sheets=listed,
        epoch=_epoch(properties.get("date1904") if properties is not None else None),
        recalculate=_flag(calculation, "fullCalcOnLoad"),
        shared_strings=_target_of_type(targets, "/sharedStrings"),
        styles=_target_of_type(targets, "/styles"),
    )


def _epoch(written: str | None) -> datetime:
    # As XML Schema reads it: '1', 'true', '&#49;' and ' 1 ' all mean the 1904 calendar. openpyxl's
    # Bool takes any text but 'false', 'f' and '0' as true, so it reads ' 0 ' as 1904.
    if written is None:
        return EXCEL_1900_EPOCH
    is_1904 = xsd_boolean(written)
    if is_1904 is None:
        raise CalendarUnknown(written)
    return EXCEL_1904_EPOCH if is_1904 else EXCEL_1900_EPOCH


def _flag(element: Element | None, attribute: str) -> bool:
    written = element.get(attribute) if element is not None else None
    return bool(written is not None and xsd_boolean(written))


def _listed(sheet: Element, targets: dict[str, tuple[str, str | None]]) -> ListedSheet:
    kind, part = targets.get(sheet.get(f"{OFFICE_RELATIONSHIPS} id", ""), ("", None))
    hidden = sheet.get("state", "visible") != "visible"
    return ListedSheet(sheet.get("name", ""), hidden, part, kind.endswith("/chartsheet"))


def _target_of_type(targets: dict[str, tuple[str, str | None]], suffix: str) -> str | None:
    return next((part for kind, part in targets.values() if kind.endswith(suffix) and part is not None), None)


def _workbook_part(archive: zipfile.ZipFile, names: set[str]) -> str:
    """The part the package's root relationship names as the office document."""
    for kind, part in _relationships(archive, "", names).values():
        if kind.endswith("/officeDocument") and part is not None:
            return part
    return DEFAULT_WORKBOOK


def _relationships(archive: zipfile.ZipFile, source: str, names: set[str]) -> dict[str, tuple[str, str | None]]:
    """Return a part's relationships by id: type, and the part it targets (None when not in the package)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in names:
        return {}
    found = {}
    for relationship in children(parse_tree(archive.read(rels)), f"{PACKAGE_RELATIONSHIPS} Relationship"):
        target = relationship.get("Target", "")
        if relationship.get("TargetMode") == "External":
            part = None
        else:
            part = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        found[relationship.get("Id", "")] = (relationship.get("Type", ""), part if part in names else None)
    return found
