"""The shared options: --report's names and help come from the one list of documents."""

from __future__ import annotations

import click
import pytest

from assembler.app.options import parse_reports, reports_help, with_danish_letters, without_danish_letters
from assembler.documents import DOCUMENTS
from tests.reports import spelled_keys


def test_options_report_help_names_every_document_in_danish() -> None:
    keys_with_danish_letters = ", ".join(d.key for d in DOCUMENTS if with_danish_letters(d.key) != d.key)
    assert reports_help() == (
        f"Byg kun disse rapporter: {spelled_keys()} (standard: alle). "
        f"Uden æ, ø og å går også: {keys_with_danish_letters}."
    )


@pytest.mark.parametrize(
    ("key", "spelled"), [("etaarsstatus", "etårsstatus"), ("oekonomi", "økonomi"), ("fremdrift", "fremdrift")]
)
def test_options_keys_are_spelled_with_danish_letters(key: str, spelled: str) -> None:
    assert with_danish_letters(key) == spelled
    assert without_danish_letters(spelled) == key


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("Økonomi",), ("oekonomi",)),
        (("etårsstatus,referat", "referat"), ("etaarsstatus", "referat")),
        ((" fremdrift , ",), ("fremdrift",)),
        ((), ()),
    ],
)
def test_options_parse_reports_accepts_danish_letters_and_lists(
    values: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert parse_reports(values) == expected


def test_options_parse_reports_names_the_reports_to_choose_from() -> None:
    with pytest.raises(click.BadParameter) as caught:
        parse_reports(("budget",))
    assert caught.value.message == f"ukendt rapport 'budget'. Vælg blandt: {spelled_keys()}"


def test_options_danish_letters_round_trip() -> None:
    assert with_danish_letters(without_danish_letters("Økonomi")) == "økonomi"
