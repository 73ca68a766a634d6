"""Danish number, percentage and date forms, from CLDR via babel, never from the OS locale."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal, parse_pattern

LOCALE = "da_DK"
NBSP = "\u00a0"
# Parsed once: babel parses a locale name and a pattern on every call, over half the cost of
# formatting the thousands of numbers in a large plan's tables.
DANISH = Locale.parse(LOCALE)


@cache
def number_pattern(pattern: str) -> Any:
    """Return babel's parsed form of a number pattern such as '#,##0'."""
    return parse_pattern(pattern)


# CLDR's Danish thousands separator, decimal sign and minus sign, read once: a large plan formats
# thousands of numbers, and babel's format_decimal costs some 19 µs a call. Python's own formatting
# with these symbols gives babel's Danish patterns exactly (tests/test_danish.py compares them).
_GROUP = str(DANISH.number_symbols["latn"]["group"])
_DECIMAL = str(DANISH.number_symbols["latn"]["decimal"])
_MINUS = str(DANISH.number_symbols["latn"]["minusSign"])


def format_integer(value: int) -> str:
    """Return an integer with Danish thousands separators: 1234567 → '1.234.567' (as babel's '#,##0')."""
    grouped = f"{abs(value):,}".replace(",", _GROUP)
    return _MINUS + grouped if value < 0 else grouped


def format_signed(value: int) -> str:
    """Return an integer with its sign always shown: 11200 → '+11.200', -40000 → '-40.000', 0 → '0'."""
    return f"+{format_integer(value)}" if value > 0 else format_integer(value)


def format_plain(value: float) -> str:
    """Return a number as typed, with a decimal comma and no thousands separator: 0.5 → '0,5', 2.0 → '2'."""
    return str(format_decimal(value, number_pattern("0.######"), locale=DANISH))


def format_count(count: float, singular: str, plural: str) -> str:
    """Return a count with its noun in the form it takes: '1 dokument', '0 dokumenter', '1,5 sekunder'."""
    number = format_integer(count) if isinstance(count, int) else format_plain(count)
    return f"{number} {singular if count == 1 else plural}"


def format_number(value: Decimal | int) -> str:
    """Return a number with at most two decimals, rounded half up: Decimal('2.5') → '2,5'."""
    rounded = without_negative_zero(Decimal(value).quantize(_HUNDREDTHS, rounding=ROUND_HALF_UP))
    return _grouped(rounded, 2).rstrip("0").rstrip(_DECIMAL)  # babel's '#,##0.##'


def format_percent(ratio: Fraction, decimals: int = 1) -> str:
    """Return a ratio as a Danish percentage, rounded half up once: 0.825 → '82,5 %'."""
    exact = Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator)
    step = Decimal(1).scaleb(-decimals)
    rounded = without_negative_zero(exact.quantize(step, rounding=ROUND_HALF_UP))
    return f"{_grouped(rounded, decimals)}{NBSP}%"  # babel's '#,##0.0', with `decimals` zeros


_HUNDREDTHS = Decimal("0.01")


def _grouped(rounded: Decimal, decimals: int) -> str:
    """Return a rounded number with thousands separators and `decimals` decimals, in Danish symbols."""
    whole, _, fraction = f"{rounded:,.{decimals}f}".partition(".")  # ',' groups, '.' before the decimals
    whole = whole.replace(",", _GROUP).replace("-", _MINUS)
    return f"{whole}{_DECIMAL}{fraction}" if fraction else whole


def without_negative_zero(value: Decimal) -> Decimal:
    """Return value, but 0 for a negative zero (-0, or a small negative rounded to 0), which babel shows as '-0'."""
    return value.copy_abs() if value.is_zero() else value


# CLDR's Danish month names, read once: babel's format_date parses its pattern on every call.
_MONTHS = {number: str(name) for number, name in get_month_names("wide", locale=DANISH).items()}


def format_long_date(value: date) -> str:
    """Return a date for prose: '8. marts 2019' (babel's 'd. MMMM y')."""
    return f"{value.day}. {_MONTHS[value.month]} {value.year}"


def format_short_date(value: date) -> str:
    """Return a date for tables: '9.12.2019' (babel's 'd.M.y')."""
    return f"{value.day}.{value.month}.{value.year}"


def format_period(first_year: int, last_year: int) -> str:
    """Return a span of years: '2019-2022'."""
    return f"{first_year}-{last_year}"
