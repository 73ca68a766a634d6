"""The development over the years: each succeskriterie's result year by year against its target."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from assembler.contract.model import Plan, Succeskriterie
from assembler.figures.progress import ratio_of


@dataclass(frozen=True)
class YearResult:
    """A succeskriterie's result in one year against that year's target; None where there is none."""

    year: int
    result: Decimal | None
    target: Decimal | None

    @property
    def ratio(self) -> Fraction | None:
        """The result over the target; None when either is missing or the target is 0."""
        return ratio_of(self.result, self.target)


@dataclass(frozen=True)
class CriterionDevelopment:
    """One succeskriterie's results from the period's first year to the statusår."""

    item: Succeskriterie
    years: tuple[YearResult, ...]

    @property
    def common_target(self) -> Decimal | None:
        """The target when every year has the same one, else None."""
        targets = {y.target for y in self.years}
        return targets.pop() if len(targets) == 1 else None


@dataclass(frozen=True)
class AreaDevelopment:
    """The development of an indsatsområde's succeskriterier, in workbook order."""

    name: str
    criteria: tuple[CriterionDevelopment, ...]


@dataclass(frozen=True)
class Development:
    """The plan's development: the years up to the statusår, and whether there is a development to show.

    There is one when some succeskriterie has a result in a year before the statusår (so never in
    the first year, nor from the older single Resultat column, which holds only the statusår's).
    """

    years: tuple[int, ...]
    areas: tuple[AreaDevelopment, ...]
    shown: bool


def development_figures(plan: Plan) -> Development:
    """Return every succeskriterie's results year by year, by indsatsområde in the frame's order."""
    years = tuple(y for y in plan.years if y <= plan.stamdata.statusaar)
    areas = tuple(
        AreaDevelopment(area, tuple(criterion(row, years) for row in plan.fremdrift if row.indsatsomraade == area))
        for area in plan.frame.indsatsomraader
        if any(row.indsatsomraade == area for row in plan.fremdrift)
    )
    earlier = any(row.resultater.get(y) is not None for row in plan.fremdrift for y in years[:-1])
    return Development(years, areas, earlier)


def criterion(item: Succeskriterie, years: tuple[int, ...]) -> CriterionDevelopment:
    """Return one succeskriterie's result and target in each year."""
    return CriterionDevelopment(item, tuple(YearResult(y, item.resultater.get(y), item.target(y)) for y in years))
