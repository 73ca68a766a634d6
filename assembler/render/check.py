"""Checking a .docx template before anything is rendered: Jinja syntax, unknown fields (with the
closest known one), and tags Word split across paragraphs, each located by its paragraph's text."""

from __future__ import annotations

import difflib
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.opc.exceptions import OpcError
from docx.oxml.parser import parse_xml
from jinja2 import TemplateSyntaxError, nodes
from lxml import etree

from assembler.context import Kontekst
from assembler.render.environment import jinja_environment
from assembler.render.faults import danish, paragraph_at, shorten
from assembler.render.fields import ListOf, field_names, field_schema, is_record
from assembler.render.prepare import RENDERED_PROPERTIES, PreparedTemplate, UnusableTemplate, prepared_template
from assembler.wordxml import qn

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_PARAGRAPH_START = re.compile(r"(?<!\n)<w:p([ >])")
ANY = object()  # a value whose type the check does not follow (text, numbers, filter results)
_DELIMITER = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = {closer: opener for opener, closer in _CLOSER.items()}
TOO_DEEP = "skabelonen har for mange parenteser eller blokke ({% for %}, {% if %}) inde i hinanden"


@dataclass(frozen=True)
class TemplateIssue:
    """A problem in a template, located by the text of the paragraph it is in."""

    template: str
    paragraph: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    @property
    def where(self) -> str:
        """The template and the paragraph the issue is in."""
        return f"{self.template}, afsnittet »{self.paragraph}«" if self.paragraph else self.template

    def as_warning(self) -> str:
        """The issue as a warning, which does not stop a build: marked as the plans' warnings are."""
        return f"{self.where} (advarsel): {self.message}"


@dataclass(frozen=True)
class TemplateParts:
    """What of a template docxtpl renders: the parts with Word's text (body, headers, footers), and properties."""

    properties: list[str]
    roots: list[Any]


def check_template(path: Path) -> list[TemplateIssue]:
    """Return every problem found in a template file (an empty list when it can be used)."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return [TemplateIssue(path.name, "", f"filen kan ikke åbnes som Word-dokument ({type(err).__name__})")]
    return check_template_bytes(path.name, data)


def check_template_bytes(name: str, data: bytes) -> list[TemplateIssue]:
    """Return every problem found in a template's bytes (an empty list when it can be used)."""
    try:
        parts = read_template_parts(data)
        split = list(split_tags(name, parts))
        if split:
            return split  # docxtpl would mangle such XML; the Jinja check below would only add noise
        prepared = prepared_template(data)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, OpcError, etree.XMLSyntaxError) as err:
        return [TemplateIssue(name, "", f"filen kan ikke åbnes som Word-dokument ({type(err).__name__})")]
    except UnusableTemplate as err:
        return [TemplateIssue(name, "", str(err))]
    return [issue for source in sources(prepared) for issue in check_source(name, source)]


def literal_names(path: Path, fields: Mapping[str, str], exempt: Iterable[str] = ()) -> list[TemplateIssue]:
    """Return a warning for each paragraph or property that writes one of `fields`' names as plain text.

    `fields` maps a name that changes with the plan's year ('Etårsstatus') to the field that gives
    it ('rapport.navn'); text inside {{ }} and {% %} and the `exempt` phrases (a workbook column's
    name) are not the document's name. Names are matched as words in any case; a name found as
    written in `fields` takes its own field ('etårsstatus': 'rapport.navn_i_tekst').
    """
    try:
        parts = read_template_parts(path.read_bytes())
    except (zipfile.BadZipFile, KeyError, OSError, etree.XMLSyntaxError):
        return []  # check_template says why the file cannot be used
    by_name = {name.casefold(): field for name, field in fields.items()}
    words = "|".join(re.escape(name) for name in sorted(fields, key=len, reverse=True))
    found = re.compile(rf"(?<!\w)(?:{words})", re.IGNORECASE)
    skipped = re.compile("|".join([r"\{\{.*?\}\}", r"\{%.*?%\}", *(re.escape(e) for e in exempt)]), re.IGNORECASE)
    paragraphs = (paragraph for root in parts.roots for paragraph in root.iter(qn("w:p")))
    texts = ["".join(t.text or "" for t in paragraph.iter(qn("w:t"))) for paragraph in paragraphs]
    # A paragraph is named by its text; a document property by its name, in the message.
    places = [(shorten(text), text, "") for text in texts]
    properties = zip(RENDERED_PROPERTIES, parts.properties, strict=True)
    places += [("", text, f" i dokumentegenskaben '{name}'") for name, text in properties]
    issues = []
    for paragraph, text, where in places:
        for name in dict.fromkeys(m.group() for m in found.finditer(skipped.sub(" ", text))):
            field = fields.get(name) or by_name[name.casefold()]
            issues.append(
                TemplateIssue(
                    path.name,
                    paragraph,
                    f"»{name}« står som tekst{where}, men rapportens navn afhænger af planens år; "
                    f"skriv {{{{ {field} }}}}",
                )
            )
    return issues


