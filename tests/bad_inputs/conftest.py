"""The corpus's promise, checked the same way for every case: exact lines, exit code, nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from assembler.living.state import Identity
from assembler.living.write import RenderedReport, write_living_reports
from tests.bad_inputs.corpus import snapshot
from tests.reports import report_name

REPORT = report_name("etaarsstatus")
PREVIOUS = b"rapporten fra sidste koersel"
Refused = Callable[..., Result]


@pytest.fixture
def previous_build(out: Path) -> Path:
    """Leave a report and the state from an earlier run in outputs/solbakken, as a real folder has."""
    folder = out / "solbakken"
    write_living_reports(folder, {Identity("etaarsstatus", 2018): RenderedReport(REPORT, PREVIOUS)}, "forrige")
    return folder


@pytest.fixture
def refused(cli: Callable[..., Result], inputs: Path, out: Path, previous_build: Path) -> Refused:
    """Run `assembler build` on inputs that must be refused: exit 1, exactly these lines, no file changed."""

    def run(*expected: str, command: str = "build") -> Result:
        before = snapshot(inputs, out)
        result = cli(command, inputs, "--out", out) if command == "build" else cli(command, inputs)
        assert "Traceback" not in result.output
        assert result.stderr.splitlines() == list(expected)
        assert result.exit_code == 1
        assert snapshot(inputs, out) == before
        return result

    return run


@pytest.fixture
def built(cli: Callable[..., Result], inputs: Path, out: Path) -> Callable[..., Result]:
    """Run `assembler build` on inputs that must be built: exit 0, these warnings (if any) on stderr."""

    def run(*warnings: str) -> Result:
        before = snapshot(inputs)
        result = cli("build", inputs, "--out", out)
        assert "Traceback" not in result.output
        assert result.stderr.splitlines() == list(warnings)
        assert result.exit_code == 0, result.output
        assert snapshot(inputs) == before
        return result

    return run
