"""The templates' context: every value a template may use, formatted in Danish, documented.

Field names are the template language staff see (`{{ plan.navn }}`), so they are Danish words
written without æ, ø and å. Each field carries a description and an example in its metadata,
which `templates fields` lists, so the documentation cannot drift from what is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass

from assembler.context.base import Chart, ChartSeries, felt
from assembler.context.development import Udvikling, development_context
from assembler.context.economy import Oekonomi, economy_context
from assembler.context.plan import Bestyrelse, Moede, PlanFelter, Punkter, board, meetings, plan_fields, points
from assembler.context.progress import Fremdrift, progress_context
from assembler.context.referat import Referat, referat_context
from assembler.context.statusreport import Rapport, report_context
from assembler.contract.model import Plan
from assembler.contract.vocabulary import Vocabulary
from assembler.figures.compute import Figures

__all__ = ["Chart", "ChartSeries", "Kontekst", "build_context"]


@dataclass(frozen=True)
class Kontekst:
    """Alt, en skabelon kan bruge."""

    plan: PlanFelter = felt("Helhedsplanens stamdata")
    rapport: Rapport = felt("Statusrapportens navn, der passer til planens år, og referatets titel")
    bestyrelse: Bestyrelse = felt("Bestyrelsen i statusåret")
    moeder: list[Moede] = felt("Bestyrelsesmøder i statusåret")
    punkter: Punkter = felt("Sekretariatets tekst til statusrapportens punkter for statusåret")
    fremdrift: Fremdrift = felt("Fremdrift og målopfyldelse")
    udvikling: Udvikling = felt("Udviklingen over årene: resultaterne år for år mod måltallene")
    oekonomi: Oekonomi = felt("Budget, regnskab og finansiering")
    referat: Referat = felt("Referatet af årets møde med LBF (i første år ét-årseftersynet)")


def build_context(plan: Plan, figures: Figures, vocabulary: Vocabulary) -> Kontekst:
    """Return the formatted context for a validated plan and its figures."""
    return Kontekst(
        plan=plan_fields(plan),
        rapport=report_context(plan.status_report, figures.development),
        bestyrelse=board(plan),
        moeder=meetings(plan),
        punkter=points(plan, vocabulary),
        fremdrift=progress_context(figures.progress, figures.development, vocabulary),
        udvikling=development_context(figures.development),
        oekonomi=economy_context(figures.economy, vocabulary),
        referat=referat_context(plan, vocabulary),
    )
