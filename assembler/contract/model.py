"""The validated plan: plain dataclasses holding what the workbooks said, typed and checked.

Each field read from a sheet declares the column (or Stamdata row) it comes from; see schema.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from assembler.contract.schema import Kind, column, derived, stamdata_row, year_columns
from assembler.contract.vocabulary import (
    BEVILLINGSRAMMER,
    KATEGORIER,
    RAMMENS_INDSATSOMRAADER,
    STATUSER,
    Frame,
    ReportKind,
)


@dataclass(frozen=True, kw_only=True)
class Stamdata:
    """The plan's master data: the rows of the Stamdata sheet, in the sheet's order."""

    # The name fields end up in Word's document properties, which hold at most 255 characters.
    helhedsplan: str = stamdata_row("Helhedsplan", required=True, max_length=200)
    boligomraader: str = stamdata_row("Boligområder", default="")
    boligorganisationer: str = stamdata_row("Boligorganisationer", default="")
    kommune: str = stamdata_row("Kommune", required=True, max_length=200)
    bevillingsramme: str = stamdata_row("Bevillingsramme", Kind.FRAME, required=True, choices=BEVILLINGSRAMMER)
    periode_start: date | None = stamdata_row("Periode start", Kind.DATE, default=None)
    periode_slut: date | None = stamdata_row("Periode slut", Kind.DATE, default=None)
    statusaar: int = stamdata_row("Statusår", Kind.YEAR, required=True)
    statusdato: date | None = stamdata_row("Statusdato", Kind.DATE, default=None)
    projektleder: str = stamdata_row("Projektleder", max_length=200, default="")
    rettidig_udsendelse: bool | None = stamdata_row(
        "Mødeindkaldelser og referater udsendt rettidigt", Kind.YES_NO, default=None
    )
    moededato_eftersyn: date | None = stamdata_row("Mødedato for ét-årseftersyn", Kind.DATE, default=None)
    # The status report's own name, when the plan's year gives another (vocabulary.toml, [[statusrapporter]]).
    statusrapport: str = stamdata_row("Statusrapport", max_length=60, default="")

    @property
    def years(self) -> range | None:
        """The calendar years of the plan's period, when both ends are given."""
        if self.periode_start is None or self.periode_slut is None:
            return None
        return range(self.periode_start.year, self.periode_slut.year + 1)


@dataclass(frozen=True)
class BoardMember:
    """A member of the helhedsplan's bestyrelse: a row of the Bestyrelse sheet."""

    navn: str = column("Navn", width=28, key=True)
    titel: str = column("Titel", required=False, width=28)
    organisation: str = column("Organisation", required=False, width=28)
    indtraadt: date | None = column("Indtrådt", Kind.DATE, required=False, width=12)
    udtraadt: date | None = column("Udtrådt", Kind.DATE, required=False, width=12)
    deltager: bool = column("Deltager i etårsstatus", Kind.YES_NO, required=False, width=12)
    bemaerkning: str = column("Bemærkning", required=False, may_be_absent=True, width=40, default="")


@dataclass(frozen=True)
class Meeting:
    """A board meeting: a row of the Møder sheet."""

    dato: date = column("Dato", Kind.DATE, width=12, key=True)
    moedetype: str = column("Mødetype", required=False, may_be_absent=True, width=24, default="")
    bemaerkning: str = column("Bemærkning", required=False, may_be_absent=True, width=40, default="")


@dataclass(frozen=True)
class Succeskriterie:
    """A row of the Fremdrift sheet: a succeskriterie of an aktivitet under a delaftale."""

    indsatsomraade: str = column("Indsatsområde", Kind.CHOICE, width=30, choices=RAMMENS_INDSATSOMRAADER, key=True)
    delaftale: str = column("Delaftale", width=28, key=True)
    aktivitet: str = column("Aktivitet", width=30, key=True)
    succeskriterie: str = column("Succeskriterie", width=40, key=True)
    maaltal: Decimal | None = column("Måltal", Kind.NUMBER, required=False, width=10)
    # Each year's own result, not a running total; a year without one has None.
    resultater: dict[int, Decimal | None] = year_columns(
        "Resultat", empty_is_zero=False, kind=Kind.NUMBER, single_is_status_year=True
    )
    # A year's own target, where one is given ('Måltal 2025'); Måltal otherwise. Staff add the columns they need.
    maaltal_aar: dict[int, Decimal | None] = year_columns(
        "Måltal", empty_is_zero=False, kind=Kind.NUMBER, every_year=False
    )
    status: str = column("Status", Kind.CHOICE, width=14, choices=STATUSER)
    kommentar: str = column("Kommentar", required=False, may_be_absent=True, width=40, default="")

    def target(self, year: int) -> Decimal | None:
        """Return the year's target: its own Måltal where given, else Måltal."""
        own = self.maaltal_aar.get(year)
        return self.maaltal if own is None else own


@dataclass(frozen=True)
class BudgetPost:
    """A post of the Budget sheet; `regnskab` has None for years not yet closed."""

    post: str = column("Post", width=30, key=True)
    kategori: str = column("Kategori", Kind.CHOICE, width=16, choices=KATEGORIER)
    budget: dict[int, int] = year_columns("Budget", empty_is_zero=True)
    regnskab: dict[int, int | None] = year_columns("Regnskab", empty_is_zero=False)


@dataclass(frozen=True)
class FinancingSource:
    """A source of the Finansiering sheet; `indbetalt` has None where nothing is entered."""

    kilde: str = column("Kilde", width=26, key=True)
    tilsagn: dict[int, int] = year_columns("Tilsagn", empty_is_zero=True)
    indbetalt: dict[int, int | None] = year_columns("Indbetalt", empty_is_zero=False)
    is_landsbyggefonden: bool = derived(False)


@dataclass(frozen=True)
class Participant:
    """A participant in a meeting with LBF (the ét-årseftersyn in the first year): a row of the Deltagere sheet."""

    navn: str = column("Navn", width=28, key=True)
    rolle: str = column("Rolle", required=False, width=30)
    organisation: str = column("Organisation", required=False, width=28)
    referent: bool = column("Referent", Kind.YES_NO, required=False, width=10)
    aar: int | None = column("År", Kind.YEAR, required=False, may_be_absent=True, width=8, default=None, key=True)


@dataclass(frozen=True)
class Minutes:
    """The minutes of the statusår's meeting with LBF: its date, participants and the staff's text per agenda point."""

    moededato: date
    participants: list[Participant]
    points: dict[str, list[str]]


@dataclass(frozen=True)
class StatusReport:
    """The status report that fits the plan's statusår: its name and kind, and which year of how many it is."""

    name: str
    kind: ReportKind
    year_number: int | None = None  # None without a period
    year_count: int | None = None

    @property
    def referat(self) -> str:
        """The title of the referat of the statusår's meeting."""
        return self.kind.referat


@dataclass(frozen=True)
class Plan:
    """Everything one helhedsplan's workbooks hold, validated."""

    name: str
    stamdata: Stamdata
    frame: Frame
    status_report: StatusReport
    board: list[BoardMember] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    afsnit: dict[str, str] = field(default_factory=dict)
    fremdrift: list[Succeskriterie] = field(default_factory=list)
    budget: list[BudgetPost] = field(default_factory=list)
    financing: list[FinancingSource] = field(default_factory=list)
    years: tuple[int, ...] = ()
    referat: Minutes | None = None
