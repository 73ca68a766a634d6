"""Carbone templates made from assembler's own templates: the same document, with Carbone tags for Jinja's.

Each of assembler's templates is rendered once by docxtpl with a context of stand-ins: a value
prints its Carbone tag (`{d.plan.navn}`), a list yields two stand-ins, the first printing
`[i]` tags and the second `[i+1]` tags, which is how Carbone marks the part to repeat. Conditions
are decided by the plan's real values, so the template fits the plan it is made from; a loop over
`x if x.tal` becomes Carbone's filtered loop `[i, tal!=0]`, a slice `xs[:-1]` the filter `[i, i!=3]`.
What the Carbone documents lack is listed in README's "Ydelse" (charts; conditions inside a repeated
part follow its first item; "a, b og c" becomes "a: b: c").
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined

from assembler.context import Chart

# `{% for s in xs if s.tal %}` → `{% for s in xs|where('tal') %}` (docxtpl has cleaned the XML first).
_FILTERED_LOOP = re.compile(r"(\{%[ptr]?\s*for\s+(\w+)\s+in\s+)([^%]+?)\s+if\s+\2\.(\w+)\s*%\}")
# A loop inside a paragraph: Carbone repeats XML elements, so each item gets a run of its own.
_LOOP_TAG = re.compile(r"\{%\s*(?:for\s[^%]*|endfor\s*)%\}")
_NEW_RUN = '</w:t></w:r><w:r><w:t xml:space="preserve">'
TEXT = "tekst"
TAG = re.compile(r"\{d\.[^{}]*\}")


class NoChart(str):
    """A chart left out (assembler's own code draws charts): empty text that still answers `har_data`."""

    har_data: bool

    def __new__(cls, chart: Chart) -> NoChart:
        text = super().__new__(cls, "")
        text.har_data = chart.har_data
        return text


def plain(value: Any, for_carbone: bool = False) -> Any:
    """Return a context value as JSON data; a chart (drawn by assembler's own code) becomes empty text.

    The raw floor's templates test `chart.har_data`, so there the empty text answers it too. Carbone 3
    cannot print the items of a list of texts, so for it each text becomes an object.
    """
    if isinstance(value, Chart):
        return "" if for_carbone else NoChart(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name), for_carbone) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [{TEXT: v} if for_carbone and isinstance(v, str) else plain(v, for_carbone) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, for_carbone) for k, v in value.items()}
    return value


class Value:
    """A context value standing in for itself: printed it is its Carbone tag; tested, its real value decides."""

    def __init__(self, real: Any, path: str, formatters: str = "") -> None:
        self.real = real
        self.path = path
        self.formatters = formatters

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or not dataclasses.is_dataclass(self.real):
            raise AttributeError(name)
        return stand_in(getattr(self.real, name), f"{self.path}.{name}")

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return self.__getattr__(key)
        raise TypeError(f"{self.path} is no list")

    def __str__(self) -> str:
        return "{" + self.path + self.formatters + "}"

    def __bool__(self) -> bool:
        return bool(self.real)

    def __eq__(self, other: object) -> bool:
        return bool(self.real == (other.real if isinstance(other, Value) else other))

    def __hash__(self) -> int:
        return hash(self.path)

    def __len__(self) -> int:
        return len(self.real)


class Items(Value):
    """A list standing in for itself: looping over it yields the `[i]` and the `[i+1]` stand-in.

    `field` names the items' field a Jinja loop filters on; `dropped` the items a slice (`xs[:-1]`) leaves out.
    """

    def __init__(self, real: list[Any], path: str, field: str = "", dropped: tuple[int, ...] = ()) -> None:
        super().__init__(real, path)
        self.field = field
        self.dropped = dropped
        self.repeats = True

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            if key.start is not None or key.step is not None:
                raise TypeError(f"{self.path}: Carbone's loops cannot start later or skip items")
            items = self.real[key]
            return Items(items, self.path, self.field, (*self.dropped, *range(len(items), len(self.real))))
        return stand_in(self.real[key], f"{self.path}[i={key}]")

    def __iter__(self) -> Iterator[Any]:
        chosen = [item for item in self.real if not self.field or getattr(item, self.field)]
        if not chosen or not self.repeats:
            return
        # `i!=3` rather than `i<3`: a tag is text in the XML, where '<' would break the part.
        conditions = "".join([*(f", i!={n}" for n in self.dropped), f", {self.field}!=0" if self.field else ""])
        yield stand_in(chosen[0], f"{self.path}[i{conditions}]")
        last = stand_in(chosen[-1], f"{self.path}[i+1{conditions}]")
        yield Marker(last.real, last.path)


class Marker(Value):
    """The `[i+1]` stand-in: it prints its tags so Carbone sees where the repetition ends, and no lists' tags."""

    def __getattr__(self, name: str) -> Any:
        value = super().__getattr__(name)
        return Silent(value.real, value.path) if isinstance(value, Items) else value


