"""The input workbook's contract: which sheets, which columns, which Stamdata fields."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """What a cell must hold; the validator parses and the blank workbook formats by it."""

    TEXT = "tekst"
    DATE = "dato"
    YEAR = "årstal"
    NUMBER = "tal"
    AMOUNT = "beløb"
    YES_NO = "Ja/Nej"
    STATUS = "status"
    INDSATSOMRAADE = "indsatsområde"
    KATEGORI = "kategori"
    FRAME = "bevillingsramme"
    AFSNIT = "afsnit"
    REFERAT_POINT = "punkt"


@dataclass(frozen=True)
class Column:
    """A column of a sheet, named by its header in row 1."""

    header: str
    kind: Kind = Kind.TEXT
    required: bool = True
    width: int = 18


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the contract; `year_columns` name the per-year column pairs that follow."""

    name: str
    columns: tuple[Column, ...]
    year_columns: tuple[str, ...] = ()
    optional: bool = False
    negative_amounts: bool = False  # the per-year amounts may be negative (income in the budget)


@dataclass(frozen=True)
class FieldSpec:
    """A row of the Stamdata sheet."""

    name: str
    attribute: str
    kind: Kind
    required: bool = False
    max_length: int | None = None


STAMDATA = SheetSpec("Stamdata", (Column("Felt", width=48), Column("Værdi", width=48)))
BESTYRELSE = SheetSpec(
    "Bestyrelse",
    (
        Column("Navn", width=28),
        Column("Titel", width=28),
        Column("Organisation", width=28),
        Column("Indtrådt", Kind.DATE, width=12),
        Column("Udtrådt", Kind.DATE, width=12),
        Column("Deltager i etårsstatus", Kind.YES_NO, width=12),
        Column("Bemærkning", required=False, width=40),
    ),
)
MOEDER = SheetSpec(
    "Møder",
    (
        Column("Dato", Kind.DATE, width=12),
        Column("Mødetype", required=False, width=24),
        Column("Bemærkning", required=False, width=40),
    ),
)
OPMAERKSOMHEDSPUNKTER = SheetSpec(
    "Opmærksomhedspunkter",
    (
        Column("Afsnit", Kind.AFSNIT, width=60),
        Column("Tekst", width=100),
    ),
)
FREMDRIFT = SheetSpec(
    "Fremdrift",
    (
        Column("Indsatsområde", Kind.INDSATSOMRAADE, width=30),
        Column("Delaftale", width=28),
        Column("Aktivitet", width=30),
        Column("Succeskriterie", width=40),
        Column("Måltal", Kind.NUMBER, width=10),
        Column("Resultat", Kind.NUMBER, width=10),
        Column("Status", Kind.STATUS, width=14),
        Column("Kommentar", required=False, width=40),
    ),
)
BUDGET = SheetSpec(
    "Budget",
    (Column("Post", width=30), Column("Kategori", Kind.KATEGORI, width=16)),
    year_columns=("Budget", "Regnskab"),
    negative_amounts=True,
)
FINANSIERING = SheetSpec("Finansiering", (Column("Kilde", width=26),), year_columns=("Tilsagn", "Indbetalt"))

DELTAGERE = SheetSpec(
    "Deltagere",
    (
        Column("Navn", width=28),
        Column("Rolle", width=30),
        Column("Organisation", width=28),
        Column("Referent", Kind.YES_NO, width=10),
    ),
    optional=True,
)
REFERAT = SheetSpec(
    "Referat", (Column("Punkt", Kind.REFERAT_POINT, width=60), Column("Tekst", width=100)), optional=True
)
INDSATSOMRAADER = SheetSpec("Indsatsområder", (Column("Indsatsområde", width=40),), optional=True)

SHEETS = (
    STAMDATA,
    BESTYRELSE,
    MOEDER,
    OPMAERKSOMHEDSPUNKTER,
    FREMDRIFT,
    BUDGET,
    FINANSIERING,
    DELTAGERE,
    REFERAT,
    INDSATSOMRAADER,
)

STAMDATA_FIELDS = (
    # The name fields end up in Word's document properties, which hold at most 255 characters.
    FieldSpec("Helhedsplan", "helhedsplan", Kind.TEXT, required=True, max_length=200),
    FieldSpec("Boligområder", "boligomraader", Kind.TEXT),
    FieldSpec("Boligorganisationer", "boligorganisationer", Kind.TEXT),
    FieldSpec("Kommune", "kommune", Kind.TEXT, required=True, max_length=200),
    FieldSpec("Bevillingsramme", "bevillingsramme", Kind.FRAME, required=True),
    FieldSpec("Periode start", "periode_start", Kind.DATE),
    FieldSpec("Periode slut", "periode_slut", Kind.DATE),
    FieldSpec("Statusår", "statusaar", Kind.YEAR, required=True),
    FieldSpec("Statusdato", "statusdato", Kind.DATE),
    FieldSpec("Projektleder", "projektleder", Kind.TEXT, max_length=200),
    FieldSpec("Mødeindkaldelser og referater udsendt rettidigt", "rettidig_udsendelse", Kind.YES_NO),
    FieldSpec("Mødedato for ét-årseftersyn", "moededato_eftersyn", Kind.DATE),
)
