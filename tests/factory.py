"""Building input workbooks in tests: a small valid plan as rows, written with openpyxl.

`plan_sheets()` returns a second fictional plan (a 2015-18 plan in "Nordby Kommune"), different
from the shipped example, whose figures are easy to compute by hand; tests change its rows
before writing them. It has results for its statusår only (so no development over the years to
show) and its texts for the statusår.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from assembler.contract import declaration as c
from assembler.contract.schema import Kind, SheetSpec

Sheets = dict[str, list[list[object]]]

YEARS = (2016, 2017, 2018, 2019)
STATUS_YEAR = 2018

# The plan's promised but unpaid co-financing in 2018, as every report's table shows it:
# Kommunen 150.000 - 100.000, Boligorganisationerne 55.000 - 0 (empty Indbetalt counts as 0).
UNPAID_2018 = [
    "[table: Light List Accent 1]",
    "| Kilde | Tilsagn (kr.) | Indbetalt (kr.) | Mangler (kr.) |",
    "| Kommunen | 150.000 | 100.000 | 50.000 |",
    "| Boligorganisationerne | 55.000 | 0 | 55.000 |",
    "| I alt | 205.000 | 100.000 | 105.000 |",
]


def header_row(spec: SheetSpec, years: Iterable[int] = YEARS, *, single_year: bool = False) -> list[object]:
    """Return a sheet's row 1 as new-workbook writes it: its columns with the per-year ones where they stand.

    `single_year`: the older one-column form where a sheet allows it (Fremdrift's one Resultat column).
    """
    return list(spec.headers(years, single_year=single_year))


def fremdrift_header(status_year: int = STATUS_YEAR) -> list[object]:
    """Fremdrift's row 1 with the statusår's Resultat column where the older single Resultat stands.

    Columns are found by their header, so the other years' Resultat columns (left empty: the plan
    has its statusår's results only) stand last, and the rows below keep their cells' places.
    """
    single = header_row(c.FREMDRIFT, single_year=True)
    prefix = next(y.prefix for y in c.FREMDRIFT.year_columns if y.single_is_status_year)
    others = [f"{prefix} {year}" for year in YEARS if year != status_year]
    return [f"{h} {status_year}" if h == prefix else h for h in single] + others


def stamdata_rows(values: dict[str, object]) -> list[list[object]]:
    """Return the Stamdata sheet's rows for values by attribute, each row named as the contract names it."""
    return [header_row(c.STAMDATA), *([c.stamdata_field(a).name, v] for a, v in values.items())]


def record_sheets() -> list[SheetSpec]:
    """Return the sheets every plan has whose rows become records (Bestyrelse, Møder, Fremdrift …)."""
    return [spec for spec in c.SHEETS if spec.record is not None and not spec.optional]


def year_sheets() -> list[SheetSpec]:
    """Return the sheets of amounts per year (Budget, Finansiering), not Fremdrift's results per year."""
    return [spec for spec in c.SHEETS if spec.year_columns and all(y.kind is Kind.AMOUNT for y in spec.year_columns)]


def plan_sheets() -> Sheets:
    """Return a valid plan, sheet name → rows (row 1 holds the headers, as the contract declares them)."""
    return as_wide_as_headers(plan_rows())


def as_wide_as_headers(sheets: Sheets) -> Sheets:
    """Return the sheets with every row padded with empty cells to the width of row 1."""
    return {name: [row + [None] * (len(rows[0]) - len(row)) for row in rows] for name, rows in sheets.items()}


def plan_rows() -> Sheets:
    """Return the plan's rows as written by hand: a row may stop before its last empty cells."""
    return {
        c.STAMDATA.name: stamdata_rows(
            {
                "helhedsplan": "Helhedsplan Solbakken",
                "boligomraader": "Solbakken",
                "boligorganisationer": "Boligforeningen Solbakken",
                "kommune": "Nordby Kommune",
                "bevillingsramme": "2015-18",
                "periode_start": date(2016, 1, 1),
                "periode_slut": date(2019, 12, 31),
                "statusaar": STATUS_YEAR,
                "statusdato": "9.12.2018",
                "projektleder": "Jonas Riis",
                "rettidig_udsendelse": "Nej",
            }
        ),
        c.BESTYRELSE.name: [
            header_row(c.BESTYRELSE),
            ["Anne Mørk", "Direktør", "Boligforeningen Solbakken", date(2016, 1, 1), None, "Ja", None],
            ["Per Dahl", "Centerchef", "Nordby Kommune", date(2018, 5, 1), None, "Ja", "i stedet for Ole Sand"],
            [
                "Ole Sand",
                "Centerchef",
                "Nordby Kommune",
                date(2016, 1, 1),
                date(2018, 4, 30),
                "Nej",
                "grundet jobskifte",
            ],
        ],
        c.MOEDER.name: [
            header_row(c.MOEDER),
            [date(2018, 3, 8), "Bestyrelsesmøde", None],
            [date(2018, 12, 9), None, None],
            [date(2018, 6, 12), "Bestyrelsesmøde", None],
            [date(2019, 1, 15), "Bestyrelsesmøde", None],
        ],
        c.OPMAERKSOMHEDSPUNKTER.name: [
            header_row(c.OPMAERKSOMHEDSPUNKTER),
            [
                "1. Opmærksomhedspunkter vedr. daglig ledelse og bemanning …",
                "Der blev ansat en ny projektchef.",
                STATUS_YEAR,
            ],
            ["2", None, STATUS_YEAR],
            ["3", None, STATUS_YEAR],
            ["4", None, STATUS_YEAR],
            ["S1", "Projekterne nåede i store træk deres mål.\nFædreprojektet er ikke startet.", STATUS_YEAR],
            ["S2", None, STATUS_YEAR],
            ["3 a", None, STATUS_YEAR],
            ["3 b", "Et særligt punkt om udviklingsplanen.", STATUS_YEAR],
        ],
        c.FREMDRIFT.name: [
            fremdrift_header(),
            ["Tryghed og trivsel", "Delaftale A", "Nattevandring", "Antal vandringer", 10, 8, "Igangsat", None],
            ["Tryghed og trivsel", "Delaftale A", "Nattevandring", "Antal deltagere", 20, 25, "Igangsat", None],
            [
                "Uddannelse og beskæftigelse",
                "Delaftale B",
                "Jobklub",
                "Antal i job",
                12,
                3,
                "Forsinket",
                "Ny medarbejder først ansat i juni.",
            ],
            [
                "Forebyggelse og forældreansvar",
                "Delaftale C",
                "Fædreprojekt",
                "Antal fædre",
                15,
                None,
                "Ikke igangsat",
                None,
            ],
            ["Kriminalpræventiv indsats", "Delaftale D", "Gadeplan", "Antal kontakter", 0, 5, "Udgået", None],
        ],
        c.BUDGET.name: [
            header_row(c.BUDGET),
            ["Projektchef", "Personale", 600_000, 590_000, 600_000, 610_000, 600_000, 605_000, 600_000, None],
            ["Aktiviteter", "Aktiviteter", 200_000, 150_000, 200_000, 180_000, 200_000, 120_000, 200_000, None],
            ["Revision", "Revision", 20_000, 20_000, 20_000, 20_000, 20_000, 22_500, 20_000, None],
        ],
        c.FINANSIERING.name: [
            header_row(c.FINANSIERING),
            ["Landsbyggefonden", 615_000, 615_000, 615_000, 615_000, 615_000, 615_000, 615_000, None],
            ["Kommunen", 150_000, 150_000, 150_000, 150_000, 150_000, 100_000, 150_000, None],
            ["Boligorganisationerne", 55_000, 55_000, 55_000, 55_000, 55_000, None, 55_000, None],
        ],
    }


def in_first_year(sheets: Sheets) -> Sheets:
    """Return the plan made a plan in its first year: its period starts in the statusår (2018-2019).

    Its status report is then the etårsstatus and its referat that of the ét-årseftersyn; the
    budget's and financing's earlier years stand in their sheets but are not the period's.
    """
    set_value(sheets, c.STAMDATA.name, c.stamdata_field("periode_start").name, date(STATUS_YEAR, 1, 1))
    return sheets


def with_new_statusdato(sheets: Sheets) -> Sheets:
    """Return the plan a few days later: its Statusdato is in every report, so every report's content changes."""
    set_value(sheets, c.STAMDATA.name, c.stamdata_field("statusdato").name, "14.12.2018")
    return sheets


def write_workbook(path: Path, sheets: Sheets) -> Path:
    """Write sheets (name → rows) as an .xlsx file and return its path."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def set_value(sheets: Sheets, sheet: str, field: str, value: object) -> None:
    """Set a Stamdata-style value: the row whose first cell is `field` gets `value` in column 2."""
    for row in sheets[sheet]:
        if row[0] == field:
            row[1] = value
            return
    raise KeyError(field)


def column_of(sheets: Sheets, sheet: str, header: str) -> int:
    """Return the 0-based index of a header in a sheet's first row."""
    return sheets[sheet][0].index(header)


def lister_values(workbook: Workbook, formula: str) -> tuple[object, ...]:
    """Return the values a drop-down's range formula ('Lister'!$A$2:$A$6) points at."""
    sheet, cells = formula.rsplit("!", 1)
    return tuple(cell.value for row in workbook[sheet.strip("'")][cells.replace("$", "")] for cell in row)
