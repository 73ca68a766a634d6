"""The new workbook's cell guards: drop-down lists, dates, numbers and lengths, each with a Danish message.

Excel and LibreOffice show the input message when a cell is selected, and refuse a value the guard
does not allow with the error message (style »stop«), so a mistake is caught while typing rather
than by `assembler check`.
"""

from __future__ import annotations

from datetime import date

from openpyxl.worksheet.datavalidation import DataValidation

from assembler.contract import declaration as c

FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)
EXCEL_EPOCH = date(1899, 12, 30)
# Budget lines may be negative (income); no plan has a line of a thousand billion kroner.
LARGEST_AMOUNT = "1000000000000"


def list_guard(kind: c.Kind, formula: str) -> DataValidation:
    """Return a drop-down list that refuses every value not in it."""
    # Stored as Excel stores a formula in the file: without the '=' typed in Excel's dialogue.
    return _guard(
        DataValidation(type="list", formula1=formula),
        title=kind.value[:1].upper() + kind.value[1:],
        prompt=f"Vælg {kind.value} i listen (pilen ved cellen).",
        error=f"Vælg {kind.value} i listen. assembler kan kun læse værdierne i listen.",
    )


def value_guard(kind: c.Kind, *, negative: bool = False, max_length: int | None = None) -> DataValidation | None:
    """Return the guard for a date, year, amount or number cell (or a text with a maximum length)."""
    if kind is c.Kind.DATE:
        first, last = FIRST_DATE, LAST_DATE
        return _guard(
            DataValidation(type="date", operator="between", formula1=_serial(first), formula2=_serial(last)),
            title="Dato",
            prompt="Skriv en dato, fx 9.12.2019.",
            error=f"Skriv en dato mellem {_short(first)} og {_short(last)}, fx 9.12.2019.",
        )
    if kind is c.Kind.YEAR:
        return _guard(
            DataValidation(
                type="whole", operator="between", formula1=str(FIRST_DATE.year), formula2=str(LAST_DATE.year)
            ),
            title="Årstal",
            prompt="Skriv et årstal, fx 2025.",
            error=f"Skriv et årstal mellem {FIRST_DATE.year} og {LAST_DATE.year}, fx 2025.",
        )
    if kind is c.Kind.AMOUNT and negative:
        return _guard(
            DataValidation(type="decimal", operator="between", formula1=f"-{LARGEST_AMOUNT}", formula2=LARGEST_AMOUNT),
            title="Beløb i kroner",
            prompt="Beløb i hele kroner, fx 125000. Et negativt beløb er en indtægt.",
            error="Skriv et beløb i kroner, fx 125000.",
        )
    if kind is c.Kind.AMOUNT:
        return _guard(
            DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
            title="Beløb i kroner",
            prompt="Beløb i hele kroner, fx 125000.",
            error="Skriv et beløb i kroner, fx 125000. Beløbet kan ikke være negativt.",
        )
    if kind is c.Kind.NUMBER:
        return _guard(
            DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0"),
            title="Tal",
            prompt="Et tal, fx 25. Lad cellen stå tom, hvis det ikke kan opgøres.",
            error="Skriv et tal, fx 25. Tallet kan ikke være negativt.",
        )
    if max_length is not None:
        return _guard(
            DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(max_length)),
            title="Tekst",
            prompt=f"Højst {max_length} tegn.",
            error=f"Teksten må højst have {max_length} tegn, for den står i rapporternes titel.",
        )
    return None


def _guard(validation: DataValidation, *, title: str, prompt: str, error: str) -> DataValidation:
    """Add the Danish input and error messages to a validation; an empty cell is always allowed."""
    validation.allow_blank = True
    validation.showInputMessage = True
    validation.promptTitle = title
    validation.prompt = prompt
    validation.showErrorMessage = True
    validation.errorStyle = "stop"
    validation.errorTitle = f"Ugyldig værdi: {title.lower()}"
    validation.error = error
    return validation


def _short(day: date) -> str:
    """Return a date in short Danish form, 1.1.2000."""
    return f"{day.day}.{day.month}.{day.year}"


def _serial(day: date) -> str:
    """Return a date as the serial number Excel stores it as (days since 30.12.1899, for dates after 1900)."""
    return str((day - EXCEL_EPOCH).days)
