"""The economy part of the context: budget against regnskab, financing and the accounts deadline."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from assembler.context.base import MISSING, Chart, ChartSeries, amount_or_missing, felt, percent_or_missing
from assembler.contract.vocabulary import ChartLabels, Vocabulary
from assembler.danish import format_integer, format_long_date, format_percent, format_period, format_signed
from assembler.figures.economy import BudgetYear, Economy, FinancingYear, GrantUse, SourceFinancing, Spending


@dataclass(frozen=True)
class Budgetlinje:
    """Budget og regnskab for en post, en kategori, et år eller i alt."""

    navn: str = felt("Postens, kategoriens eller årets navn, eller 'I alt'", "Personale", noegle=True)
    kategori: str = felt("Postens kategori (tom for andet end poster)", "Personale", noegle=True)
    budget: str = felt("Budget i kr. (uden 'kr.')", "2.140.000")
    regnskab: str = felt("Regnskab i kr., '–' når året ikke er afsluttet", "2.134.380")
    afvigelse: str = felt(
        "Regnskab minus budget i kr. med fortegn (+ er merforbrug), '–' uden regnskab; dokumenternes eneste fortegn",
        "-5.620",
    )
    forbrug: str = felt("Regnskab i procent af budget, '–' når det ikke kan opgøres", "99,7 %")
    over_budget: bool = felt("Sand, når regnskabet er større end budgettet", "False")
    overskridelse: str = felt("Beløbet over budgettet i kr. uden fortegn, tom når linjen ikke er over", "")
    mindreforbrug: str = felt("Beløbet under budgettet i kr. uden fortegn, tom når linjen ikke er under", "5.620")


@dataclass(frozen=True)
class Budgetaar:
    """Budget og regnskab for ét år."""

    aar: str = felt("Året", "2025", noegle=True)
    afsluttet: bool = felt("Sand, når der er regnskab for året", "True")
    poster: list[Budgetlinje] = felt("Én linje pr. budgetpost")
    kategorier: list[Budgetlinje] = felt("Én linje pr. kategori")
    i_alt: Budgetlinje = felt("Summen for året")
    poster_over_budget: list[Budgetlinje] = felt("Poster, hvor regnskabet er større end budgettet")
    kategorier_over_budget: list[Budgetlinje] = felt("Kategorier, hvor regnskabet er større end budgettet")


@dataclass(frozen=True)
class Kilde:
    """Tilsagn og indbetaling fra en finansieringskilde i et år."""

    kilde: str = felt("Kilde", "Kildeby Kommune", noegle=True)
    tilsagn: str = felt("Tilsagn i kr.", "450.000")
    indbetalt: str = felt("Indbetalt i kr.", "300.000")
    mangler: str = felt("Tilsagn minus indbetalt i kr.", "150.000")
    lokal: bool = felt("Sand for lokal medfinansiering (alle andre end Landsbyggefonden)", "True")
    har_tilsagn: bool = felt("Sand, når kilden har givet tilsagn for året", "True")


@dataclass(frozen=True)
class Finansiering:
    """Finansieringen i ét år."""

    aar: str = felt("Året", "2025", noegle=True)
    forfalden: bool = felt("Sand for statusåret og årene før; senere år har tilsagn, men intet mangler endnu", "True")
    kilder: list[Kilde] = felt("Alle kilder")
    lokale_kilder: list[Kilde] = felt("Kilderne til lokal medfinansiering")
    tilsagn_i_alt: str = felt("Tilsagn fra alle kilder i kr.", "2.900.000")
    indbetalt_i_alt: str = felt("Indbetalt fra alle kilder i kr.", "2.750.000")
    medfinansiering: str = felt("Lokal medfinansiering (tilsagn) i kr.", "800.000")
    medfinansiering_indbetalt: str = felt("Indbetalt lokal medfinansiering i kr.", "600.000")
    medfinansiering_andel: str = felt("Lokal medfinansierings andel af tilsagn, '–' uden tilsagn", "27,6 %")
    minimum: str = felt("Landsbyggefondens krav til lokal medfinansiering", "25 %")
    under_minimum: bool = felt("Sand, når andelen er under kravet", "False")
    mangler_i_alt: str = felt("Lovet, men ikke indbetalt lokal medfinansiering i kr.", "200.000")
    mangler_alle_kilder: str = felt("Lovet, men ikke indbetalt fra alle kilder i kr.", "200.000")
    har_manglende: bool = felt("Sand, når noget lovet medfinansiering ikke er indbetalt", "True")
    har_tilsagn: bool = felt("Sand, når der er givet tilsagn for året", "True")
    har_lokale_tilsagn: bool = felt("Sand, når der er tilsagn om lokal medfinansiering for året", "True")


@dataclass(frozen=True)
class Tilsagnsaar:
    """Et års tilsagn og forbrug, og hvad der derefter er tilbage af periodens tilsagn."""

    aar: str = felt("Året", "2024", noegle=True)
    tilsagn: str = felt("Årets tilsagn fra alle kilder i kr.", "2.900.000")
    brugt: str = felt("Årets regnskab i kr., '–' når året ikke er afsluttet", "2.811.650")
    tilbage: str = felt(
        "Periodens tilsagn minus alt brugt til og med året i kr. (negativ, når der er brugt mere), '–' uden regnskab",
        "5.930.440",
    )


@dataclass(frozen=True)
class Tilsagnsforbrug:
    """Forbruget af periodens tilsagn år for år og i alt, og hvad der er tilbage til de resterende år."""

    aar: list[Tilsagnsaar] = felt("Ét år pr. række i perioden")
    tilsagn: str = felt("Periodens tilsagn fra alle kilder i kr.", "11.600.000")
    brugt: str = felt("Brugt i de afsluttede år i kr.", "8.468.865")
    brugt_andel: str = felt("Brugt i procent af periodens tilsagn, '–' uden tilsagn", "73,0 %")
    tilbage: str = felt("Tilsagn minus brugt i kr. (negativ, når der er brugt mere end tilsagnet)", "3.131.135")
    over_tilsagn: bool = felt("Sand, når der er brugt mere end periodens tilsagn", "False")
    overskridelse: str = felt("Beløbet brugt ud over tilsagnet i kr., tom når der ikke er brugt mere", "")
    afsluttede_aar: str = felt("De afsluttede år, fx '2023-2025', tom når intet år er afsluttet", "2023-2025")
    resterende_aar: str = felt("Årene uden regnskab, fx '2026', tom når alle er afsluttet", "2026")
    resterende_budget: str = felt("Budgettet for årene uden regnskab i kr.", "2.847.500")


@dataclass(frozen=True)
class Udaekket:
    """Et år, hvor budgettet er højere end årets tilsagn."""

    aar: str = felt("Året", "2025", noegle=True)
    budget: str = felt("Årets budget i kr.", "2.907.500")
    tilsagn: str = felt("Årets tilsagn fra alle kilder i kr.", "2.900.000")
    forskel: str = felt("Budget minus tilsagn i kr.", "7.500")


@dataclass(frozen=True)
class Oekonomi:
    """Helhedsplanens økonomi."""

    statusaar: Budgetaar = felt("Budget og regnskab for statusåret")
    aar: list[Budgetaar] = felt("Budget og regnskab for hvert år i perioden")
    oversigt: list[Budgetlinje] = felt("Én linje pr. år med årets samlede budget og regnskab")
    afsluttede_i_alt: Budgetlinje = felt("De afsluttede år tilsammen")
    periodens_budget: str = felt("Budgettet for hele perioden i kr.", "11.600.000")
    har_budget: bool = felt("Sand, når arket Budget har mindst én post", "True")
    finansiering: Finansiering = felt("Finansieringen i statusåret")
    finansiering_aar: list[Finansiering] = felt("Finansieringen i hvert år i perioden")
    aar_under_minimum: list[str] = felt("År, hvor den lokale medfinansiering er under kravet", "2024")
    har_finansiering: bool = felt("Sand, når der er tilsagn for mindst ét år", "True")
    regnskabsfrist: str = felt("Fristen for revisorpåtegnet regnskab for statusåret", "30. juni 2026")
    diagram_budget: Chart = felt("Diagram: budget og regnskab pr. kategori i statusåret")
    tilsagnsforbrug: Tilsagnsforbrug = felt("Forbruget af periodens tilsagn år for år og i alt")
    budget_over_tilsagn: list[Udaekket] = felt(
        "År med tilsagn, hvor budgettet er højere end tilsagnet (pengene skal findes, eller budgettet ændres)"
    )


def economy_context(economy: Economy, vocabulary: Vocabulary) -> Oekonomi:
    """Return the plan's economy as text, tables and a chart."""
    years = {y.year: budget_year_context(y) for y in economy.years}  # the status year is one of them
    financing_years = {f.year: financing(f) for f in economy.financing_years}  # so is its financing
    return Oekonomi(
        statusaar=years[economy.status_year.year],
        aar=list(years.values()),
        oversigt=[line(total) for total in economy.year_totals],
        afsluttede_i_alt=line(economy.closed_years_total),
        periodens_budget=format_integer(economy.period_budget),
        har_budget=bool(economy.status_year.posts),
        finansiering=financing_years[economy.financing.year],
        finansiering_aar=list(financing_years.values()),
        aar_under_minimum=[str(f.year) for f in economy.financing_years if f.below_floor],
        har_finansiering=any(f.total_tilsagn for f in economy.financing_years),
        regnskabsfrist=format_long_date(economy.accounts_deadline),
        diagram_budget=budget_chart(economy.status_year, vocabulary.charts["budget"]),
        tilsagnsforbrug=grant_use(economy.grant_use),
        budget_over_tilsagn=[
            Udaekket(str(y.year), format_integer(y.budget), format_integer(y.tilsagn), format_integer(y.shortfall))
            for y in economy.uncovered_years
        ],
    )


