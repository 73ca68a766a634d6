"""The one exception root, and locations that tell staff where in a workbook a problem is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assembler.boundary import printable


@dataclass(frozen=True)
class Location:
    """A place in an input: a file, optionally a sheet, and a cell or a row in it."""

    file: str
    sheet: str | None = None
    cell: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        # Names come from the file system and the workbook: printed with control characters escaped.
        if self.sheet is None:
            return printable(self.file)
        if self.cell is not None:
            return printable(f"{self.file} › {self.sheet}!{self.cell}")
        if self.row is not None:
            return printable(f"{self.file} › {self.sheet}, række {self.row}")
        return printable(f"{self.file} › {self.sheet}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, in Danish, at a location; a warning does not stop a build."""

    location: Location
    message: str
    warning: bool = False

    def __str__(self) -> str:
        # One line on a terminal, in a log or in FEJL.txt, whatever a name or a cell holds.
        if self.warning:
            return f"{self.location} (advarsel): {printable(self.message)}"
        return f"{self.location}: {printable(self.message)}"


class AssemblerError(Exception):
    """Root of every error assembler reports to a user instead of a traceback."""


class InputError(AssemblerError):
    """A plan's workbooks have problems; holds all of them, in the order they were found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        self.errors = [p for p in self.problems if not p.warning]
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        # Rebuilt from its problems (not its message) when it crosses from a worker process.
        return (type(self), (self.problems,))


class OutputError(AssemblerError):
    """A report could not be written where it should go."""


class TemplateError(AssemblerError):
    """One or more templates cannot be used; nothing is written. Each issue names its template."""

    def __init__(self, issues: Iterable[str]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(self.issues))

    def __reduce__(self) -> tuple[type[TemplateError], tuple[list[str]]]:
        # Rebuilt from its issues (not its message) when it crosses from a worker process.
        return (type(self), (self.issues,))
