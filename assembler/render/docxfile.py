"""Writing a rendered document's .docx: the parts rendering changed compressed anew, the rest copied as they are.

python-docx serializes and deflates every part on save, mostly unchanged styles, themes and
settings. Rendering changes only the parts that hold the report's text (body, headers, footers,
notes, properties), adds charts, and python-docx rewrites the relationships and content types;
every other part of the template is copied from its zip file still compressed, with its checksum.
"""

from __future__ import annotations

import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem  # python-docx's own content types writer (pinned version)

_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_NAMES = 0x800
_ENCRYPTED = 0x1


@dataclass(frozen=True)
class Member:
    """One zip member's compressed bytes with what its headers record."""

    name: str
    method: int
    crc: int
    size: int
    data: bytes
    date_time: tuple[int, int, int, int, int, int]


def package_bytes(package: Any, template: bytes, changed: Any) -> bytes:
    """Return the .docx bytes of a python-docx package rendered from a template's bytes.

    `changed(name)` says whether rendering may have changed a part the template has; those parts,
    parts new since the template, relationships and content types are serialized and deflated.
    """
    now = time.localtime()[:6]
    with zipfile.ZipFile(BytesIO(template)) as original:
        kept = {info.filename: info for info in original.infolist() if not info.flag_bits & _ENCRYPTED}
        parts = list(package.iter_parts())
        members = [
            _deflated(CONTENT_TYPES_URI.membername, _content_types(parts), now),
            _deflated(PACKAGE_URI.rels_uri.membername, package.rels.xml, now),
        ]
        for part in parts:
            name = part.partname.membername
            if name in kept and not changed(name):
                members.append(_copied(template, kept[name]))
            else:
                members.append(_deflated(name, part.blob, now))
            if len(part.rels):
                members.append(_deflated(part.partname.rels_uri.membername, part.rels.xml, now))
    return b"".join(_zip_file(members))


def _deflated(name: str, data: bytes, date_time: tuple[int, ...]) -> Member:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return Member(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), packed, _six(date_time))


def _copied(template: bytes, info: zipfile.ZipInfo) -> Member:
    """Return a member's compressed bytes as they are in the template's zip file."""
    start = info.header_offset
    signature, *_, name_length, extra_length = _LOCAL.unpack_from(template, start)
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    data_start = start + _LOCAL.size + name_length + extra_length
    data = template[data_start : data_start + info.compress_size]
    return Member(info.filename, info.compress_type, info.CRC, info.file_size, data, _six(info.date_time))


def _six(date_time: tuple[int, ...]) -> tuple[int, int, int, int, int, int]:
    year, month, day, hour, minute, second = date_time[:6]
    return max(year, 1980), month, day, hour, minute, second


def _zip_file(members: list[Member]) -> Iterator[bytes]:
    """Yield a zip file's bytes: each member with its local header, then the central directory."""
    offset, central = 0, []
    for member in members:
        name = member.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAMES
        year, month, day, hour, minute, second = member.date_time
        dos_time, dos_date = hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day
        fields = (member.method, dos_time, dos_date, member.crc, len(member.data), member.size, len(name))
        header = _LOCAL.pack(b"PK\x03\x04", 20, flags, *fields, 0) + name
        central.append(_CENTRAL.pack(b"PK\x01\x02", 20, 20, flags, *fields, 0, 0, 0, 0, 0, offset) + name)
        yield header
        yield member.data
        offset += len(header) + len(member.data)
    directory = b"".join(central)
    yield directory
    yield _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), offset, 0)


def _content_types(parts: list[Any]) -> bytes:
    """Return `[Content_Types].xml` for the parts, as python-docx writes it."""
    item: Any = _ContentTypesItem
    return bytes(item.from_parts(parts).blob)
