"""Economic figures: budget against regnskab per post, kategori and year, and the financing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from assembler.contract.coverage import UncoveredYear, uncovered_years
from assembler.contract.model import BudgetPost, FinancingSource, Plan
from assembler.contract.vocabulary import Vocabulary


@dataclass(frozen=True)
class Spending:
    """Budget against regnskab for one line (a post, a kategori, a year or a total)."""

    label: str
    budget: int
    regnskab: int | None
    kategori: str = ""

    @property
    def forbrug(self) -> Fraction | None:
        """Regnskab as a share of the budget; None without regnskab or a positive budget."""
        if self.regnskab is None or self.budget <= 0:
            return None
        return Fraction(self.regnskab, self.budget)

    @property
    def afvigelse(self) -> int | None:
        """Regnskab minus budget: positive when more was spent than budgeted."""
        return None if self.regnskab is None else self.regnskab - self.budget

    @property
    def uforbrugt(self) -> int | None:
        """Budget minus regnskab: the unspent funds (negative when over budget)."""
        return None if self.regnskab is None else self.budget - self.regnskab

    @property
    def over_budget(self) -> bool:
        """True when the regnskab exceeds the budget."""
        return self.afvigelse is not None and self.afvigelse > 0


@dataclass(frozen=True)
class BudgetYear:
    """Budget and regnskab for one year, per post and per kategori; regnskab None until closed."""

    year: int
    posts: tuple[Spending, ...]
    categories: tuple[Spending, ...]
    total: Spending

    @property
    def closed(self) -> bool:
        """True when some regnskab is entered for the year."""
        return self.total.regnskab is not None


@dataclass(frozen=True)
class SourceFinancing:
    """Tilsagn and indbetalt for one source in one year; `due` is False for years after the statusår."""

    kilde: str
    tilsagn: int
    indbetalt: int
    is_landsbyggefonden: bool
    due: bool = True

    @property
    def unpaid(self) -> int:
        """Promised but not paid (never below zero); nothing is in arrears before the year is due."""
        return max(self.tilsagn - self.indbetalt, 0) if self.due else 0


@dataclass(frozen=True)
class FinancingYear:
    """The financing of one year and the local co-financing's share of all tilsagn."""

    year: int
    sources: tuple[SourceFinancing, ...]
    floor: Fraction
    due: bool = True  # False for years after the statusår: they have tilsagn, no arrears

    @property
    def total_tilsagn(self) -> int:
        """Tilsagn from every source."""
        return sum(s.tilsagn for s in self.sources)

    @property
    def total_indbetalt(self) -> int:
        """Indbetalt from every source."""
        return sum(s.indbetalt for s in self.sources)

    @property
    def cofinancing(self) -> tuple[SourceFinancing, ...]:
        """The local sources, i.e. every source but Landsbyggefonden."""
        return tuple(s for s in self.sources if not s.is_landsbyggefonden)

    @property
    def local_tilsagn(self) -> int:
        """Tilsagn of the local sources."""
        return sum(s.tilsagn for s in self.cofinancing)

    @property
    def local_indbetalt(self) -> int:
        """Indbetalt by the local sources."""
        return sum(s.indbetalt for s in self.cofinancing)

    @property
    def local_share(self) -> Fraction | None:
        """Local tilsagn over all tilsagn; None when nothing is promised."""
        return Fraction(self.local_tilsagn, self.total_tilsagn) if self.total_tilsagn else None

    @property
    def below_floor(self) -> bool:
        """True when the local share is under LBF's floor (25 %)."""
        return self.local_share is not None and self.local_share < self.floor

    @property
    def total_unpaid(self) -> int:
        """Promised but unpaid co-financing, all local sources together."""
        return sum(s.unpaid for s in self.cofinancing)

    @property
    def total_unpaid_all(self) -> int:
        """Promised but unpaid from every source, Landsbyggefonden included."""
        return sum(s.unpaid for s in self.sources)


@dataclass(frozen=True)
class GrantYear:
    """One year's tilsagn and what was spent (its regnskab), and what is left of the period's tilsagn after it."""

    year: int
    tilsagn: int
    spent: int | None  # None while the year has no regnskab
    left: int | None  # the period's tilsagn minus everything spent up to and including the year


@dataclass(frozen=True)
class GrantUse:
    """What is spent of the period's tilsagn, year by year and in total, and what is left for the open years."""

    years: tuple[GrantYear, ...]
    tilsagn: int
    spent: int
    closed_years: tuple[int, ...]  # the years up to the statusår with regnskab
    open_years: tuple[int, ...]  # the others, which the rest is for
    open_budget: int  # their budget

    @property
    def left(self) -> int:
        """The period's tilsagn minus what the closed years spent (negative when more was spent)."""
        return self.tilsagn - self.spent


