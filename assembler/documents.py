"""The documents assembler writes, where their templates are, and what their files are called."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .danish import format_short_date
from .model import Plan


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

    def filename(self, plan: Plan) -> str:
        """Return the report's file name, e.g. 'Etårsstatus 2019.docx' or 'Referat af … 12.3.2026.docx'."""
        if self.needs_referat and plan.referat is not None:
            return f"{self.title} {format_short_date(plan.referat.moededato)}.docx"
        return f"{self.title} {plan.stamdata.statusaar}.docx"


DOCUMENTS = (
    DocumentSpec("etaarsstatus", "etaarsstatus.docx", "Etårsstatus"),
    DocumentSpec("fremdrift", "fremdrift.docx", "Fremdriftsrapport"),
    DocumentSpec("oekonomi", "oekonomi.docx", "Økonomioversigt"),
    DocumentSpec("referat", "referat.docx", "Referat af ét-årseftersyn", needs_referat=True),
)


def default_template_dir() -> Path:
    """Return the folder of the default templates: inside the installed package, or the repository's."""
    packaged = Path(str(resources.files("assembler"))) / "_templates" / "docx"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates" / "docx"
