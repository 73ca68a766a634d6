"""The referat part of the context: the statusår's meeting with LBF, its date, participants and agenda points."""

from __future__ import annotations

from dataclasses import dataclass

from assembler.context.base import felt
from assembler.context.plan import EkstraPunkt, Punkt, point_fields, split_points
from assembler.contract.model import Participant, Plan
from assembler.contract.vocabulary import Vocabulary
from assembler.danish import format_long_date, format_short_date


@dataclass(frozen=True)
class Deltager:
    """En deltager i årets møde med LBF."""

    navn: str = felt("Navn", "Ole Bak", noegle=True)
    rolle: str = felt("Rolle, kan være tom", "Konsulent")
    organisation: str = felt("Organisation, kan være tom", "Landsbyggefonden")
    beskrivelse: str = felt(
        "»Navn (Rolle, Organisation)«, uden det, der er tomt", "Ole Bak (Konsulent, Landsbyggefonden)"
    )
    referent: bool = felt("Sand for referenten", "False")


@dataclass(frozen=True)
class Referat:
    """Referatet af årets møde med LBF (i første år ét-årseftersynet)."""

    dato: str = felt("Mødets dato i lang form", "12. marts 2026")
    dato_kort: str = felt("Mødets dato i kort form", "12.3.2026")
    deltagere: list[Deltager] = felt("Deltagerne")
    indledning: Punkt = felt("Indledningen før punkt 1 (Punkt 'Indledning' i arket Referat)")
    p1: Punkt = felt("Punkt 1: organisering")
    p2: Punkt = felt("Punkt 2: fremdrift, det strategiske samarbejde og målopfyldelsen")
    p3: Punkt = felt("Punkt 3: økonomi")
    p4: Punkt = felt("Punkt 4: behov for yderligere opfølgning")
    oevrige: list[EkstraPunkt] = felt("Punkter tilføjet i vocabulary.toml ud over dem herover, i deres rækkefølge")


def referat_context(plan: Plan, vocabulary: Vocabulary) -> Referat:
    """Return the minutes as text; empty when the plan has no referat."""
    minutes = plan.referat
    texts = minutes.points if minutes else {}
    named, extra = split_points(
        vocabulary.referat_points, point_fields(Referat), lambda key: "\n".join(texts.get(key, []))
    )
    return Referat(
        dato=format_long_date(minutes.moededato) if minutes else "",
        dato_kort=format_short_date(minutes.moededato) if minutes else "",
        deltagere=[participant(p) for p in minutes.participants] if minutes else [],
        oevrige=extra,
        **named,
    )


def participant(person: Participant) -> Deltager:
    """Return a participant as 'Navn (Rolle, Organisation)'."""
    details = ", ".join(p for p in (person.rolle, person.organisation) if p)
    return Deltager(
        navn=person.navn,
        rolle=person.rolle,
        organisation=person.organisation,
        beskrivelse=f"{person.navn} ({details})" if details else person.navn,
        referent=person.referent,
    )
