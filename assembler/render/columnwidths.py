"""Choosing column widths from the cells' words: every word whole, and a table as low as the page's width allows.

Every column gets at least its longest word: narrower, Word and LibreOffice break the word
(»Virksomhedsnet|værk«). The page's width beyond that goes to the columns step by step, each step
to the column where a little more room saves the most lines for the room it takes: first lines of
the body's rows and cells, then of the header's, so a text column such as Kommentar gets the room
its text needs before a number column gets room to set its header on one line. A row is as tall as its
tallest cell, and a paragraph takes the lines that breaking it as a word processor does (as many
words on a line as fit) gives. What is left once no step fits is shared in proportion to the widths.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

Pieces = tuple[tuple[float, float], ...]  # a paragraph's unbreakable pieces: (the space before it, its width), in twips
Cell = tuple[Pieces, ...]  # a cell's paragraphs
# The lines a step saves, in the order they count: the body's rows', the body's cells' (a row is
# lower only once each of its tall cells is), the header's rows', the header's cells'.
Gains = tuple[int, int, int, int]
PRECISION = 0.5  # twips: how closely the room a paragraph needs is searched for before it is taken exactly


@dataclass(frozen=True)
class Row:
    """A table row as the widths are chosen for it: its cells whose lines depend on their column's width."""

    cells: tuple[tuple[int, Cell], ...]  # (grid column, paragraphs)
    header: bool = False
    least_lines: int = 1  # the lines of its cells whose lines do not depend on the width


