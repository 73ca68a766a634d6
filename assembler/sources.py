"""Finding the plans in an inputs folder: a workbook each, or a folder of workbooks each."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Location, Problem
from .workbook import Sheet, read_workbook

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
# Spreadsheets assembler cannot read but recognises, so their owner gets a message, not silence.
OTHER_SPREADSHEET_SUFFIXES = {".xls", ".xlsb", ".ods", ".csv", ".numbers"}


@dataclass(frozen=True)
class PlanSource:
    """A plan's input: one workbook, or a folder whose workbooks together hold the sheets."""

    name: str
    path: Path
    files: tuple[Path, ...]
    root: Path

    def display(self, path: Path) -> str:
        """Return a path as shown to staff: relative to the inputs folder."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    @property
    def location(self) -> Location:
        """The plan's own location (its workbook or folder)."""
        return Location(self.display(self.path))

    def inputs_hash(self) -> str:
        """Return a hash of the names and bytes of every input file, to tell when they change."""
        digest = hashlib.sha256()
        for file in self.files:
            digest.update(self.display(file).encode("utf-8") + b"\0")
            digest.update(file.read_bytes())
        return digest.hexdigest()


def is_candidate(path: Path) -> bool:
    """True for a file that may be a workbook, not an Office lock file or a hidden temporary."""
    name = path.name
    if name.startswith(("~$", ".~lock.", ".")) or name.endswith(("~", ".tmp")):
        return False
    return path.suffix.lower() in WORKBOOK_SUFFIXES | OTHER_SPREADSHEET_SUFFIXES


def by_name(path: Path) -> tuple[str, str]:
    """Sort key: by name ignoring case, names equal but for case in a fixed order (which one gets a suffix)."""
    return path.name.casefold(), path.name


def discover_plans(inputs: Path) -> list[PlanSource]:
    """Return the plans in a folder (sorted by name), or the single plan a file path names."""
    if inputs.is_file():
        return [PlanSource(inputs.stem, inputs, (inputs,), inputs.parent)]
    plans = []
    for entry in sorted(inputs.iterdir(), key=by_name):
        if entry.is_dir() and not entry.name.startswith((".", "_")):
            files = tuple(sorted((f for f in entry.iterdir() if f.is_file() and is_candidate(f)), key=by_name))
            plans.append(PlanSource(entry.name, entry, files, inputs))
        elif entry.is_file() and is_candidate(entry):
            plans.append(PlanSource(entry.stem, entry, (entry,), inputs))
    return plans


def read_plan_sheets(source: PlanSource) -> list[Sheet]:
    """Read every sheet of a plan's workbooks; raise InputError with every file's problems."""
    if not source.files:
        raise InputError([Problem(source.location, "mappen indeholder ingen Excel-projektmapper (.xlsx)")])
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    for file in source.files:
        try:
            sheets.extend(read_workbook(file, source.display(file)))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    return sheets
