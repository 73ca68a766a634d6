"""Building input workbooks in tests: a small valid plan as rows, written with openpyxl.

`plan_sheets()` returns a second fictional plan (a 2015-18 plan in "Nordby Kommune"), different
from the shipped example, whose figures are easy to compute by hand; tests change its rows
before writing them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from assembler.contract import declaration as c
from assembler.contract.schema import SheetSpec

Sheets = dict[str, list[list[object]]]

YEARS = (2016, 2017, 2018, 2019)

# The plan's promised but unpaid co-financing in 2018, as every report's table shows it:
# Kommunen 150.000 - 100.000, Boligorganisationerne 55.000 - 0 (empty Indbetalt counts as 0).
UNPAID_2018 = [
    "[table: Light List Accent 1]",
    "| Kilde | Tilsagn (kr.) | Indbetalt (kr.) | Mangler (kr.) |",
    "| Kommunen | 150.000 | 100.000 | 50.000 |",
    "| Boligorganisationerne | 55.000 | 0 | 55.000 |",
    "| I alt |  |  | 105.000 |",
]


def header_row(spec: SheetSpec, years: tuple[int, ...] | list[int] = YEARS) -> list[object]:
    """Return a sheet's row 1 as the contract declares it: its columns, then the per-year pairs."""
    return [column.header for column in spec.columns] + [f"{p} {y}" for y in years for p in spec.year_prefixes]


def stamdata_rows(values: dict[str, object]) -> list[list[object]]:
    """Return the Stamdata sheet's rows for values by attribute, each row named as the contract names it."""
    return [header_row(c.STAMDATA), *([c.stamdata_field(a).name, v] for a, v in values.items())]


def record_sheets() -> list[SheetSpec]:
    """Return the sheets every plan has whose rows become records (Bestyrelse, Møder, Fremdrift …)."""
    return [spec for spec in c.SHEETS if spec.record is not None and not spec.optional]


def year_sheets() -> list[SheetSpec]:
    """Return the sheets with a column per year (Budget, Finansiering)."""
    return [spec for spec in c.SHEETS if spec.year_columns]


def plan_sheets() -> Sheets:
    """Return a valid plan, sheet name → rows (row 1 holds the headers, as the contract declares them)."""
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
                "statusaar": 2018,
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
            ["1. Opmærksomhedspunkter vedr. daglig ledelse og bemanning …", "Der blev ansat en ny projektchef."],
            ["2", None],
            ["3", None],
            ["4", None],
            ["S1", "Projekterne nåede i store træk deres mål.\nFædreprojektet er ikke startet."],
            ["S2", None],
            ["3 a", None],
            ["3 b", "Et særligt punkt om udviklingsplanen."],
        ],
        c.FREMDRIFT.name: [
            header_row(c.FREMDRIFT),
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