class Silent(Items):
    """A list inside the `[i+1]` stand-in, which Carbone does not allow tags of: it prints nothing."""

    def __init__(self, real: Any, path: str) -> None:
        super().__init__(real if isinstance(real, list) else [], path)
        self.repeats = False

    def __getitem__(self, key: Any) -> Any:
        return Silent(self.real[key] if isinstance(key, slice) else [], self.path)

    def __getattr__(self, name: str) -> Any:
        return Silent([], self.path)

    def __str__(self) -> str:
        return ""


def stand_in(real: Any, path: str) -> Any:
    """Return the stand-in for a context value at a Carbone path (a text in a list is an object's field)."""
    if isinstance(real, str) and path.endswith("]"):
        return Value(real, f"{path}.{TEXT}")
    if isinstance(real, list):
        return Items(real, path)
    return Value(real, path)


def lower(value: Any) -> Any:
    """Jinja's `lower`, which for a stand-in is Carbone's `lowerCase` formatter."""
    if isinstance(value, Value):
        return Value(value.real, value.path, value.formatters + ":lowerCase")
    return str(value).lower()


def where(items: Any, field: str) -> Any:
    """Return a list stand-in that loops only over the items whose field is set (Carbone's filtered loop)."""
    return Items(items.real, items.path, field, items.dropped)


class _Template(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type hints
    def patch_xml(self, src_xml: str) -> str:
        xml = _FILTERED_LOOP.sub(r"\1\3|where('\4') %}", str(super().patch_xml(src_xml)))
        xml = only_first_element_of_last_item(xml)
        return _LOOP_TAG.sub(lambda m: m.group(0) + _NEW_RUN if _in_text(xml, m.start()) else m.group(0), xml)


def only_first_element_of_last_item(xml: str) -> str:
    """Return the XML with each block loop's body after its first element left out for the `[i+1]` item.

    Carbone repeats from the `[i]` element up to the `[i+1]` element and removes that one; what the
    `[i+1]` item has after it would stay in the document as if it were the template's own text.
    """
    edits: list[tuple[int, str]] = []
    opened: list[int] = []
    for match in _LOOP_TAG.finditer(xml):
        if _in_text(xml, match.start()):
            continue
        if "endfor" not in match.group(0):
            opened.append(match.end())
            continue
        start = opened.pop()
        first = _end_of_first_element(xml, start, match.start())
        if first is not None and first < match.start() and _balanced(xml[start:first]):
            edits += [(first, "{% if not loop.last %}"), (match.start(), "{% endif %}")]
    for position, text in sorted(edits, reverse=True):
        xml = xml[:position] + text + xml[position:]
    return xml


_ELEMENT = re.compile(r"<w:(p|tbl|tr)[ >]")
_BLOCK_TAG = re.compile(r"\{%-?\s*(end)?(if|for)\b")


def _balanced(xml: str) -> bool:
    """True when every Jinja if and for opened in the XML is closed in it too."""
    return sum(-1 if m.group(1) else 1 for m in _BLOCK_TAG.finditer(xml)) == 0


def _end_of_first_element(xml: str, start: int, end: int) -> int | None:
    """Return where the first paragraph, table or row between start and end closes (None if there is none)."""
    first = _ELEMENT.search(xml, start, end)
    if first is None:
        return None
    name = first.group(1)
    depth, position = 0, first.start()
    for tag in re.compile(rf"<w:{name}[ >]|</w:{name}>").finditer(xml, position, end):
        depth += -1 if tag.group(0).startswith("</") else 1
        if depth == 0:
            return tag.end()
    return None


def _in_text(xml: str, position: int) -> bool:
    """True when a position in a part's XML is inside the text of a run (a `<w:t>` element)."""
    opened = xml.rfind("<", 0, position)
    return xml.startswith(("<w:t>", "<w:t "), opened)


def environment() -> Environment:
    """Return the Jinja environment that prints stand-ins as Carbone tags (our own templates: no sandbox)."""

    def finalize(value: Any) -> Any:
        return str(value) if isinstance(value, Value) else value

    jinja = Environment(undefined=StrictUndefined, autoescape=False, finalize=finalize)
    jinja.filters["lower"] = lower
    jinja.filters["where"] = where
    return jinja


def write_carbone_template(template: Path, context: Any, target: Path) -> list[str]:
    """Write the Carbone version of one of assembler's templates for a context; return its tags."""
    document = _Template(template)
    values = {f.name: stand_in(getattr(context, f.name), f"d.{f.name}") for f in dataclasses.fields(context)}
    document.render(values, jinja_env=environment())
    document.save(target)
    return carbone_tags(target)


def carbone_tags(docx: Path) -> list[str]:
    """Return the Carbone tags in a .docx's body, as written."""
    with zipfile.ZipFile(docx) as archive:
        text = archive.read("word/document.xml").decode("utf-8")
    return TAG.findall(re.sub(r"<[^>]+>", "", text))
