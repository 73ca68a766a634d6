"""The watcher's log lines about counts: errors and the polling interval, each with its noun's right form."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembler.app.watchlog import describe_result, polling_interval
from assembler.errors import Location, Problem
from assembler.pipeline import PlanResult
from assembler.read.sources import PlanSource


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "med 1 sekunds mellemrum"), (0.5, "med 0,5 sekunders mellemrum"), (2, "med 2 sekunders mellemrum")],
)
def test_polling_interval_reads_well_for_one_and_many(seconds: float, text: str) -> None:
    assert polling_interval(seconds) == text


@pytest.mark.parametrize(("errors", "count"), [(1, "1 fejl"), (2, "2 fejl")])
def test_a_plan_not_built_counts_its_errors(errors: int, count: str) -> None:
    source = PlanSource("solbakken", Path("solbakken.xlsx"), (Path("solbakken.xlsx"),), Path())
    problems = [Problem(Location("solbakken.xlsx", "Budget", f"A{n}"), "forkert") for n in range(errors)]
    warning = Problem(Location("solbakken.xlsx", "Stamdata", "B10"), "tom", warning=True)
    line = describe_result(PlanResult(source, [*problems, warning]), Path("outputs/solbakken"))
    assert line.startswith(f"solbakken.xlsx: ikke bygget, {count} (se outputs/solbakken/FEJL.txt): ")
