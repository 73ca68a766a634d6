"""Reading an Excel file into its worksheets of located raw cell values, nothing more.

One path for every workbook: the sniff turns away what is not a workbook or not safe to unpack,
then the standard library's XML parser reads the package's parts once each (read/package.py,
read/numberformats.py, read/strings.py, read/worksheet.py). openpyxl's public read-only API was
the other candidate: it files rows and cells written out of order under the wrong place or drops
them, hides merged ranges and formulas without a result, turns a date outside the calendar into
#VALUE!, stops at a value Excel never writes, and costs several times the time (and its import).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from assembler.boundary import describe_input_error
from assembler.errors import InputError, Location, Problem
from assembler.read.numberformats import style_kinds
from assembler.read.package import CalendarUnknown, ListedSheet, read_package
from assembler.read.sheet import Sheet
from assembler.read.sniff import OPEN_AND_SAVE, SAVE_AS_XLSX, describe_damaged, sniff_file
from assembler.read.strings import read_shared_strings
from assembler.read.worksheet import WorkbookFacts, read_worksheet
from assembler.read.xmlparts import DeclarationRefused


def read_workbook(path: Path, display_name: str) -> list[Sheet]:
    """Read every worksheet of an Excel file; raise InputError when the file cannot be read."""
    where = Location(display_name)
    # The boundary with the file, its zip container and the XML parser: whatever they raise becomes
    # a located problem; the type check runs inside it, since zipfile raises more than BadZipFile.
    try:
        problem = sniff_file(path)
        if problem is None:
            sheets = read_sheets(path, display_name)
    except CalendarUnknown as err:
        message = f"projektmappens datosystem (date1904) står som '{err.written}', som Excel ikke kender. "
        raise InputError([Problem(where, message + OPEN_AND_SAVE)]) from err
    except OSError as err:
        raise InputError([Problem(where, describe_input_error(path, err))]) from err
    except Exception as err:  # zipfile and the XML parser raise many kinds on broken files
        raise InputError([Problem(where, describe_unreadable(err))]) from err
    if problem is not None:
        raise InputError([Problem(where, problem)])
    if all(sheet.missing for sheet in sheets):
        raise InputError([Problem(where, "projektmappen har ingen ark, der kan læses. " + SAVE_AS_XLSX)])
    return sheets


def read_sheets(path: Path, display_name: str) -> list[Sheet]:
    """Read the workbook's worksheets in its order (chart sheets hold no cells and are left out)."""
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        workbook = WorkbookFacts(
            file=display_name,
            epoch=package.epoch,
            recalculate=package.recalculate,
            strings=read_shared_strings(archive, package.shared_strings),
            styles=style_kinds(archive.read(package.styles) if package.styles else None),
        )
        return [_read_listed(archive, listed, workbook) for listed in package.sheets if not listed.is_chart]


def _read_listed(archive: zipfile.ZipFile, listed: ListedSheet, workbook: WorkbookFacts) -> Sheet:
    sheet = Sheet(listed.title, workbook.file, hidden=listed.hidden, epoch=workbook.epoch)
    if listed.part is None:
        sheet.missing = True
        message = "arket står i projektmappen, men dets indhold mangler i filen. " + OPEN_AND_SAVE
        sheet.problems.append(Problem(sheet.location(), message))
        return sheet
    return read_worksheet(archive, listed.part, sheet, workbook)


def describe_unreadable(err: Exception) -> str:
    """Turn an exception raised while parsing a workbook into a Danish message."""
    causes = [err, *([err.__cause__] if err.__cause__ else [])]
    if any(isinstance(e, DeclarationRefused) for e in causes):
        return (
            "filen indeholder XML-definitioner (DTD eller entiteter), som Excel aldrig skriver; "
            "den afvises af sikkerhedshensyn. " + OPEN_AND_SAVE
        )
    if any(isinstance(e, zipfile.BadZipFile | zlib.error | EOFError) for e in causes):
        return describe_damaged()
    return f"filen kan ikke læses som Excel-projektmappe ({type(causes[-1]).__name__}). " + SAVE_AS_XLSX
