"""The user cache folder: entries are whole or absent, also while other processes write the same key."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import assembler
from assembler.render.diskcache import CACHE_ENV, _code_and_data_files, cache_key, load, store

PAYLOADS = [bytes([n]) * 200_000 for n in range(1, 4)]


def write_often(folder: str, key: str) -> None:
    os.environ[CACHE_ENV] = folder
    for round_ in range(30):
        store(key, PAYLOADS[round_ % len(PAYLOADS)])


def test_concurrent_writers_never_leave_half_an_entry(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    key = cache_key("test", b"same input")
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=write_often, args=(str(tmp_path), key)) for _ in range(2)]
    for writer in writers:
        writer.start()
    while any(writer.is_alive() for writer in writers):
        payload = load(key)
        assert payload is None or payload in PAYLOADS
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert load(key) in PAYLOADS
    assert not [p for p in tmp_path.rglob(".*.tmp")]  # no temporary file left behind


def test_an_entry_under_another_key_or_cut_short_is_not_used(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first, second = cache_key("test", b"a"), cache_key("test", b"b")
    store(first, b"result for a")
    entry = tmp_path / first[:2] / first
    (tmp_path / second[:2]).mkdir(exist_ok=True)
    (tmp_path / second[:2] / second).write_bytes(entry.read_bytes())  # copied under the wrong name
    assert load(first) == b"result for a" and load(second) is None
    entry.write_bytes(entry.read_bytes()[:-3])
    assert load(first) is None
    monkeypatch.setenv(CACHE_ENV, "off")
    store(first, b"x")
    assert load(first) is None


def test_code_fingerprint_covers_every_code_and_data_file_as_a_walk_of_the_whole_package_finds_them() -> None:
    root = Path(assembler.__file__).parent
    everything = [p for p in sorted(root.rglob("*")) if p.suffix in (".py", ".toml") and "__pycache__" not in p.parts]
    assert sorted(_code_and_data_files(root)) == everything
