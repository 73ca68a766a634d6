"""A template that fails while it renders, told in Danish: what went wrong, in which paragraph.

A template is code, and code fails at run time in ways no reading of it foresees (a division by a
count that is 0, a loop over a text, a bound of bounds). Jinja gives each failure the line of the
part's source it happened on, and a prepared part has a line per paragraph (see prepare), so the
line names the paragraph staff can find in Word.
"""

from __future__ import annotations

import html
import re
import traceback
from typing import Any

from jinja2 import TemplateError as JinjaError
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from assembler.errors import TemplateError
from assembler.render.bounds import TooBig
from assembler.render.prepare import source_named

UNNAMED = "<template>"  # Jinja's name for a template made from a text (a document property, docxtpl's frame)
_TAG = re.compile(r"<[^>]+>")
_JINJA_MESSAGES = (
    (re.compile(r"unexpected end of template", re.IGNORECASE), "en blok som {% if %} eller {% for %} afsluttes ikke"),
    (re.compile(r"Encountered unknown tag '([^']+)'"), r"ukendt kode »\1«"),
    (re.compile(r"expected token '([^']+)', got '([^']+)'"), r"uventet »\2«"),
    (re.compile(r"unexpected '([^']+)'"), r"uventet »\1«"),
)
_PYTHON_MESSAGES = (
    (ZeroDivisionError, re.compile(""), "der deles med 0"),
    (RecursionError, re.compile(""), "en makro kalder sig selv igen og igen uden at stoppe"),
    (MemoryError, re.compile(""), "skabelonen bruger mere hukommelse, end computeren har"),
    (ArithmeticError, re.compile(""), "et tal bliver for stort"),
    (ValueError, re.compile(r"digits"), "et tal har for mange cifre"),
    (TypeError, re.compile(r"not iterable"), "en løkke går over noget, der ikke er en liste"),
    (
        TypeError,
        re.compile(r"operand|concatenate|can't multiply|not supported between|must be"),
        "der regnes med noget, der ikke er et tal",
    ),
    (UndefinedError, re.compile(""), "et felt findes ikke"),
    (SecurityError, re.compile(""), "skabelonen bruger noget, som Jinjas sandkasse ikke tillader"),
)


class TemplateFault(TemplateError):
    """A template failed while it rendered: which, in which paragraph, what (in Danish) and the library's own words."""

    def __init__(self, template: str, paragraph: str, what: str, detail: str = "") -> None:
        self.template, self.paragraph, self.what, self.detail = template, paragraph, what, detail
        where = f", i afsnittet »{paragraph}«" if paragraph else ""
        super().__init__([f"skabelonen {template} kan ikke bruges: {what}{where}{detail}"])

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its parts when it crosses from a worker process.
        return (type(self), (self.template, self.paragraph, self.what, self.detail))


def template_fault(template: str, err: BaseException) -> TemplateFault | None:
    """Return an error raised while a template rendered as a TemplateFault; None when no template's code raised it.

    Template code can raise almost anything (a dictionary changed while a loop goes over it raises
    RuntimeError): an error is the template's when Jinja's traceback has a template's line.
    """
    line = template_line(err)
    if line is None and not isinstance(err, JinjaError):
        return None
    name, lineno = line or (UNNAMED, None)
    source = source_named(name)
    paragraph = paragraph_at(source.split("\n"), lineno) if source is not None else ""
    return TemplateFault(template, paragraph, *describe(err))


def template_line(err: BaseException) -> tuple[str, int | None] | None:
    """Return the template source (by name) and line an error was raised on; None when no template's code raised it."""
    if isinstance(err, TemplateSyntaxError):
        return str(err.name or UNNAMED), err.lineno
    found = None
    for frame in traceback.extract_tb(err.__traceback__):  # Jinja puts each template's lines in the traceback
        if frame.filename == UNNAMED or source_named(frame.filename) is not None:
            found = (frame.filename, frame.lineno)
    return found


def describe(err: BaseException) -> tuple[str, str]:
    """Return what went wrong in Danish, and the library's own words for whoever helps (empty for a bound's)."""
    if isinstance(err, TooBig):
        return str(err), ""
    if isinstance(err, TemplateSyntaxError):
        return syntax_error(err), f" (Jinja: {err.message or err})"
    original = str(err) or type(err).__name__
    library = "Jinja" if isinstance(err, JinjaError) else "Python"
    for kind, pattern, text in _PYTHON_MESSAGES:
        if isinstance(err, kind) and pattern.search(original):
            # Python's words on running out of stack or memory add nothing, and differ between versions.
            return text, "" if isinstance(err, RecursionError | MemoryError) else f" ({library}: {original})"
    if isinstance(err, JinjaError):
        return "fejl i skabelonkoden", f" (Jinja: {original})"
    return "skabelonen fejler", f" (Python: {type(err).__name__}: {original})"


def danish(err: JinjaError) -> str:
    """Return Jinja's complaint about a template's syntax in Danish, keeping Jinja's own words for whoever helps."""
    return f"{syntax_error(err)} (Jinja: {err.message or err})"


def syntax_error(err: JinjaError) -> str:
    """Return what Jinja found wrong in a template's syntax, in Danish."""
    original = err.message or str(err)
    for pattern, text in _JINJA_MESSAGES:
        match = pattern.search(original)
        if match:
            return match.expand(text)
    return "fejl i skabelonkoden"


def paragraph_at(lines: list[str], lineno: int | None) -> str:
    """Return the text of the paragraph on a line of a part's source."""
    if not lineno or lineno > len(lines):
        return ""
    line = lines[lineno - 1]
    # A {%p …%} paragraph becomes a bare tag after the paragraph before it; it is not that text.
    end = line.rfind("</w:p>")
    return shorten(html.unescape(_TAG.sub("", line[:end] if end > 0 else line)))


def shorten(text: str, width: int = 120) -> str:
    """Return text on one line, cut with '…' when long."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= width else one_line[: width - 1] + "…"
