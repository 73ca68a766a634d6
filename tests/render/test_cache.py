"""Templates prepared once per process still give the same reports, and an edited template is used at once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from docx import Document

from assembler.pipeline import build_plan, select_documents
from assembler.read.sources import discover_plans
from assembler.render.cache import BoundedCache
from assembler.render.templates import default_template_dir, template_paths
from tests.docxdump import dump

REPORT = "Etårsstatus 2018.docx"


def test_second_build_in_a_process_gives_the_same_report(
    write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan()
    source = discover_plans(inputs)[0]
    build_plan(source, out / "first", documents=select_documents(("etaarsstatus",)))
    build_plan(source, out / "second", documents=select_documents(("etaarsstatus",)))
    assert dump(out / "second" / "solbakken" / REPORT) == dump(out / "first" / "solbakken" / REPORT)


def test_template_edited_while_the_process_runs_is_used(
    write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "skabeloner"
    shutil.copytree(default_template_dir(), templates)
    write_plan()
    source = discover_plans(inputs)[0]
    documents = select_documents(("etaarsstatus",))
    build_plan(source, out, documents=documents, templates=template_paths(documents, templates))
    assert "Tilføjet af sekretariatet" not in dump(out / "solbakken" / REPORT)

    template = Document(str(templates / "etaarsstatus.docx"))
    template.add_paragraph("Tilføjet af sekretariatet for {{ plan.navn }}.")
    template.save(str(templates / "etaarsstatus.docx"))
    build_plan(source, out, documents=documents, templates=template_paths(documents, templates))
    assert "Tilføjet af sekretariatet for Helhedsplan Solbakken." in dump(out / "solbakken" / REPORT)


def test_bounded_cache_forgets_the_least_recently_used() -> None:
    cache: BoundedCache[str, int] = BoundedCache(size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
