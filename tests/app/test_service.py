"""The watcher as a service, in-process: one per inputs folder, a log of one line per event, stopping on signals."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from assembler.app.service import AlreadyWatched, hold_lock, stop_on_signals, watch_log
from assembler.errors import AssemblerError


def test_service_lock_is_held_by_one_watcher_at_a_time(inputs: Path) -> None:
    lock = hold_lock(inputs)
    try:
        with pytest.raises(AlreadyWatched) as caught:
            hold_lock(inputs)
        assert str(caught.value) == (
            f"{inputs} overvåges allerede af en anden assembler watch (låsefilen {inputs / '.assembler-watch.lock'} "
            "er i brug). Stop den anden først; der må kun være én pr. mappe."
        )
    finally:
        lock.release()
    hold_lock(inputs).release()  # free again once the first let go


def test_service_lock_that_cannot_be_made_is_an_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "plan.xlsx"
    not_a_folder.write_bytes(b"")
    with pytest.raises(AssemblerError) as caught:
        hold_lock(not_a_folder)
    assert str(caught.value).startswith(f"kan ikke oprette låsefilen {not_a_folder / '.assembler-watch.lock'}: ")


def test_service_log_appends_one_printable_line_per_event(tmp_path: Path) -> None:
    log_file = tmp_path / "watch.log"
    log_file.write_text("før\n", "utf-8")
    log = watch_log(log_file)
    try:
        log.info("plan\nmed\x0bstyretegn %s", "x")
    finally:
        for handler in log.handlers:
            handler.close()
    lines = log_file.read_text("utf-8").splitlines()
    assert lines[0] == "før" and len(lines) == 2
    assert lines[1].endswith(" plan\\x0amed\\x0bstyretegn x")


def test_service_log_file_that_cannot_be_written_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AssemblerError) as caught:
        watch_log(tmp_path / "væk" / "watch.log")
    assert str(caught.value).startswith(f"kan ikke skrive loggen {tmp_path / 'væk' / 'watch.log'}: ")


def test_service_signals_set_stop_and_are_restored_after() -> None:
    stop = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    with stop_on_signals(stop):
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.wait(5)
    assert signal.getsignal(signal.SIGTERM) is before
