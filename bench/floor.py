"""The raw floor: openpyxl and docxtpl doing assembler's reading and rendering, with nothing of assembler's.

Each workbook is read read-only into a dict of rows; each template is rendered with a context
computed beforehand (assembler's context as plain JSON, charts left out) in the same sandboxed,
strict, escaping environment, and saved. This is the libraries' own cost for the same work.

Run: python bench/floor.py CONTEXT.json OUT_DIR --templates TEMPLATE... --workbooks WORKBOOK...
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from openpyxl import load_workbook


def read_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Return every sheet's rows of values."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()


def render(template: Path, context: dict[str, Any], target: Path) -> None:
    """Render a template with a context and save the document."""
    document = DocxTemplate(template)
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    document.render(context, jinja_env=environment, autoescape=True)
    document.save(target)


def main() -> None:
    """Read each workbook and render every template once per workbook."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("context", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--templates", type=Path, nargs="+", required=True)
    parser.add_argument("--workbooks", type=Path, nargs="+", required=True)
    args = parser.parse_args()
    context = json.loads(args.context.read_text("utf-8"))
    for workbook in args.workbooks:
        rows = read_rows(workbook)
        assert rows, workbook
        folder = args.out / workbook.stem
        folder.mkdir(parents=True, exist_ok=True)
        for template in args.templates:
            render(template, context, folder / template.name)


if __name__ == "__main__":
    main()
