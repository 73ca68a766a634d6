"""A worksheet's XML as openpyxl's parser is given it: without the empty cells of formatted empty rows."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from typing import IO

# A cell element with no value, formula or text: Excel and XlsxWriter write one for each formatted empty cell.
EMPTY_CELL = re.compile(rb"<c [^<>]*+(?:(?<=/)>|>\s*+</c>)")
_CELL_START = re.compile(rb"<c[ />]")
_CELL_WITH_REFERENCE = re.compile(rb"<c [^<>]*?\br=")
MAX_PRESCANNED_BYTES = 32 * 1024 * 1024


def sheet_source(archive: zipfile.ZipFile, path: str) -> IO[bytes]:
    """Return the sheet's XML to parse, without the empty cells of formatted empty rows when that is safe.

    openpyxl spends most of a sheet's time on formatted empty cells. Leaving them out changes no
    value while every cell names its own column; a cell without a reference takes its column from
    the one before it, so then the XML is parsed as it is, as is a sheet too large to hold at once.
    """
    source = archive.open(path)
    if archive.getinfo(path).file_size > MAX_PRESCANNED_BYTES:
        return source
    with source:
        data = source.read()
    if len(_CELL_START.findall(data)) == len(_CELL_WITH_REFERENCE.findall(data)):
        data = EMPTY_CELL.sub(b"", data)
    return BytesIO(data)
