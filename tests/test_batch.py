"""`assembler build --jobs`: plans built in parallel processes, reported in the plans' order, with a summary."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import pty
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from assembler import pipeline
from assembler.batch import Step, TimedOut, Workers, WorkerTraceback, map_in_order
from assembler.errors import InputError, Location, Problem
from tests.clitext import lines_without_time
from tests.factory import Sheets, plan_sheets, set_value, write_workbook
from tests.reports import factory_reports, report_name

CLI = Callable[..., Result]


def large_plan() -> Sheets:
    """Return the factory plan with many more succeskriterier, so it takes longest to build."""
    sheets = plan_sheets()
    first, *rest = sheets["Fremdrift"][1:]
    extra = [[*first[:2], f"Aktivitet {n}", *first[3:]] for n in range(300)]
    sheets["Fremdrift"] = [sheets["Fremdrift"][0], first, *rest, *extra]
    return sheets


def write_mixed_plans(inputs: Path) -> None:
    """Write a slow plan first, then a broken one, then two quick ones."""
    write_workbook(inputs / "a-stor.xlsx", large_plan())
    broken = plan_sheets()
    set_value(broken, "Stamdata", "Statusår", "sidste år")
    write_workbook(inputs / "b-daarlig.xlsx", broken)
    write_workbook(inputs / "c-lille.xlsx", plan_sheets())
    write_workbook(inputs / "d-lille.xlsx", plan_sheets())


def test_jobs_report_in_the_same_order_as_one_job(cli: CLI, inputs: Path, tmp_path: Path) -> None:
    write_mixed_plans(inputs)
    one = cli("build", inputs, "--out", tmp_path / "en", "--jobs", "1")
    three = cli("build", inputs, "--out", tmp_path / "tre", "--jobs", "3")
    built = ("a-stor", "c-lille", "d-lille")
    expected = [
        *[f"Skrev {tmp_path / 'tre' / plan / doc}" for plan in built for doc in factory_reports()],
        "3 af 4 helhedsplaner bygget; 1 med fejl.",
        f"{len(built) * len(factory_reports())} dokumenter skrevet på … sekunder.",
    ]
    assert lines_without_time(three.stdout) == expected
    assert lines_without_time(one.stdout) == [
        line.replace(str(tmp_path / "tre"), str(tmp_path / "en")) for line in expected
    ]
    assert (
        three.stderr
        == one.stderr
        == "b-daarlig.xlsx › Stamdata!B9: forventede et årstal (fx 2019), fandt 'sidste år'\n"
    )
    assert one.exit_code == three.exit_code == 1


def test_jobs_must_be_at_least_one(cli: CLI, inputs: Path) -> None:
    result = cli("build", inputs, "--jobs", "0")
    assert result.exit_code == 2
    assert "Ugyldig værdi for '--jobs' / '-j': skal være mindst 1, fandt 0" in result.stderr


def test_many_plans_without_a_terminal_print_plain_lines(cli: CLI, inputs: Path, out: Path) -> None:
    for name in ("a", "b", "c", "d"):
        write_workbook(inputs / f"{name}.xlsx", plan_sheets())
    result = cli("build", inputs, "--out", out, "--report", "fremdrift", "--jobs", "2")
    assert lines_without_time(result.stdout) == [
        *[f"Skrev {out / name / report_name('fremdrift')}" for name in ("a", "b", "c", "d")],
        "4 af 4 helhedsplaner bygget.",
        "4 dokumenter skrevet på … sekunder.",
    ]


def test_many_plans_on_a_terminal_show_a_progress_bar(inputs: Path, out: Path) -> None:
    for name in ("a", "b", "c", "d"):
        write_workbook(inputs / f"{name}.xlsx", plan_sheets())
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "assembler", "build", str(inputs), "--out", str(out), "--report", "fremdrift"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "200"},
    )
    os.close(terminal)
    screen = read_until_closed(controller)
    assert process.wait(timeout=60) == 0
    assert "Bygger" in screen
    assert "4/4" in screen
    # What a person sees: escape sequences move the cursor and colour the bar; drop them.
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", screen).replace("\r", "\n")
    printed = [line.strip() for line in text.splitlines() if line.strip()]
    for name in ("a", "b", "c", "d"):
        assert f"Skrev {out / name / report_name('fremdrift')}" in printed
    assert lines_without_time("\n".join(printed[-2:])) == [
        "4 af 4 helhedsplaner bygget.",
        "4 dokumenter skrevet på … sekunder.",
    ]


def read_until_closed(controller: int) -> str:
    """Read everything a process writes to its terminal until it closes it."""
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the process has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_input_error_survives_the_trip_from_a_worker_process() -> None:
    problem = Problem(Location("a.xlsx", "Budget", cell="D7"), "forventede et beløb, fandt 'ca. 200'")
    assert pickle.loads(pickle.dumps(InputError([problem]))).problems == [problem]


def test_workers_import_nothing_the_parent_had_not_imported(inputs: Path, out: Path, monkeypatch: Any) -> None:
    # What a worker would import for its first plan is imported once before the fork, and inherited.
    for name in ("a", "b"):
        write_workbook(inputs / f"{name}.xlsx", plan_sheets())
    real_build_plan = pipeline.build_plan

    def build_plan_noting_imports(*args: Any, **options: Any) -> pipeline.PlanResult:
        before = set(sys.modules)
        result = real_build_plan(*args, **options)
        imported = [name for name in set(sys.modules) - before if not name.startswith("encodings.")]  # a codec: cheap
        result.problems.append(Problem(Location("imports"), " ".join(sorted(imported))))
        return result

    monkeypatch.setattr(pipeline, "build_plan", build_plan_noting_imports)
    results = list(pipeline.build(inputs, out, jobs=2))
    assert [r.problems[-1].message for r in results] == ["", ""]
    assert all((out / name / report_name("etaarsstatus")).is_file() for name in ("a", "b"))


def test_workers_start_with_the_parents_objects_frozen_and_the_parent_gets_them_back() -> None:
    assert gc.get_freeze_count() == 0
    counts = list(map_in_order(_frozen_count, [1, 2], jobs=2, seconds=30))
    assert all(count > 1000 for count in counts)  # the libraries' objects, never visited by a worker's collections
    assert gc.get_freeze_count() == 0


def _frozen_count(item: int, step: Step) -> int:
    return gc.get_freeze_count()


def test_a_callers_own_freeze_is_left_as_it_was() -> None:
    gc.freeze()
    try:
        list(map_in_order(_frozen_count, [1, 2], jobs=2, seconds=30))
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def _pid(item: int, step: Step) -> int:
    return os.getpid()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_one_worker_serves_every_item_and_every_batch_until_closed(method: str) -> None:
    with Workers(1, 30, context=multiprocessing.get_context(method)) as workers:
        pids = [*workers.map(_pid, [1, 2, 3]), *workers.map(_pid, [4])]
    assert len(set(pids)) == 1
    assert pids[0] != os.getpid()
    assert multiprocessing.active_children() == []


def _fail_on_two(item: int, step: Step) -> int:
    if item == 2:
        raise ValueError("to er forkert")
    return item


def test_an_exception_in_a_worker_is_raised_in_its_turn_with_the_workers_traceback() -> None:
    results = map_in_order(_fail_on_two, [1, 2, 3], jobs=2, seconds=30)
    assert next(results) == 1
    with pytest.raises(ValueError, match="to er forkert") as raised:
        next(results)
    assert isinstance(raised.value.__cause__, WorkerTraceback)
    assert "in _fail_on_two" in str(raised.value.__cause__)
    results.close()
    assert multiprocessing.active_children() == []


def _step_for_ever(item: int, step: Step) -> int:
    step(f"skridt {item}")
    while item:
        pass
    step(None)
    return item


def test_a_step_past_the_bound_gives_timed_out_and_the_worker_is_replaced() -> None:
    assert list(map_in_order(_step_for_ever, [1, 0, 0], jobs=1, seconds=1)) == [TimedOut("skridt 1", 1), 0, 0]
    assert multiprocessing.active_children() == []


def test_a_worker_ends_when_its_supervisor_is_killed_even_in_the_middle_of_a_step() -> None:
    read, write = os.pipe()
    supervisor = os.fork()
    if supervisor == 0:  # the child: never returns to pytest
        try:
            map_in_order(_step_for_ever, [1], jobs=1, seconds=600)  # the worker starts at once
            os.write(write, str(multiprocessing.active_children()[0].pid).encode())
            time.sleep(600)
        finally:
            os._exit(0)
    worker = int(os.read(read, 100))
    os.kill(supervisor, signal.SIGKILL)
    os.waitpid(supervisor, 0)
    deadline = time.monotonic() + 30
    while is_running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    if is_running(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived its supervisor")


def is_running(pid: int) -> bool:
    """True while a process exists and has not ended (a zombie has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def test_a_worker_killed_while_idle_is_replaced_when_work_comes() -> None:
    with Workers(1, 30) as workers:
        (first,) = workers.map(_pid, [1])
        os.kill(first, signal.SIGKILL)
        while is_running(first):
            time.sleep(0.01)
        (second,) = workers.map(_pid, [2])
    assert second != first


@pytest.mark.parametrize(
    ("seconds", "text"), [(1, "på 1 sekund og"), (1.5, "på 1,5 sekunder og"), (30, "på 30 sekunder og")]
)
def test_a_stopped_template_says_its_limit_with_the_right_noun(seconds: float, text: str) -> None:
    from assembler.batch.stopped import describe_stopped

    assert text in describe_stopped(TimedOut("etaarsstatus.docx", seconds))
