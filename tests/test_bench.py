"""The bench's helpers (`make bench` itself is not part of the tests): Carbone templates, floors, the table."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assembler.context import build_context
from assembler.contract.vocabulary import load_vocabulary
from assembler.figures.compute import compute_figures
from assembler.pipeline import find_plans, load_plan
from assembler.render.templates import default_template_dir
from bench.carbone_template import only_first_element_of_last_item, plain, write_carbone_template
from bench.floor import raw_plan, read_calamine, read_openpyxl
from bench.measure import Run
from bench.plans import paragraphs
from bench.table import summarize
from tests.reports import factory_plan, report_spec, reports_of

STEP = re.compile(r"\.?(\w+)|\[([^\]]*)\]")


def resolve(data: Any, path: str) -> Any:
    """Return the value a Carbone tag's path names in the JSON ([i] and [i+1] are a list's items)."""
    for name, index in STEP.findall(path.removeprefix("d.")):
        if name:
            data = data[name]
            continue
        assert isinstance(data, list) and data, f"{path}: not a list with items"
        position = index.split(",")[0].strip()
        data = data[int(position.removeprefix("i=")) if position.startswith("i=") else 0]
    return data


@pytest.fixture
def context(write_plan: Callable[..., Path]) -> Any:
    plan, _ = load_plan(find_plans(write_plan())[0].source)
    vocabulary = load_vocabulary()
    return build_context(plan, compute_figures(plan, vocabulary), vocabulary)


def test_carbone_templates_tags_name_values_of_the_context_and_mark_each_loop(context: Any, tmp_path: Path) -> None:
    data = plain(context, for_carbone=True)
    for spec in reports_of(factory_plan()):  # the reports the factory's plan gets
        tags = write_carbone_template(default_template_dir() / spec.template, context, tmp_path / spec.template)
        paths = [tag[1:-1].split(":")[0] for tag in tags]
        for path in paths:
            assert isinstance(resolve(data, path), str | int), path
        starts = {p[: m.start()] for p in paths for m in re.finditer(r"\[i[],]", p)}
        ends = {p[: m.start()] for p in paths for m in re.finditer(r"\[i\+1", p)}
        assert starts == ends, spec.template  # Carbone repeats from an [i] tag to the next [i+1] tag
        assert "{d.plan.navn}" in tags


def test_carbone_template_prints_the_rows_of_a_nested_loop(context: Any, tmp_path: Path) -> None:
    fremdrift = report_spec("fremdrift").template
    tags = write_carbone_template(default_template_dir() / fremdrift, context, tmp_path / fremdrift)
    assert "{d.fremdrift.indsatsomraader[i].delaftaler[i].raekker[i].aktivitet}" in tags
    assert "{d.fremdrift.statusantal[i, tal!=0].tekst}" in tags  # `for x in … if x.tal`
    # `for x in xs[:-1] if x.tal` with `|lower`: the slice and the condition are both Carbone filters
    assert "{d.fremdrift.baandantal[i, i!=3, tal!=0].navn:lowerCase}" in tags
    etaarsstatus = report_spec("etaarsstatus").template
    assert "{d.punkter.p1.afsnit[i].tekst}" in write_carbone_template(
        default_template_dir() / etaarsstatus, context, tmp_path / etaarsstatus
    )


def test_raw_floor_writes_the_documents_with_the_plans_text(
    context: Any, write_plan: Callable[..., Path], tmp_path: Path
) -> None:
    templates = [default_template_dir() / spec.template for spec in reports_of(factory_plan())]
    raw_plan(write_plan(), read_openpyxl, templates, plain(context), tmp_path / "floor")
    for template in templates:
        text = paragraphs((tmp_path / "floor" / template.name).read_bytes())
        assert any("Helhedsplan Solbakken" in line for line in text), template.name


def test_calamine_reads_the_same_cells_as_openpyxl(write_plan: Callable[..., Path]) -> None:
    workbook = write_plan()
    ours, theirs = read_openpyxl(workbook), read_calamine(workbook)
    assert list(ours) == list(theirs)
    assert [str(v) for v in ours["Stamdata"][1] if v] == [str(v) for v in theirs["Stamdata"][1] if v != ""]


def test_summary_compares_medians_and_says_which_ceilings_are_kept() -> None:
    seconds = {"render": 0.1, "plan": 0.08, "process": 0.4, "floor_openpyxl": 0.1, "floor_calamine": 0.05}
    runs: dict[str, list[Run]] = {}
    for size, plan in (("normal", 0.15), ("10x", 0.21)):  # 1.5× Carbone kept; 2.1× over the ceiling of 2.0×
        runs |= {f"render_ours_{size}": [Run(0.2), Run(0.1), Run(0.3)], f"render_carbone_{size}": [Run(0.1)]}
        runs |= {f"plan_ours_{size}": [Run(plan)], f"plan_carbone_{size}": [Run(0.1)]}
        runs |= {f"process_ours_{size}": [Run(0.5, 90)], f"process_carbone_{size}": [Run(0.4, 60)]}
        runs |= {f"plan_{k}_{size}": [Run(seconds[k])] for k in ("floor_openpyxl", "floor_calamine")}
        runs |= {f"plan_physical_{size}": [Run(0.01)]}
    runs |= {"batch100_jobs1": [Run(10)], "batch100_jobs2": [Run(8.5)], "spin_1": [Run(1)], "spin_2": [Run(1)]}
    runs |= {"help": [Run(0.2)], "process_libraries": [Run(0.3)]}
    machine = {"cpu": "x", "cores": 2, "python": "3", "node": "v20", "load_average": [1, 1, 1]}
    record = {
        "taken": "nu",
        "machine": machine | {"load_average_after": [1, 1, 1]},
        "rounds": {"in_process_and_process": 3, "batch": 1},
        "content_match": {"normal": {"fremdrift": 0.9}},
    }
    summary = summarize(runs, [100], record)
    assert summary.met == {"plan": False, "process": True, "batch": False}
    assert not summary.all_met
    assert "| 4 documents from a ready context, in-process | 200 / 200 ms | 100 / 100 ms | 2.00 / 2.00× | |" in (
        summary.text
    )
    assert "| 150 / 210 ms | 100 / 100 ms | 1.50 / 2.10× | at most 1.5 / 2.0×: **EXCEEDED** |" in summary.text
    assert "+0.20 / 0.20 s | | | at most +0.30 / 0.45 s: kept |" in summary.text
    assert "| 100 plans, `--jobs 2` (`--jobs 1`) | 8.5 s (10.0 s) | | 1.18× as fast | at most 8 s: **EXCEEDED** |" in (
        summary.text
    )
    assert "Library floor with python-calamine | 50.0 / 50.0 ms | 3.00 / 4.20× |" in summary.text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "{% for m in xs %}<w:p>A</w:p><w:p>B</w:p>{% endfor %}",
            "{% for m in xs %}<w:p>A</w:p>{% if not loop.last %}<w:p>B</w:p>{% endif %}{% endfor %}",
        ),
        ("{% for m in xs %}<w:tr>A</w:tr>{% endfor %}", "{% for m in xs %}<w:tr>A</w:tr>{% endfor %}"),
        (  # the first element inside an if: the loop is left as it is
            "{% for m in xs %}{% if m %}<w:p>A</w:p><w:p>B</w:p>{% endif %}{% endfor %}",
            "{% for m in xs %}{% if m %}<w:p>A</w:p><w:p>B</w:p>{% endif %}{% endfor %}",
        ),
    ],
)
def test_the_last_item_of_a_block_loop_keeps_only_its_first_element(body: str, expected: str) -> None:
    assert only_first_element_of_last_item(f"<w:body>{body}</w:body>") == f"<w:body>{expected}</w:body>"
