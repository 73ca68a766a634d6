"""What staff change in vocabulary.toml reaches the workbook, the context and the documents."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from assembler.contract import declaration as c
from assembler.contract import vocabulary
from assembler.contract.blank import blank_workbook
from assembler.contract.vocabulary import load_vocabulary
from tests.docxdump import charts, dump
from tests.factory import Sheets, header_row, write_workbook
from tests.reports import plan_in, report_name

ETAARSSTATUS = report_name("etaarsstatus")
OEKONOMI = report_name("oekonomi")
CLI = Callable[..., Result]
AFSNIT = "S4. Opmærksomhedspunkter vedr. beboerinddragelse"
AGENDA = "5. Eventuelt"
ADDED_POINTS = f"""
[[afsnit]]
noegle = "S4"
overskrift = "{AFSNIT}"

[[referatpunkter]]
noegle = "5"
overskrift = "{AGENDA}"
"""


# Labels renamed: the budget chart's title, the total's name, the default kommune source.
RENAMED = {
    'titel = "Budget og regnskab {aar} pr. kategori"': 'titel = "Økonomi {aar}"',
    'i_alt = "I alt"': 'i_alt = "Samlet"',
    'kommune = "Kommunen"': 'kommune = "Kommunen (skriv navnet)"',
}


def use_vocabulary(monkeypatch: pytest.MonkeyPatch, text: str) -> Iterator[None]:
    """Load this text as the vocabulary for one test."""
    monkeypatch.setattr(vocabulary, "vocabulary_text", lambda: text)
    load_vocabulary.cache_clear()
    yield
    load_vocabulary.cache_clear()


@pytest.fixture
def added_points(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Use the shipped vocabulary with one more etårsstatus point and one more agenda point."""
    yield from use_vocabulary(monkeypatch, vocabulary.vocabulary_text() + ADDED_POINTS)


@pytest.fixture
def renamed_labels(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Use the shipped vocabulary with some labels renamed."""
    text = vocabulary.vocabulary_text()
    for old, new in RENAMED.items():
        assert old in text
        text = text.replace(old, new)
    yield from use_vocabulary(monkeypatch, text)


def test_an_added_point_is_prefilled_in_a_new_workbook(added_points: None) -> None:
    words = load_vocabulary()
    frame = words.find_frame("2019-26")
    assert frame is not None
    workbook = blank_workbook(words, frame, [2023, 2024, 2025, 2026])
    assert workbook["Opmærksomhedspunkter"].cell(len(words.afsnit) + 1, 1).value == AFSNIT
    assert workbook["Referat"].cell(len(words.referat_points) + 1, 1).value == AGENDA


def test_an_added_point_with_its_text_is_in_the_reports(
    added_points: None, cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    sheets["Opmærksomhedspunkter"].append(["S4", "Beboerne vil inddrages mere."])
    sheets["Stamdata"].append(["Mødedato for ét-årseftersyn", date(2018, 10, 9)])
    sheets["Referat"] = [header_row(c.REFERAT), ["1", "Organiseringen virker."], ["5", "Intet under eventuelt."]]
    path = write_workbook(inputs / "solbakken.xlsx", sheets)

    assert cli("build", inputs, "--out", out).exit_code == 0

    status = dump(out / "solbakken" / ETAARSSTATUS).splitlines()
    assert status[status.index(f"[Heading 2] {AFSNIT}") + 1] == "[Normal] Beboerne vil inddrages mere."
    referat = dump(out / "solbakken" / report_name("referat", plan_in(path))).splitlines()
    assert referat[referat.index(f"[Heading 1] {AGENDA}") + 1] == "[Normal] Intet under eventuelt."


def test_an_added_point_without_text_gets_a_placeholder(
    added_points: None, cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)

    assert cli("build", inputs, "--out", out).exit_code == 0

    status = dump(out / "solbakken" / ETAARSSTATUS).splitlines()
    placeholder = "[Normal] «[Skriv teksten til punktet i projektmappen.]»"  # « » marks a highlighted run
    assert status[status.index(f"[Heading 2] {AFSNIT}") + 1] == placeholder


def test_labels_and_default_sources_come_from_the_vocabulary(
    renamed_labels: None, cli: CLI, inputs: Path, out: Path, sheets: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", sheets)

    assert cli("build", inputs, "--out", out).exit_code == 0

    report = out / "solbakken" / OEKONOMI
    assert charts(report)[0].title == "Økonomi 2018"
    assert "| Samlet | 820.000 |" in dump(report)
    words = load_vocabulary()
    frame = words.find_frame("2019-26")
    assert frame is not None
    financing = blank_workbook(words, frame, [2023, 2024, 2025, 2026])["Finansiering"]
    assert financing["A3"].value == "Kommunen (skriv navnet)"
