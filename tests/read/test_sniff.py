"""Sniffing: an OLE2 container is named by what it holds (read with olefile); a broken one is an old Office file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from assembler.read.sniff import (
    OLE2_MAGIC,
    PROLOG_SCAN_BYTES,
    SAVE_AS_XLSX,
    declares_dtd,
    ole2_names,
    part_declares_dtd,
    read_head,
    sniff_file,
)
from tests.bad_inputs.corpus import encrypted_xlsx, old_xls

OLD_OFFICE = "filen er en ældre Office-fil, ikke en Excel-projektmappe (.xlsx). " + SAVE_AS_XLSX


def renamed_stream(data: bytes, old: str, new: str) -> bytes:
    """Return an OLE2 file with one directory entry renamed (its name and its name's length in bytes)."""
    start = data.index(old.encode("utf-16-le") + b"\x00\x00")
    name = new.encode("utf-16-le") + b"\x00\x00"
    entry = bytearray(data[start : start + 128])
    entry[:64] = name.ljust(64, b"\x00")
    entry[64:66] = len(name).to_bytes(2, "little")
    return data[:start] + bytes(entry) + data[start + 128 :]


def test_sniff_lists_the_streams_of_an_old_workbook() -> None:
    names = ole2_names(io.BytesIO(old_xls()))
    assert names is not None and "Workbook" in names


def test_sniff_lists_the_streams_of_an_encrypted_workbook() -> None:
    names = ole2_names(io.BytesIO(encrypted_xlsx()))
    assert names is not None and {"EncryptionInfo", "EncryptedPackage"} <= names


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (old_xls, "filen er i det gamle Excel-format (.xls). " + SAVE_AS_XLSX),
        (
            lambda: renamed_stream(old_xls(), "Workbook", "WordDocument"),
            "filen er et gammelt Word-dokument (.doc), ikke en Excel-projektmappe.",
        ),
        (lambda: renamed_stream(old_xls(), "Workbook", "Contents"), OLD_OFFICE),
        (lambda: old_xls()[:600], OLD_OFFICE),
        (lambda: OLE2_MAGIC, OLD_OFFICE),
        (lambda: OLE2_MAGIC + b"\xff" * 4096, OLD_OFFICE),
    ],
    ids=["xls", "doc", "other", "truncated", "magic-only", "garbage"],
)
def test_sniff_names_an_ole2_file_by_its_streams(tmp_path: Path, content: Callable[[], bytes], message: str) -> None:
    path = tmp_path / "solbakken.xlsx"
    path.write_bytes(content())
    assert sniff_file(path) == message


LONG_COMMENT = b"<!--" + b"x" * 5000 + b"-->"
PROLOGS = [
    b'<?xml version="1.0"?><worksheet/>',
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><worksheet/>',
    b"\xef\xbb\xbf<?xml version='1.0'?>\n<worksheet/>",
    LONG_COMMENT + b"<worksheet/>",
    LONG_COMMENT + b"<!DOCTYPE x><worksheet/>",  # a DTD after the first 4 KB
    b"<?pi " + b"y" * 5000 + b"?><!DOCTYPE x><worksheet/>",
    b" " * 5000 + b"<!DOCTYPE x>",
    b" " * 70_000,  # a prolog longer than Excel writes
    "<?xml version='1.0' encoding='UTF-16'?><!DOCTYPE x><worksheet/>".encode("utf-16"),
    "<?xml version='1.0' encoding='UTF-16'?><worksheet/>".encode("utf-16"),
    b"",
    b"not xml at all",
]


@pytest.mark.parametrize("xml", PROLOGS)
def test_a_part_is_judged_from_its_first_bytes_as_from_its_whole_prolog(tmp_path: Path, xml: bytes) -> None:
    path = tmp_path / "dele.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml + b"<worksheet>" + b"<row/>" * 20_000 + b"</worksheet>")
    with zipfile.ZipFile(path) as archive:
        [info] = archive.infolist()
        expected = declares_dtd(read_head(archive, info, PROLOG_SCAN_BYTES))
        assert part_declares_dtd(archive, info) == expected
