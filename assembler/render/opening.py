"""Opening a template for rendering, and parsing its rendered body back, as docxtpl does but with less work.

docxtpl opens the template with python-docx for every report, parsing every part again, then
parses the rendered body alone, moves it into the document and walks every table cell in Python.
Here the parts rendering never changes are parsed once per process and shared, the body is parsed
where it belongs, and the tables are walked only when docxtpl's fixing of their grids could
change them. Each shortcut gives docxtpl's result or leaves the work to docxtpl.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Any

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.part import PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.package import Package
from lxml import etree

from assembler.render.cache import KEPT


def opened_document(template: bytes, rendered: Callable[[str], bool]) -> Any:
    """Return python-docx's Document of a template, as `docx.Document` opens it, for one rendering.

    The zip file is read once per process, and each XML part rendering never changes (`rendered`
    says which may change) is parsed once and shared by every document opened from the template:
    python-docx would otherwise parse the 350 KB of styles again for every report. Saving copies
    those parts from the template's zip file as they are (see docxfile), never from the tree.
    """
    prepared = _prepared(template)

    def part(partname: Any, content_type: str, reltype: str, blob: bytes, package: Any) -> Any:
        cls = _part_class(content_type, reltype)
        if rendered(partname.membername) or cls.load.__func__ is not _XML_LOAD:
            return PartFactory(partname, content_type, reltype, blob, package)
        return cls(partname, content_type, prepared.element(partname, blob), package)

    package = Package()
    unmarshal: Any = Unmarshaller.unmarshal  # python-docx has no type hints here
    unmarshal(prepared.reader, package, part)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        return docx.Document(BytesIO(template))  # python-docx's own refusal of a file that is no Word file
    return document_part.document


_XML_LOAD: Any = getattr(XmlPart.load, "__func__")  # noqa: B009  # mypy reads a classmethod as a plain callable


def _part_class(content_type: str, reltype: str) -> Any:
    """Return the class python-docx's PartFactory makes a part of."""
    selector: Any = PartFactory.part_class_selector
    chosen = selector(content_type, reltype) if selector is not None else None
    return chosen or PartFactory.part_type_for.get(content_type, PartFactory.default_part_type)


class _PreparedPackage:
    """A template's zip file read by python-docx, with the XML parts shared between renderings."""

    def __init__(self, template: bytes) -> None:
        read: Any = PackageReader.from_file  # python-docx has no type hints here
        self.reader = read(BytesIO(template))
        self._elements: dict[str, Any] = {}

    def element(self, partname: str, blob: bytes) -> Any:
        if partname not in self._elements:
            self._elements[partname] = _parsed(blob)
        return self._elements[partname]


@lru_cache(maxsize=KEPT)
def _parsed(blob: bytes) -> Any:
    """Return a part parsed once for every template that has it: the reports share their 350 KB of styles."""
    return parse_xml(blob)


@lru_cache(maxsize=KEPT)
def _prepared(template: bytes) -> _PreparedPackage:
    return _PreparedPackage(template)


def body_in_document(template: bytes, body_xml: str) -> Any:
    """Return a rendered body parsed inside the template's own <w:document>, or None when it cannot be.

    docxtpl parses the body alone and moves it into the document, which costs lxml about twice the
    parse again (every element is moved between documents). Parsed inside the document's start and
    end tags, with the namespace declarations lxml drops from the body when moving it already gone,
    it is the same tree; a body that is not well-formed XML, or a template whose <w:document> holds
    more than the body, is left to docxtpl. Its elements are lxml's own, not python-docx's classes.
    """
    shell = _document_shell(template)
    declarations = shell.body_tag[:-1] if shell is not None else ""
    if shell is None or not body_xml.startswith(declarations):
        return None
    # The body's own attributes (marking's, say) follow its declarations and move with it as they are.
    start_tag_end = body_xml.find(">", len(declarations))
    attributes = body_xml[len(declarations) : start_tag_end]
    if start_tag_end < 0 or "xmlns" in attributes or attributes[:1] not in ("", " "):
        return None
    # docxtpl's parser, less its recovery, and making lxml's plain elements: every pass after rendering
    # uses lxml's API only, and python-docx's element classes cost them about twice as much per element.
    # A template's text never resolves an entity or fetches from the network (Word writes neither).
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    text = shell.before + shell.moved_body_tag[:-1] + body_xml[len(declarations) :] + shell.after
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError:
        return None
    if len(root) != 1:
        return None
    _drop_declarations_made_above(root[0], body_xml, start_tag_end)
    return root[0]


