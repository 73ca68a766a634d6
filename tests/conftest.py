"""Shared fixtures: a CLI runner, a plan written by the factory, the shipped example."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from assembler.app.cli import main
from assembler.render.diskcache import CACHE_ENV
from tests.factory import Sheets, plan_sheets, write_workbook

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "inputs" / "engparken.xlsx"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests (and the processes they start) keep template checks in a folder of their own."""
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "outputs"


@pytest.fixture
def sheets() -> Sheets:
    return plan_sheets()


@pytest.fixture
def write_plan(inputs: Path) -> Callable[..., Path]:
    """Write a plan workbook into the inputs folder (the factory's plan unless sheets are given)."""

    def write(sheets: Sheets | None = None, name: str = "solbakken.xlsx") -> Path:
        return write_workbook(inputs / name, sheets if sheets is not None else plan_sheets())

    return write


@pytest.fixture
def example_inputs(inputs: Path) -> Path:
    shutil.copy(EXAMPLE, inputs / EXAMPLE.name)
    return inputs


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the command line in-process; an exception escaping it fails the test."""

    def run(*args: str | Path) -> Result:
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        return result

    return run
