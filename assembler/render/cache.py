"""What rendering a template costs once per process, not once per plan: its bytes, cleaned XML and compiled Jinja.

docxtpl reads the template file, cleans its XML with a dozen regular expressions and compiles the
result with Jinja on every render; for the same template all three give the same result each time.
A batch worker or the watcher renders the same few templates for plan after plan, so they are kept
here, keyed by the file's size and modification time or by the exact text, never by name alone; the
cleaned XML and the compiled code are also kept on disk for the next process (see diskcache).
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, is_dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from types import (
    AsyncGeneratorType,
    BuiltinMethodType,
    CodeType,
    CoroutineType,
    FrameType,
    FunctionType,
    GeneratorType,
    MethodType,
    TracebackType,
)
from typing import Any

import docx
import docxtpl
import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.part import PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import qn
from docx.oxml.parser import element_class_lookup, parse_xml
from docx.package import Package
from docxtpl import DocxTemplate
from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from assembler.render import diskcache

# A report has a body, headers, footers and a few properties; a handful of templates fit easily.
KEPT = 64


def template_file(path: Path) -> BytesIO:
    """Return a template's bytes as a file, read from disk only when it is new or has changed."""
    stat = path.stat()
    return BytesIO(_file_bytes(path.resolve(), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=KEPT)
def _file_bytes(path: Path, mtime_ns: int, size: int) -> bytes:
    return path.read_bytes()


@lru_cache(maxsize=KEPT)
def patched_xml(src_xml: str) -> str:
    """Return docxtpl's cleaned XML for a part: from the user's cache folder when this docxtpl cleaned it."""
    disk_key = diskcache.cache_key("docxtpl-patch", str(docxtpl.__version__).encode(), src_xml.encode())
    stored = diskcache.load(disk_key)
    if stored is not None:
        return stored.decode("utf-8")
    patched = str(DocxTemplate.patch_xml(None, src_xml))  # docxtpl's cleaning uses nothing of the template
    diskcache.store(disk_key, patched.encode("utf-8"))
    return patched


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
            self._elements[partname] = parse_xml(blob)
        return self._elements[partname]


@lru_cache(maxsize=KEPT)
def _prepared(template: bytes) -> _PreparedPackage:
    return _PreparedPackage(template)


def body_in_document(template: bytes, body_xml: str) -> Any:
    """Return a rendered body parsed inside the template's own <w:document>, or None when it cannot be.

    docxtpl parses the body alone and moves it into the document, which costs lxml about twice the
    parse again (every element is moved between documents). Parsed inside the document's start and
    end tags, with the namespace declarations lxml drops from the body when moving it already gone,
    it is the same tree; a body that is not well-formed XML, or a template whose <w:document> holds
    more than the body, is left to docxtpl.
    """
    shell = _document_shell(template)
    if shell is None or not body_xml.startswith(shell.body_tag):
        return None
    parser = etree.XMLParser()  # docxtpl's parser, less its recovery, making python-docx's elements
    parser.set_element_class_lookup(element_class_lookup)
    text = shell.before + shell.moved_body_tag + body_xml[len(shell.body_tag) :] + shell.after
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError:
        return None
    if len(root) != 1:
        return None
    _drop_declarations_made_above(root[0], body_xml, len(shell.body_tag))
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
    blob = next(s.blob for s in _prepared(template).reader._sparts if s.content_type == CT.WML_DOCUMENT_MAIN)
    root = parse_xml(blob)
    if len(root) != 1 or root[0].tag != qn("w:body") or root.text or root[0].tail:
        return None
    body_tag = _start_tag(etree.tostring(root[0], encoding="unicode"))  # as docxtpl's get_xml() begins
    declared = etree.fromstring(body_tag + "</w:body>")
    # lxml drops each of the body's declarations the document makes too, using the document's prefix.
    if any(prefix is None or root.nsmap.get(prefix, uri) != uri for prefix, uri in declared.nsmap.items()):
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


class PreparedDocxTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type hints
    """A DocxTemplate that cleans each distinct XML part once per process."""

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's cleaned XML for a part, from the cache when the part was seen before."""
        return patched_xml(src_xml)


class CompiledOnceEnvironment(SandboxedEnvironment):
    """A sandboxed Jinja environment that compiles each distinct template text once per process.

    The compiled code looks up `environment.finalize` and the sandbox's checks when it runs, so
    code compiled in one environment renders correctly in another with the same settings.
    """

    def from_string(
        self,
        source: Any,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        """Return a template for the text, compiling it only the first time it is seen."""
        if not isinstance(source, str) or not isinstance(self.autoescape, bool):
            return super().from_string(source, globals, template_class)
        kind: Any = type(self)  # a class is hashable; mypy's Hashable check misreads a class's __hash__
        code = _code(kind, self.autoescape, self.finalize is not None, source)
        cls = template_class or self.template_class
        return cls.from_code(self, code, self.make_globals(globals), None)


@lru_cache(maxsize=KEPT)
def _code(kind: Any, autoescape: bool, finalized: bool, source: str) -> CodeType:
    """Return the code of a template text for an environment class, from the user's cache folder if made before."""
    settings = f"{sys.version}|{jinja2.__version__}|{kind.__qualname__}|{autoescape}|{finalized}"
    disk_key = diskcache.cache_key("jinja-code", settings.encode(), source.encode())
    stored = diskcache.load(disk_key)
    if stored is not None:
        try:
            loaded = marshal.loads(stored)
            if isinstance(loaded, CodeType):
                return loaded
        except (ValueError, EOFError, TypeError):
            pass
    # Compiling depends only on these settings, so an environment made with them compiles alike.
    code: CodeType = kind(autoescape=autoescape, finalize=_unchanged if finalized else None).compile(source)
    diskcache.store(disk_key, marshal.dumps(code))
    return code


def _unchanged(value: Any) -> Any:
    return value


class RecordsEnvironment(CompiledOnceEnvironment):
    """The sandbox, deciding once per class of the context's records what it decides on every lookup.

    For an instance of a dataclass, Jinja's sandbox allows every attribute not starting with "_"
    whose value is not a method (methods of str are wrapped); any other lookup is the sandbox's own.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind: Any = type(obj)  # a class is hashable; mypy's Hashable check misreads a class's __hash__
        if _is_record(kind) and not attribute.startswith("_"):
            value = getattr(obj, attribute, _MISSING)
            if value is not _MISSING and not isinstance(value, _METHODS):
                return value
        return super().getattr(obj, attribute)


_MISSING = object()
_METHODS = (MethodType, BuiltinMethodType)
# The kinds of object whose attributes Jinja's sandbox guards beyond their names (is_internal_attribute).
_GUARDED = (type, FunctionType, MethodType, CodeType, TracebackType, FrameType, GeneratorType, CoroutineType)


@lru_cache(maxsize=256)
def _is_record(kind: type) -> bool:
    return is_dataclass(kind) and not issubclass(kind, (*_GUARDED, AsyncGeneratorType))
