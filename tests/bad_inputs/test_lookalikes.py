"""Case 19: names that look equal are equal (invisible characters ignored), or the message shows what differs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from openpyxl import load_workbook

from assembler.contract.blank import LISTS_SHEET, write_blank_workbook
from tests.bad_inputs.conftest import Refused
from tests.docxdump import document_text
from tests.factory import plan_sheets, set_value, write_workbook
from tests.reports import report_name

ETAARSSTATUS = report_name("etaarsstatus")
FREMDRIFT = report_name("fremdrift")
ZWSP = "\u200b"
SOFT_HYPHEN = "\u00ad"
WORD_JOINER = "\u2060"


def test_names_and_values_with_invisible_characters_match_the_ones_they_look_like(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    sheets[f"Bud{SOFT_HYPHEN}get"] = sheets.pop("Budget")
    sheets[f"{ZWSP}Fremdrift"] = sheets.pop("Fremdrift")
    fremdrift = sheets[f"{ZWSP}Fremdrift"]
    fremdrift[0][6] = f"Sta{ZWSP}tus"
    fremdrift[0][4] = f"Måltal{SOFT_HYPHEN}"
    fremdrift[1][6] = f"Igangsat{ZWSP}"
    fremdrift[1][0] = f"Tryg{SOFT_HYPHEN}hed og trivsel"
    sheets["Bestyrelse"][1][5] = f"Ja{WORD_JOINER}"
    set_value(sheets, "Stamdata", "Statusår", f"2018{ZWSP}")
    sheets["Stamdata"][6][0] = "\ufeffPeriode start"
    sheets["Møder"][1][0] = f"8.3.2018{ZWSP}"
    sheets[f"Bud{SOFT_HYPHEN}get"][1][6] = f"600.000{ZWSP}"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    text = document_text(out / "solbakken" / ETAARSSTATUS)
    assert "| Personale | 600.000 | 605.000 | 100,8␣% |" in text
    fremdrift = document_text(out / "solbakken" / FREMDRIFT)
    assert "| Nattevandring | Antal vandringer | 10 | 8 | 80,0␣% | Igangsat |  |" in fremdrift


def test_two_sheets_that_differ_only_by_an_invisible_character_say_where_it_is(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets[f"Budget{ZWSP}"] = sheets["Budget"]
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(
        f"solbakken.xlsx › Budget{ZWSP}: arket 'Budget⟨usynligt tegn U+200B⟩' står to gange i projektmappen "
        "(også som 'Budget'); slet eller omdøb det ene"
    )


def test_an_unknown_value_shows_the_invisible_character_it_holds(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][3][6] = f"Forsink{ZWSP}e"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(
        "solbakken.xlsx › Fremdrift!G4: ukendt status 'Forsink⟨usynligt tegn U+200B⟩e'. Mente du »Forsinket«? "
        "Brug en af: Ikke igangsat, Igangsat, Forsinket, Gennemført, Udgået"
    )


def test_a_plan_split_over_workbooks_made_by_new_workbook_is_read(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    """Each workbook new-workbook writes carries the hidden Lister sheet; the README recommends the split."""
    sheets = plan_sheets()
    parts = {"fremdrift.xlsx": ["Fremdrift"], "budget.xlsx": ["Budget", "Finansiering"]}
    parts["stamdata.xlsx"] = [name for name in sheets if all(name not in p for p in parts.values())]
    for file, names in parts.items():
        path = inputs / "solbakken" / file
        write_blank_workbook(path, "2015-18", 2016)
        workbook = load_workbook(path)
        for sheet in [s for s in workbook.worksheets if s.title not in names and s.title != LISTS_SHEET]:
            workbook.remove(sheet)
        for name in names:
            workbook.remove(workbook[name])
            target = workbook.create_sheet(name)
            for row in sheets[name]:
                target.append(row)
        workbook.save(path)
    assert all(LISTS_SHEET in load_workbook(inputs / "solbakken" / f).sheetnames for f in parts)
    built()
    assert "| Personale | 600.000 | 605.000 | 100,8␣% |" in document_text(out / "solbakken" / ETAARSSTATUS)
