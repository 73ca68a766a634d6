"""The validated plan: plain dataclasses holding what the workbooks said, typed and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from assembler.contract.vocabulary import Frame


@dataclass(frozen=True)
class Stamdata:
    """The plan's master data from the Stamdata sheet."""

    helhedsplan: str
    kommune: str
    bevillingsramme: str
    statusaar: int
    boligomraader: str = ""
    boligorganisationer: str = ""
    periode_start: date | None = None
    periode_slut: date | None = None
    statusdato: date | None = None
    projektleder: str = ""
    rettidig_udsendelse: bool | None = None
    moededato_eftersyn: date | None = None

    @property
    def years(self) -> range | None:
        """The calendar years of the plan's period, when both ends are given."""
        if self.periode_start is None or self.periode_slut is None:
            return None
        return range(self.periode_start.year, self.periode_slut.year + 1)


@dataclass(frozen=True)
class BoardMember:
    """A member of the helhedsplan's bestyrelse."""

    navn: str
    titel: str
    organisation: str
    indtraadt: date | None
    udtraadt: date | None
    deltager: bool
    bemaerkning: str = ""


@dataclass(frozen=True)
class Meeting:
    """A board meeting."""

    dato: date
    moedetype: str = ""
    bemaerkning: str = ""


@dataclass(frozen=True)
class Succeskriterie:
    """One row of the Fremdrift sheet: a succeskriterie of an aktivitet under a delaftale."""

    indsatsomraade: str
    delaftale: str
    aktivitet: str
    succeskriterie: str
    maaltal: Decimal | None
    resultat: Decimal | None
    status: str
    kommentar: str = ""


@dataclass(frozen=True)
class BudgetPost:
    """One post of the Budget sheet; `regnskab` has None for years not yet closed."""

    post: str
    kategori: str
    budget: dict[int, int]
    regnskab: dict[int, int | None]


@dataclass(frozen=True)
class FinancingSource:
    """One source in the Finansiering sheet; `indbetalt` has None where nothing is entered."""

    kilde: str
    tilsagn: dict[int, int]
    indbetalt: dict[int, int | None]
    is_landsbyggefonden: bool = False


@dataclass(frozen=True)
class Participant:
    """A participant in the ét-årseftersyn with LBF."""

    navn: str
    rolle: str
    organisation: str
    referent: bool


@dataclass(frozen=True)
class Minutes:
    """The minutes of the ét-årseftersyn: participants and the staff's text per agenda point."""

    moededato: date
    participants: list[Participant]
    points: dict[str, list[str]]


@dataclass(frozen=True)
class Plan:
    """Everything one helhedsplan's workbooks hold, validated."""

    name: str
    stamdata: Stamdata
    frame: Frame
    board: list[BoardMember] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    afsnit: dict[str, str] = field(default_factory=dict)
    fremdrift: list[Succeskriterie] = field(default_factory=list)
    budget: list[BudgetPost] = field(default_factory=list)
    financing: list[FinancingSource] = field(default_factory=list)
    years: tuple[int, ...] = ()
    referat: Minutes | None = None
