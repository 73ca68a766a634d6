"""A template prepared for docxtpl once per process: its parts' cleaned Jinja sources and a .docx including them.

docxtpl cleans the XML of every part it renders with a dozen regular expressions and compiles the
result with Jinja on every render, though neither depends on the plan. Here each part docxtpl
renders (body, headers, footers, footnotes) is cleaned by docxtpl once, the body marked with
content controls (marking), and kept as a Jinja source named by its SHA-256; in the prepared .docx
that part holds only `{%p include "<name>" %}`, which docxtpl's own cleaning turns into Jinja's
include, so the environment loads the source by name and keeps it compiled (see environment).
The document properties docxtpl renders are kept as sources too (plain text, named with
`PROPERTY_SOURCE` before their SHA-256) and are empty in the prepared .docx: docxtpl compiles a
property's text on every render, so the engine renders them from the kept sources instead.
The parts rendering never changes are kept as the template's bytes and written from them (see
package); in the prepared .docx they are empty, so python-docx has nothing to parse in them.
A template is known by the SHA-256 of its bytes, never by its name, size or time.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI
from docxtpl import DocxTemplate
from lxml import etree

from assembler.render.marking import marked_template_body
from assembler.wordxml import W_NS, qn

KEPT = 32  # templates kept prepared per process: the four reports' and a secretariat's own
# The core properties docxtpl renders as templates (DocxTemplate.render_properties), in its order.
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
PROPERTY_SOURCE = "property:"  # starts the name of a document property's source, which is text, not XML
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The parts docxtpl renders (body, headers, footers, footnotes, document properties).
RENDERED_TYPES = {CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER, FOOTNOTES, CT.OPC_CORE_PROPERTIES}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_ROOT_START = re.compile(r"(?:\s|<\?.*?\?>|<!--.*?-->)*<[^?!][^>]*>", re.DOTALL)
_PARAGRAPH_START = re.compile(r"<w:p([ >])")


@dataclass(frozen=True)
class PreparedTemplate:
    """A template ready for docxtpl: the prepared .docx, the sources it includes, the members kept as they are."""

    docx: bytes
    sources: Mapping[str, str]  # each Jinja source a part includes or a property is, by its name (with its SHA-256)
    kept: Mapping[str, bytes]  # the template's members rendering leaves alone, by name
    ordered: bool  # the body's property elements were put in schema order before Jinja runs (marking)
    properties: Mapping[str, str]  # the name of each rendered document property's source, in docxtpl's order


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
    with zipfile.ZipFile(BytesIO(template)) as archive:
        template_members = {name: archive.read(name) for name in archive.namelist()}
    emptied = _unrendered_parts_emptied(template_members)
    cleaner = DocxTemplate(BytesIO(_stored_zip(emptied)))
    document = cleaner.get_docx()
    package_parts = list(document.part.package.iter_parts())
    body = marked_template_body(cleaner.patch_xml(cleaner.get_xml()))
    # Each part docxtpl renders: the element that holds its content, and its XML as docxtpl cleans it.
    rendered: dict[str, tuple[Any, str]] = {document.part.partname.membername: (document.element.body, body.xml)}
    for part in _headers_and_footers(document.part):
        rendered[part.partname.membername] = (part.element, cleaner.patch_xml(cleaner.get_part_xml(part)))
    for part in package_parts:
        if part.content_type == FOOTNOTES:  # python-docx keeps them as bytes; docxtpl renders them whole
            root = etree.fromstring(part.blob, _PARSER)
            rendered[part.partname.membername] = (root, cleaner.patch_xml(part.blob.decode()))
    sources, members = {}, {}
    for member, (element, cleaned) in rendered.items():
        source = _PARAGRAPH_START.sub(r"\n<w:p\1", _content(cleaned))  # as docxtpl compiles a part
        name = hashlib.sha256(source.encode()).hexdigest()
        sources[name] = source
        members[member] = _including(element, name, member)
    properties: dict[str, str] = {}
    for part in package_parts:
        if part.content_type == CT.OPC_CORE_PROPERTIES:  # python-docx would make one where none is: not here
            properties = _properties_emptied(document.core_properties, sources)
            members[part.partname.membername] = part.blob
    changed = set(rendered) | {p.partname.membername for p in package_parts if p.content_type == CT.OPC_CORE_PROPERTIES}
    kept = {name: data for name, data in template_members.items() if name not in changed}
    prepared = _stored_zip({name: members.get(name) or data for name, data in emptied.items()})
    return PreparedTemplate(prepared, sources, kept, body.ordered, properties)


def _properties_emptied(core_properties: Any, sources: dict[str, str]) -> dict[str, str]:
    """Empty the document properties docxtpl renders, adding their texts to the sources; return their sources' names."""
    names = {}
    for name in RENDERED_PROPERTIES:
        text = str(getattr(core_properties, name))
        names[name] = PROPERTY_SOURCE + hashlib.sha256(text.encode()).hexdigest()
        sources[names[name]] = text
        setattr(core_properties, name, "")
    return names


def _unrendered_parts_emptied(members: dict[str, bytes]) -> dict[str, bytes]:
    """Return a template's members, in their order, with each XML part that rendering leaves alone emptied.

    python-docx parses every XML part of a file it opens, the 350 KB of styles too; rendering reads
    only the parts it renders, and the others are written from the template's bytes (`kept`).
    """
    content_type = _content_types(members[CONTENT_TYPES_URI.membername])
    emptied = {}
    for name, data in members.items():
        kind = content_type(name)
        is_unrendered_xml = kind.endswith("xml") and kind not in RENDERED_TYPES and not _is_package_structure(name)
        emptied[name] = _emptied(data) if is_unrendered_xml else data
    return emptied


def _stored_zip(members: dict[str, bytes]) -> bytes:
    """Return a zip file (not packed: it is only read back) holding the members in their order."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _is_package_structure(name: str) -> bool:
    """True for the members that hold the package's structure: its content types and relationships."""
    return name == CONTENT_TYPES_URI.membername or name.endswith(".rels")


def _content_types(declared: bytes) -> Callable[[str], str]:
    """Return what gives a member's content type, as the package's [Content_Types].xml declares it ('' if none)."""
    types = etree.fromstring(declared, _PARSER)
    overrides = {str(e.get("PartName")): str(e.get("ContentType")) for e in types.iter(qn("ct:Override"))}
    defaults = {str(e.get("Extension")).lower(): str(e.get("ContentType")) for e in types.iter(qn("ct:Default"))}
    return lambda name: overrides.get("/" + name) or defaults.get(name.rpartition(".")[2].lower(), "")


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


def _emptied(xml: bytes) -> bytes:
    """Return a part's XML without its content: its root element alone, read without parsing the rest."""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True)
    for start in range(0, len(xml), 4096):
        parser.feed(xml[start : start + 4096])
        for _, root in parser.read_events():
            return _serialized(etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap))
    return xml


def _serialized(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
