"""A year whose budget is above its tilsagn: `check` warns once for it, naming the year and the amount."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from assembler.contract.coverage import UncoveredYear, uncovered_years
from tests.factory import Sheets, column_of, write_workbook
from tests.reports import example_plan, plan_of

CLI = Callable[..., Result]
# Landsbyggefonden, the municipality and the housing organisations promise 820.000 kr. a year, the budget's sum.
TILSAGN = 820_000


def check_lines(cli: CLI, inputs: Path, sheets: Sheets) -> list[str]:
    """Write the plan, run `assembler check` (which passes: warnings only), and return its lines on stderr."""
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = cli("check", inputs)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["solbakken.xlsx: ingen fejl", "1 af 1 helhedsplan uden fejl."]
    return result.stderr.splitlines()


def test_the_example_warns_for_2025_and_2026(cli: CLI, example_inputs: Path) -> None:
    result = cli("check", example_inputs)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "engparken.xlsx › Budget!G1 (advarsel): budgettet for 2025 er 7.500 kr. højere end årets tilsagn "
        "(2.907.500 kr. mod 2.900.000 kr. i arket Finansiering). Find pengene, eller aftal et ændret budget med "
        "Landsbyggefonden",
        "engparken.xlsx › Budget!I1 (advarsel): budgettet for 2026 er 47.500 kr. højere end årets tilsagn "
        "(2.847.500 kr. mod 2.800.000 kr. i arket Finansiering). Find pengene, eller aftal et ændret budget med "
        "Landsbyggefonden",
    ]
    plan = example_plan()
    assert uncovered_years(plan.budget, plan.financing, plan.years) == (
        UncoveredYear(2025, 2_907_500, 2_900_000),
        UncoveredYear(2026, 2_847_500, 2_800_000),
    )


def test_a_budget_equal_to_its_tilsagn_gives_no_warning(cli: CLI, inputs: Path, sheets: Sheets) -> None:
    assert check_lines(cli, inputs, sheets) == []


def test_one_year_above_its_tilsagn_is_one_warning_at_its_budget_column(
    cli: CLI, inputs: Path, sheets: Sheets
) -> None:
    sheets["Budget"][1][column_of(sheets, "Budget", "Budget 2019")] = 612_500  # Projektchef, 12.500 kr. more
    assert check_lines(cli, inputs, sheets) == [
        "solbakken.xlsx › Budget!I1 (advarsel): budgettet for 2019 er 12.500 kr. højere end årets tilsagn "
        "(832.500 kr. mod 820.000 kr. i arket Finansiering). Find pengene, eller aftal et ændret budget med "
        "Landsbyggefonden"
    ]


def test_a_year_without_tilsagn_is_not_compared(sheets: Sheets) -> None:
    for row in sheets["Finansiering"][1:]:
        row[column_of(sheets, "Finansiering", "Tilsagn 2019")] = None
    plan = plan_of(sheets)
    assert uncovered_years(plan.budget, plan.financing, plan.years) == ()


@pytest.mark.parametrize(("budget", "uncovered"), [(TILSAGN - 1, False), (TILSAGN, False), (TILSAGN + 1, True)])
def test_only_a_budget_above_the_tilsagn_is_uncovered(sheets: Sheets, budget: int, uncovered: bool) -> None:
    sheets["Budget"][1][column_of(sheets, "Budget", "Budget 2017")] = budget - 220_000  # the other posts' 220.000
    plan = plan_of(sheets)
    expected = (UncoveredYear(2017, budget, TILSAGN),) if uncovered else ()
    assert uncovered_years(plan.budget, plan.financing, plan.years) == expected
