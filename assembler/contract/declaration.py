"""The input workbook's contract: which sheets it has, in order; each sheet's columns come from its record."""

from __future__ import annotations

from dataclasses import dataclass

from assembler.contract.model import (
    BoardMember,
    BudgetPost,
    FinancingSource,
    Meeting,
    Participant,
    Stamdata,
    Succeskriterie,
)
from assembler.contract.schema import Column, FieldSpec, Kind, SheetSpec, stamdata_fields_of
from assembler.contract.vocabulary import AFSNIT, REFERATPUNKTER


@dataclass(frozen=True)
class KnownNames:
    """Names staff know up front; they go into Stamdata and name Finansiering's sources."""

    helhedsplan: str = ""
    kommune: str = ""
    boligorganisationer: tuple[str, ...] = ()


STAMDATA = SheetSpec(
    "Stamdata",
    own_columns=(
        Column("Felt", required=False, width=48, attribute="field"),  # a row without a known name is skipped
        Column("Værdi", required=False, width=48, attribute="value"),
    ),
)
BESTYRELSE = SheetSpec("Bestyrelse", BoardMember)
MOEDER = SheetSpec("Møder", Meeting)
# The statusår a text is about; a text without one comes back every year (with a warning).
AAR = Column("År", Kind.YEAR, required=False, may_be_absent=True, width=8, attribute="aar")
OPMAERKSOMHEDSPUNKTER = SheetSpec(
    "Opmærksomhedspunkter",
    own_columns=(
        Column("Afsnit", Kind.POINT, width=60, choices=AFSNIT, attribute="point"),
        Column("Tekst", required=False, width=100, attribute="text"),
        AAR,
    ),
)
FREMDRIFT = SheetSpec("Fremdrift", Succeskriterie)
BUDGET = SheetSpec("Budget", BudgetPost, negative_amounts=True, total_rows=True)
FINANSIERING = SheetSpec("Finansiering", FinancingSource, total_rows=True)
DELTAGERE = SheetSpec("Deltagere", Participant, optional=True)
REFERAT = SheetSpec(
    "Referat",
    own_columns=(
        Column("Punkt", Kind.POINT, width=60, choices=REFERATPUNKTER, attribute="point"),
        Column("Tekst", required=False, width=100, attribute="text"),
        AAR,  # the year the meeting reviews: the meeting in March 2026 reviews 2025
        # The meeting's date, on at least one of its rows; for the statusår's meeting, Stamdata's
        # Mødedato for ét-årseftersyn may give it instead.
        Column("Mødedato", Kind.DATE, required=False, may_be_absent=True, width=12, attribute="moededato"),
    ),
    optional=True,
)
# Read only when Stamdata's Bevillingsramme is the word for a plan's own list (see vocabulary.toml).
INDSATSOMRAADER = SheetSpec(
    "Indsatsområder", own_columns=(Column("Indsatsområde", width=40, attribute="indsatsomraade"),), optional=True
)

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

STAMDATA_FIELDS: tuple[FieldSpec, ...] = stamdata_fields_of(Stamdata)


def stamdata_field(attribute: str) -> FieldSpec:
    """Return the Stamdata field filling an attribute."""
    return next(spec for spec in STAMDATA_FIELDS if spec.attribute == attribute)
