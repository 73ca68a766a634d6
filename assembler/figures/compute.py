"""The report figures, computed once from the validated plan: integers and exact fractions."""

from __future__ import annotations

from dataclasses import dataclass

from assembler.contract.model import Plan
from assembler.contract.vocabulary import Vocabulary
from assembler.figures.development import Development, development_figures
from assembler.figures.economy import Economy, economy_figures
from assembler.figures.progress import Progress, progress_figures


@dataclass(frozen=True)
class Figures:
    """Every figure the reports show."""

    progress: Progress
    economy: Economy
    development: Development


def compute_figures(plan: Plan, vocabulary: Vocabulary) -> Figures:
    """Compute the progress, economy and development figures of a plan."""
    return Figures(progress_figures(plan, vocabulary), economy_figures(plan, vocabulary), development_figures(plan))