def grant_use(figures: GrantUse) -> Tilsagnsforbrug:
    """Return what is spent of the period's tilsagn and what is left, as text."""
    return Tilsagnsforbrug(
        aar=[
            Tilsagnsaar(str(y.year), format_integer(y.tilsagn), amount_or_missing(y.spent), amount_or_missing(y.left))
            for y in figures.years
        ],
        tilsagn=format_integer(figures.tilsagn),
        brugt=format_integer(figures.spent),
        brugt_andel=percent_or_missing(Fraction(figures.spent, figures.tilsagn) if figures.tilsagn else None),
        tilbage=format_integer(figures.left),
        over_tilsagn=figures.left < 0,
        overskridelse=format_integer(-figures.left) if figures.left < 0 else "",
        afsluttede_aar=years_text(figures.closed_years),
        resterende_aar=years_text(figures.open_years),
        resterende_budget=format_integer(figures.open_budget),
    )


def years_text(years: tuple[int, ...]) -> str:
    """Return years as a period when they follow each other ('2023-2025'), else listed ('2023, 2025 og 2026')."""
    if years and list(years) == list(range(years[0], years[-1] + 1)):
        return format_period(years[0], years[-1]) if len(years) > 1 else str(years[0])
    names = [str(y) for y in years]
    return " og ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def line(spending: Spending) -> Budgetlinje:
    """Return one budget line as table text."""
    afvigelse = spending.afvigelse
    return Budgetlinje(
        navn=spending.label,
        kategori=spending.kategori,
        budget=format_integer(spending.budget),
        regnskab=amount_or_missing(spending.regnskab),
        afvigelse=MISSING if afvigelse is None else format_signed(afvigelse),
        forbrug=percent_or_missing(spending.forbrug),
        over_budget=spending.over_budget,
        overskridelse=format_integer(afvigelse) if afvigelse is not None and afvigelse > 0 else "",
        mindreforbrug=format_integer(-afvigelse) if afvigelse is not None and afvigelse < 0 else "",
    )


