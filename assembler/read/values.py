"""A cell's value from what the sheet stores: its type (the t attribute), its stored text and its number format.

ECMA-376 Part 1, 18.18.11 names the types: n (number, the default), s (shared string), str (a
formula's text), inlineStr, b (boolean), e (error), d (ISO 8601 date). A stored text no program
writes for its type ('nan' as a number, 'TRUE' as a boolean) is handed on as the text it is, so the
contract names it where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from assembler.read.numberformats import FormatKind
from assembler.read.sheet import EXCEL_1900_EPOCH, CellValue, ExcelError, Percentage
from assembler.read.xmlparts import collapsed

# xsd:double as Excel writes it; INF and NaN, which XML allows, Excel never writes.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INDEX = re.compile(r"[0-9]+")
_BOOLEANS = {"0": False, "1": True}
MS_PER_DAY = 86_400_000
# Serials 1-59 of the 1900 calendar are a day late: Excel counts 29 February 1900, which never was.
_LEAP_BUG_END = 60


def stored_value(
    kind: str, stored: str, number_format: FormatKind, epoch: datetime, strings: Sequence[str]
) -> CellValue:
    """Return the value of a cell of type `kind` whose <v> holds `stored` (not empty)."""
    if kind == "s":
        return shared_string(stored, strings)
    if kind == "e":
        return ExcelError(stored)
    if kind == "b":
        return _BOOLEANS.get(collapsed(stored), stored)
    if kind == "d":
        return _iso_date(stored)
    if kind != "n":
        return stored  # str: a formula's text result (or a type Excel never writes)
    number = parse_number(stored)
    if number is None:
        return stored
    if number_format in (FormatKind.DATE, FormatKind.DURATION):
        try:
            return from_serial(number, epoch, duration=number_format is FormatKind.DURATION)
        except (OverflowError, ValueError):
            return number  # outside the calendar: Excel shows ####; the number is what is there
    if number_format is FormatKind.PERCENT:
        return Percentage(number)
    return number


def shared_string(stored: str, strings: Sequence[str]) -> str:
    """Return the shared string a cell points at; raise IndexError when there is none (not -1 for the last)."""
    index = collapsed(stored)
    if not _INDEX.fullmatch(index) or int(index) >= len(strings):
        raise IndexError(f"shared string {stored!r}")
    return strings[int(index)]


def parse_number(stored: str) -> int | float | None:
    """Return a stored number: an int when written without a point or an exponent, else a float."""
    text = collapsed(stored)
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return float(text) if "." in text or "e" in text or "E" in text else int(text)
    except ValueError:  # more digits than Python converts
        return None


def from_serial(serial: int | float, epoch: datetime, duration: bool = False) -> datetime | time | timedelta:
    """Return what an Excel serial number means in a calendar: a date and time, a time of day, or a duration.

    To the millisecond, as Excel shows it; a serial below 1 is a time of day.
    """
    if duration:
        return timedelta(milliseconds=round(serial * MS_PER_DAY))
    day, fraction = divmod(serial, 1)
    moment = timedelta(milliseconds=round(fraction * MS_PER_DAY))
    if 0 <= serial < 1 and moment.days == 0:
        return (datetime.min + moment).time()
    if 0 < serial < _LEAP_BUG_END and epoch == EXCEL_1900_EPOCH:
        day += 1
    return epoch + timedelta(days=day) + moment


def _iso_date(stored: str) -> CellValue:
    text = collapsed(stored).removesuffix("Z")
    try:
        if "T" in text:
            return datetime.fromisoformat(text)
        if ":" in text:
            return time.fromisoformat(text)
        return date.fromisoformat(text)
    except ValueError:
        return stored
