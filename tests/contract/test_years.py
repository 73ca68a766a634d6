"""Results and texts per year: Resultat <år> and the older single Resultat, Måltal <år>, the År column
of the texts and the meetings, each problem located."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import Result

from assembler.contract import declaration as c
from assembler.contract.vocabulary import load_vocabulary
from assembler.figures.progress import progress_figures
from tests.docxdump import document_text, dump
from tests.factory import Sheets, header_row, plan_sheets, set_value, write_workbook
from tests.reports import example_plan, plan_of, report_name, report_names

CLI = Callable[..., Result]
TEXT_WARNING = "har intet år i kolonnen År, så den kommer med hvert år. Skriv det statusår, teksten handler om,"
MEETING_WARNING = (
    "har intet år i kolonnen År, så den kommer med hvert år. Skriv det år, mødet følger op på (mødet i marts "
    "2026 følger op på 2025),"
)


def check(cli: CLI, inputs: Path, sheets: Sheets) -> Result:
    write_workbook(inputs / "solbakken.xlsx", sheets)
    return cli("check", inputs)


def single_resultat(sheets: Sheets) -> Sheets:
    """The factory's plan as made before results per year: one Resultat column, the statusår's."""
    header = header_row(c.FREMDRIFT, single_year=True)
    sheets["Fremdrift"] = [header, *(row[: len(header)] for row in sheets["Fremdrift"][1:])]
    return sheets


def test_each_year_has_its_own_result() -> None:
    fritidsjob = next(r for r in example_plan().fremdrift if r.aktivitet == "Fritidsjobindsats")
    assert fritidsjob.resultater == {2023: Decimal(22), 2024: Decimal(28), 2025: Decimal(34), 2026: None}


def test_the_older_single_resultat_is_the_statusaars_with_one_warning(cli: CLI, inputs: Path) -> None:
    sheets = single_resultat(plan_sheets())
    result = check(cli, inputs, sheets)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Fremdrift!F1 (advarsel): kolonnen 'Resultat' læses som resultaterne for statusåret 2018. "
        "Skriv hvert års resultater i deres egen kolonne ('Resultat 2017', 'Resultat 2018' …, som `assembler "
        "new-workbook` laver dem), så de tidligere års resultater bevares, når statusåret skifter"
    ]
    assert plan_of(sheets).fremdrift[0].resultater == {2016: None, 2017: None, 2018: Decimal(8), 2019: None}


def test_the_older_single_resultat_beside_results_per_year_is_located(cli: CLI, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][0].append("Resultat")
    result = check(cli, inputs, sheets)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Fremdrift!L1: kolonnen 'Resultat' står sammen med kolonner pr. år (fx i F1); brug kun én af "
        "dem. Flyt tallene til 'Resultat 2018', og slet kolonnen 'Resultat'"
    ]


def test_a_missing_year_of_results_is_located(cli: CLI, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][0][sheets["Fremdrift"][0].index("Resultat 2017")] = "Noter"
    result = check(cli, inputs, sheets)
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Fremdrift, række 1: kolonnen 'Resultat 2017' mangler i række 1 (der skal være Resultat for "
        "hvert år i perioden)"
    ]


def test_a_years_own_target_goes_before_maaltal(inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Fremdrift"][0].append("Måltal 2018")
    sheets["Fremdrift"][1].append(16)  # Nattevandring, Antal vandringer: 8 of 16 in 2018, not of 10
    plan = plan_of(sheets)
    assert plan.fremdrift[0].target(2018) == 16 and plan.fremdrift[0].target(2017) == 10
    first = progress_figures(plan, load_vocabulary()).areas[0].attainments[0]
    assert (first.result, first.target, first.ratio) == (8, 16, Decimal("0.5"))


def points(*rows: list[object]) -> list[list[object]]:
    return [header_row(c.OPMAERKSOMHEDSPUNKTER), *rows]


def test_a_report_prints_only_its_statusaars_texts(cli: CLI, inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"] = points(
        ["1", "Bemandingen i 2017.", 2017], ["1", "Bemandingen i 2018.", 2018], ["S1", "Målene for 2019.", 2019]
    )
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out)
    assert (result.exit_code, result.stderr) == (0, "")
    text = document_text(out / "solbakken" / report_name("etaarsstatus"))
    assert "Bemandingen i 2018." in text
    assert "Bemandingen i 2017." not in text and "Målene for 2019." not in text


def test_a_text_without_year_prints_with_a_warning_each(cli: CLI, inputs: Path) -> None:
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"] = [
        header_row(c.OPMAERKSOMHEDSPUNKTER)[:2],  # a sheet made before the År column
        ["1", "Bemandingen."],
        ["2", None],
        ["S1", "Målene."],
    ]
    result = check(cli, inputs, sheets)
    assert result.exit_code == 0
    add = " (tilføj kolonnen År, hvis arket ikke har den)"
    assert result.stderr.splitlines() == [
        f"solbakken.xlsx › Opmærksomhedspunkter!B2 (advarsel): teksten til afsnit 1 {TEXT_WARNING} i kolonnen År{add}",
        f"solbakken.xlsx › Opmærksomhedspunkter!B4 (advarsel): teksten til afsnit S1 {TEXT_WARNING} i kolonnen År{add}",
    ]


def test_the_statusaars_own_text_goes_before_one_without_year(cli: CLI, inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"] = points(["1", "Uden år.", None], ["1", "For 2018.", 2018])
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out)
    assert result.stderr == ""  # the text without year is not printed this year
    text = document_text(out / "solbakken" / report_name("etaarsstatus"))
    assert "For 2018." in text and "Uden år." not in text


def test_last_years_text_is_never_this_years(cli: CLI, inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Statusår", 2019)
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0
    # The factory's texts are 2018's: points 1, S1 and 3 b have one.
    assert result.stderr.splitlines() == [
        f"solbakken.xlsx › Opmærksomhedspunkter!B{row} (advarsel): afsnit {key} har tekst for 2018, men ikke for "
        f"statusåret 2019, så rapporten viser en pladsholder. Skriv teksten for 2019 i en række med År 2019"
        for row, key in ((2, "1"), (6, "S1"), (9, "S3b"))
    ]
    text = document_text(out / "solbakken" / report_name("etaarsstatus", plan_of(sheets)))
    assert "Der blev ansat en ny projektchef." not in text
    assert "«[Skriv opmærksomhedspunkter vedr. daglig ledelse og bemanning.]»" in text


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [["1", "Tekst.", 2015]],
            ["solbakken.xlsx › Opmærksomhedspunkter!C2: året 2015 ligger uden for planens periode 2016-2019"],
        ),
        (
            [["1", "Tekst.", "sidste år"]],
            ["solbakken.xlsx › Opmærksomhedspunkter!C2: forventede et årstal (fx 2019), fandt 'sidste år'"],
        ),
        (
            [["1", "Tekst.", 2018], ["1", "Igen.", 2018], ["1", "Året før.", 2017]],
            ["solbakken.xlsx › Opmærksomhedspunkter!A3: afsnit 1 for 2018 står også i A2; skriv teksten ét sted"],
        ),
    ],
    ids=["outside the period", "not a year", "twice in one year"],
)
def test_a_texts_year_is_checked(cli: CLI, inputs: Path, rows: list[list[object]], expected: list[str]) -> None:
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"] = points(*rows)
    result = check(cli, inputs, sheets)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == expected


@pytest.fixture
def meetings(sheets: Sheets) -> Sheets:
    """The factory's plan with its meetings with LBF about 2017 (held 15.3.2018) and 2018 (held 14.3.2019)."""
    sheets["Deltagere"] = [
        header_row(c.DELTAGERE),
        ["Ole Bak", "Konsulent", "Landsbyggefonden", "Nej", 2018],
        ["Jonas Riis", "Projektleder", None, "Ja", 2018],
        ["Eva Holm", "Konsulent", "Landsbyggefonden", "Nej", 2017],
    ]
    sheets["Referat"] = [
        header_row(c.REFERAT),
        ["Indledning", "Mødet om 2017.", 2017, date(2018, 3, 15)],
        ["1", "Organiseringen i 2017.", 2017, None],
        ["Indledning", "Mødet om 2018.", 2018, date(2019, 3, 14)],
        ["1", "Organiseringen i 2018.", 2018, None],
    ]
    return sheets


