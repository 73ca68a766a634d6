"""Bytes kept for the next update of a report (e.g. the last document assembler wrote), by their SHA-256.

A hidden folder beside the state file holds one file per content, named by its hash and written
atomically. The state refers to them; what it no longer refers to is removed (`keep_only`).
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from assembler.output.atomic import remove_temporary_files, write_atomically
from assembler.output.reports import sha256_of

STORE_NAME = ".assembler-copies"
_HASH = re.compile(r"[0-9a-f]{64}")


def is_digest(value: object) -> TypeGuard[str]:
    """True for a hex SHA-256, the name of stored bytes."""
    return isinstance(value, str) and _HASH.fullmatch(value) is not None


@dataclass(frozen=True)
class Store:
    """The folder of kept bytes beside an output folder's state."""

    folder: Path

    @classmethod
    def of(cls, output_folder: Path) -> Store:
        """Return the store of an output folder (its folder is made when bytes are first kept)."""
        return cls(output_folder / STORE_NAME)

    def put(self, data: bytes) -> str:
        """Keep bytes (once: the same bytes are the same file) and return their SHA-256."""
        digest = sha256_of(data)
        path = self.folder / digest
        if not path.is_file():
            self.folder.mkdir(exist_ok=True)
            write_atomically(path, data)
        return digest

    def get(self, digest: str) -> bytes | None:
        """Return the bytes kept under a SHA-256, or None when they are gone or not what was kept."""
        if not is_digest(digest):
            return None
        try:
            data = (self.folder / digest).read_bytes()
        except OSError:
            return None
        return data if sha256_of(data) == digest else None

    def keep_only(self, digests: set[str]) -> None:
        """Remove the kept bytes not among `digests` (and what a build that died left half-written)."""
        if not self.folder.is_dir():
            return
        remove_temporary_files(self.folder)
        with suppress(OSError):
            for path in self.folder.iterdir():
                if is_digest(path.name) and path.name not in digests:
                    with suppress(OSError):
                        path.unlink()
