"""The one list of the documents assembler writes: their keys, templates, and what their files are called.

Light on purpose (the model only for types, Danish dates when a name is made): the command line's
--help reads this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assembler.contract.model import Plan


@dataclass(frozen=True)
class DocumentSpec:
    """One kind of report: its key on the command line, its template and its file's title."""

    key: str
    template: str
    title: str
    needs_referat: bool = False

    def applies_to(self, plan: Plan) -> bool:
        """True when the plan has what the document needs (the referat needs a Referat sheet)."""
        return plan.referat is not None or not self.needs_referat

    @property
    def not_built_because(self) -> str:
        """Say, in Danish, why the document was not built for a plan it does not apply to."""
        from assembler.contract.declaration import REFERAT  # the contract, only once a plan is read

        return f"{self.title} er ikke bygget, fordi arket {REFERAT.name} mangler eller ikke har nogen tekst"

    def filename(self, plan: Plan) -> str:
        """Return the report's file name, e.g. 'Etårsstatus 2019.docx' or 'Referat af … 12.3.2026.docx'."""
        from assembler.danish import format_short_date  # babel, only once a plan is read

        if self.needs_referat and plan.referat is not None:
            return f"{self.title} {format_short_date(plan.referat.moededato)}.docx"
        return f"{self.title} {plan.stamdata.statusaar}.docx"


DOCUMENTS = (
    DocumentSpec("etaarsstatus", "etaarsstatus.docx", "Etårsstatus"),
    DocumentSpec("fremdrift", "fremdrift.docx", "Fremdriftsrapport"),
    DocumentSpec("oekonomi", "oekonomi.docx", "Økonomioversigt"),
    DocumentSpec("referat", "referat.docx", "Referat af ét-årseftersyn", needs_referat=True),
)
