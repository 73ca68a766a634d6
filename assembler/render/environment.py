"""The Jinja environment every template renders in: sandboxed, strict, bounded, escaping XML, recording what it prints.

One environment serves the whole process, so Jinja keeps each prepared source compiled (loaded by
name, see prepare). The parts are Word XML and printed escaped; a document property (its source
named as one, or its text, which docxtpl renders as a template without a name) is plain text and
printed as it is.
What is printed, and into which document a chart goes, is the rendering under way (`rendering`); a chart
is drawn once for all the documents rendered within `charts_drawn_once` (a plan's reports show some twice).
What a template may make is bounded (bounds) through the sandbox's hooks, its globals and filters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any, cast

from jinja2 import FunctionLoader, StrictUndefined, pass_context
from jinja2 import TemplateError as JinjaError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from assembler.context import Chart
from assembler.context.base import key_of
from assembler.render.bounds import (
    MAX_OUTPUT,
    bounded_filters,
    bounded_lipsum,
    bounded_range,
    operate,
    refuse_big,
    refuse_big_text,
    refused_call,
    too_much_output,
)
from assembler.render.marking import KEY_FILTER
from assembler.render.prepare import KEPT, PROPERTY_SOURCE, source_named

# A prepared template has a source per rendered part (body, a footer or two) and per document property (six):
# room for every kept template's.
COMPILED_KEPT = 16 * KEPT
KEY_CHARS = 24  # a key longer than this is shortened in a tag, with a hash of the whole so it stays its own


@dataclass
class Rendering:
    """A document being rendered (docxtpl's, whose part being rendered a chart goes into) and the values printed.

    `drawn` holds each chart drawn so far, by the identity of the context's chart object (kept with it, so
    the identity is not reused): equal numbers of different types (1 and 1.0) are written differently.
    """

    document: Any
    printed: list[str] = field(default_factory=list)
    characters: int = 0  # printed so far, escaped or not
    drawn: dict[int, tuple[Chart, Any]] = field(default_factory=dict)

    def chart(self, chart: Chart) -> str:
        """Return the run XML showing a chart, added to the part being rendered, drawn only if not drawn before."""
        # python-pptx and xlsxwriter are imported only when a chart is really drawn.
        from assembler.render.charts import draw_chart, insert_chart

        known = self.drawn.get(id(chart))
        if known is None:
            known = self.drawn[id(chart)] = (chart, draw_chart(chart))
        return insert_chart(self.document.current_rendering_part, known[1])

    def count(self, text: str) -> None:
        """Count characters printed; raise TooBig past MAX_OUTPUT."""
        self.characters += len(text)
        if self.characters > MAX_OUTPUT:
            raise too_much_output()


_RENDERING: ContextVar[Rendering | None] = ContextVar("rendering", default=None)
_DRAWN: ContextVar[dict[int, tuple[Chart, Any]] | None] = ContextVar("drawn", default=None)


@contextmanager
def rendering(document: Any) -> Iterator[Rendering]:
    """Record the values printed, and put charts into the document, while the block renders it."""
    drawn = _DRAWN.get()
    current = Rendering(document) if drawn is None else Rendering(document, drawn=drawn)
    token = _RENDERING.set(current)
    try:
        yield current
    finally:
        _RENDERING.reset(token)


@contextmanager
def charts_drawn_once() -> Iterator[None]:
    """Draw each chart once for all the documents the block renders (from one context: its charts are its own)."""
    token = _DRAWN.set({})
    try:
        yield
    finally:
        _DRAWN.reset(token)


def is_xml(name: str | None) -> bool:
    """True for a template that is a part's XML (loaded by name); a property is named as one, or has no name."""
    return name is not None and not name.startswith(PROPERTY_SOURCE)


