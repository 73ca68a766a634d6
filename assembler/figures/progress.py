"""Progress figures: activities by status and målopfyldelse of succeskriterier, by area and delaftale."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from assembler.contract.model import Plan, Succeskriterie
from assembler.contract.vocabulary import Band, Vocabulary, normalize


@dataclass(frozen=True)
class Activity:
    """An aktivitet with its status and the comments of its succeskriterier."""

    indsatsomraade: str
    delaftale: str
    name: str
    status: str
    kommentar: str


@dataclass(frozen=True)
class Attainment:
    """A succeskriterie in the statusår: its result and target, målopfyldelse (None if not computable) and band."""

    item: Succeskriterie
    result: Decimal | None
    target: Decimal | None
    ratio: Fraction | None
    band: str


@dataclass(frozen=True)
class DelaftaleFigures:
    """A delaftale's succeskriterier, in workbook order."""

    name: str
    attainments: tuple[Attainment, ...]


@dataclass(frozen=True)
class Attention:
    """Something the fremdriftsrapport must explain: an activity's status or a low målopfyldelse."""

    indsatsomraade: str
    aktivitet: str
    succeskriterie: str
    reason: str
    kommentar: str


@dataclass(frozen=True)
class AreaProgress:
    """Progress in one indsatsområde."""

    name: str
    status_counts: tuple[tuple[str, int], ...]
    band_counts: tuple[tuple[str, int], ...]
    activities: tuple[Activity, ...]
    attainments: tuple[Attainment, ...]
    delaftaler: tuple[DelaftaleFigures, ...]
    lagging: tuple[Activity, ...]  # not started or delayed: the etårsstatus names them

    @property
    def computable(self) -> tuple[Attainment, ...]:
        """The succeskriterier with both Måltal and Resultat."""
        return tuple(a for a in self.attainments if a.ratio is not None)


@dataclass(frozen=True)
class Progress:
    """Progress of the whole plan in the status year."""

    areas: tuple[AreaProgress, ...]
    status_counts: tuple[tuple[str, int], ...]
    band_counts: tuple[tuple[str, int], ...]
    activity_count: int
    succeskriterie_count: int
    computable_count: int
    attention: tuple[Attention, ...]


def progress_figures(plan: Plan, vocabulary: Vocabulary) -> Progress:
    """Return the plan's progress in the statusår by indsatsområde (in the frame's order) and in total."""
    year = plan.stamdata.statusaar
    areas = tuple(
        area_progress(area, [r for r in plan.fremdrift if r.indsatsomraade == area], year, vocabulary)
        for area in plan.frame.indsatsomraader
        if any(r.indsatsomraade == area for r in plan.fremdrift)
    )
    all_activities = [a for area in areas for a in area.activities]
    all_attainments = [a for area in areas for a in area.attainments]
    return Progress(
        areas=areas,
        status_counts=count_by(vocabulary.statuses, (a.status for a in all_activities)),
        band_counts=count_by(band_names(vocabulary), (a.band for a in all_attainments)),
        activity_count=len(all_activities),
        succeskriterie_count=len(all_attainments),
        computable_count=sum(1 for a in all_attainments if a.ratio is not None),
        attention=tuple(attention_items(areas, vocabulary)),
    )


def area_progress(name: str, rows: list[Succeskriterie], year: int, vocabulary: Vocabulary) -> AreaProgress:
    """Return one indsatsområde's figures in a year."""
    acts = activities(rows)
    attainments = tuple(attainment(row, year, vocabulary.bands) for row in rows)
    delaftaler: dict[str, list[Attainment]] = {}
    for item in attainments:
        delaftaler.setdefault(item.item.delaftale, []).append(item)
    return AreaProgress(
        name=name,
        status_counts=count_by(vocabulary.statuses, (a.status for a in acts)),
        band_counts=count_by(band_names(vocabulary), (a.band for a in attainments)),
        activities=tuple(acts),
        attainments=attainments,
        delaftaler=tuple(DelaftaleFigures(n, tuple(items)) for n, items in delaftaler.items()),
        lagging=tuple(a for a in acts if a.status in vocabulary.attention_etaarsstatus),
    )


def activities(rows: Iterable[Succeskriterie]) -> list[Activity]:
    """Group succeskriterier into activities, in workbook order, joining their comments."""
    grouped: dict[tuple[str, str, str], list[Succeskriterie]] = {}
    for row in rows:
        key = (normalize(row.indsatsomraade), normalize(row.delaftale), normalize(row.aktivitet))
        grouped.setdefault(key, []).append(row)
    result = []
    for items in grouped.values():
        first = items[0]
        comments = list(dict.fromkeys(i.kommentar for i in items if i.kommentar))
        result.append(
            Activity(first.indsatsomraade, first.delaftale, first.aktivitet, first.status, " ".join(comments))
        )
    return result


def attainment(item: Succeskriterie, year: int, bands: tuple[Band, ...]) -> Attainment:
    """Return a year's result over its target and its band; not computable when either is missing or the target is 0."""
    result, target = item.resultater.get(year), item.target(year)
    ratio = ratio_of(result, target)
    return Attainment(item, result, target, ratio, bands[-1].name if ratio is None else band_of(ratio, bands))


def ratio_of(result: Decimal | None, target: Decimal | None) -> Fraction | None:
    """Return result over target; None when either is missing or the target is 0."""
    if result is None or target is None or target == 0:
        return None
    numerator, numerator_denominator = result.as_integer_ratio()
    denominator, denominator_denominator = target.as_integer_ratio()
    # From integers: one Fraction rather than three (one from each Decimal, then their quotient).
    return Fraction(numerator * denominator_denominator, numerator_denominator * denominator)


def band_of(ratio: Fraction, bands: tuple[Band, ...]) -> str:
    """Return the name of the highest band whose lower bound the ratio reaches."""
    percent = ratio * 100
    for band in bands:
        if band.from_percent is not None and percent >= band.from_percent:
            return band.name
    return bands[-2].name


def band_names(vocabulary: Vocabulary) -> tuple[str, ...]:
    """Return the band names in report order (highest first, 'not computable' last)."""
    return tuple(b.name for b in vocabulary.bands)


def count_by(names: tuple[str, ...], values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Count values per name, keeping every name (with 0) in the given order."""
    found = list(values)
    return tuple((name, found.count(name)) for name in names)


def attention_items(areas: tuple[AreaProgress, ...], vocabulary: Vocabulary) -> list[Attention]:
    """Return activities with an attention status and succeskriterier below the lowest met band."""
    low_band = vocabulary.bands[-2].name
    items = []
    for area in areas:
        for activity in area.activities:
            if activity.status in vocabulary.attention_fremdrift:
                items.append(Attention(area.name, activity.name, "", activity.status, activity.kommentar))
        for item in area.attainments:
            if item.band == low_band and item.item.status not in vocabulary.attention_fremdrift:
                row = item.item
                items.append(Attention(area.name, row.aktivitet, row.succeskriterie, low_band, row.kommentar))
    return items
