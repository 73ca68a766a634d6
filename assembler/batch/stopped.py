"""What staff read when a worker was stopped: a template that did not finish, or the system's kill."""

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


def describe_stopped_trial(stopped: TimedOut | Died) -> str:
    """Return the line for a template whose trial on the sample plans was stopped, saying what to do."""
    if isinstance(stopped, Died):
        return (
            "den blev stoppet af systemet, måske for lidt hukommelse, da den blev bygget prøvevis med assemblers "
            "eksempler. Luk andre programmer, og prøv igen"
        )
    seconds = format_count(stopped.seconds, "sekund", "sekunder")
    return (
        f"den blev ikke færdig på {seconds}, da den blev bygget prøvevis med assemblers eksempler, og er stoppet. "
        "Oftest er det en løkke i skabelonen, der aldrig slutter: ret den i Word (grænsen sættes med "
        "--template-timeout)"
    )