def read_template_parts(template: bytes) -> TemplateParts:
    """Read the parts with Word's text and the document properties docxtpl renders, straight from a .docx file."""
    with zipfile.ZipFile(BytesIO(template)) as archive:
        names = archive.namelist()
        headers_footers = [n for n in names if n.startswith(("word/header", "word/footer")) and n.endswith(".xml")]
        roots = [etree.fromstring(archive.read(name), _PARSER) for name in ["word/document.xml", *headers_footers]]
        core = parse_xml(archive.read("docProps/core.xml")) if "docProps/core.xml" in names else None
    return TemplateParts(
        properties=[str(getattr(core, f"{name}_text", "") or "") for name in RENDERED_PROPERTIES],
        roots=roots,
    )


def sources(prepared: PreparedTemplate) -> Iterator[str]:
    """Yield the Jinja sources a prepared template renders: its parts' (body, headers, footers) and properties'."""
    yield from prepared.sources.values()


def split_tags(template: str, parts: TemplateParts) -> Iterator[TemplateIssue]:
    """Yield each paragraph where a {{ }}, {% %} or {# #} tag does not begin and end."""
    for root in parts.roots:
        for paragraph in root.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            problem = unbalanced(text)
            if problem:
                yield TemplateIssue(template, shorten(text), problem)


def unbalanced(text: str) -> str | None:
    """Describe a tag that opens without closing (or closes without opening) in one paragraph."""
    open_tag = None
    for match in _DELIMITER.finditer(text):
        token = match.group()
        if token in _CLOSER and open_tag is None:
            open_tag = token
        elif token in _CLOSER:
            return f"»{open_tag}« lukkes ikke, før et nyt »{token}« begynder"
        elif open_tag is None or _CLOSER[open_tag] != token:
            return f"»{token}« har intet »{_OPENER[token]}« foran sig i samme afsnit"
        else:
            open_tag = None
    if open_tag is not None:
        return (
            f"»{open_tag}« lukkes ikke med »{_CLOSER[open_tag]}« i samme afsnit. Word har måske delt feltet "
            "over flere afsnit; skriv det igen i ét stykke"
        )
    return None


def check_source(template: str, source: str) -> list[TemplateIssue]:
    """Return the syntax errors and unknown fields of one Jinja source."""
    # docxtpl renders with a line break before each paragraph, so a line number names a paragraph.
    lines = _PARAGRAPH_START.sub(r"\n<w:p\1", source).split("\n")
    text = "\n".join(lines)
    environment = jinja_environment()
    try:
        tree = environment.parse(text)
    except TemplateSyntaxError as err:
        return [TemplateIssue(template, paragraph_at(lines, err.lineno), danish(err))]
    except RecursionError:  # Jinja's parser goes one level deeper for each parenthesis and block
        return [TemplateIssue(template, "", TOO_DEEP)]
    checker = FieldChecker(set(environment.globals), set(environment.filters), set(environment.tests))
    checker.visit(tree, {name: field_schema(Kontekst, name) for name in field_names(Kontekst)})
    issues = [TemplateIssue(template, paragraph_at(lines, line), message) for line, message in checker.issues]
    if not issues:
        try:  # as rendering will: Python refuses code nested much deeper than people write
            environment.compile(tree)
        except (SyntaxError, RecursionError) as err:
            words = err.msg if isinstance(err, SyntaxError) else str(err)
            return [TemplateIssue(template, "", f"{TOO_DEEP} (Python: {words})")]
    return issues


