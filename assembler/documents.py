"""The one list of the documents assembler writes: their keys, templates, and what their files are called.

Light on purpose (the model only for types, Danish dates when a name is made): the command line's
--help reads this list. The status report and its referat are named by the plan's year (the rule
and the names are in vocabulary.toml): a key names the report of any year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assembler.contract.model import Plan


@dataclass(frozen=True)
class DocumentSpec:
    """One kind of report: its key on the command line, its template and its title.

    `title` is the report's name unless the plan's year names it: the status report
    (`is_status_report`) is the Etårsstatus, Midtvejsstatus, Årsstatus or Slutstatus, and the
    referat (`needs_referat`) is titled for the same year.
    """

    key: str
    template: str
    title: str
    needs_referat: bool = False
    is_status_report: bool = False

    @property
    def starts_from_last_year(self) -> bool:
        """True when `--fra-sidste-år` may start it from last year's: not a referat, the minutes of one meeting."""
        return not self.needs_referat

    def applies_to(self, plan: Plan) -> bool:
        """True when the plan has what the document needs (the referat needs the statusår's text in Referat)."""
        return plan.referat is not None or not self.needs_referat

    def not_built_because(self, plan: Plan) -> str:
        """Say, in Danish, why the document was not built for a plan it does not apply to."""
        from assembler.contract.declaration import REFERAT  # the contract, only once a plan is read

        return (
            f"{self.title_for(plan)} er ikke bygget, fordi arket {REFERAT.name} mangler eller ikke har nogen tekst "
            f"for {plan.stamdata.statusaar}"
        )

    def title_for(self, plan: Plan) -> str:
        """Return the report's name for a plan: 'Årsstatus', 'Referat af ét-årseftersyn', 'Fremdriftsrapport' …"""
        if self.is_status_report:
            return plan.status_report.name
        if self.needs_referat:
            return plan.status_report.referat
        return self.title

    def filename(self, plan: Plan) -> str:
        """Return the report's file name, e.g. 'Midtvejsstatus 2024.docx' or 'Referat af … 12.3.2026.docx'."""
        from assembler.danish import format_short_date  # babel, only once a plan is read

        if self.needs_referat and plan.referat is not None:
            return f"{self.title_for(plan)} {format_short_date(plan.referat.moededato)}.docx"
        return f"{self.title_for(plan)} {plan.stamdata.statusaar}.docx"


DOCUMENTS = (
    DocumentSpec("etaarsstatus", "etaarsstatus.docx", "Statusrapport", is_status_report=True),
    DocumentSpec("fremdrift", "fremdrift.docx", "Fremdriftsrapport"),
    DocumentSpec("oekonomi", "oekonomi.docx", "Økonomioversigt"),
    DocumentSpec("referat", "referat.docx", "Referat", needs_referat=True),
)
