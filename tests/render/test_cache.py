"""Caches that can only be wrong by being missing: templates known by their bytes, data on disk, nothing executable."""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from assembler.pipeline import build_plan, find_plans, rebuild, select_documents
from assembler.read.sources import discover_plans
from assembler.render import prepare, templates
from assembler.render.diskcache import CACHE_ENV, cache_key, load
from assembler.render.environment import jinja_environment
from assembler.render.templates import checked, default_template_dir, template_paths, warm_templates
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
    templates_folder = tmp_path / "skabeloner"
    shutil.copytree(default_template_dir(), templates_folder)
    write_plan()
    source = discover_plans(inputs)[0]
    documents = select_documents(("etaarsstatus",))
    build_plan(source, out, documents=documents, templates=template_paths(documents, templates_folder))
    assert "Tilføjet af sekretariatet" not in dump(out / "solbakken" / REPORT)

    template = Document(str(templates_folder / "etaarsstatus.docx"))
    template.add_paragraph("Tilføjet af sekretariatet for {{ plan.navn }}.")
    template.save(str(templates_folder / "etaarsstatus.docx"))
    build_plan(source, out, documents=documents, templates=template_paths(documents, templates_folder))
    assert "Tilføjet af sekretariatet for Helhedsplan Solbakken." in dump(out / "solbakken" / REPORT)


def stored_zip(template: bytes, old: bytes, new: bytes) -> bytes:
    """Return a template's zip file with its members stored uncompressed, a text in the body replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                assert old in data
                data = data.replace(old, new)
            copy.writestr(info, data, zipfile.ZIP_STORED)
    return buffer.getvalue()


def test_a_template_replaced_by_one_of_the_same_size_and_time_is_used_under_the_watcher(
    write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "skabeloner"
    shutil.copytree(default_template_dir(), folder)
    template = folder / "etaarsstatus.docx"
    original = template.read_bytes()
    before, after = (stored_zip(original, b">Organisering<", new) for new in (b">Organisering<", b">Organisation<"))
    assert len(before) == len(after) and before != after
    template.write_bytes(before)
    stamp = template.stat().st_mtime_ns
    write_plan()
    (plan,) = find_plans(inputs)
    assert rebuild(plan, out, folder).ok
    assert "[Heading 1] Organisering" in dump(out / "solbakken" / REPORT)

    template.write_bytes(after)  # a colleague's copy of the template, saved in the same second
    os.utime(template, ns=(stamp, stamp))
    assert template.stat().st_size == len(before) and template.stat().st_mtime_ns == stamp
    assert rebuild(plan, out, folder).ok
    text = dump(out / "solbakken" / REPORT)
    assert "[Heading 1] Organisation" in text and "Organisering" not in text


def test_templates_with_the_same_bytes_are_prepared_once_and_changed_bytes_anew(tmp_path: Path) -> None:
    data = (default_template_dir() / "referat.docx").read_bytes()
    first = prepare.prepared_template(data)
    assert prepare.prepared_template(bytes(data)) is first  # the same content under another name or path
    changed = stored_zip(data, b"</w:body>", b"<w:p><w:r><w:t>Mere</w:t></w:r></w:p></w:body>")
    assert prepare.prepared_template(changed) is not first


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
    templates._CHECKED.clear()  # as a new process: the result comes from the disk
    calls: list[str] = []
    monkeypatch.setattr(templates, "check_template_bytes", lambda name, data: calls.append(name) or [])
    assert checked(template) == first and calls == []
    entry.write_bytes(entry.read_bytes().replace(b"navm", b"navn"))  # not what was stored
    templates._CHECKED.clear()
    assert checked(template) == [] and calls == [template.name]


def test_only_data_is_kept_on_disk(
    write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    templates._CHECKED.clear()
    write_plan()
    build_plan(discover_plans(inputs)[0], out)
    entries = [path for path in cache.rglob("*") if path.is_file()]
    assert entries
    for entry in entries:  # each a template's issues, as JSON after the header that vouches for it
        json.loads(entry.read_bytes().partition(b"\n\n")[2])


@pytest.mark.parametrize("kind", ["named pipe", "link to a named pipe", "folder"])
def test_a_cache_entry_that_is_no_regular_file_is_passed_over_without_waiting(
    kind: str, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    template = tmp_path / "referat.docx"
    shutil.copyfile(default_template_dir() / "referat.docx", template)
    key = cache_key("template-check", template.name.encode(), template.read_bytes())
    entry = tmp_path / "cache" / key[:2] / key
    entry.parent.mkdir(parents=True)
    if kind == "folder":
        entry.mkdir()
    elif kind == "named pipe":
        os.mkfifo(entry)
    else:
        os.mkfifo(tmp_path / "pipe")
        entry.symlink_to(tmp_path / "pipe")
    templates._CHECKED.clear()
    assert load(key) is None
    found: list[Any] = []
    worker = threading.Thread(target=lambda: found.append(checked(template)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the check waited for the cache entry"
    assert found == [[]]


def test_warming_compiles_what_rendering_compiles(
    write_plan: Callable[..., Path], inputs: Path, out: Path, monkeypatch: Any
) -> None:
    write_plan()
    documents = select_documents()
    paths = template_paths(documents, default_template_dir())
    environment = jinja_environment()
    environment.cache.clear()  # type: ignore[union-attr]
    warm_templates(paths.values())
    warmed = set(environment.cache.keys())  # type: ignore[union-attr]
    assert warmed
    build_plan(discover_plans(inputs)[0], out, documents=documents, templates=paths)
    assert set(environment.cache.keys()) == warmed  # type: ignore[union-attr]  # a forked worker compiles nothing again
