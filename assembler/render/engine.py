"""Rendering a .docx template with a context into a document, strictly and safely, with docxtpl as it is.

The template is prepared once per process (prepare); docxtpl renders the prepared .docx with the
one Jinja environment (environment), and the document properties are rendered from their sources
kept compiled (docxtpl compiles a property's text anew on every render, so the prepared .docx has
them empty). On docxtpl's result, the tables are sized to their text,
property elements put in schema order, the controls marked (row keys, ids, placeholders), and
the document's times stamped; `document_bytes` writes it (package).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from assembler.boundary import read_reason
from assembler.context import Kontekst
from assembler.errors import TemplateError
from assembler.render.environment import jinja_environment, rendering
from assembler.render.faults import TemplateFault, template_fault
from assembler.render.layout import fit_tables
from assembler.render.marking import mark_rendered_body
from assembler.render.package import package_bytes
from assembler.render.prepare import PreparedTemplate, UnusableTemplate, prepared_template
from assembler.render.schemaorder import order_properties
from assembler.wordxml import qn

MAX_PROPERTY_CHARS = 255  # python-docx refuses longer core properties, as Word's format demands


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
            message = render_properties(document.docx.core_properties, prepared, values)
        except Exception as err:  # the template's code failed
            fault = template_fault(template.name, err)
            if fault is None:
                raise
            raise fault from err
    if message is not None:
        raise TemplateFault(template.name, "", message)
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


def render_properties(properties: Any, prepared: PreparedTemplate, values: dict[str, Any]) -> str | None:
    """Render the document properties from their kept sources; return the Danish message for one too long, or None."""
    environment = jinja_environment()
    for name, source in prepared.properties.items():
        text = environment.get_template(source).render(values)
        if len(text) > MAX_PROPERTY_CHARS:  # python-docx would refuse it with a ValueError
            return (
                f"dokumentegenskaben '{name}' bliver {len(text)} tegn lang, men Word tillader højst "
                f"{MAX_PROPERTY_CHARS}; forkort teksten, der indsættes i den"
            )
        setattr(properties, name, text)
    return None