@dataclass(frozen=True)
class Economy:
    """The plan's economy: every year of the period, the status year in front, and the deadline."""

    status_year: BudgetYear
    years: tuple[BudgetYear, ...]
    financing: FinancingYear
    financing_years: tuple[FinancingYear, ...]
    accounts_deadline: date
    closed_years_label: str  # the name of the closed years' total ('Afsluttede år i alt')
    grant_use: GrantUse
    uncovered_years: tuple[UncoveredYear, ...]  # the years whose budget is above their tilsagn

    @property
    def year_totals(self) -> tuple[Spending, ...]:
        """One line per year with the year's total budget and regnskab."""
        return tuple(Spending(str(y.year), y.total.budget, y.total.regnskab) for y in self.years)

    @property
    def closed_years_total(self) -> Spending:
        """Budget and regnskab of the closed years together."""
        closed = [y.total for y in self.years if y.closed]
        return Spending(self.closed_years_label, sum(t.budget for t in closed), sum(t.regnskab or 0 for t in closed))

    @property
    def period_budget(self) -> int:
        """The budget of the whole period."""
        return sum(y.total.budget for y in self.years)


def economy_figures(plan: Plan, vocabulary: Vocabulary) -> Economy:
    """Return the plan's budget and financing figures for every year of the period."""
    status = plan.stamdata.statusaar
    years = tuple(budget_year(plan.budget, y, vocabulary.categories, vocabulary.total_label) for y in plan.years)
    floor = vocabulary.min_cofinancing_percent
    financing = tuple(financing_year(plan.financing, y, floor, due=y <= status) for y in plan.years)
    month, day = vocabulary.accounts_deadline
    return Economy(
        status_year=next(y for y in years if y.year == status),
        years=years,
        financing=next(f for f in financing if f.year == status),
        financing_years=financing,
        accounts_deadline=date(status + 1, month, day),
        closed_years_label=vocabulary.closed_years_label,
        grant_use=grant_use(years, financing, status),
        uncovered_years=uncovered_years(plan.budget, plan.financing, plan.years),
    )


def grant_use(years: tuple[BudgetYear, ...], financing: tuple[FinancingYear, ...], status: int) -> GrantUse:
    """Return the period's tilsagn against the regnskab year by year, and what is left for the other years.

    Spent is the regnskab of the years up to the statusår; the years without one, and those after
    the statusår, are the ones the rest is for.
    """
    tilsagn = sum(f.total_tilsagn for f in financing)
    closed = tuple(y.year for y in years if y.closed and y.year <= status)
    spent_so_far = 0
    lines = []
    for year, promised in zip(years, financing, strict=True):
        spent = year.total.regnskab if year.year in closed else None
        spent_so_far += spent or 0
        left = None if spent is None else tilsagn - spent_so_far
        lines.append(GrantYear(year.year, promised.total_tilsagn, spent, left))
    return GrantUse(
        years=tuple(lines),
        tilsagn=tilsagn,
        spent=spent_so_far,
        closed_years=closed,
        open_years=tuple(y.year for y in years if y.year not in closed),
        open_budget=sum(y.total.budget for y in years if y.year not in closed),
    )


def budget_year(posts: list[BudgetPost], year: int, categories: tuple[str, ...], total_label: str) -> BudgetYear:
    """Return a year's budget and regnskab; an empty regnskab in a closed year counts as 0."""
    closed = any(p.regnskab.get(year) is not None for p in posts)

    def regnskab(post: BudgetPost) -> int | None:
        return (post.regnskab.get(year) or 0) if closed else None

    lines = tuple(Spending(p.post, p.budget.get(year, 0), regnskab(p), p.kategori) for p in posts)
    by_category = tuple(
        total_of(category, [line for line in lines if line.kategori == category])
        for category in categories
        if any(line.kategori == category for line in lines)
    )
    return BudgetYear(year, lines, by_category, total_of(total_label, list(lines)))


def total_of(label: str, lines: list[Spending]) -> Spending:
    """Sum budget and regnskab of some lines (regnskab None when none of them has one)."""
    regnskab = None if all(line.regnskab is None for line in lines) else sum(line.regnskab or 0 for line in lines)
    return Spending(label, sum(line.budget for line in lines), regnskab)


def financing_year(sources: list[FinancingSource], year: int, floor_percent: int, *, due: bool = True) -> FinancingYear:
    """Return a year's tilsagn and indbetalt per source; an empty indbetalt counts as 0.

    A year after the statusår is not due: its tilsagn count, but nothing is in arrears yet.
    """
    return FinancingYear(
        year=year,
        sources=tuple(
            SourceFinancing(s.kilde, s.tilsagn.get(year, 0), s.indbetalt.get(year) or 0, s.is_landsbyggefonden, due)
            for s in sources
        ),
        floor=Fraction(floor_percent, 100),
        due=due,
    )
