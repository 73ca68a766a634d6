"""Reading a number typed as text: in Danish form, or in English form where it cannot be mistaken."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from assembler.danish import DANISH, number_pattern

ENGLISH = Locale.parse("en")
# Only what a person types for a number; babel alone would also take '1e5', '1_000' or Arabic digits.
_NUMBER_CHARS = re.compile(r"[-+]?[0-9.,]+", re.ASCII)
_CURRENCY = re.compile(r"(?i)(kr\.?|dkk)$")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
_SHOWN = "#,##0." + "#" * 15
_PLAIN = "0." + "#" * 15
# More digits than any amount or count in a plan; babel's strict parsing fails beyond ~28 of them.
MAX_DIGITS = 18


class AmbiguousNumberError(ValueError):
    """Text that reads as one number in Danish form and another in English form.

    The message is Danish and follows the quoted text: "kan læses både som 1.500 (dansk form) og …".
    """


def number_from_text(text: str, *, max_decimals: int | None = None, percent: bool = False) -> Decimal | None:
    """Return the number text holds ('1.234,5', '22 500 kr.', '12.5'), or None when it holds none.

    Danish form comes first; English form ('1,234.5', '0.500') is read only where the Danish form
    cannot be meant. Text that is a valid number in both forms with different values raises
    AmbiguousNumberError. `max_decimals` drops readings with more decimals (an amount has øre at
    most, so '165.000' kr. cannot be 165 kr.); `percent` allows a trailing '%'.
    """
    danish, english = _readings(_compact(text, percent), max_decimals)
    if danish is not None and english is not None and danish != english:
        raise AmbiguousNumberError(_ambiguity_message(danish, english))
    return danish if danish is not None else english


def _readings(compact: str, max_decimals: int | None) -> tuple[Decimal | None, Decimal | None]:
    if not _NUMBER_CHARS.fullmatch(compact) or sum(c.isdigit() for c in compact) > MAX_DIGITS:
        return None, None
    return _reading(compact, DANISH, max_decimals), _reading(compact, ENGLISH, max_decimals)


def _compact(text: str, percent: bool) -> str:
    compact = "".join(text.translate(_MINUS_SIGNS).split())  # spaces of any width group thousands too
    if percent and compact.endswith("%"):
        return compact[:-1]
    return _CURRENCY.sub("", compact)


def _reading(text: str, locale: Locale, max_decimals: int | None) -> Decimal | None:
    try:
        number = parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation):
        return None
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or (max_decimals is not None and -exponent > max_decimals):
        return None
    return number


def _ambiguity_message(danish: Decimal, english: Decimal) -> str:
    plain = [p for p in (_plain(danish), _plain(english)) if not _is_ambiguous(p)]
    advice = f"skriv {' eller '.join(plain)}, så der ikke er tvivl"
    if len(plain) < 2:
        # A Danish number with three decimals ('1,234') cannot be typed as text without doubt.
        advice = "".join(f"skriv {p}, eller " for p in plain) + "skriv tallet i en celle, der er formateret som tal"
    return f"kan læses både som {_shown(danish)} (dansk form) og som {_shown(english)} (engelsk form); {advice}"


def _shown(number: Decimal) -> str:
    return str(format_decimal(number, number_pattern(_SHOWN), locale=DANISH))


def _plain(number: Decimal) -> str:
    return str(format_decimal(number, number_pattern(_PLAIN), locale=DANISH))


def _is_ambiguous(text: str) -> bool:
    danish, english = _readings(text, None)
    return danish is not None and english is not None and danish != english