def budget_year_context(year: BudgetYear) -> Budgetaar:
    """Return a year's budget per post and per kategori as text."""
    posts = [line(p) for p in year.posts]
    categories = [line(c) for c in year.categories]
    return Budgetaar(
        aar=str(year.year),
        afsluttet=year.closed,
        poster=posts,
        kategorier=categories,
        i_alt=line(year.total),
        poster_over_budget=[p for p in posts if p.over_budget],
        kategorier_over_budget=[c for c in categories if c.over_budget],
    )


def source(figures: SourceFinancing) -> Kilde:
    """Return one source's financing as text."""
    return Kilde(
        kilde=figures.kilde,
        tilsagn=format_integer(figures.tilsagn),
        indbetalt=format_integer(figures.indbetalt),
        mangler=format_integer(figures.unpaid),
        lokal=not figures.is_landsbyggefonden,
        har_tilsagn=figures.tilsagn > 0,
    )


def financing(figures: FinancingYear) -> Finansiering:
    """Return a year's financing and co-financing as text."""
    sources = [source(s) for s in figures.sources]
    return Finansiering(
        aar=str(figures.year),
        forfalden=figures.due,
        kilder=sources,
        lokale_kilder=[k for k in sources if k.lokal],  # the co-financing: every source but Landsbyggefonden
        tilsagn_i_alt=format_integer(figures.total_tilsagn),
        indbetalt_i_alt=format_integer(figures.total_indbetalt),
        medfinansiering=format_integer(figures.local_tilsagn),
        medfinansiering_indbetalt=format_integer(figures.local_indbetalt),
        medfinansiering_andel=percent_or_missing(figures.local_share),
        minimum=format_percent(figures.floor, decimals=0),
        under_minimum=figures.below_floor,
        mangler_i_alt=format_integer(figures.total_unpaid),
        mangler_alle_kilder=format_integer(figures.total_unpaid_all),
        har_manglende=figures.total_unpaid > 0,
        har_tilsagn=figures.total_tilsagn > 0,
        har_lokale_tilsagn=figures.local_tilsagn > 0,
    )


def budget_chart(year: BudgetYear, labels: ChartLabels) -> Chart:
    """A horizontal bar chart: budget and regnskab per kategori in a year, the largest first."""
    budget, regnskab = labels.series
    series = [ChartSeries(budget, tuple(float(c.budget) for c in year.categories))]
    if year.closed:
        series.append(ChartSeries(regnskab, tuple(float(c.regnskab or 0) for c in year.categories)))
    return Chart(
        kind="bar",
        title=labels.title.format(aar=year.year),
        categories=tuple(c.label for c in year.categories),
        series=tuple(series),
        number_format="#,##0",
        value_axis_title=labels.value_axis,
        category_axis_title=labels.category_axis,
    )
