"""Cases 7 and 11: sheets and headers that are missing, hidden, doubled, misplaced or merged."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from assembler.contract import declaration as c
from tests.bad_inputs.conftest import Refused
from tests.bad_inputs.corpus import patch_zip, replace_in, sheet_part, workbook_bytes
from tests.docxdump import document_text
from tests.factory import Sheets, fremdrift_header, header_row, plan_sheets, write_workbook
from tests.reports import report_name

ETAARSSTATUS = report_name("etaarsstatus")


def write_with_states(path: Path, sheets: Sheets, states: dict[str, str], first: str | None = None) -> None:
    """Write a plan, then hide sheets (and move one to the front) as a person would in Excel."""
    write_workbook(path, sheets)
    workbook = load_workbook(path)
    for title, state in states.items():
        workbook[title].sheet_state = state
    if first is not None:
        workbook.move_sheet(first, offset=-workbook.sheetnames.index(first))
        workbook.active = next(i for i, ws in enumerate(workbook.worksheets) if ws.sheet_state == "visible")
    workbook.save(path)


def test_a_missing_sheet_lists_every_sheet_present_hidden_ones_marked(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Moeder"] = sheets.pop("Møder")
    sheets["Lister"] = [["Status"], ["Igangsat"]]
    write_with_states(inputs / "solbakken.xlsx", sheets, {"Lister": "veryHidden", "Budget": "hidden"})
    refused(
        "solbakken.xlsx: arket 'Møder' mangler. Fandt arkene: Stamdata, Bestyrelse, Opmærksomhedspunkter, "
        "Fremdrift, Budget (skjult), Finansiering, Moeder, Lister (skjult)"
    )


def test_a_hidden_sheet_first_and_a_hidden_contract_sheet_are_read(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    sheets["Lister"] = [["Status"], ["Igangsat"]]
    write_with_states(inputs / "solbakken.xlsx", sheets, {"Lister": "hidden", "Møder": "hidden"}, first="Lister")
    assert load_workbook(inputs / "solbakken.xlsx").sheetnames[0] == "Lister"
    built()
    assert "12. juni 2018 – Bestyrelsesmøde" in document_text(out / "solbakken" / ETAARSSTATUS)


@pytest.mark.parametrize(
    "header",
    [
        lambda h: f"{h} ",
        lambda h: f"\u00a0{h}\u00a0",
        lambda h: h.upper(),
        lambda h: f"  {h.lower()}\t",
        lambda h: unicodedata.normalize("NFD", h),
    ],
    ids=["trailing space", "non-breaking spaces", "upper case", "lower case and tab", "decomposed å"],
)
def test_headers_match_whatever_their_spaces_case_and_unicode_form(
    built: Callable[..., Result], inputs: Path, header: Callable[[str], str]
) -> None:
    sheets = plan_sheets()
    for name in ("Bestyrelse", "Fremdrift"):
        sheets[name][0] = [header(str(h)) for h in sheets[name][0]]
    sheets[unicodedata.normalize("NFD", " møder ")] = sheets.pop("Møder")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: [row.append(row[0]) for row in s["Møder"]],
            ["solbakken.xlsx › Møder!D1: kolonnen 'Dato' står to gange (i A1 og her); slet den ene"],
        ),
        (
            lambda s: s["Bestyrelse"][0].__setitem__(4, "indtrådt "),
            [
                "solbakken.xlsx › Bestyrelse!E1: kolonnen 'indtrådt' står to gange (i D1 og her); slet den ene",
                "solbakken.xlsx › Bestyrelse, række 1: kolonnen 'Udtrådt' mangler i række 1. Fandt: "
                + ", ".join(str(h).replace("Udtrådt", "indtrådt") for h in header_row(c.BESTYRELSE)),
            ],
        ),
        (
            lambda s: s["Fremdrift"][0].__setitem__(6, None),
            [
                "solbakken.xlsx › Fremdrift, række 1: kolonnen 'Status' mangler i række 1. Fandt: "
                + ", ".join(str(h) for h in fremdrift_header() if h != "Status")
            ],
        ),
        (
            lambda s: s["Møder"].insert(0, ["Bestyrelsens møder i 2018"]),
            [
                "solbakken.xlsx › Møder, række 2: kolonneoverskrifterne skal stå i række 1, men står i række 2. "
                "Slet rækkerne over dem."
            ],
        ),
        (
            lambda s: s["Møder"].__setitem__(0, [None] * len(c.MOEDER.columns)),
            [
                "solbakken.xlsx › Møder, række 1: række 1 er tom; den skal have kolonneoverskrifterne "
                + ", ".join(str(h) for h in header_row(c.MOEDER))
            ],
        ),
    ],
    ids=["duplicate", "duplicate but for case and space", "missing", "not in row 1", "empty row 1"],
)
def test_header_problems_are_located(
    refused: Refused, inputs: Path, change: Callable[[Sheets], object], expected: list[str]
) -> None:
    sheets = plan_sheets()
    change(sheets)
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(*expected)


def test_cells_merged_down_across_data_rows_are_located(refused: Refused, inputs: Path) -> None:
    path = write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    workbook = load_workbook(path)
    workbook["Fremdrift"].merge_cells("A2:A3")  # one indsatsområde for both of its rows
    workbook["Fremdrift"].merge_cells("G2:G3")
    workbook.save(path)
    refused(
        "solbakken.xlsx › Fremdrift!A2:A3: cellerne er flettet hen over flere rækker, så kun den øverste række "
        "har en værdi. Ophæv fletningen og skriv værdien i hver celle.",
        "solbakken.xlsx › Fremdrift!G2:G3: cellerne er flettet hen over flere rækker, så kun den øverste række "
        "har en værdi. Ophæv fletningen og skriv værdien i hver celle.",
    )


def test_cells_merged_across_two_contract_columns_are_located(refused: Refused, inputs: Path) -> None:
    path = write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    workbook = load_workbook(path)
    workbook["Fremdrift"].merge_cells("C4:D4")  # Aktivitet and Succeskriterie as one cell
    workbook.save(path)
    refused(
        "solbakken.xlsx › Fremdrift!C4:D4: cellerne er flettet hen over flere kolonner, så kun den første kolonne "
        "har en værdi. Ophæv fletningen og skriv værdien i hver celle."
    )


def test_merged_cells_outside_the_contract_columns_are_fine(built: Callable[..., Result], inputs: Path) -> None:
    sheets = plan_sheets()
    width = len(sheets["Fremdrift"][0])
    for row in sheets["Fremdrift"]:
        row += ["noter", None]
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    workbook = load_workbook(path)
    first, second = (get_column_letter(width + n) for n in (1, 2))  # right of the contract's
    workbook["Fremdrift"].merge_cells(f"{first}2:{second}4")
    workbook["Stamdata"].merge_cells("D1:F1")
    workbook.save(path)
    built()


def test_a_merge_down_a_whole_column_is_one_message_quickly(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    merge = b'</sheetData><mergeCells count="1"><mergeCell ref="A2:A1048576"/></mergeCells>'
    # As Excel stores it: one element, not a million merged cells.
    patched = patch_zip(workbook_bytes(sheets), {sheet_part(sheets, "Fremdrift"): replace_in(b"</sheetData>", merge)})
    (inputs / "solbakken.xlsx").write_bytes(patched)
    start = time.perf_counter()
    refused(
        "solbakken.xlsx › Fremdrift!A2:A1048576: cellerne er flettet hen over flere rækker, så kun den øverste "
        "række har en værdi. Ophæv fletningen og skriv værdien i hver celle."
    )
    assert time.perf_counter() - start < 5
