"""Whether each year's tilsagn covers its budget: the one rule `check` warns by and the reports state.

A year is compared when it has tilsagn in the Finansiering sheet: a year without any says nothing
about whether its budget is covered, only that its tilsagn is not registered (yet).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assembler.contract import declaration as c
from assembler.contract.model import BudgetPost, FinancingSource, Plan
from assembler.contract.tables import Problems, Table
from assembler.danish import format_integer


@dataclass(frozen=True)
class UncoveredYear:
    """A year whose budget is above its tilsagn: the money must be found, or a new budget agreed with LBF."""

    year: int
    budget: int
    tilsagn: int

    @property
    def shortfall(self) -> int:
        """How much the budget is above the tilsagn."""
        return self.budget - self.tilsagn


def uncovered_years(
    budget: list[BudgetPost], financing: list[FinancingSource], years: Iterable[int]
) -> tuple[UncoveredYear, ...]:
    """Return the years with tilsagn whose budget (every post's) is above it (every source's), in order."""
    totals = ((y, sum(p.budget.get(y, 0) for p in budget), sum(s.tilsagn.get(y, 0) for s in financing)) for y in years)
    return tuple(UncoveredYear(y, b, t) for y, b, t in totals if 0 < t < b)


def warn_uncovered_years(plan: Plan, budget: Table, problems: Problems) -> None:
    """Warn once for each year whose budget is above its tilsagn, at the year's column in the Budget sheet."""
    columns = budget.year_columns[c.BUDGET.year_prefixes[0]]
    for year in uncovered_years(plan.budget, plan.financing, plan.years):
        problems.warn(
            budget.sheet.location(1, columns[year.year]),
            f"budgettet for {year.year} er {format_integer(year.shortfall)} kr. højere end årets tilsagn "
            f"({format_integer(year.budget)} kr. mod {format_integer(year.tilsagn)} kr. i arket "
            f"{c.FINANSIERING.name}). Find pengene, eller aftal et ændret budget med Landsbyggefonden",
        )
