"""The input workbook's contract: which sheets, which columns, which Stamdata fields."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from assembler.contract.model import BoardMember, BudgetPost, FinancingSource, Meeting, Participant, Succeskriterie


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
class KnownNames:
    """Names staff know up front; they go into Stamdata and name Finansiering's sources."""

    helhedsplan: str = ""
    kommune: str = ""
    boligorganisationer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """A column of a sheet, named by its header in row 1, filling one attribute of the sheet's record.

    `required`: the cell must be filled; `may_be_absent`: the whole column may be left out.
    """

    header: str
    attribute: str
    kind: Kind = Kind.TEXT
    required: bool = True
    may_be_absent: bool = False
    width: int = 18


@dataclass(frozen=True)
class YearColumns:
    """A column per year ('Budget 2019', 'Budget 2020' …) filling a record's {year: amount} attribute.

    An empty cell is 0 when `empty_is_zero`, else None (a year without regnskab or indbetalt yet).
    """

    prefix: str
    attribute: str
    empty_is_zero: bool


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the contract and the record each of its rows becomes (None: read by its own reader).

    `derived` names record attributes the reader computes rather than reads; `total_rows` says that
    a row naming a total ('I alt') with nothing else in its text columns is skipped.
    """

    name: str
    columns: tuple[Column, ...]
    record: type | None = None
    year_columns: tuple[YearColumns, ...] = ()
    optional: bool = False
    negative_amounts: bool = False  # the per-year amounts may be negative (income in the budget)
    total_rows: bool = False
    derived: tuple[str, ...] = ()

    def header(self, attribute: str) -> str:
        """Return the header of the column filling an attribute."""
        return next(column.header for column in self.columns if column.attribute == attribute)

    @property
    def year_prefixes(self) -> tuple[str, ...]:
        """The prefixes of the per-year columns, e.g. ('Budget', 'Regnskab')."""
        return tuple(y.prefix for y in self.year_columns)


@dataclass(frozen=True)
class FieldSpec:
    """A row of the Stamdata sheet."""

    name: str
    attribute: str
    kind: Kind
    required: bool = False
    max_length: int | None = None


STAMDATA = SheetSpec(
    "Stamdata", (Column("Felt", "field", width=48), Column("Værdi", "value", required=False, width=48))
)
BESTYRELSE = SheetSpec(
    "Bestyrelse",
    (
        Column("Navn", "navn", width=28),
        Column("Titel", "titel", required=False, width=28),
        Column("Organisation", "organisation", required=False, width=28),
        Column("Indtrådt", "indtraadt", Kind.DATE, required=False, width=12),
        Column("Udtrådt", "udtraadt", Kind.DATE, required=False, width=12),
        Column("Deltager i etårsstatus", "deltager", Kind.YES_NO, required=False, width=12),
        Column("Bemærkning", "bemaerkning", required=False, may_be_absent=True, width=40),
    ),
    record=BoardMember,
)
MOEDER = SheetSpec(
    "Møder",
    (
        Column("Dato", "dato", Kind.DATE, width=12),
        Column("Mødetype", "moedetype", required=False, may_be_absent=True, width=24),
        Column("Bemærkning", "bemaerkning", required=False, may_be_absent=True, width=40),
    ),
    record=Meeting,
)
OPMAERKSOMHEDSPUNKTER = SheetSpec(
    "Opmærksomhedspunkter",
    (
        Column("Afsnit", "point", Kind.AFSNIT, width=60),
        Column("Tekst", "text", required=False, width=100),
    ),
)
FREMDRIFT = SheetSpec(
    "Fremdrift",
    (
        Column("Indsatsområde", "indsatsomraade", Kind.INDSATSOMRAADE, width=30),
        Column("Delaftale", "delaftale", width=28),
        Column("Aktivitet", "aktivitet", width=30),
        Column("Succeskriterie", "succeskriterie", width=40),
        Column("Måltal", "maaltal", Kind.NUMBER, required=False, width=10),
        Column("Resultat", "resultat", Kind.NUMBER, required=False, width=10),
        Column("Status", "status", Kind.STATUS, width=14),
        Column("Kommentar", "kommentar", required=False, may_be_absent=True, width=40),
    ),
    record=Succeskriterie,
)
BUDGET = SheetSpec(
    "Budget",
    (Column("Post", "post", width=30), Column("Kategori", "kategori", Kind.KATEGORI, width=16)),
    record=BudgetPost,
    year_columns=(YearColumns("Budget", "budget", empty_is_zero=True), YearColumns("Regnskab", "regnskab", False)),
    negative_amounts=True,
    total_rows=True,
)
FINANSIERING = SheetSpec(
    "Finansiering",
    (Column("Kilde", "kilde", width=26),),
    record=FinancingSource,
    year_columns=(YearColumns("Tilsagn", "tilsagn", empty_is_zero=True), YearColumns("Indbetalt", "indbetalt", False)),
    total_rows=True,
    derived=("is_landsbyggefonden",),
)

DELTAGERE = SheetSpec(
    "Deltagere",
    (
        Column("Navn", "navn", width=28),
        Column("Rolle", "rolle", required=False, width=30),
        Column("Organisation", "organisation", required=False, width=28),
        Column("Referent", "referent", Kind.YES_NO, required=False, width=10),
    ),
    record=Participant,
    optional=True,
)
REFERAT = SheetSpec(
    "Referat",
    (Column("Punkt", "point", Kind.REFERAT_POINT, width=60), Column("Tekst", "text", required=False, width=100)),
    optional=True,
)
INDSATSOMRAADER = SheetSpec("Indsatsområder", (Column("Indsatsområde", "indsatsomraade", width=40),), optional=True)

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


def stamdata_field(attribute: str) -> FieldSpec:
    """Return the Stamdata field filling an attribute."""
    return next(spec for spec in STAMDATA_FIELDS if spec.attribute == attribute)
