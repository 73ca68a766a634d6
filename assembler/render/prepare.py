"""A template prepared for docxtpl once per process: its parts' cleaned Jinja sources and a .docx including them.

docxtpl cleans the XML of every part it renders with a dozen regular expressions and compiles the
result with Jinja on every render, though neither depends on the plan. Here each part docxtpl
renders (body, headers, footers, footnotes) is cleaned by docxtpl once, the body marked with
content controls (marking), and kept as a Jinja source named by its SHA-256; in the prepared .docx
that part holds only `{%p include "<name>" %}`, which docxtpl's own cleaning turns into Jinja's
include, so the environment loads the source by name and keeps it compiled (see environment).
The parts rendering never changes are kept as the template's bytes and written from them (see
package); in the prepared .docx they are empty, so python-docx has nothing to parse in them.
A template is known by the SHA-256 of its bytes, never by its name, size or time.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docxtpl import DocxTemplate
from lxml import etree

from assembler.render.marking import marked_template_body
from assembler.wordxml import W_NS, qn

KEPT = 32  # templates kept prepared per process: the four reports' and a secretariat's own
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_ROOT_START = re.compile(r"(?:\s|<\?.*?\?>|<!--.*?-->)*<[^?!][^>]*>", re.DOTALL)
_PARAGRAPH_START = re.compile(r"<w:p([ >])")


@dataclass(frozen=True)
class PreparedTemplate:
    """A template ready for docxtpl: the prepared .docx, the sources it includes, the members kept as they are."""

    docx: bytes
    sources: Mapping[str, str]  # each Jinja source a part includes, by its name (the source's SHA-256)
    parts: Mapping[str, str]  # the member each source renders, by the source's name
    kept: Mapping[str, bytes]  # the template's members rendering leaves alone, by name
    ordered: bool  # the body's property elements were put in schema order before Jinja runs (marking)


class UnusableTemplate(Exception):
    """A template docxtpl cannot render as assembler needs; the message says why, in Danish."""


_PREPARED: dict[str, PreparedTemplate] = {}


def prepared_template(template: bytes) -> PreparedTemplate:
    """Return a template prepared for rendering, made once per process for the same bytes."""
    key = hashlib.sha256(template).hexdigest()
    prepared = _PREPARED.pop(key, None) or prepare(template)
    _PREPARED[key] = prepared  # the most recently used last: the first goes when too many are kept
    while len(_PREPARED) > KEPT:
        del _PREPARED[next(iter(_PREPARED))]
    return prepared


def source_named(name: str) -> str | None:
    """Return the Jinja source a kept prepared template includes under a name, or None."""
    for prepared in _PREPARED.values():
        if name in prepared.sources:
            return prepared.sources[name]
    return None


def prepare(template: bytes) -> PreparedTemplate:
    """Return a template prepared for rendering (see the module's description)."""
    cleaner = DocxTemplate(BytesIO(template))
    document = cleaner.get_docx()
    package_parts = list(document.part.package.iter_parts())
    body = marked_template_body(cleaner.patch_xml(cleaner.get_xml()))
    # Each part docxtpl renders: the element that holds its content, and its XML as docxtpl cleans it.
    rendered: dict[str, tuple[Any, str]] = {document.part.partname.membername: (document.element.body, body.xml)}
    for part in _headers_and_footers(document.part):
        rendered[part.partname.membername] = (part.element, cleaner.patch_xml(cleaner.get_part_xml(part)))
    for part in package_parts:
        if part.content_type == FOOTNOTES:  # python-docx keeps them as bytes; docxtpl renders them whole
            rendered[part.partname.membername] = (etree.fromstring(part.blob), cleaner.patch_xml(part.blob.decode()))
    sources, parts, members = {}, {}, {}
    for member, (element, cleaned) in rendered.items():
        source = _PARAGRAPH_START.sub(r"\n<w:p\1", _content(cleaned))  # as docxtpl compiles a part
        name = hashlib.sha256(source.encode()).hexdigest()
        sources[name], parts[name] = source, member
        members[member] = _including(element, name, member)
    changed = set(rendered) | {p.partname.membername for p in package_parts if p.content_type == CT.OPC_CORE_PROPERTIES}
    for part in package_parts:
        if isinstance(part, XmlPart) and part.partname.membername not in changed:
            members[part.partname.membername] = _emptied(part.element)
    with zipfile.ZipFile(BytesIO(template)) as archive:
        kept = {name: archive.read(name) for name in archive.namelist() if name not in changed}
        prepared = BytesIO()
        with zipfile.ZipFile(prepared, "w", zipfile.ZIP_STORED) as copy:  # read back for every report: not packed
            for name in archive.namelist():
                copy.writestr(name, members.get(name) or archive.read(name))
    return PreparedTemplate(prepared.getvalue(), sources, parts, kept, body.ordered)


def _headers_and_footers(document_part: Any) -> Iterator[Any]:
    """Yield the header and footer parts docxtpl renders: those the body relates that have content."""
    for rel in document_part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external and rel.target_part.blob:
            yield rel.target_part


def _content(xml: str) -> str:
    """Return what is between a part's root element's start and end tags."""
    start = _ROOT_START.match(xml)
    if start is None or start.group().endswith("/>"):
        return ""
    return xml[start.end() : xml.rindex("</")]


def _including(element: Any, name: str, member: str) -> bytes:
    """Return a part's XML with the element's content replaced by a paragraph including the named source."""
    if element.nsmap.get("w") != W_NS:  # docxtpl's cleaning finds Word's elements by the prefix w
        raise UnusableTemplate(f"dens del {member} skriver ikke Words elementer med præfikset w:")
    element[:] = []
    element.text = None
    run = etree.SubElement(etree.SubElement(element, qn("w:p")), qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = f'{{%p include "{name}" %}}'
    return _serialized(element.getroottree().getroot())


def _emptied(root: Any) -> bytes:
    """Return a part's XML without its content: rendering never reads it, and it is written from the template."""
    return _serialized(etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap))


def _serialized(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