class FieldChecker:
    """Walks a Jinja tree, following the context's types, and records unknown fields by line."""

    def __init__(self, known_globals: set[str], filters: set[str], tests: set[str]) -> None:
        self.known_globals = known_globals
        self.filters = filters
        self.tests = tests
        self.issues: list[tuple[int, str]] = []
        self.used: set[tuple[type, str]] = set()

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """Check a node and return the type of its value (ANY where it is not followed)."""
        if isinstance(node, nodes.For):
            return self.visit_for(node, scope)
        if isinstance(node, nodes.Assign):
            self.bind(node.target, self.visit(node.node, scope), scope)
            return ANY
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY  # known in its own body too: a macro may call itself
            inner = {**scope, "caller": ANY, "varargs": ANY, "kwargs": ANY}
            for argument in node.args:
                inner[argument.name] = ANY
            for child in node.body:
                self.visit(child, inner)
            return ANY
        if isinstance(node, nodes.Name) and node.ctx == "load":
            return self.visit_name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.attribute(node, self.visit(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            return self.visit_item(node, scope)
        if isinstance(node, nodes.Filter) and node.name not in self.filters:
            self.issues.append((node.lineno, f"ukendt filter »{node.name}«"))
        if isinstance(node, nodes.Test) and node.name not in self.tests:
            self.issues.append((node.lineno, f"ukendt test »{node.name}«"))
        for child in node.iter_child_nodes():
            self.visit(child, scope)
        return ANY

    def visit_for(self, node: nodes.For, scope: dict[str, Any]) -> Any:
        items = self.visit(node.iter, scope)
        inner = {**scope, "loop": ANY}
        self.bind(node.target, items.item if isinstance(items, ListOf) else ANY, inner)
        if node.test is not None:
            self.visit(node.test, inner)
        for child in node.body:
            self.visit(child, inner)
        for child in node.else_:
            self.visit(child, scope)
        return ANY

    def visit_name(self, node: nodes.Name, scope: dict[str, Any]) -> Any:
        if node.name in scope:
            return scope[node.name]
        if node.name not in self.known_globals:
            self.unknown(node, node.name, "", list(scope))
        return ANY

    def visit_item(self, node: nodes.Getitem, scope: dict[str, Any]) -> Any:
        base = self.visit(node.node, scope)
        self.visit(node.arg, scope)
        if isinstance(base, ListOf):
            return base if isinstance(node.arg, nodes.Slice) else base.item
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return self.attribute(node, base, node.arg.value)
        return ANY

    def attribute(self, node: nodes.Node, base: Any, name: str) -> Any:
        if name.startswith("_"):
            self.issues.append(
                (node.lineno, f"»{dotted(node)}« er ikke tilladt: felter, der begynder med _, er skjulte")
            )
            return ANY
        if not is_record(base):
            return ANY
        schema = field_schema(base, name)
        if schema is None:
            self.unknown(node, name, dotted(getattr(node, "node", node)) + ".", field_names(base))
            return ANY
        self.used.add((base, name))
        return schema

    def unknown(self, node: nodes.Node, name: str, prefix: str, choices: list[str]) -> None:
        close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
        hint = f" Mente du »{prefix}{close[0]}«?" if close else ""
        self.issues.append((node.lineno, f"ukendt felt »{prefix}{name}«.{hint}"))

    def bind(self, target: nodes.Node, schema: Any, scope: dict[str, Any]) -> None:
        """Give a loop or set target its type (tuples unpack to unknown types)."""
        if isinstance(target, nodes.Name):
            scope[target.name] = schema
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)


def dotted(node: nodes.Node) -> str:
    """Return an expression as written: plan.navn, o.baandantal[0], …"""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{dotted(node.node)}[{node.arg.value!r}]"
    return "…"
