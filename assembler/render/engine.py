"""Rendering a .docx template with a context into a document, strictly and safely, with docxtpl as it is.

The template is prepared once per process (prepare); docxtpl renders the prepared .docx with the
one Jinja environment (environment). On docxtpl's result, the tables are sized to their text,
property elements put in schema order, the controls marked (row keys, ids, placeholders), and
the document's times stamped; `document_bytes` writes it (package).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError

from assembler.boundary import read_reason
from assembler.context import Kontekst
from assembler.errors import TemplateError
from assembler.render.environment import jinja_environment, rendering
from assembler.render.layout import fit_tables
from assembler.render.marking import mark_rendered_body
from assembler.render.package import package_bytes
from assembler.render.prepare import PreparedTemplate, UnusableTemplate, prepared_template, source_named
from assembler.render.schemaorder import order_properties
from assembler.wordxml import qn

# docxtpl renders these core properties as templates too (DocxTemplate.render_properties).
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
MAX_PROPERTY_CHARS = 255  # python-docx refuses longer core properties, as Word's format demands
AROUND_ERROR = 3  # lines of a part's source before and after a Jinja error's line, as docxtpl quotes them


@dataclass
class RenderedDocument:
    """A document docxtpl rendered (python-docx's), the values printed into it, the template's members kept."""

    docx: Any
    printed: list[str]
    kept: Mapping[str, bytes]


def context_values(context: Kontekst) -> dict[str, Any]:
    """Return the context's top-level fields as the mapping docxtpl expects."""
    return {f.name: getattr(context, f.name) for f in fields(context)}


def read_prepared(template: Path) -> PreparedTemplate:
    """Return a template file prepared for rendering (raise TemplateError when it cannot be read or used)."""
    try:
        return prepared_template(template.read_bytes())
    except OSError as err:
        raise TemplateError([f"skabelonen {template.name} kan ikke læses: {read_reason(err)}"]) from err
    except UnusableTemplate as err:
        raise TemplateError([f"skabelonen {template.name} kan ikke bruges: {err}"]) from err


def render_template(template: Path, context: Kontekst, created: datetime | None = None) -> RenderedDocument:
    """Render a template into a document held in memory, finished: layout, marking, properties.

    `created` is the report's first build (naive UTC), which it keeps; without it, the report is new.
    """
    prepared = read_prepared(template)
    document = DocxTemplate(BytesIO(prepared.docx))
    values = context_values(context)
    with rendering(document) as current:
        try:
            document.render(values, jinja_environment())
        except JinjaError as err:
            raise TemplateError([describe_template_error(template, err)]) from err
        except ValueError as err:  # python-docx refusing a property docxtpl set
            message = too_long_property(prepared, values)
            if message is None:
                raise
            raise TemplateError([f"skabelonen {template.name} kan ikke bruges: {message}"]) from err
    finish(document.docx, prepared, created)
    return RenderedDocument(document.docx, current.printed, prepared.kept)


def finish(document: Any, prepared: PreparedTemplate, created: datetime | None = None) -> None:
    """Size the tables, put property elements in schema order, mark the controls and stamp the times."""
    root = document.element
    body = root.find(qn("w:body"))
    fit_tables(body)
    if not prepared.ordered:  # Jinja may have written property elements the template's sorting did not see
        order_properties(root)
    mark_rendered_body(body)
    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.created, properties.modified = created or now, now


def document_bytes(document: RenderedDocument) -> bytes:
    """Return a rendered document as the bytes of a .docx file."""
    return package_bytes(document.docx.part.package, document.kept)


def too_long_property(prepared: PreparedTemplate, values: dict[str, Any]) -> str | None:
    """Return the Danish message for the first document property rendered too long, or None when none is."""
    properties = docx.Document(BytesIO(prepared.docx)).core_properties
    for name in RENDERED_PROPERTIES:
        text = jinja_environment().from_string(getattr(properties, name)).render(values)
        if len(text) > MAX_PROPERTY_CHARS:
            return (
                f"dokumentegenskaben '{name}' bliver {len(text)} tegn lang, men Word tillader højst "
                f"{MAX_PROPERTY_CHARS}; forkort teksten, der indsættes i den"
            )
    return None


def describe_template_error(template: Path, err: JinjaError) -> str:
    """Return a Danish message naming the template and the text around the error."""
    around = " ".join(t.strip() for t in text_around(err) if t.strip())
    where = f" nær teksten »{around[:200]}«" if around else ""
    return f"skabelonen {template.name} kan ikke bruges{where}: {err}"


def text_around(err: JinjaError) -> list[str]:
    """Return the text of the lines around an error's line in the part it is in (a line per paragraph)."""
    source = source_named(str(getattr(err, "name", "")))
    line = getattr(err, "lineno", None)
    if source is None or line is None:
        return list(getattr(err, "docx_context", []))
    first = max(line - 1 - AROUND_ERROR, 0)
    return [re.sub(r"<[^>]+>", "", text) for text in source.splitlines()[first : line + AROUND_ERROR]]
