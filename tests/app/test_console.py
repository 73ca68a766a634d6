"""What the command line prints about counts: each number with its noun in the form the number takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembler.app.console import documents_written, summarize
from assembler.errors import Location, Problem
from assembler.output.reports import Written
from assembler.pipeline import PlanResult
from assembler.read.sources import PlanSource


def result(written: int = 0, ok: bool = True) -> PlanResult:
    source = PlanSource("solbakken", Path("solbakken.xlsx"), (Path("solbakken.xlsx"),), Path())
    problems = [] if ok else [Problem(Location("solbakken.xlsx"), "fejl")]
    return PlanResult(source, problems, [Written(Path(f"{n}.docx")) for n in range(written)])


@pytest.mark.parametrize(
    ("results", "line"),
    [
        ([result(ok=False)], "0 af 1 helhedsplan bygget; 1 med fejl."),
        ([result()], "1 af 1 helhedsplan bygget."),
        ([result(), result(ok=False)], "1 af 2 helhedsplaner bygget; 1 med fejl."),
        ([result()] * 1200, "1.200 af 1.200 helhedsplaner bygget."),
    ],
)
def test_the_summary_counts_plans_with_the_noun_the_number_takes(
    capsys: pytest.CaptureFixture[str], results: list[PlanResult], line: str
) -> None:
    summarize(results, "bygget")
    assert capsys.readouterr().out == line + "\n"


@pytest.mark.parametrize(
    ("written", "seconds", "line"),
    [
        (0, 0.04, "0 dokumenter skrevet på 0 sekunder."),
        (1, 1.04, "1 dokument skrevet på 1 sekund."),
        (4, 0.62, "4 dokumenter skrevet på 0,6 sekunder."),
        (1000, 12.3, "1.000 dokumenter skrevet på 12,3 sekunder."),
    ],
)
def test_the_documents_line_counts_documents_and_seconds(written: int, seconds: float, line: str) -> None:
    assert documents_written([result(written)], seconds) == line
