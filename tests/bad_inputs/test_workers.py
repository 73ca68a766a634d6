"""Case 20: a template that never ends, and a worker the system kills; the other plans are built.

A template is code: the one here loops 10¹² times, but only for the plan named »Langsom«, so the
other plans of the same run show what still gets built. Every build of a plan runs in a worker
process that is stopped when one template runs past its bound (a short one here).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from assembler.batch import Died, TimedOut, Workers, describe_stopped
from assembler.danish import format_plain
from assembler.pipeline import TEMPLATE_SECONDS, find_plans, rebuild
from assembler.render.templates import default_template_dir
from tests.app.test_watch import Service
from tests.bad_inputs.corpus import snapshot
from tests.clitext import lines_without_time
from tests.factory import plan_sheets, set_value, write_workbook
from tests.reports import factory_reports

CLI = Callable[..., Result]
DOCUMENTS = tuple(factory_reports())  # the factory plan has no referat
SLOW_PLAN = "Langsom"
FOREVER = (
    f'{{% if plan.navn == "{SLOW_PLAN}" %}}{{% set r = range(10000) %}}'
    "{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}{% endif %}"
)
BOUND = "2"  # seconds: far above what a real template needs here, far below for ever
STOPPED = (
    "a-langsom.xlsx: skabelonen etaarsstatus.docx kan ikke bruges: den blev ikke færdig på 2 sekunder og er "
    "stoppet, så intet er skrevet for helhedsplanen. Oftest er det en løkke i skabelonen, der aldrig slutter: ret "
    "den i Word, og kontrollér den med assembler templates check (grænsen sættes med --template-timeout)"
)


@pytest.fixture
def forever(tmp_path: Path) -> Path:
    """A template folder whose etårsstatus loops for ever for the plan »Langsom« (and passes the check)."""
    folder = tmp_path / "skabeloner"
    folder.mkdir()
    template = Document(str(default_template_dir() / "etaarsstatus.docx"))
    template.add_paragraph(FOREVER)
    template.save(str(folder / "etaarsstatus.docx"))
    return folder


def write_plans(inputs: Path, *quick: str) -> None:
    """Write the slow plan a-langsom.xlsx and quick plans by name."""
    slow = plan_sheets()
    set_value(slow, "Stamdata", "Helhedsplan", SLOW_PLAN)
    write_workbook(inputs / "a-langsom.xlsx", slow)
    for name in quick:
        write_workbook(inputs / f"{name}.xlsx", plan_sheets())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_template_that_never_ends_is_stopped_and_the_other_plans_are_built(
    cli: CLI, inputs: Path, out: Path, forever: Path, jobs: str
) -> None:
    write_plans(inputs)
    assert cli("build", inputs, "--out", out).exit_code == 0  # an earlier build, with the default templates
    before = snapshot(out / "a-langsom")
    for name in ("b", "c", "d"):
        write_workbook(inputs / f"{name}.xlsx", plan_sheets())
    result = cli("build", inputs, "--out", out, "--templates", forever, "--template-timeout", BOUND, "--jobs", jobs)
    assert result.stderr.splitlines() == [STOPPED]
    assert lines_without_time(result.stdout) == [
        *[f"Skrev {out / plan / document}" for plan in ("b", "c", "d") for document in DOCUMENTS],
        "3 af 4 helhedsplaner bygget; 1 med fejl.",
        "9 dokumenter skrevet på … sekunder.",
    ]
    assert result.exit_code == 1
    assert snapshot(out / "a-langsom") == before  # nothing of the stopped plan was written


def test_the_bound_can_be_set_in_the_environment(
    cli: CLI, inputs: Path, out: Path, forever: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_plans(inputs)
    monkeypatch.setenv("ASSEMBLER_TEMPLATE_TIMEOUT", "1,5")
    result = cli("build", inputs, "--out", out, "--templates", forever)
    assert result.stderr == f"a-langsom.xlsx: {describe_stopped(TimedOut('etaarsstatus.docx', 1.5))}\n"
    assert "1,5 sekunder" in result.stderr
    assert result.exit_code == 1


def test_the_bound_must_be_a_number_of_at_least_one_second(cli: CLI, inputs: Path) -> None:
    result = cli("build", inputs, "--template-timeout", "0,5")
    assert result.exit_code == 2
    assert "Ugyldig værdi for '--template-timeout': skal være mindst 1, fandt 0,5" in result.stderr


@pytest.mark.parametrize("command", ["build", "watch"])
def test_the_help_gives_the_bound_the_pipeline_keeps(cli: CLI, command: str) -> None:
    help_text = " ".join(cli(command, "--help").stdout.split())
    assert f"(standard: {format_plain(TEMPLATE_SECONDS)}; også miljøvariablen ASSEMBLER_TEMPLATE_TIMEOUT)" in help_text


def test_a_worker_killed_twice_on_a_plan_gives_a_line_and_the_other_plans_are_built(
    inputs: Path, out: Path, forever: Path
) -> None:
    write_plans(inputs, "b", "c")
    command = [sys.executable, "-m", "assembler", "build", str(inputs), "--out", str(out), "--jobs", "2"]
    command += ["--templates", str(forever), "--template-timeout", "600"]  # the kill comes first
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: all((out / plan / DOCUMENTS[-1]).exists() for plan in ("b", "c")))
        killed: list[int] = []
        for _ in range(2):  # the slow plan's worker, then the one that tries it again
            killed.append(busy_child(build.pid, besides=killed))
            os.kill(killed[-1], signal.SIGKILL)
        stdout, stderr = build.communicate(timeout=60)
    finally:
        build.kill()
    assert stderr.splitlines() == [
        "a-langsom.xlsx: bygningen af helhedsplanen blev stoppet af systemet, måske for lidt hukommelse, også da "
        "den blev prøvet igen, så intet er skrevet. Luk andre programmer, eller byg færre helhedsplaner ad gangen "
        "(--jobs 1), og prøv igen"
    ]
    assert lines_without_time(stdout) == [
        *[f"Skrev {out / plan / document}" for plan in ("b", "c") for document in DOCUMENTS],
        "2 af 3 helhedsplaner bygget; 1 med fejl.",
        "6 dokumenter skrevet på … sekunder.",
    ]
    assert build.returncode == 1
    assert not (out / "a-langsom").exists()


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    """Wait until a condition holds (fail after `seconds`)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited in vain"
        time.sleep(0.05)


