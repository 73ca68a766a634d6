"""Rendering a .docx template with a context into a document's bytes, strictly and safely."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .charts import insert_chart
from .context import Chart, Kontekst
from .errors import TemplateError
from .rendercache import CompiledOnceEnvironment, PreparedDocxTemplate, template_file

# docxtpl renders these core properties as templates too.
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def jinja_environment(document: DocxTemplate | None = None) -> SandboxedEnvironment:
    """Return the environment every template renders in: sandboxed, strict and escaping.

    A chart printed with {{ … }} becomes a native chart in the document being rendered.
    """

    def finalize(value: Any) -> Any:
        if isinstance(value, Chart):
            if document is None:
                raise JinjaError("et diagram kan kun indsættes, når et dokument bygges")
            return Markup(insert_chart(document.current_rendering_part, value))
        return value

    return CompiledOnceEnvironment(undefined=StrictUndefined, autoescape=True, finalize=finalize)


def context_values(context: Kontekst) -> dict[str, Any]:
    """Return the context's top-level fields as the mapping docxtpl expects."""
    return {f.name: getattr(context, f.name) for f in fields(context)}


def render_document(template: Path, context: Kontekst) -> bytes:
    """Render a template and return the .docx file's bytes."""
    document = PreparedDocxTemplate(template_file(template))
    try:
        document.render(context_values(context), jinja_env=jinja_environment(document), autoescape=True)
    except JinjaError as err:
        raise TemplateError([describe_template_error(template, err)]) from err
    finish_properties(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def finish_properties(document: Any) -> None:
    """Undo the escaping docxtpl's autoescape applied to plain-text properties; stamp the time."""
    properties = document.core_properties
    for name in RENDERED_PROPERTIES:
        value = getattr(properties, name)
        if value:
            setattr(properties, name, Markup(value).unescape())
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.created = properties.modified = now


def describe_template_error(template: Path, err: JinjaError) -> str:
    """Return a Danish message naming the template and the text around the error."""
    around = " ".join(t.strip() for t in getattr(err, "docx_context", []) if t.strip())
    where = f" nær teksten »{around[:200]}«" if around else ""
    return f"skabelonen {template.name} kan ikke bruges{where}: {err}"
