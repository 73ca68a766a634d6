"""The floors: what the libraries alone cost for a plan's work, and what reading and writing the bytes costs.

The library floor reads the workbook (openpyxl read-only, or python-calamine) into rows, renders
assembler's templates with docxtpl as it comes (its XML cleaning and Jinja's compilation on every
render) in a sandboxed, strict, escaping environment, with the context computed beforehand (as
JSON, charts left out), and saves the documents with python-docx. No validation, no template
check, no marking, no layout, no document check, no manifest, no atomic write, no charts.

The physical floor reads the workbook's bytes and writes the four documents' bytes (assembler's
own output, made beforehand): the least any program that turns this workbook into these files does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from openpyxl import load_workbook

Rows = dict[str, list[Any]]


def read_openpyxl(path: Path) -> Rows:
    """Return every sheet's rows of values, read with openpyxl in read-only mode."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()


def read_calamine(path: Path) -> Rows:
    """Return every sheet's rows of values, read with python-calamine (a development tool, not assembler's reader)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


_ENVIRONMENT = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def render_raw(template: Path, context: dict[str, Any], target: Path) -> None:
    """Render one template with docxtpl as it comes and save the document."""
    document = DocxTemplate(template)
    document.render(context, jinja_env=_ENVIRONMENT)
    document.save(target)


def raw_plan(workbook: Path, reader: Any, templates: Sequence[Path], context: dict[str, Any], out: Path) -> None:
    """The library floor for one plan: read the workbook, render and save every template into out."""
    rows = reader(workbook)
    assert rows, workbook
    out.mkdir(parents=True, exist_ok=True)
    for template in templates:
        render_raw(template, context, out / template.name)


def physical_plan(workbook: Path, documents: dict[str, bytes], out: Path) -> None:
    """The physical floor for one plan: read the workbook's bytes and write the documents' bytes."""
    assert workbook.read_bytes()
    out.mkdir(parents=True, exist_ok=True)
    for name, data in documents.items():
        (out / name).write_bytes(data)
