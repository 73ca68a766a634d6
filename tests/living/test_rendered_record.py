"""A fresh report's record, taken from the trees rendering saved it from, is the record of its bytes read back."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assembler.documents import DOCUMENTS
from assembler.living.merge import merge_report
from assembler.living.record import Control, RenderedReport, record_of, record_of_rendered, rendered_report
from assembler.living.state import STATE_NAME, Identity, State
from assembler.living.write import write_living_reports
from assembler.pipeline import find_plans, load_context
from assembler.render.templates import checked_template_paths
from assembler.render.verify import Rendered, render_verified
from tests.context.test_content import near_empty_sheets
from tests.factory import write_workbook
from tests.living import test_living
from tests.living.test_record import reference_record
from tools.make_example import write_example

edited = test_living.edited  # the fixture: a report built, edited in Word, its workbook changed since


def rendered_reports(workbook: Path) -> list[tuple[str, Rendered]]:
    """Render every default template the plan has a report for."""
    plan, context, _ = load_context(find_plans(workbook)[0].source)
    chosen = [spec for spec in DOCUMENTS if spec.applies_to(plan)]
    templates = checked_template_paths(chosen, None)
    return [
        (spec.filename(plan), render_verified(templates[spec.key], context, spec.filename(plan))) for spec in chosen
    ]


@pytest.fixture(scope="module", params=["example", "ten times larger", "near empty"])
def reports(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Rendered]]:
    folder = tmp_path_factory.mktemp("plan")
    if request.param == "near empty":
        return rendered_reports(write_workbook(folder / "solbakken.xlsx", near_empty_sheets()))
    return rendered_reports(write_example(folder / "plan.xlsx", scale=10 if request.param == "ten times larger" else 1))


def test_every_report_s_record_from_its_trees_is_its_bytes_record(reports: list[tuple[str, Rendered]]) -> None:
    assert len(reports) >= 3
    for name, rendered in reports:
        from_trees = record_of_rendered(rendered)
        assert from_trees, name
        assert list(from_trees.items()) == list(record_of(rendered.data).items()), name
        assert list(from_trees.items()) == list(reference_record(rendered.data).items()), name


def test_the_charts_a_record_follows_are_the_rendered_ones(reports: list[tuple[str, Rendered]]) -> None:
    # The example draws charts; a record that ignored them would still agree where none are drawn.
    charted = [rendered for _, rendered in reports if rendered.charts]
    for rendered in charted:
        without_charts = record_of_rendered(Rendered(rendered.data, rendered.document, {}))
        assert without_charts != record_of_rendered(rendered)


def test_reports_given_as_bytes_are_recorded_as_rendered_ones(
    reports: list[tuple[str, Rendered]], tmp_path: Path
) -> None:
    given = {Identity(name, 2025): rendered_report(name, rendered) for name, rendered in reports}
    write_living_reports(tmp_path / "rendered", given, "x")
    from_bytes = {key: RenderedReport(r.name, r.data, record_of(r.data)) for key, r in given.items()}
    write_living_reports(tmp_path / "bytes", from_bytes, "x")
    states = [json.loads((tmp_path / folder / STATE_NAME).read_text("utf-8")) for folder in ("rendered", "bytes")]
    records = [{name: entry["merge"] for name, entry in state["files"].items()} for state in states]
    assert records[0] == records[1]
    assert set(records[0]) == {report.name for report in given.values()}


def test_an_update_in_place_with_the_rendering_s_record_is_the_update_without_it(inputs: Path, edited: Path) -> None:
    (workbook,) = inputs.glob("*.xlsx")
    name, rendered = next((name, r) for name, r in rendered_reports(workbook) if name == edited.name)
    last = {tag: Control(**fields) for tag, fields in State.load(edited.parent).files[name].payload["controls"].items()}
    now = datetime(2026, 1, 2, tzinfo=UTC)
    current = edited.read_bytes()
    merges = [
        merge_report(current, rendered.data, last, track=track, now=now, fresh_record=fresh_record)
        for track in (False, True)
        for fresh_record in (None, record_of_rendered(rendered))
    ]
    for without, with_record in (merges[:2], merges[2:]):
        assert without.changed and without.record == with_record.record
        assert (without.changed, without.conflicts, without.added, without.removed, without.kept) == (
            with_record.changed,
            with_record.conflicts,
            with_record.added,
            with_record.removed,
            with_record.kept,
        )
        assert without.comments == with_record.comments
        assert without.data is not None and with_record.data is not None
        assert members(without.data) == members(with_record.data)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
