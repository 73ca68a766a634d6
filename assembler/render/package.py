"""Writing a rendered document's .docx with zipfile: rendered parts from python-docx, the rest as the template has them.

python-docx's own save serializes every part it parsed again; the parts rendering never changes
(styles, settings, themes, pictures) are written here from the template's bytes instead (see
prepare, whose .docx holds them empty), and the rendered ones (body, headers, footers, notes,
properties, new charts) from python-docx's parts, with their relationships as python-docx writes them.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from functools import partial
from io import BytesIO
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from lxml import etree

from assembler.wordxml import NAMESPACES, qn

# zlib's fastest level deflates a report three times faster than its default (6), for files about a
# quarter larger (about 45 KB instead of 35 KB): a report is written for every build, often unchanged.
COMPRESS_LEVEL = 1
# Every member gets the same time (zip's first, as xlsxwriter gives its members): the same content
# gives the same bytes, whenever it is written.
MEMBER_TIME = (1980, 1, 1, 0, 0, 0)


def package_bytes(package: Any, kept: Mapping[str, bytes]) -> bytes:
    """Return the .docx bytes of a python-docx package, each part in `kept` written from the bytes kept for it."""
    parts = list(package.iter_parts())
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        write = partial(write_member, archive)
        write(CONTENT_TYPES_URI.membername, content_types(parts))
        write(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            name = part.partname.membername
            data = kept.get(name)  # a kept part's python-docx XML is never serialized
            write(name, data if data is not None else part.blob)
            if len(part.rels):
                write(part.partname.rels_uri.membername, part.rels.xml)
    return buffer.getvalue()


def write_member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Write one member, deflated, with the fixed member time."""
    archive.writestr(zipfile.ZipInfo(name, MEMBER_TIME), data, zipfile.ZIP_DEFLATED, COMPRESS_LEVEL)


def content_types(parts: list[Any]) -> bytes:
    """Return `[Content_Types].xml` naming each part's content type (relationship parts by their extension)."""
    types = etree.Element(qn("ct:Types"), nsmap={None: NAMESPACES["ct"]})
    etree.SubElement(types, qn("ct:Default"), Extension="rels", ContentType=CT.OPC_RELATIONSHIPS)
    etree.SubElement(types, qn("ct:Default"), Extension="xml", ContentType=CT.XML)
    for part in parts:
        etree.SubElement(types, qn("ct:Override"), PartName=str(part.partname), ContentType=part.content_type)
    return bytes(etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True))
