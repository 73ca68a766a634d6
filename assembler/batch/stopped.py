"""What staff read when a plan's worker was stopped: a template that did not finish, or the system's kill."""

from __future__ import annotations

from assembler.batch.supervisor import Died, TimedOut
from assembler.danish import format_count


def describe_stopped(stopped: TimedOut | Died) -> str:
    """Return the line for a plan whose worker was stopped, saying what to do."""
    if isinstance(stopped, Died):
        return (
            "bygningen af helhedsplanen blev stoppet af systemet, måske for lidt hukommelse, også da den blev prøvet "
            "igen, så intet er skrevet. Luk andre programmer, eller byg færre helhedsplaner ad gangen (--jobs 1), og "
            "prøv igen"
        )
    seconds = format_count(stopped.seconds, "sekund", "sekunder")
    return (
        f"skabelonen {stopped.step} kan ikke bruges: den blev ikke færdig på {seconds} og er stoppet, så intet er "
        "skrevet for helhedsplanen. Oftest er det en løkke i skabelonen, der aldrig slutter: ret den i Word, og "
        "kontrollér den med assembler templates check (grænsen sættes med --template-timeout)"
    )
