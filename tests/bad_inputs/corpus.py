"""Building bad inputs in code: workbooks patched at the byte level, other formats, and file hashes."""

from __future__ import annotations

import hashlib
import io
import re
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import msoffcrypto.format.ooxml  # type: ignore[import-untyped]
import xlwt  # type: ignore[import-untyped]

from tests.factory import Sheets, plan_sheets, write_workbook

Patch = bytes | Callable[[bytes], bytes] | None
SHARED_STRINGS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SHARED_STRINGS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def snapshot(*folders: Path) -> dict[str, str]:
    """Return every file under the folders, by path, with the SHA-256 of its bytes."""
    return {
        path.as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        if folder.exists()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def workbook_bytes(sheets: Sheets | None = None) -> bytes:
    """Return the bytes of a plan workbook written by the factory (its plan unless sheets are given)."""
    with tempfile.TemporaryDirectory() as folder:
        return write_workbook(Path(folder) / "plan.xlsx", sheets if sheets is not None else plan_sheets()).read_bytes()


def patch_zip(data: bytes, parts: Mapping[str, Patch]) -> bytes:
    """Return a zip with parts replaced (bytes), rewritten (a function), removed (None) or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            patch = parts.get(name, source.read(name))
            content = patch(source.read(name)) if callable(patch) else patch
            if content is not None:
                target.writestr(name, content)
        for name, patch in parts.items():
            if name not in source.namelist() and isinstance(patch, bytes):
                target.writestr(name, patch)
    return buffer.getvalue()


def replace_in(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """Return a part patch that replaces bytes which must be there."""

    def patch(content: bytes) -> bytes:
        assert old in content, old
        return content.replace(old, new)

    return patch


def sheet_part(sheets: Sheets, title: str) -> str:
    """Return the zip part of a sheet in a workbook written by openpyxl (sheets are numbered in order)."""
    return f"xl/worksheets/sheet{list(sheets).index(title) + 1}.xml"


def part_names(data: bytes) -> list[str]:
    """Return the names of a zip's parts."""
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def with_shared_strings(data: bytes, part: str) -> bytes:
    """Move a sheet's inline strings into a shared string table, as Excel stores them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    strings: list[bytes] = []

    def share(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(2))
        return b'<c r="' + match.group(1) + b'" t="s"><v>' + str(len(strings) - 1).encode() + b"</v></c>"

    sheet = re.sub(rb'<c r="([A-Z]+\d+)" t="inlineStr"><is><t>(.*?)</t></is></c>', share, source.read(part))
    table = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>" + s + b"</t></si>" for s in strings)
        + b"</sst>"
    )
    relationship = f'<Relationship Id="rIdStrings" Type="{SHARED_STRINGS_TYPE}" Target="sharedStrings.xml"/>'
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_CONTENT}"/>'
    return patch_zip(
        data,
        {
            part: sheet,
            "xl/sharedStrings.xml": table,
            "xl/_rels/workbook.xml.rels": replace_in(b"</Relationships>", relationship.encode() + b"</Relationships>"),
            "[Content_Types].xml": replace_in(b"</Types>", override.encode() + b"</Types>"),
        },
    )


def patch_member_header(data: bytes, member: str, *, flag_bits: int | None = None, method: int | None = None) -> bytes:
    """Return a zip with a member's general-purpose flags or compression method changed in both of its headers."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    patched = bytearray(data)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(info.orig_filename.encode())] != info.orig_filename.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    for header, flag_offset in ((info.header_offset, 6), (central, 8)):
        if flag_bits is not None:
            patched[header + flag_offset : header + flag_offset + 2] = flag_bits.to_bytes(2, "little")
        if method is not None:
            patched[header + flag_offset + 2 : header + flag_offset + 4] = method.to_bytes(2, "little")
    return bytes(patched)


def old_xls() -> bytes:
    """Return a real Excel 97-2003 workbook."""
    book = xlwt.Workbook()
    book.add_sheet("Stamdata").write(0, 0, "Felt")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted_xlsx() -> bytes:
    """Return the plan workbook encrypted with a password, as Excel's Kryptér med adgangskode does."""
    buffer = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(workbook_bytes())).encrypt("hemmelig", buffer)
    return buffer.getvalue()
