"""The status report that fits the plan's statusår, by the rule and names in vocabulary.toml.

A name given in Stamdata (Statusrapport) wins. Otherwise the statusår's place in the period picks
the first of vocabulary.toml's [[statusrapporter]] whose `aar` fits: the first year, the last, the
year that ends the first half (year ⌈n/2⌉ of n), or any other year.
"""

from __future__ import annotations

import math

from assembler.contract import declaration as c
from assembler.contract.model import Stamdata, StatusReport
from assembler.contract.tables import Problems
from assembler.contract.vocabulary import (
    FIRST_YEAR,
    LAST_YEAR,
    MIDWAY,
    OTHER_YEARS,
    ReportKind,
    Vocabulary,
    normalize,
)
from assembler.errors import Location


def status_report(stamdata: Stamdata, vocabulary: Vocabulary, where: Location, problems: Problems) -> StatusReport:
    """Return the statusår's status report; without a period it is the first year's, and a warning says why."""
    own = stamdata.statusrapport
    named = next((k for k in vocabulary.status_reports if normalize(k.name) == normalize(own)), None)
    years = stamdata.years
    if years is None:
        kind = named or vocabulary.report_for(FIRST_YEAR)
        if not own:
            start, end = (c.stamdata_field(a).name for a in ("periode_start", "periode_slut"))
            problems.warn(
                where,
                f"{start} og {end} mangler, så assembler ved ikke, hvilket år af planen {stamdata.statusaar} er; "
                f"statusrapporten hedder derfor {kind.name}. Udfyld perioden, eller skriv rapportens navn i "
                f"feltet {c.stamdata_field('statusrapport').name}",
            )
        return StatusReport(own or kind.name, kind)
    number, count = stamdata.statusaar - years.start + 1, len(years)
    kind = named or kind_of_year(number, count, vocabulary)
    return StatusReport(own or kind.name, kind, number, count)


def kind_of_year(number: int, count: int, vocabulary: Vocabulary) -> ReportKind:
    """Return the first status report in vocabulary.toml that fits year `number` of `count`."""
    fits = {
        FIRST_YEAR: number == 1,
        LAST_YEAR: number == count,
        MIDWAY: number == math.ceil(count / 2),
        OTHER_YEARS: True,
    }
    return next(kind for kind in vocabulary.status_reports if fits[kind.year])
