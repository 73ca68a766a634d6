"""Tidligere versioner/: a copy of a report as a person left it, kept before assembler writes over it.

Only the newest copies of each report are kept, and only in the plan's own folder: when
`Tidligere versioner` is a link to a folder elsewhere (a shared archive), copies go there but none
is ever removed, since another plan's copies of a report with the same name may lie there too.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from assembler.boundary import describe_write_error, printable
from assembler.errors import OutputError
from assembler.output.atomic import write_atomically

VERSIONS_FOLDER = "Tidligere versioner"
VERSIONS_KEPT = 10
_STAMP = re.compile(r"\((\d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d)(?: (\d+))?\)[^(]*$")


def keep_version(folder: Path, name: str, data: bytes) -> Path:
    """Copy a report's bytes to 'Tidligere versioner/' with a time stamp; in the plan's own folder keep the last ten."""
    versions = folder / VERSIONS_FOLDER
    stem, suffix = os.path.splitext(name)
    stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
    try:
        versions.mkdir(exist_ok=True)
        # Numbered after the highest kept from the same second: a lower free number would sort first.
        same = [_version_order(p)[1] for p in versions.glob(f"{_glob_escape(stem)} ({stamp}*){suffix}")]
        number = max(same, default=0) + 1
        target = versions / (f"{stem} ({stamp}){suffix}" if number == 1 else f"{stem} ({stamp} {number}){suffix}")
        write_atomically(target, data)
        if versions_elsewhere(folder) is None:
            # Only assembler's own stamped copies: a person's "… (min udgave).docx" there is theirs.
            stamp_pattern = r" \(\d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d(?: \d+)?\)"
            stamped = re.compile(re.escape(stem) + stamp_pattern + re.escape(suffix))
            ours = [p for p in versions.glob(f"{_glob_escape(stem)} (*){suffix}") if stamped.fullmatch(p.name)]
            for old in sorted(ours, key=_version_order)[:-VERSIONS_KEPT]:
                if old.is_file() and not old.is_symlink():
                    old.unlink()
    except OSError as err:
        raise OutputError(describe_write_error(versions / name, err)) from err
    return target


def versions_elsewhere(folder: Path) -> str | None:
    """Say, in Danish, that 'Tidligere versioner' lies outside the plan's folder (so it is not pruned); None if not."""
    versions = folder / VERSIONS_FOLDER
    try:
        inside = versions.resolve(strict=True) == folder.resolve(strict=True) / VERSIONS_FOLDER
        own = inside and not versions.is_symlink()
    except OSError:
        own = False
    if own:
        return None
    return (
        f"{VERSIONS_FOLDER} peger på en mappe uden for helhedsplanens mappe ({printable(str(versions.resolve()))}); "
        "assembler lægger kopier dér, men sletter aldrig gamle kopier dér"
    )


def _version_order(path: Path) -> tuple[str, int]:
    """Return a kept version's time stamp and number, for sorting (the name alone sorts 10 before 2)."""
    found = _STAMP.search(path.name)
    return (found.group(1), int(found.group(2) or 1)) if found else ("", 0)


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