def test_a_build_writes_the_referat_of_its_statusaars_meeting_only(
    cli: CLI, inputs: Path, out: Path, meetings: Sheets
) -> None:
    write_workbook(inputs / "solbakken.xlsx", meetings)
    result = cli("build", inputs, "--out", out)
    assert (result.exit_code, result.stderr) == (0, "")
    referat = report_name("referat", plan_of(meetings))
    assert referat.endswith(" 14.3.2019.docx")
    assert [p.name for p in (out / "solbakken").glob("Referat*")] == [referat]
    text = document_text(out / "solbakken" / referat)
    assert "Mødet om 2018." in text and "Organiseringen i 2018." in text and "Jonas Riis" in text
    assert "2017." not in text and "Eva Holm" not in text


def test_stamdatas_meeting_date_is_the_statusaars_meeting(meetings: Sheets) -> None:
    meetings["Referat"][3][3] = None
    meetings["Stamdata"].append(["Mødedato for ét-årseftersyn", date(2019, 3, 13)])
    assert plan_of(meetings).referat.moededato == date(2019, 3, 13)  # type: ignore[union-attr]


def test_the_meetings_own_date_goes_before_stamdatas(cli: CLI, inputs: Path, meetings: Sheets) -> None:
    # Stamdata's date is the 2019 meeting's: the statusår was 2019 before it was set back to 2018.
    meetings["Stamdata"].append(["Mødedato for ét-årseftersyn", date(2020, 3, 12)])
    result = check(cli, inputs, meetings)
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Referat!D4 (advarsel): referatet bruger mødets dato 14.3.2019 herfra, ikke Mødedato for "
        "ét-årseftersyn i Stamdata (12.3.2020), som hører til et andet møde; ret den ene, hvis det er forkert"
    ]
    assert plan_of(meetings).referat.moededato == date(2019, 3, 14)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s["Referat"][4].__setitem__(3, date(2019, 3, 15)),
            "solbakken.xlsx › Referat!D5: mødet har datoen 14.3.2019 i D4; et møde har én dato",
        ),
        (
            lambda s: s["Referat"][3].__setitem__(3, None),
            "solbakken.xlsx › Stamdata: feltet 'Mødedato for ét-årseftersyn' mangler; referatet skal have mødets "
            "dato. Tilføj en række med Felt 'Mødedato for ét-årseftersyn', eller skriv datoen i kolonnen Mødedato i "
            "arket Referat",
        ),
        (
            lambda s: s["Deltagere"][1].__setitem__(4, 2021),
            "solbakken.xlsx › Deltagere!E2: året 2021 ligger uden for planens periode 2016-2019",
        ),
    ],
    ids=["one meeting, two dates", "no date", "outside the period"],
)
def test_a_meetings_date_and_year_are_checked(
    cli: CLI, inputs: Path, meetings: Sheets, change: Callable[[Sheets], object], expected: str
) -> None:
    change(meetings)
    result = check(cli, inputs, meetings)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [expected]


