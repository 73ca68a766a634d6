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
from functools import lru_cache
from io import BytesIO
from types import SimpleNamespace
from typing import Any

from docx.opc.oxml import CT_Relationships
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
    kept = _template_members(template)
    parts = list(package.iter_parts())
    members = [
        _structure(CONTENT_TYPES_URI.membername, _content_types(parts), now),
        _structure(PACKAGE_URI.rels_uri.membername, _rels_xml(package.rels), now),
    ]
    for part in parts:
        name = part.partname.membername
        if name in kept and not changed(name):
            members.append(_copied(template, kept[name]))
        else:
            members.append(_deflated(name, part.blob, now))
        if len(part.rels):
            members.append(_structure(part.partname.rels_uri.membername, _rels_xml(part.rels), now))
    return b"".join(_zip_file(members))


def zip_bytes(original: bytes, members: list[tuple[str, bytes | None]]) -> bytes:
    """Return a zip file of the members in order: given bytes are deflated, None copies the original's member as it is.

    A member that cannot be copied as it is (encrypted, or not in the original) must be given as bytes.
    """
    now = time.localtime()[:6]
    infos = {}
    if any(data is None for _, data in members):
        with zipfile.ZipFile(BytesIO(original)) as archive:
            infos = {info.filename: info for info in archive.infolist() if not info.flag_bits & _ENCRYPTED}
    return b"".join(
        _zip_file([_deflated(n, d, now) if d is not None else _copied(original, infos[n]) for n, d in members])
    )


def _deflated(name: str, data: bytes, date_time: tuple[int, ...]) -> Member:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return Member(name, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), packed, _six(date_time))


def _structure(name: str, data: bytes, date_time: tuple[int, ...]) -> Member:
    """Return a member holding relationships or content types, deflated once per process for the same bytes.

    These are the same for every report from a template (and most are the same for all of them);
    setting up a compressor costs more than compressing a kilobyte.
    """
    packed, crc = _packed(data)
    return Member(name, zipfile.ZIP_DEFLATED, crc, len(data), packed, _six(date_time))


@lru_cache(maxsize=256)
def _packed(data: bytes) -> tuple[bytes, int]:
    member = _deflated("", data, (1980, 1, 1, 0, 0, 0))
    return member.data, member.crc


@lru_cache(maxsize=64)
def _template_members(template: bytes) -> dict[str, zipfile.ZipInfo]:
    """Return what a template's zip file records of each member, by name (read once per process)."""
    with zipfile.ZipFile(BytesIO(template)) as original:
        return {info.filename: info for info in original.infolist() if not info.flag_bits & _ENCRYPTED}


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
    """Return `[Content_Types].xml` for the parts, as python-docx writes it (from their names and types only)."""
    return _serialized_content_types(tuple((part.partname, part.content_type) for part in parts))


@lru_cache(maxsize=64)
def _serialized_content_types(names_and_types: tuple[tuple[Any, str], ...]) -> bytes:
    item: Any = _ContentTypesItem
    parts = [SimpleNamespace(partname=name, content_type=kind) for name, kind in names_and_types]
    return bytes(item.from_parts(parts).blob)


def _rels_xml(rels: Any) -> bytes:
    """Return a part's relationships as python-docx writes them (`rels.xml`), made once per process for the same."""
    return _serialized_rels(tuple((rel.rId, rel.reltype, rel.target_ref, rel.is_external) for rel in rels.values()))


@lru_cache(maxsize=256)
def _serialized_rels(rels: tuple[tuple[str, str, str, bool], ...]) -> bytes:
    element: Any = CT_Relationships.new()
    for rel_id, reltype, target, is_external in rels:
        element.add_rel(rel_id, reltype, target, is_external)
    return bytes(element.xml)