def _drop_declarations_made_above(body: Any, body_xml: str, start: int) -> None:
    """Drop the namespace declarations inside the body that an ancestor makes too, as moving the body would.

    lxml does so for every element it moves, so each element declaring a namespace (a chart's
    drawing, say; found by its start tag in the text) is moved to where it is.
    """
    names = set()
    found = body_xml.find("xmlns", start)
    while found != -1:
        tag = body_xml[body_xml.rfind("<", 0, found) + 1 : found]
        if ">" not in tag and tag[-1:].isspace() and tag.split():  # an attribute of a start tag, not text
            names.add(tag.split(maxsplit=1)[0])
        found = body_xml.find("xmlns", found + 1)
    if not names:
        return
    wanted = {tuple(name.rpartition(":")[::2]) for name in names}
    for element in list(body.iter(*{f"{{*}}{local}" for _, local in wanted})):  # one walk for them all
        parent = element.getparent()
        if (element.prefix or "", etree.QName(element).localname) in wanted and parent is not None:
            parent.insert(parent.index(element), element)


@dataclass(frozen=True)
class _Shell:
    """A template's <w:document> around its body, and the body's start tag alone and as moved into it."""

    before: str
    after: str
    body_tag: str
    moved_body_tag: str


_BODY_MARK = "<!--assembler: the body-->"


@lru_cache(maxsize=KEPT)
def _document_shell(template: bytes) -> _Shell | None:
    """Return a template's shell, if its body is all its <w:document> holds and moving it renames nothing."""
    parts = _prepared(template).reader.iter_sparts()
    blob = next((blob for _, content_type, _, blob in parts if content_type == CT.WML_DOCUMENT_MAIN), None)
    if blob is None:
        return None
    root = parse_xml(blob)
    if len(root) != 1 or root[0].tag != qn("w:body") or root.text or root[0].tail:
        return None
    body_tag = _start_tag(etree.tostring(root[0], encoding="unicode"))  # as docxtpl's get_xml() begins
    declared = etree.fromstring(body_tag + "</w:body>")
    # lxml drops each of the body's declarations the document makes too, using the document's prefix
    # for the namespace: the same one only if the document has no other for it.
    uris = list(root.nsmap.values())
    for prefix, uri in declared.nsmap.items():
        if prefix is None or (uri in uris and (root.nsmap.get(prefix) != uri or uris.count(uri) > 1)):
            return None
    root.replace(root[0], etree.Comment(_BODY_MARK[4:-3]))
    before, mark, after = etree.tostring(root, encoding="unicode").partition(_BODY_MARK)
    root.replace(root[0], declared)  # lxml's own move, on the empty body
    moved = etree.tostring(root, encoding="unicode")
    if not mark or not moved.startswith(before):
        return None
    return _Shell(before, after, body_tag, _start_tag(moved[len(before) :]))


def _start_tag(element_xml: str) -> str:
    return element_xml[: element_xml.index(">") + 1].removesuffix("/>").removesuffix(">") + ">"


def tables_may_need_fixing(tree: Any) -> bool:
    """False only when docxtpl's fix_tables would leave every table as it is: each grid fits its rows.

    Without cells spanning columns, docxtpl changes a table's grid unless its widest row has just
    as many cells as the grid has columns; what it does with spans is left to it.
    """
    namespace = tree.nsmap.get("w")
    if namespace is None or next(tree.iter(f"{{{namespace}}}gridSpan"), None) is not None:
        return True
    for table in tree.iter(f"{{{namespace}}}tbl"):
        grid = table.find(f"{{{namespace}}}tblGrid")
        if grid is None:
            return True
        cells = (len(row.findall(f"{{{namespace}}}tc")) for row in table.iter(f"{{{namespace}}}tr"))
        if max(cells, default=0) != len(grid.findall(f"{{{namespace}}}gridCol")):
            return True
    return False
