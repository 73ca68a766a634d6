import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assembler.contract.cells import (
    CellValueError,
    amount_of,
    clean_text,
    parse_amount,
    parse_date,
    parse_number,
    parse_text,
    parse_year,
    parse_yes_no,
    quoted_text,
    typed_year,
)
from assembler.read.sheet import ExcelError, Percentage, UncachedFormula

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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("12,5", Decimal("12.5")),
        ("1.234.567", Decimal("1234567")),
        ("0,750", Decimal("0.75")),  # an English number never starts with '0,'
        ("0.500", Decimal("0.5")),  # English form: a Danish number never starts with '0.'
        ("1,234.5", Decimal("1234.5")),
        ("12.5", Decimal("12.5")),
        ("25 %", Decimal(25)),
        ("\u22125", Decimal(-5)),
        ("-0", Decimal(0)),
        ("1234", Decimal(1234)),
    ],
)
def test_parse_number_reads_danish_form_and_english_form_that_cannot_be_danish(value: str, expected: Decimal) -> None:
    number = parse_number(value, allow_negative=True)
    assert number == expected
    assert not number.is_signed() or number < 0  # never a negative zero


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "1.234",
            "'1.234' kan læses både som 1.234 (dansk form) og som 1,234 (engelsk form); skriv 1234, "
            "eller skriv tallet i en celle, der er formateret som tal",
        ),
        (
            "2,750",
            "'2,750' kan læses både som 2,75 (dansk form) og som 2.750 (engelsk form); skriv 2,75 eller 2750, "
            "så der ikke er tvivl",
        ),
        (
            "1\n.500",  # quoted on one line
            "'1 .500' kan læses både som 1.500 (dansk form) og som 1,5 (engelsk form); skriv 1500 eller 1,5, "
            "så der ikke er tvivl",
        ),
        ("1e5", "forventede et tal, fandt '1e5'"),
        ("1_000", "forventede et tal, fandt '1_000'"),
        # More digits than babel's strict parsing can hold (it raised decimal.InvalidOperation).
        ("9" * 30 + ",5", "forventede et tal, fandt '" + "9" * 30 + ",5'"),
        ("1.000.000.000.000.000.000.000.000.000", "forventede et tal, fandt '1.000.000.000.000.000.000.000.000.000'"),
    ],
)
def test_parse_number_refuses_text_that_reads_two_ways_or_is_no_number(value: str, message: str) -> None:
    with pytest.raises(CellValueError) as caught:
        parse_number(value)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("165.000", 165000),
        ("-165.000", -165000),
        ("1,234", 1234),
        ("1.234,50", 1235),
        ("2\u202f146\u2009575 kr.", 2146575),  # narrow and thin spaces between the thousands
    ],
)
def test_parse_amount_drops_readings_with_more_decimals_than_ore(value: str, expected: int) -> None:
    assert parse_amount(value, allow_negative=True) == expected


def test_a_percentage_cell_is_its_percentage_as_a_number_and_as_text_but_no_amount() -> None:
    assert parse_number(Percentage(0.25)) == Decimal(25)
    assert parse_number(Percentage(1)) == Decimal(100)
    assert parse_text(Percentage(0.125)) == "12,5\u00a0%"
    with pytest.raises(CellValueError) as caught:
        parse_amount(Percentage(0.25))
    assert str(caught.value) == "forventede et beløb, fandt 25\u00a0%"


@pytest.mark.parametrize("value", [2019, 2019.0, "2019", " 2019 ", datetime(1905, 7, 11), "2019\u200b"], ids=repr)
def test_parse_date_refuses_a_bare_year(value: object) -> None:
    with pytest.raises(CellValueError) as caught:
        parse_date(value)  # type: ignore[arg-type]
    assert str(caught.value) == "forventede en dato (fx 9.12.2019), fandt kun årstallet 2019; skriv hele datoen"


def test_typed_year_recognises_a_year_typed_into_a_date_cell_in_either_calendar() -> None:
    assert typed_year(datetime(1905, 7, 11)) == 2019
    assert typed_year(datetime(1909, 7, 12), EPOCH_1904) == 2019
    assert typed_year(datetime(2019, 7, 11)) is None
    assert typed_year(datetime(1905, 7, 11, 12, 0)) is None
    assert typed_year(43808) is None
    assert parse_year(datetime(1905, 7, 11)) == 2019


def test_parse_yes_no_ignores_invisible_characters() -> None:
    assert parse_yes_no("Ja\u200b") is True
    assert parse_yes_no("\u00adNej") is False


def test_quoted_text_names_invisible_characters_where_they_stand() -> None:
    assert quoted_text("Bud\u00adget\u200b") == "Bud⟨usynligt tegn U+00AD⟩get⟨usynligt tegn U+200B⟩"


def clean_text_every_step(text: str) -> tuple[str, bool]:
    """clean_text as it was before its shortcut for text with nothing to clean: the reference."""
    text = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    cleaned = re.sub("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", text)
    return unicodedata.normalize("NFC", cleaned).strip(), cleaned != text


TRICKY_CHARACTERS = "a æ_x0041_\r\n\x0b\x00\t\ud800\ufffe\u030a\u00c5\u212b\u00a0\u2028\u200b"


@given(st.one_of(st.text(), st.text(alphabet=TRICKY_CHARACTERS, min_size=2)))
@example("a\u030a")
@example("  Å_x000D_ ")
@example("a\u2028b")
def test_clean_text_with_and_without_its_shortcut_agree(text: str) -> None:
    assert clean_text(text) == clean_text_every_step(text)


@given(st.one_of(st.integers(), st.sampled_from([0, -1, 10**15 - 1, 10**15, -(10**15), True, False])), st.booleans())
def test_parse_amount_of_an_integer_is_the_full_reading(value: int, allow_negative: bool) -> None:
    def outcome(parse: Callable[[], int]) -> object:
        try:
            return parse()
        except CellValueError as err:
            return str(err)

    full = outcome(lambda: amount_of(value, allow_negative=allow_negative))
    assert outcome(lambda: parse_amount(value, allow_negative=allow_negative)) == full