@pass_context
def printed(context: Context, value: Any) -> Any:
    """Return a value as a template prints it: escaped in XML, recorded so the document can be checked for it.

    A chart becomes a native chart in the document being rendered. Whether a value is XML is the
    template's (the part's) to say, so an {% autoescape false %} in a part cannot break its XML:
    where Jinja escapes what is printed (autoescape on, as it is unless a part turns it off), the
    text is handed to it as it is, and escaped once, by Jinja.
    """
    current = _RENDERING.get()
    xml = is_xml(context.name)
    if type(value) is str:  # by far the most printed: a cell's text, a formatted figure
        text = value
    elif isinstance(value, Chart):
        if current is None or not xml:
            raise JinjaError("et diagram kan kun indsættes i dokumentets tekst, når et dokument bygges")
        return Markup(current.chart(value))
    elif isinstance(value, Markup):  # a macro's or a block's output, printed again
        if current is not None:
            current.count(value)
        return value
    else:
        refuse_big_text(value)
        text = str(value)
    if current is not None:
        current.count(text)
        current.printed.append(text)
    if not xml:
        return text
    if "{" in text or "}" in text:
        # docxtpl turns '{_{' into '{{' and '}_}' into '}}' after rendering; character references keep
        # cell text as it was typed.
        return Markup(str(escape(text)).replace("{", "&#123;").replace("}", "&#125;"))
    return text if context.eval_ctx.autoescape else escape(text)


def row_key(item: Any, index: int | None = None) -> Markup:
    """Return a loop item's key for its frame's tag: its fields declared as its key, else its number in the loop.

    The marking puts this filter into the tag of each block a loop repeats (see marking); an item
    without a key of its own is known by its number (`index`), or by its text in an outer loop.
    """
    values = key_of(item)
    text = " · ".join(values) if values is not None else str(item if index is None else index)
    one_line = " ".join(text.split()).replace("[", "(").replace("]", ")")
    if len(one_line) > KEY_CHARS:
        digest = hashlib.sha256(one_line.encode()).hexdigest()[:8]
        one_line = f"{one_line[: KEY_CHARS - 9].rstrip()}…{digest}"
    return Markup(escape(one_line))  # not a value of the report's text: not recorded as printed


class BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox with every arithmetic operator, callable and attribute kept within bounds (see bounds).

    Whether an attribute is safe is Jinja's answer (`is_safe_attribute`, the hook its sandbox documents
    for overriding), kept per type, class and name: it depends on nothing else, and a report prints
    thousands of attributes of the same few classes.
    """

    intercepted_binops = frozenset(SandboxedEnvironment.default_binop_table)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.safe_attributes: dict[tuple[type, type, str], bool] = {}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        """Return `left <operator> right`, refusing a number, text or list beyond its bound before it is made."""
        return operate(operator, self.binop_table[operator], left, right)

    def is_safe_callable(self, obj: Any) -> bool:
        """Refuse a method that can make a huge text or list; otherwise as Jinja's sandbox."""
        method = getattr(obj, "__wrapped__", obj)  # the sandbox wraps a text's .format in a function of its own
        refused = refused_call(getattr(method, "__self__", None), str(getattr(method, "__name__", "")))
        if refused is not None:
            raise refused
        return super().is_safe_callable(obj)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Refuse an attribute holding a text or list beyond its bound; otherwise as Jinja's sandbox."""
        refuse_big(value)
        key = (type(obj), obj.__class__, attr)
        safe = self.safe_attributes.get(key)
        if safe is None:
            safe = self.safe_attributes[key] = super().is_safe_attribute(obj, attr, value)
        return safe


def loaded_source(name: str) -> tuple[str, str, None] | None:
    """Return a prepared part's source and its name as its file name, so a runtime error names the part and line."""
    source = source_named(name)
    return None if source is None else (source, name, None)


@cache
def jinja_environment() -> SandboxedEnvironment:
    """Return the environment templates render in: sandboxed, strict, bounded, escaping XML, printing via `printed`."""
    environment = BoundedEnvironment(
        loader=FunctionLoader(loaded_source),
        undefined=StrictUndefined,
        autoescape=is_xml,
        finalize=printed,
        cache_size=COMPILED_KEPT,
        auto_reload=False,  # a source's name is its SHA-256: the source under a name never changes
        # Jinja's optimizer folds constant expressions, which the templates hardly have; without it
        # compiling a report's source takes a quarter less time, and renders the same text.
        optimized=False,
    )
    environment.globals["range"] = bounded_range
    environment.globals["lipsum"] = bounded_lipsum(cast(Callable[..., str], environment.globals["lipsum"]))
    environment.filters.update(bounded_filters(environment.filters))
    environment.filters[KEY_FILTER] = row_key
    return environment
