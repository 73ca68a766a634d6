"""Templates prepared once per process still give the same reports, and an edited template is used at once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document

from assembler.pipeline import build_plan, select_documents
from assembler.read.sources import discover_plans
from assembler.render import templates as templates_module
from assembler.render.cache import LIBRARIES, _code
from assembler.render.diskcache import CACHE_ENV, cache_key, load, store
from assembler.render.engine import _template_body_source
from assembler.render.templates import _checked, checked, default_template_dir, template_paths, warm_templates
from tests.docxdump import dump
from tests.reports import report_name

REPORT = report_name("etaarsstatus")


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


def test_template_check_is_kept_on_disk_and_a_damaged_entry_is_checked_again(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    template = tmp_path / "etaarsstatus.docx"
    document = Document(str(default_template_dir() / "etaarsstatus.docx"))
    document.add_paragraph("{{ plan.navm }}")
    document.save(str(template))
    first = checked(template)
    assert any("plan.navn" in issue.message for issue in first)
    key = cache_key("template-check", template.name.encode(), template.read_bytes())
    entry = tmp_path / "cache" / key[:2] / key
    assert entry.is_file()
    _checked.cache_clear()  # as a new process: the result comes from the disk
    calls: list[Path] = []
    monkeypatch.setattr(templates_module, "check_template", lambda path: calls.append(path) or [])
    assert checked(template) == first and calls == []
    entry.write_bytes(entry.read_bytes().replace(b"navm", b"navn"))  # not what was stored
    _checked.cache_clear()
    assert checked(template) == [] and calls == [template]


def test_compiled_templates_are_kept_on_disk_for_the_next_process(
    write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    write_plan()
    source = discover_plans(inputs)[0]
    documents = select_documents(("etaarsstatus",))
    _code.cache_clear()
    build_plan(source, out / "first", documents=documents)
    def entries() -> list[tuple[str, int]]:  # a stored entry is a new file (inode) in place of any old one
        return sorted((p.name, p.stat().st_ino) for p in (tmp_path / "cache").rglob("*") if p.is_file())

    stored = entries()
    assert stored
    _code.cache_clear()  # as a new process: the code comes from the disk, nothing is compiled or stored anew
    build_plan(source, out / "second", documents=documents)
    assert entries() == stored
    assert dump(out / "second" / "solbakken" / REPORT) == dump(out / "first" / "solbakken" / REPORT)


def test_warming_compiles_what_rendering_compiles(
    write_plan: Callable[..., Path], inputs: Path, out: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")  # every text compiled in this process, none read from disk
    write_plan()
    documents = select_documents()
    paths = template_paths(documents, default_template_dir())
    _code.cache_clear()
    warm_templates(paths.values())
    warmed = _code.cache_info().currsize
    assert warmed
    build_plan(discover_plans(inputs)[0], out, documents=documents, templates=paths)
    assert _code.cache_info().currsize == warmed  # a forked worker would compile nothing again


def test_marked_template_body_is_kept_on_disk_and_matches_one_made_without(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    template = (default_template_dir() / "etaarsstatus.docx").read_bytes()
    _template_body_source.cache_clear()
    made = _template_body_source(template)
    key = cache_key("template-body", LIBRARIES, template)
    assert load(key) == made.encode("utf-8")
    store(key, b"<stored/>")
    _template_body_source.cache_clear()  # as a new process: the body comes from the disk
    assert _template_body_source(template) == "<stored/>"
    monkeypatch.setenv(CACHE_ENV, "off")
    _template_body_source.cache_clear()
    assert _template_body_source(template) == made  # made again, without the disk, alike
