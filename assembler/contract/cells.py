"""Turning one raw cell value into a typed value, or a Danish message saying what is wrong."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import get_month_names

from assembler.contract.numbertext import AmbiguousNumberError, number_from_text
from assembler.contract.vocabulary import INVISIBLE, strip_invisible
from assembler.danish import LOCALE, NBSP, format_number, format_short_date, without_negative_zero
from assembler.read.sheet import CellValue, ExcelError, Percentage, UncachedFormula

EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
EXCEL_1900_EPOCH = datetime(1899, 12, 30)
# Larger numbers are typing errors in an LBF plan, and would lose digits in the reports.
MAX_NUMBER = 10**15
# Amounts are kroner and øre: a reading of typed text with more decimals is not an amount.
ORE_DECIMALS = 2

_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")
# Characters XML 1.0 cannot hold, and the ones docxtpl would turn into paragraph or page breaks.
_INVALID_CHARS = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LONG_DATE = re.compile(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})")
_MONTHS = {
    name.casefold().rstrip("."): number
    for width in ("abbreviated", "wide")
    for number, name in get_month_names(width, locale=LOCALE).items()
}
_DASHES = {"-", "–", "—"}
MAX_QUOTED_CHARS = 60
_YES = {"ja", "j", "x", "yes", "sand", "true", "1"}
_NO = {"nej", "n", "no", "falsk", "false", "0"}


class CellValueError(ValueError):
    """A cell's value is not of the kind its column needs; the message is for staff, in Danish."""


def clean_text(text: str) -> tuple[str, bool]:
    """Return text as Word can hold it (NFC, line breaks kept) and whether characters were removed."""
    if text.isprintable() and "_x" not in text and unicodedata.is_normalized("NFC", text):
        return text.strip(), False  # most cells: no escape, no control character, nothing to compose
    text = _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    cleaned = _INVALID_CHARS.sub("", text)
    return unicodedata.normalize("NFC", cleaned).strip(), cleaned != text


def describe(value: CellValue) -> str:
    """Return how a found value is quoted in a message: strings in quotes, the rest in Danish."""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, float) and not math.isfinite(value):
        return "et tal, Excel ikke kan gemme"
    if isinstance(value, int | float) and abs(value) >= MAX_NUMBER:
        return format(value, ".6g").replace(".", ",")
    if isinstance(value, int | float):
        return format_number(_decimal_from_float(value) if isinstance(value, float) else value)
    if isinstance(value, datetime | date):
        return format_short_date(value)
    if isinstance(value, time):
        return f"klokkeslættet {value.strftime('%H.%M')}"
    if isinstance(value, timedelta):
        return "en varighed"
    if isinstance(value, ExcelError | UncachedFormula):
        return describe_formula_problem(value)
    if isinstance(value, Percentage):
        return percent_text(value)
    return f"'{quoted_text(value)}'"


def percent_text(value: Percentage) -> str:
    """Return a percentage cell's value as Excel shows it: 0.25 → '25 %'."""
    return f"{format_number(_decimal_from_float(value.fraction * 100))}{NBSP}%"


def quoted_text(text: str) -> str:
    """Return text as it can be quoted in a message: on one line, without control characters, not too long.

    Characters that show as nothing (a zero-width space, a soft hyphen) are named where they stand, so a
    message about two names that look equal shows what differs.
    """
    unescaped = _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text)
    unescaped = INVISIBLE.sub(lambda m: f"⟨usynligt tegn U+{ord(m.group()):04X}⟩", unescaped)
    # Control characters could steer a terminal; surrogates and non-characters cannot be printed at all.
    one_line = "".join(c for c in " ".join(unescaped.split()) if unicodedata.category(c) not in ("Cc", "Cs", "Cn"))
    if len(one_line) > MAX_QUOTED_CHARS:
        return one_line[: MAX_QUOTED_CHARS - 1] + "…"
    return one_line


def describe_formula_problem(value: ExcelError | UncachedFormula) -> str:
    """Explain an error value or a formula without a stored result."""
    if isinstance(value, ExcelError):
        return f"Excel-fejlen {value.code} (ret formlen eller værdien i Excel)"
    return f"formlen '{quoted_text(value.formula)}' uden gemt resultat (åbn filen i Excel og gem den)"


def reject_formula_problem(value: CellValue) -> None:
    """Raise for an Excel error or an uncalculated formula, whatever the column wants."""
    if isinstance(value, ExcelError):
        raise CellValueError(f"cellen indeholder {describe_formula_problem(value)}")
    if isinstance(value, UncachedFormula):
        raise CellValueError(
            f"formlen '{quoted_text(value.formula)}' har ingen gemt værdi – åbn filen i Excel og gem den"
        )


def parse_text(value: CellValue) -> str:
    """Return a cell's content as text (numbers, dates and times in Danish form)."""
    reject_formula_problem(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime | date):
        return format_short_date(value)
    if isinstance(value, time):
        return value.strftime("%H.%M")
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60}.{minutes % 60:02d}"
    if isinstance(value, Percentage):
        return percent_text(value)
    return format_number(parse_number(value, allow_negative=True))


