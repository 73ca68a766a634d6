"""Finding the plans in an inputs folder: a workbook each, or a folder of workbooks each."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from assembler.boundary import describe_folder_error, name_bytes
from assembler.errors import InputError, Location, Problem
from assembler.read.sheet import Sheet
from assembler.read.workbook import read_workbook

# Template-type workbooks (.xltx, .xltm) hold the same parts as a workbook and are read as one.
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
# Spreadsheets assembler cannot read but recognises, so their owner gets a message, not silence.
OTHER_SPREADSHEET_SUFFIXES = {".xls", ".xlsb", ".ods", ".csv", ".numbers"}
NOT_A_FILE = "det er ikke en almindelig fil, men fx en navngiven pipe eller en enhed; læg selve projektmappen i mappen"
# living/state.py's state file, and release a749f21's manifest: a folder holding one is reports, not a plan.
STATE_FILES = (".assembler-state.json", ".assembler-manifest.json")


@dataclass(frozen=True)
class PlanSource:
    """A plan's input: one workbook, or a folder whose workbooks together hold the sheets."""

    name: str
    path: Path
    files: tuple[Path, ...]
    root: Path
    # What could not be read while finding the plan (an unreadable folder, a dangling link).
    unreadable: tuple[Problem, ...] = ()

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
        for problem in self.unreadable:
            digest.update(str(problem).encode("utf-8") + b"\0")
        for file in self.files:
            digest.update(name_bytes(self.display(file)) + b"\0")
            if os.path.exists(file) and not file.is_file():
                continue  # a named pipe: reading it would wait for ever, and reading the plan says why
            try:
                digest.update(file.read_bytes())
            except OSError as err:  # reading the workbook will say why; the hash only has to differ
                digest.update(f"\0unreadable {err.errno}\0".encode())
        return digest.hexdigest()


def is_candidate(path: Path) -> bool:
    """True for a file that may be a workbook, not an Office lock file or a hidden temporary."""
    name = path.name
    if name.startswith(("~$", ".~lock.", ".")) or name.endswith(("~", ".tmp")):
        return False
    # Windows drops trailing spaces and dots from a name; a copy from elsewhere may keep them.
    return Path(name.rstrip(" .")).suffix.lower() in WORKBOOK_SUFFIXES | OTHER_SPREADSHEET_SUFFIXES


def plan_name(path: Path) -> str:
    """Return the plan name a workbook's file name gives (its name without the extension)."""
    return Path(path.name.rstrip(" .")).stem


def is_dangling(path: Path) -> bool:
    """True for a symbolic link whose target does not exist."""
    return path.is_symlink() and not path.exists()


def is_workbook_entry(path: Path) -> bool:
    """True for a file that may be a workbook, or a dangling link that may have pointed at one (it is named).

    A named pipe or device called `plan.xlsx` counts too, so its owner hears why it is not read.
    """
    if is_dangling(path):
        return is_candidate(path) or not path.suffix
    return not path.is_dir() and is_candidate(path)


def by_name(path: Path) -> tuple[str, str]:
    """Sort key: by name ignoring case, names equal but for case in a fixed order (which one gets a suffix)."""
    return path.name.casefold(), path.name


def discover_plans(inputs: Path, exclude: Path | None = None) -> list[PlanSource]:
    """Return the plans in a folder (sorted by name), or the single plan a file path names.

    `exclude` is the output folder: when it lies inside the inputs folder it is not a plan.
    """
    if inputs.is_file():
        return [PlanSource(plan_name(inputs), inputs, (inputs,), inputs.parent)]
    try:
        entries = sorted(inputs.iterdir(), key=by_name)
    except OSError as err:
        raise InputError([Problem(Location(inputs.as_posix()), describe_folder_error(err))]) from err
    skipped = os.path.realpath(exclude) if exclude is not None else None
    plans = []
    for entry in entries:
        # realpath, not Path.resolve: it does not raise on a symlink loop (which is then named below).
        if entry.name.startswith((".", "_")) or (skipped is not None and os.path.realpath(entry) == skipped):
            continue
        if entry.is_dir():
            plans.append(folder_plan(entry, inputs))
        elif is_workbook_entry(entry):
            plans.append(PlanSource(plan_name(entry), entry, (entry,), inputs))
    return plans


def folder_plan(folder: Path, inputs: Path) -> PlanSource:
    """Return a plan folder's workbooks; a folder or link that cannot be read is noted, not raised."""
    try:
        entries = list(folder.iterdir())
    except OSError as err:
        problem = Problem(Location(folder.name), describe_folder_error(err))
        return PlanSource(folder.name, folder, (), inputs, (problem,))
    files = [f for f in entries if is_workbook_entry(f)]
    return PlanSource(folder.name, folder, tuple(sorted(files, key=by_name)), inputs)


def describe_empty_folder(source: PlanSource) -> str:
    """Say why a plan folder holds no workbook, naming an output folder of assembler's for what it is."""
    try:
        folders = (source.path, *source.path.iterdir())
        is_reports = any(os.path.exists(p / name) for p in folders for name in STATE_FILES)
    except OSError:
        is_reports = False
    if is_reports:
        return (
            "mappen indeholder rapporter skrevet af assembler, ikke projektmapper: det er en rapportmappe, "
            "der ligger inde i mappen med projektmapperne. Læg rapportmappen (--out) uden for den."
        )
    return "mappen indeholder ingen Excel-projektmapper (.xlsx)"


def read_plan_sheets(source: PlanSource) -> list[Sheet]:
    """Read every sheet of a plan's workbooks; raise InputError with every file's problems."""
    if source.unreadable:
        raise InputError(source.unreadable)
    if not source.files:
        raise InputError([Problem(source.location, describe_empty_folder(source))])
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    for file in source.files:
        if os.path.exists(file) and not file.is_file():  # opening a named pipe would wait for ever
            problems.append(Problem(Location(source.display(file)), NOT_A_FILE))
            continue
        try:
            sheets.extend(read_workbook(file, source.display(file)))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    return sheets
