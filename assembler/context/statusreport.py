"""The status report's part of the context: the name that fits the plan's year, for titles, file and footer."""

from __future__ import annotations

from dataclasses import dataclass

from assembler.context.base import felt, lower_first
from assembler.contract.model import StatusReport
from assembler.figures.development import Development


@dataclass(frozen=True)
class Rapport:
    """Statusrapporten, der passer til planens år, og referatet af årets møde med LBF."""

    navn: str = felt(
        "Statusrapportens navn: Etårsstatus, Midtvejsstatus, Årsstatus, Slutstatus (vocabulary.toml) eller "
        "Statusrapport fra Stamdata",
        "Årsstatus",
    )
    navn_i_tekst: str = felt("Navnet med lille forbogstav, til løbende tekst", "årsstatus")
    referat: str = felt("Titlen på referatet af årets møde med LBF", "Referat af årsstatusmøde")
    modtager: str = felt("Hvem statusrapporten er til (vocabulary.toml)", "bestyrelsen")
    aar_nummer: str = felt("Statusårets nummer i perioden, tom uden periode", "3")
    aar_i_alt: str = felt("Antal år i perioden, tom uden periode", "4")
    viser_udvikling: bool = felt("Sand, når statusrapporten viser udviklingen over årene (se udvikling)", "True")


def report_context(report: StatusReport, development: Development) -> Rapport:
    """Return the status report's names, and whether it shows the development over the years."""
    return Rapport(
        navn=report.name,
        navn_i_tekst=lower_first(report.name),
        referat=report.referat,
        modtager=report.kind.readers,
        aar_nummer="" if report.year_number is None else str(report.year_number),
        aar_i_alt="" if report.year_count is None else str(report.year_count),
        viser_udvikling=report.kind.development and development.shown,
    )