@dataclass
class _Sharing:
    """The widths while the room is shared out, the rows and cells by number (their tuples hash slowly).

    For each column: its cells, the rows each is in, the lines each takes at the column's width, and
    for each that wraps the room in which it takes a line less.
    """

    widths: list[int]
    padding: int
    rows: list[Row]
    times: list[int]  # how many times the tables have each row
    cells: list[list[Cell]] = field(default_factory=list)
    cell_rows: list[list[list[int]]] = field(default_factory=list)
    row_cells: list[list[tuple[int, int]]] = field(default_factory=list)  # each row's (column, cell number)
    lines: list[list[int]] = field(default_factory=list)
    rooms: list[dict[int, float]] = field(default_factory=list)
    heights: list[int] = field(default_factory=list)  # each row's lines at the widths
    # Per column: its next step's width and the lines it saves, kept until a step changes a row of it.
    offers: dict[int, tuple[int, Gains] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        numbers: list[dict[Cell, int]] = [{} for _ in self.widths]
        self.cells = [[] for _ in self.widths]
        self.cell_rows = [[] for _ in self.widths]
        for row_number, row in enumerate(self.rows):
            own = []
            for column, cell in row.cells:
                number = numbers[column].setdefault(cell, len(self.cells[column]))
                if number == len(self.cells[column]):
                    self.cells[column].append(cell)
                    self.cell_rows[column].append([])
                self.cell_rows[column][number].append(row_number)
                own.append((column, number))
            self.row_cells.append(own)
        self.lines = [[0] * len(cells) for cells in self.cells]
        self.rooms = [{} for _ in self.widths]
        for column, cells in enumerate(self.cells):
            self._measure(column, range(len(cells)))
        self.heights = [self.height(row) for row in range(len(self.rows))]

    def _measure(self, column: int, cells: Iterable[int]) -> None:
        """Set the lines of some of a column's cells at its width, and the room that saves each a line."""
        room = self.widths[column] - self.padding
        lines, rooms = self.lines[column], self.rooms[column]
        for number in cells:
            cell = self.cells[column][number]
            lines[number] = cell_lines(cell, room)
            fewer = room_for_fewer_lines(cell, room)
            if fewer is None:
                rooms.pop(number, None)
            else:
                rooms[number] = fewer

    def height(self, row: int, column: int = -1, lines: int = 0) -> int:
        """Return a row's lines, or what they would be with one column's cell taking `lines`."""
        own = (lines if c == column else self.lines[c][number] for c, number in self.row_cells[row])
        return max(self.rows[row].least_lines, *own)

    def offer(self, column: int) -> tuple[int, Gains] | None:
        """Return a column's next step (the width at which a cell of it takes a line less) and its gains, or None."""
        if column not in self.offers:
            rooms = self.rooms[column]
            width = math.ceil(min(rooms.values())) + self.padding if rooms else None
            self.offers[column] = None if width is None else (width, self._gains(column, width))
        return self.offers[column]

    def _gains(self, column: int, width: int) -> Gains:
        """Return the lines that widening a column to `width` saves: the body's rows', its cells', the header's."""
        room = width - self.padding
        saved = [0, 0, 0, 0]
        for number in self._changing(column, room):
            lines = cell_lines(self.cells[column][number], room)
            fewer = self.lines[column][number] - lines
            for row in self.cell_rows[column][number]:
                times = self.times[row]
                part = 2 if self.rows[row].header else 0
                saved[part] += (self.heights[row] - self.height(row, column, lines)) * times
                saved[part + 1] += fewer * times
        return saved[0], saved[1], saved[2], saved[3]

    def widen(self, column: int, width: int) -> None:
        """Set a column's width, and the lines of its cells that it changes."""
        changing = self._changing(column, width - self.padding)
        self.widths[column] = width
        self._measure(column, changing)
        self.offers.pop(column, None)
        for number in changing:
            for row in self.cell_rows[column][number]:
                self.heights[row] = self.height(row)
                for other, _ in self.row_cells[row]:  # its gains were counted with the row's old height
                    self.offers.pop(other, None)

    def _changing(self, column: int, room: float) -> list[int]:
        """Return the cells of a column that take fewer lines in `room` than at its width."""
        return [number for number, fewer in self.rooms[column].items() if fewer <= room]


def choose_widths(
    least: Sequence[int], most: Sequence[int], rows: dict[Row, int], padding: int, available: int
) -> list[int]:
    """Return column widths that fill `available`: each at least its `least`, the room where it saves most lines.

    `least` and `most` are each column's longest word and longest paragraph on one line, with
    `padding`; `rows` holds each row whose lines depend on the widths, with how many times it occurs.
    """
    if sum(least) >= available:  # not even the longest words fit: shrink them alike
        return [width * available // sum(least) for width in least]
    if sum(most) <= available:  # every paragraph fits on one line
        return _spread(list(most), available - sum(most))
    sharing = _Sharing(list(least), padding, list(rows), list(rows.values()))
    left = available - sum(least)
    while (step := _best_step(sharing, left)) is not None:
        column, width = step
        left -= width - sharing.widths[column]
        sharing.widen(column, width)
    return _spread(sharing.widths, left)


def _best_step(sharing: _Sharing, left: int) -> tuple[int, int] | None:
    """Return the column and width of the step that saves the most lines for its room, within `left`."""
    best: tuple[float, ...] = (0.0,)
    chosen = None
    for column in range(len(sharing.widths)):
        offer = sharing.offer(column)
        if offer is None or offer[0] - sharing.widths[column] > left:
            continue
        width, gains = offer
        cost = width - sharing.widths[column]
        value = tuple(gain / cost for gain in gains)
        if value > best:
            best, chosen = value, (column, width)
    return chosen


def _spread(widths: list[int], extra: int) -> list[int]:
    """Return the widths with `extra` shared in proportion to them, the last taking what rounding leaves."""
    total = sum(widths) or 1
    shares = [extra * width // total for width in widths]
    shares[-1] += extra - sum(shares)
    return [width + share for width, share in zip(widths, shares, strict=True)]


def cell_lines(cell: Cell, room: float) -> int:
    """Return the lines a cell's paragraphs take in a column with `room` for text."""
    return sum(paragraph_lines(paragraph, room) for paragraph in cell)


def paragraph_lines(pieces: Pieces, room: float) -> int:
    """Return the lines a paragraph takes when each line holds as many of its pieces as fit (at least one)."""
    return _broken(pieces, room)[0]


def _broken(pieces: Pieces, room: float) -> tuple[int, float]:
    """Return the lines a paragraph takes in `room` and the width of its widest line."""
    lines, used, widest = 1, -1.0, 0.0
    for space, width in pieces:
        longer = used + space + width  # summed once, so a line measured as its room fits it
        if used < 0:
            used = width
        elif longer <= room:
            used = longer
        else:
            lines, widest, used = lines + 1, max(widest, used), width
    return lines, max(widest, used)


def room_for_fewer_lines(cell: Cell, room: float) -> float | None:
    """Return the least room above `room` in which one of a cell's paragraphs takes a line less, or None."""
    rooms = [least_room(paragraph, lines - 1) for paragraph in cell if (lines := paragraph_lines(paragraph, room)) > 1]
    return min(rooms) if rooms else None


@lru_cache(maxsize=8192)
def least_room(pieces: Pieces, lines: int) -> float:
    """Return the least room in which a paragraph takes at most `lines` lines."""
    low = max(width for _, width in pieces)
    high = _broken(pieces, math.inf)[1]  # the paragraph on one line, summed as breaking sums it
    while high - low > PRECISION:
        middle = (low + high) / 2
        if paragraph_lines(pieces, middle) <= lines:
            high = middle
        else:
            low = middle
    # The lines broken in `high` are broken alike in a room as wide as the widest of them: the least
    # room, or within PRECISION of it.
    return _broken(pieces, high)[1]
