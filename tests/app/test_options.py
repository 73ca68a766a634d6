"""The shared options: --report's names and help come from the one list of documents."""

from __future__ import annotations

import click
import pytest

from assembler.app.options import parse_reports, reports_help, with_danish_letters, without_danish_letters


def test_options_report_help_names_every_document_in_danish() -> None:
    assert reports_help() == (
        "Byg kun disse rapporter: etårsstatus, fremdrift, økonomi, referat (standard: alle). "
        "Uden æ, ø og å går også: etaarsstatus, oekonomi."
    )


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
    assert caught.value.message == "ukendt rapport 'budget'. Vælg blandt: etårsstatus, fremdrift, økonomi, referat"


def test_options_danish_letters_round_trip() -> None:
    assert with_danish_letters(without_danish_letters("Økonomi")) == "økonomi"
