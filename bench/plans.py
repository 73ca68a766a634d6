"""The bench's plans, made ready before anything is timed: workbook, context, templates, reference output.

For each size (the example, and the example with 10× the rows on every list sheet) the bench
writes the workbook, computes assembler's context once (as JSON for Carbone and the raw floor),
makes the Carbone templates from assembler's templates for that context, and builds the plan once
with assembler for the physical floor's bytes and the content comparison.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from assembler.context import Kontekst
from assembler.documents import DOCUMENTS
from assembler.pipeline import build_plan, find_plans, load_context
from assembler.read.sources import PlanSource
from assembler.render.templates import checked_template_paths
from bench.carbone_template import plain, write_carbone_template
from tools.make_example import write_example


@dataclass
class BenchPlan:
    """One plan ready to be measured, with everything each side is given."""

    size: str
    workbook: Path
    source: PlanSource
    context: Kontekst
    context_json: Path
    context_data: dict[str, Any]
    templates: dict[str, Path]  # document key → assembler's (checked) template
    carbone_templates: list[Path]
    documents: dict[str, bytes]  # assembler's documents for this plan, by file name
    names: dict[str, str]  # document key → file name


def prepare(work: Path, size: str, scale: int) -> BenchPlan:
    """Write a plan of the given scale into work/<size>/ and make ready what every side needs."""
    folder = work / size
    folder.mkdir(parents=True)
    workbook = write_example(folder / f"{size}.xlsx", scale=scale)
    source = find_plans(workbook)[0].source
    plan, context, _ = load_context(source)
    specs = [spec for spec in DOCUMENTS if spec.applies_to(plan)]
    templates = checked_template_paths(specs, None)
    context_data = plain(context)
    context_json = folder / "context.json"  # Carbone's
    context_json.write_text(json.dumps(plain(context, for_carbone=True), ensure_ascii=False), "utf-8")
    carbone_folder = folder / "carbone"
    carbone_folder.mkdir()
    carbone_templates = []
    for spec in specs:
        target = carbone_folder / spec.template
        write_carbone_template(templates[spec.key], context, target)
        carbone_templates.append(target)
    reference = folder / "reference"
    result = build_plan(source, reference, templates=templates)
    assert result.ok and result.written, result.problems
    names = {spec.key: spec.filename(plan) for spec in specs}
    documents = {name: (reference / source.name / name).read_bytes() for name in names.values()}
    shutil.rmtree(reference)
    return BenchPlan(
        size, workbook, source, context, context_json, context_data, templates, carbone_templates, documents, names
    )


def paragraphs(docx: bytes) -> list[str]:
    """Return the text of a document body's non-empty paragraphs."""
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    texts = (
        "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)
    )
    return [text for text in texts if text.strip()]


def content_match(ours: bytes, theirs: bytes) -> float:
    """Return how alike two documents' texts are, from 0 to 1 (difflib's ratio over the body's text)."""
    return difflib.SequenceMatcher(None, "\n".join(paragraphs(ours)), "\n".join(paragraphs(theirs))).ratio()
