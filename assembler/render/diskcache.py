"""Results worth keeping between processes, in the user's cache folder, keyed by content.

Only data is kept, never anything that runs: a template's check and its trial on the sample plans
(their issues, as JSON), which a process building one plan would otherwise make again. A key is
the SHA-256 of everything the result depends on: the input's bytes and assembler's own code and
data (so a new version never trusts an old result). Each entry holds the SHA-256 of its payload
and is read only when both match; entries are written to a temporary file and renamed into place,
so concurrent runs never see half an entry; an entry that is not a regular file (a named pipe, a folder) is passed over
without being opened for reading. A cache that cannot be read or written is simply not used: it
only saves time, it never decides anything.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path

import assembler

CACHE_ENV = "ASSEMBLER_CACHE_DIR"  # a folder to use instead of the user's cache folder; "off" turns it off
_MAGIC = b"assembler-cache 1\n"


def cache_folder() -> Path | None:
    """Return the folder for cached results: $ASSEMBLER_CACHE_DIR, $XDG_CACHE_HOME/assembler or ~/.cache/assembler."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "assembler"


@cache
def code_fingerprint() -> str:
    """Return the SHA-256 of assembler's own code and data files (a result depends on all of them)."""
    root = Path(assembler.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(_code_and_data_files(root)):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _code_and_data_files(root: Path) -> list[Path]:
    """Return the .py and .toml files under root, never looking into __pycache__ (most of the files)."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found += [Path(folder, name) for name in names if name.endswith((".py", ".toml"))]
    return found


def cache_key(kind: str, *parts: bytes) -> str:
    """Return the key of a result of a kind computed from the parts (and assembler's code)."""
    digest = hashlib.sha256(f"{kind}\0{code_fingerprint()}\0".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def load(key: str) -> bytes | None:
    """Return the payload stored under a key, or None when there is none or it is not intact."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        data = _regular_file_bytes(folder / key[:2] / key)
    except OSError:
        return None
    if data is None:
        return None
    header, _, payload = data.partition(b"\n\n")
    if header + b"\n" != _MAGIC + key.encode() + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n":
        return None
    return payload


def _regular_file_bytes(path: Path) -> bytes | None:
    """Return a regular file's bytes, or None for anything else, without waiting on it (a named pipe would block)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None
        return file.read()


def store(key: str, payload: bytes) -> None:
    """Store a payload under a key (atomically); a cache that cannot be written is left alone."""
    folder = cache_folder()
    if folder is None:
        return
    header = _MAGIC + key.encode() + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    with suppress(OSError):
        target = folder / key[:2]
        target.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(header + b"\n" + payload)
            os.replace(temporary, target / key)
        except OSError:
            with suppress(OSError):
                os.unlink(temporary)
            raise
