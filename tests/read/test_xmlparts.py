"""The XML parser refuses DTDs and entities itself, and reads xsd:boolean as XML Schema does."""

from __future__ import annotations

import pytest

from assembler.read.xmlparts import DeclarationRefused, parse_tree, xsd_boolean


@pytest.mark.parametrize(
    "xml",
    [
        b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
        b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
        b"<!DOCTYPE x><x/>",
    ],
)
def test_a_dtd_is_refused_even_past_the_sniff(xml: bytes) -> None:
    with pytest.raises(DeclarationRefused):
        parse_tree(xml)


@pytest.mark.parametrize(
    ("written", "meaning"),
    [
        ("1", True),
        ("true", True),
        (" true\t", True),
        ("0", False),
        ("false", False),
        ("\n0 ", False),
        ("", None),
        ("TRUE", None),
        ("yes", None),
        ("1 1", None),
    ],
)
def test_xsd_boolean(written: str, meaning: bool | None) -> None:
    assert xsd_boolean(written) is meaning
