"""A report whose content would not change is not written; its times say when it was first built and last changed."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from click.testing import Result
from docx import Document

from tests.clitext import lines_without_time
from tests.factory import STATUS_YEAR, Sheets, column_of, set_value
from tests.output.test_output import edit
from tests.reports import factory_reports, report_name

CLI = Callable[..., Result]


def times(path: Path) -> tuple[datetime, datetime]:
    """Return a report's core properties' created and modified times."""
    properties = Document(str(path)).core_properties
    assert properties.created is not None and properties.modified is not None
    return properties.created, properties.modified


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in factory_reports()}


def a_second_later() -> None:
    """Wait until the core properties' times (whole seconds) of a new build would differ."""
    time.sleep(1.1)


def one_result_changed(sheets: Sheets) -> Sheets:
    """The workbook with one Resultat of the statusår corrected: the progress shows it, the economy does not."""
    sheets["Fremdrift"][1][column_of(sheets, "Fremdrift", f"Resultat {STATUS_YEAR}")] = 9
    return sheets


def test_one_result_changed_rewrites_only_the_reports_that_show_it(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_plan(sheets)
    assert cli("build", inputs, "--out", out).exit_code == 0
    folder = out / "solbakken"
    before = contents(folder)
    first_times = {name: times(folder / name) for name in factory_reports()}
    a_second_later()
    write_plan(one_result_changed(sheets))
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0, result.output
    after = contents(folder)
    changed = [name for name in factory_reports() if after[name] != before[name]]
    assert report_name("fremdrift") in changed and report_name("oekonomi") not in changed
    documents = "dokument" if len(changed) == 1 else "dokumenter"
    assert lines_without_time(result.stdout) == [
        *(f"Skrev {folder / n}" if n in changed else f"Ingen ændringer i {folder / n}" for n in factory_reports()),
        "1 af 1 helhedsplan bygget.",  # the count is of the files whose bytes changed
        f"{len(changed)} {documents} skrevet på … sekunder; {len(factory_reports()) - len(changed)} uden ændringer.",
    ]
    for name in factory_reports():
        created, modified = times(folder / name)
        assert created == first_times[name][0], name  # the first build's
        if name in changed:
            assert modified > first_times[name][1], name  # when its content changed
        else:
            assert modified == first_times[name][1], name


def test_a_build_without_changes_writes_nothing_and_says_so(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan()
    assert cli("build", inputs, "--out", out).exit_code == 0
    folder = out / "solbakken"
    before = {name: (folder / name).stat().st_mtime_ns for name in factory_reports()}
    a_second_later()
    result = cli("build", inputs, "--out", out)
    assert {name: (folder / name).stat().st_mtime_ns for name in factory_reports()} == before
    assert lines_without_time(result.stdout) == [
        *(f"Ingen ændringer i {folder / name}" for name in factory_reports()),
        "1 af 1 helhedsplan bygget.",
        f"0 dokumenter skrevet på … sekunder; {len(factory_reports())} uden ændringer.",
    ]


def test_a_report_updated_in_place_keeps_its_created_time_and_gets_a_new_modified_time(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_plan(sheets)
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    report = out / "solbakken" / report_name("etaarsstatus")
    document = Document(str(report))
    document.add_paragraph("Skrevet i Word.")
    document.save(str(report))
    created, edited = times(report)
    a_second_later()
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    write_plan(sheets)
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert lines_without_time(result.stdout)[0].startswith(f"Opdaterede {report}: 1 felt ændret")
    assert times(report)[0] == created
    assert times(report)[1] > edited


def test_a_report_written_beside_an_edited_one_is_left_as_it_is_when_its_content_would_not_change(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan()
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    report = out / "solbakken" / report_name("etaarsstatus")
    edit(report)  # its controls gone: it cannot be updated, so the new report goes beside it
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    beside = report.with_name(report.stem + " (ny).docx")
    written = beside.read_bytes()
    result = cli("build", inputs, "--out", out, "--report", "etaarsstatus")
    assert beside.read_bytes() == written
    assert lines_without_time(result.stdout) == [
        f"Ingen ændringer i {beside} – {report.name} er redigeret og kunne ikke opdateres, fordi assemblers rammer "
        "om tallene er væk (fx gemt i et program, der fjerner dem); den er ikke rørt",
        "1 af 1 helhedsplan bygget.",
        "0 dokumenter skrevet på … sekunder; 1 uden ændringer.",
    ]