def busy_child(parent: int, besides: list[int]) -> int:
    """Return a child process of `parent` that keeps running (a worker in a loop), other than those `besides`."""
    seen: dict[int, int] = {}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        running = {pid for pid, state in children(parent) if state == "R" and pid not in besides}
        seen = {pid: seen.get(pid, 0) + 1 for pid in running}
        for pid, times in seen.items():
            if times >= 5:  # running in five looks in a row: busy, not a worker finishing a plan
                return pid
        time.sleep(0.1)
    pytest.fail(f"no busy child of {parent}")


def children(parent: int) -> Iterator[tuple[int, str]]:
    """Yield the child processes of a process, with their states ('R' running, 'S' sleeping …), from /proc."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            except OSError:  # ended meanwhile
                continue
            if int(ppid) == parent:
                yield int(entry.name), state


def test_under_watch_the_plan_with_the_endless_template_fails_with_a_line_and_the_others_go_on(
    inputs: Path, out: Path, forever: Path, tmp_path: Path
) -> None:
    log = tmp_path / "watch.log"
    command = [sys.executable, "-m", "assembler", "watch", str(inputs), "--out", str(out), "--log", str(log)]
    command += ["--quiet-period", "0.3", "--poll-interval", "0.1", "--templates", str(forever)]
    command += ["--template-timeout", BOUND]
    with (tmp_path / "watch.stderr").open("wb") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    service = Service(process, log, tmp_path / "watch.stderr")
    try:
        service.wait_for("Overvåger")
        write_plans(inputs, "b")
        (stopped,) = service.wait_for("a-langsom.xlsx:")
        service.wait_for("b.xlsx: skrev")
        write_workbook(inputs / "c.xlsx", plan_sheets())  # after a stopped build, the next plans are built still
        service.wait_for("c.xlsx: skrev")
        assert service.process.poll() is None
    finally:
        service.stop()
    problem_file = out / "a-langsom" / "FEJL.txt"
    assert stopped == f"a-langsom.xlsx: ikke bygget, 1 fejl (se {problem_file}): {STOPPED}"
    assert STOPPED in problem_file.read_text("utf-8")
    assert sorted(p.name for p in (out / "a-langsom").iterdir()) == [".assembler.lock", "FEJL.txt"]


def test_a_fresh_process_worker_as_on_windows_stops_the_endless_template_and_builds_the_next_plan(
    inputs: Path, out: Path, forever: Path
) -> None:
    # Windows and macOS cannot fork: their workers are fresh processes that import assembler themselves.
    write_plans(inputs, "b")
    slow, quick = find_plans(inputs, out)
    with Workers(1, 2, context=multiprocessing.get_context("spawn")) as workers:
        assert rebuild(slow, out, forever, workers).problems[0].message == describe_stopped(
            TimedOut("etaarsstatus.docx", 2)
        )
        assert rebuild(quick, out, forever, workers).ok
    assert sorted(p.name for p in (out / "b").iterdir() if p.suffix == ".docx") == sorted(DOCUMENTS)


def test_died_and_timed_out_plans_say_so_in_danish() -> None:
    assert describe_stopped(TimedOut("referat.docx", 1)).startswith(
        "skabelonen referat.docx kan ikke bruges: den blev ikke færdig på 1 sekund og er stoppet"
    )
    assert "stoppet af systemet, måske for lidt hukommelse" in describe_stopped(Died())
