"""The report's figures, computed once from the validated plan: integers and exact fractions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .model import BudgetPost, FinancingSource, Plan, Succeskriterie
from .vocabulary import Vocabulary, normalize

ATTENTION_STATUSES = ("Ikke igangsat", "Forsinket")


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
    """The målopfyldelse of one succeskriterie: Resultat over Måltal, None when not computable."""

    item: Succeskriterie
    ratio: Fraction | None


@dataclass(frozen=True)
class AreaFigures:
    """Progress figures for one indsatsområde."""

    name: str
    status_counts: tuple[tuple[str, int], ...]
    activity_count: int
    attainments: tuple[Attainment, ...]
    attention: tuple[Activity, ...]


@dataclass(frozen=True)
class Spending:
    """Budget against regnskab for one line (a category or the total) in one year."""

    label: str
    budget: int
    regnskab: int | None

    @property
    def forbrug(self) -> Fraction | None:
        """Regnskab as a share of the budget; None without regnskab or a positive budget."""
        if self.regnskab is None or self.budget <= 0:
            return None
        return Fraction(self.regnskab, self.budget)

    @property
    def uforbrugt(self) -> int | None:
        """Budget minus regnskab (negative when over budget)."""
        return None if self.regnskab is None else self.budget - self.regnskab


@dataclass(frozen=True)
class BudgetYear:
    """Budget and regnskab by Kategori for one year; regnskab is None until the year is closed."""

    year: int
    categories: tuple[Spending, ...]
    total: Spending

    @property
    def closed(self) -> bool:
        """True when some regnskab is entered for the year."""
        return self.total.regnskab is not None


@dataclass(frozen=True)
class SourceFinancing:
    """Tilsagn and indbetalt for one source in one year."""

    kilde: str
    tilsagn: int
    indbetalt: int
    is_landsbyggefonden: bool

    @property
    def unpaid(self) -> int:
        """Promised but not paid (never below zero)."""
        return max(self.tilsagn - self.indbetalt, 0)


@dataclass(frozen=True)
class FinancingYear:
    """The financing of one year and the local co-financing's share of all tilsagn."""

    year: int
    sources: tuple[SourceFinancing, ...]
    total_tilsagn: int
    local_tilsagn: int
    floor: Fraction

    @property
    def local_share(self) -> Fraction | None:
        """Tilsagn of every source but LBF over all tilsagn; None when nothing is promised."""
        return Fraction(self.local_tilsagn, self.total_tilsagn) if self.total_tilsagn else None

    @property
    def below_floor(self) -> bool:
        """True when the local share is under LBF's floor (25 %)."""
        return self.local_share is not None and self.local_share < self.floor

    @property
    def cofinancing(self) -> tuple[SourceFinancing, ...]:
        """The local sources, i.e. every source but Landsbyggefonden."""
        return tuple(s for s in self.sources if not s.is_landsbyggefonden)

    @property
    def total_unpaid(self) -> int:
        """Promised but unpaid co-financing, all local sources together."""
        return sum(s.unpaid for s in self.cofinancing)


@dataclass(frozen=True)
class Figures:
    """Every figure the etårsstatus shows."""

    areas: tuple[AreaFigures, ...]
    budget: BudgetYear
    financing: FinancingYear


def compute_figures(plan: Plan, vocabulary: Vocabulary) -> Figures:
    """Compute the status year's figures for a plan."""
    year = plan.stamdata.statusaar
    return Figures(
        areas=tuple(area_figures(plan, vocabulary)),
        budget=budget_year(plan.budget, year, vocabulary.categories),
        financing=financing_year(plan.financing, year, vocabulary.min_cofinancing_percent),
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


def attainment(item: Succeskriterie) -> Attainment:
    """Return Resultat over Måltal, or None when either is missing or Måltal is 0."""
    if item.maaltal is None or item.resultat is None or item.maaltal == 0:
        return Attainment(item, None)
    return Attainment(item, Fraction(item.resultat) / Fraction(item.maaltal))


def area_figures(plan: Plan, vocabulary: Vocabulary) -> list[AreaFigures]:
    """Return the progress figures of each indsatsområde with rows, in the frame's order."""
    result = []
    for area in plan.frame.indsatsomraader:
        rows = [r for r in plan.fremdrift if r.indsatsomraade == area]
        if not rows:
            continue
        acts = activities(rows)
        counts = tuple((s, sum(1 for a in acts if a.status == s)) for s in vocabulary.statuses)
        result.append(
            AreaFigures(
                name=area,
                status_counts=counts,
                activity_count=len(acts),
                attainments=tuple(a for a in map(attainment, rows) if a.ratio is not None),
                attention=tuple(a for a in acts if a.status in ATTENTION_STATUSES),
            )
        )
    return result


def budget_year(posts: list[BudgetPost], year: int, categories: tuple[str, ...]) -> BudgetYear:
    """Sum budget and regnskab by Kategori for a year; an empty regnskab in a closed year is 0."""
    closed = any(p.regnskab.get(year) is not None for p in posts)
    lines = []
    for category in categories:
        in_category = [p for p in posts if p.kategori == category]
        if in_category:
            lines.append(
                Spending(
                    category,
                    sum(p.budget.get(year, 0) for p in in_category),
                    sum(p.regnskab.get(year) or 0 for p in in_category) if closed else None,
                )
            )
    total = Spending(
        "I alt",
        sum(line.budget for line in lines),
        sum(line.regnskab or 0 for line in lines) if closed else None,
    )
    return BudgetYear(year, tuple(lines), total)


def financing_year(sources: list[FinancingSource], year: int, floor_percent: int) -> FinancingYear:
    """Return a year's tilsagn and indbetalt per source; an empty indbetalt counts as 0."""
    rows = tuple(
        SourceFinancing(s.kilde, s.tilsagn.get(year, 0), s.indbetalt.get(year) or 0, s.is_landsbyggefonden)
        for s in sources
    )
    return FinancingYear(
        year=year,
        sources=rows,
        total_tilsagn=sum(r.tilsagn for r in rows),
        local_tilsagn=sum(r.tilsagn for r in rows if not r.is_landsbyggefonden),
        floor=Fraction(floor_percent, 100),
    )