def test_a_referat_without_years_is_the_statusaars_with_warnings(cli: CLI, inputs: Path, meetings: Sheets) -> None:
    meetings["Deltagere"] = [row[:4] for row in meetings["Deltagere"][:2]]
    meetings["Referat"] = [row[:2] for row in meetings["Referat"][3:]]
    meetings["Referat"].insert(0, header_row(c.REFERAT)[:2])
    meetings["Stamdata"].append(["Mødedato for ét-årseftersyn", date(2019, 3, 14)])
    result = check(cli, inputs, meetings)
    assert result.exit_code == 0
    add = " (tilføj kolonnen År, hvis arket ikke har den)"
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Deltagere!A2 (advarsel): deltageren har intet år i kolonnen År, så vedkommende kommer med "
        "hvert år. Skriv det år, mødet følger op på (mødet i marts 2026 følger op på 2025), i kolonnen År"
        f"{add}",
        f"solbakken.xlsx › Referat!B2 (advarsel): teksten til punkt Indledning {MEETING_WARNING} i kolonnen År{add}",
        f"solbakken.xlsx › Referat!B3 (advarsel): teksten til punkt 1 {MEETING_WARNING} i kolonnen År{add}",
    ]
    assert plan_of(meetings).referat is not None


def test_only_last_years_referat_builds_none_and_says_why(cli: CLI, inputs: Path, out: Path, meetings: Sheets) -> None:
    meetings["Referat"] = meetings["Referat"][:3]
    write_workbook(inputs / "solbakken.xlsx", meetings)
    result = cli("build", inputs, "--out", out)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "solbakken.xlsx › Referat (advarsel): arket har referat for 2017, men ikke for statusåret 2018, så referatet "
        "bygges ikke. Skriv referatet for 2018 i rækker med År 2018"
    ]
    assert not list((out / "solbakken").glob("Referat*"))


def test_a_workbook_from_before_results_per_year_builds_as_one_with_them(cli: CLI, tmp_path: Path) -> None:
    # Today's form (one Resultat column, texts without År) against the same plan with its years written.
    older = single_resultat(plan_sheets())
    older["Opmærksomhedspunkter"] = [row[:2] for row in older["Opmærksomhedspunkter"]]
    dumps = []
    for name, sheets in (("older", older), ("years", plan_sheets())):
        write_workbook(tmp_path / name / "solbakken.xlsx", sheets)
        assert cli("build", tmp_path / name, "--out", tmp_path / f"{name}-out").exit_code == 0
        folder = tmp_path / f"{name}-out" / "solbakken"
        dumps.append({path.name: dump(path) for path in sorted(folder.glob("*.docx"))})
    assert dumps[0] == dumps[1]
    assert sorted(dumps[0]) == sorted(report_names(plan_of(older)))