def parse_number(value: CellValue, *, allow_negative: bool = False) -> Decimal:
    """Return a number from a numeric cell, a percentage cell (25 % → 25) or text ('1.234,5', '25 %')."""
    number = _number(value, amount=False)
    if number is None:
        raise CellValueError(f"forventede et tal, fandt {describe(value)}{dash_hint(value)}")
    if number < 0 and not allow_negative:
        raise CellValueError(f"tallet må ikke være negativt, fandt {describe(value)}")
    return number


def _number(value: CellValue, *, amount: bool) -> Decimal | None:
    """Return the number a cell holds, None when none; raise when it is too large or reads two ways.

    An amount is never a percentage, and its text has øre (two decimals) at most.
    """
    reject_formula_problem(value)
    number: Decimal | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float) and math.isfinite(value):
        number = _decimal_from_float(value)
    elif isinstance(value, Percentage) and not amount:
        number = _decimal_from_float(value.fraction * 100)
    elif isinstance(value, str):
        try:
            number = number_from_text(
                strip_invisible(value), max_decimals=ORE_DECIMALS if amount else None, percent=not amount
            )
        except AmbiguousNumberError as err:
            raise CellValueError(f"{describe(value)} {err}") from err
    if number is not None and abs(number) >= MAX_NUMBER:
        raise CellValueError(f"tallet er for stort, fandt {describe(value)}")
    return None if number is None else without_negative_zero(number)


def dash_hint(value: CellValue) -> str:
    """Return advice for a dash typed to mean 'nothing', else ''."""
    if isinstance(value, str) and value.strip() in _DASHES:
        return ". Skriv 0, eller lad cellen stå tom"
    return ""


def parse_amount(value: CellValue, *, allow_negative: bool = False) -> int:
    """Return an amount in whole kroner (øre rounded half up)."""
    if type(value) is int and -MAX_NUMBER < value < MAX_NUMBER and (value >= 0 or allow_negative):
        return value  # most amounts: whole kroner, nothing to round or refuse (as amount_of gives them)
    return amount_of(value, allow_negative=allow_negative)


def amount_of(value: CellValue, *, allow_negative: bool) -> int:
    """parse_amount for any value: every check and the rounding."""
    number = _number(value, amount=True)
    if number is None:
        raise CellValueError(f"forventede et beløb, fandt {describe(value)}{dash_hint(value)}")
    if number < 0 and not allow_negative:
        raise CellValueError(f"beløbet må ikke være negativt, fandt {describe(value)}")
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_date(value: CellValue, epoch: datetime = EXCEL_1900_EPOCH) -> date:
    """Return a date from a date cell, an Excel serial number or text such as '9.12.2019'."""
    reject_formula_problem(value)
    year = typed_year(value, epoch)
    if year is not None:
        raise CellValueError(f"forventede en dato (fx 9.12.2019), fandt kun årstallet {year}; skriv hele datoen")
    found: date | None = None
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        found = _date_from_serial(value, epoch)
    elif isinstance(value, str):
        found = _date_from_text(strip_invisible(value))
    in_range = found is not None and EARLIEST_YEAR <= found.year <= LATEST_YEAR
    if found is None or (not in_range and isinstance(value, int | float)):
        # A number far outside the plan's years was not meant as a date serial.
        raise CellValueError(f"forventede en dato (fx 9.12.2019), fandt {describe(value)}")
    if not in_range:
        raise CellValueError(
            f"datoen {format_short_date(found)} ligger uden for årene {EARLIEST_YEAR}-{LATEST_YEAR}; ret årstallet"
        )
    return found


def parse_year(value: CellValue) -> int:
    """Return a year such as 2019 from a number, a text or a date."""
    reject_formula_problem(value)
    year = typed_year(value)
    if year is None and isinstance(value, datetime | date):
        year = value.year
    if year is None or not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise CellValueError(f"forventede et årstal (fx 2019), fandt {describe(value)}")
    return year


def typed_year(value: CellValue, epoch: datetime = EXCEL_1900_EPOCH) -> int | None:
    """Return the year a cell holds as a bare year (2019 as a number or text, or typed into a date cell), else None."""
    number: int | float | None = None
    if isinstance(value, datetime) and value.time() == time():
        # Excel turns 2019 typed into a date-formatted cell into day 2019 of its calendar (11.7.1905).
        number = (value - epoch).days
    elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        number = value
    elif isinstance(value, str) and (digits := strip_invisible(value).strip()).isdigit() and digits.isascii():
        number = int(digits)
    if number is None or not float(number).is_integer() or not EARLIEST_YEAR <= number <= LATEST_YEAR:
        return None
    return int(number)


def parse_yes_no(value: CellValue) -> bool:
    """Return True for Ja, False for Nej (Excel's SAND/FALSK and 1/0 count too)."""
    reject_formula_problem(value)
    word = strip_invisible(str(int(value) if isinstance(value, bool) else value)).strip().casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellValueError(f"forventede Ja eller Nej, fandt {describe(value)}")


def _decimal_from_float(value: float) -> Decimal:
    # Float noise such as 0.30000000000000004 comes from Excel's binary arithmetic, not the user.
    return Decimal(repr(round(value, 9))).normalize()


def _date_from_serial(serial: float, epoch: datetime) -> date | None:
    try:
        return (epoch + timedelta(days=float(serial))).date()
    except (OverflowError, ValueError):
        return None


def _date_from_text(text: str) -> date | None:
    text = text.strip().casefold()
    day = month = year = None
    if match := _NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif (match := _LONG_DATE.fullmatch(text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    if day is None or month is None or year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
