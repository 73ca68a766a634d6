from datetime import date, datetime
from decimal import Decimal

import pytest

from assembler.cells import (
    CellValueError,
    clean_text,
    parse_amount,
    parse_date,
    parse_number,
    parse_text,
    parse_year,
    parse_yes_no,
)
from assembler.workbook import ExcelError, UncachedFormula

EPOCH_1904 = datetime(1904, 1, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (200, 200),
        (200.0, 200),
        (1234.5, 1235),
        (0.30000000000000004, 0),
        ("1.234", 1234),
        ("1.234,50", 1235),
        ("1234,49", 1234),
        ("1.234.567 kr.", 1234567),
        ("2 146 575", 2146575),
        ("1234.5", 1235),
    ],
)
def test_parse_amount_accepts_numbers_and_danish_number_text(value: object, expected: int) -> None:
    assert parse_amount(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ca. 200", "forventede et beløb, fandt 'ca. 200'"),
        (True, "forventede et beløb, fandt SAND"),
        (datetime(2019, 1, 1), "forventede et beløb, fandt 1.1.2019"),
        (-5, "beløbet må ikke være negativt, fandt -5"),
        (ExcelError("#DIV/0!"), "cellen indeholder Excel-fejlen #DIV/0! (ret formlen eller værdien i Excel)"),
        (UncachedFormula("=SUM(C2:C9)"), "formlen '=SUM(C2:C9)' har ingen gemt værdi – åbn filen i Excel og gem den"),
    ],
)
def test_parse_amount_explains_what_it_found(value: object, message: str) -> None:
    with pytest.raises(CellValueError) as caught:
        parse_amount(value)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_parse_amount_allows_negative_income_lines_when_asked() -> None:
    assert parse_amount("-165.000", allow_negative=True) == -165000


def test_parse_number_removes_float_noise() -> None:
    assert parse_number(0.1 + 0.2) == Decimal("0.3")
    assert parse_number("12,5") == Decimal("12.5")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2019, 12, 9), date(2019, 12, 9)),
        (date(2019, 12, 9), date(2019, 12, 9)),
        ("9.12.2019", date(2019, 12, 9)),
        ("09.12.2019", date(2019, 12, 9)),
        ("9/12/2019", date(2019, 12, 9)),
        ("9-12-2019", date(2019, 12, 9)),
        ("9.12.19", date(2019, 12, 9)),
        ("2019-12-09", date(2019, 12, 9)),
        ("9. december 2019", date(2019, 12, 9)),
        ("8. marts 2019", date(2019, 3, 8)),
        ("8 mar 2019", date(2019, 3, 8)),
        (43808, date(2019, 12, 9)),  # a serial number without a date format
    ],
)
def test_parse_date_accepts_dates_serials_and_text(value: object, expected: date) -> None:
    assert parse_date(value) == expected  # type: ignore[arg-type]


def test_parse_date_uses_the_workbooks_1904_epoch_for_serials() -> None:
    assert parse_date(42346, EPOCH_1904) == date(2019, 12, 9)


@pytest.mark.parametrize(
    ("value", "found"),
    [("31.02.2019", "'31.02.2019'"), ("snart", "'snart'"), (True, "SAND"), (12, "12"), ("13.13.2019", "'13.13.2019'")],
)
def test_parse_date_rejects_impossible_or_unreadable_dates(value: object, found: str) -> None:
    with pytest.raises(CellValueError) as caught:
        parse_date(value)  # type: ignore[arg-type]
    assert str(caught.value) == f"forventede en dato (fx 9.12.2019), fandt {found}"


@pytest.mark.parametrize(
    ("value", "expected"), [(2019, 2019), (2019.0, 2019), (" 2019 ", 2019), (date(2019, 5, 1), 2019)]
)
def test_parse_year(value: object, expected: int) -> None:
    assert parse_year(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["2019a", 19, 2019.5, True])
def test_parse_year_rejects_non_years(value: object) -> None:
    with pytest.raises(CellValueError, match="forventede et årstal"):
        parse_year(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"), [("Ja", True), ("nej", False), (" JA ", True), (True, True), (False, False)]
)
def test_parse_yes_no(value: object, expected: bool) -> None:
    assert parse_yes_no(value) is expected  # type: ignore[arg-type]


def test_parse_yes_no_rejects_other_words() -> None:
    with pytest.raises(CellValueError, match="forventede Ja eller Nej, fandt 'måske'"):
        parse_yes_no("måske")


def test_parse_text_writes_numbers_and_dates_in_danish() -> None:
    assert parse_text(1234.5) == "1.234,5"
    assert parse_text(datetime(2019, 12, 9)) == "9.12.2019"
    assert parse_text(True) == "Ja"


@pytest.mark.parametrize(
    ("raw", "expected", "removed"),
    [
        ("linje 1\x0blinje 2", "linje 1\nlinje 2", False),
        ("linje 1_x000B_linje 2", "linje 1\nlinje 2", False),
        ("a_x005F_x000B_b", "a_x000B_b", False),
        ("a\r\nb", "a\nb", False),
        ("nul\x00tegn", "nultegn", True),
        ("surrogat\ud800", "surrogat", True),
        ("ikke-tegn\ufffe", "ikke-tegn", True),
        ("A\u030angstrøm", "Ångstrøm", False),  # decomposed Å becomes one character
        ("  mellemrum  ", "mellemrum", False),
    ],
)
def test_clean_text_keeps_line_breaks_and_removes_what_word_cannot_hold(raw: str, expected: str, removed: bool) -> None:
    assert clean_text(raw) == (expected, removed)
