"""LBF's controlled lists, loaded from the package's data file, and how words are matched."""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

# Characters that show as nothing: soft hyphen, zero-width spaces and joiners, direction marks, word
# joiner, byte order mark. A name copied from a web page or a PDF can carry them unseen.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def strip_invisible(text: str) -> str:
    """Return text without the characters that show as nothing (zero-width space, soft hyphen …)."""
    return text if text.isascii() else INVISIBLE.sub("", text)


@lru_cache(maxsize=8192)  # the same choices and headers are compared for every row
def normalize(text: str) -> str:
    """Return text as compared: case, Unicode form, invisible characters, surrounding and repeated spaces ignored."""
    return " ".join(unicodedata.normalize("NFC", strip_invisible(text)).split()).casefold()


@dataclass(frozen=True)
class ValueList:
    """A list in vocabulary.toml that a column's values come from: its key there, what one value is called."""

    key: str
    noun: str  # in messages and drop-downs: »ukendt status«, »Vælg status i listen«
    of_frame: bool = False  # the list stands under each bevillingsramme, not at the top


STATUSER = ValueList("statuser", "status")
KATEGORIER = ValueList("kategorier", "kategori")
RAMMENS_INDSATSOMRAADER = ValueList("indsatsomraader", "indsatsområde", of_frame=True)
BEVILLINGSRAMMER = ValueList("bevillingsrammer", "bevillingsramme")
AFSNIT = ValueList("afsnit", "afsnit")
REFERATPUNKTER = ValueList("referatpunkter", "punkt")


@dataclass(frozen=True)
class Frame:
    """A bevillingsramme (funding frame) and its indsatsområder."""

    key: str
    name: str
    aliases: tuple[str, ...]
    indsatsomraader: tuple[str, ...]


@dataclass(frozen=True)
class AfsnitSpec:
    """A numbered point of the etårsstatus: its key in the workbook and its default heading."""

    key: str
    heading: str


@dataclass(frozen=True)
class ChartLabels:
    """A chart's title ('{aar}' becomes the year), axis titles and series names."""

    title: str
    value_axis: str
    category_axis: str
    series: tuple[str, ...]


@dataclass(frozen=True)
class ReportKind:
    """A status report of the plan's year: its name, its referat's title, who reads it, which year it fits.

    `year` is one of YEAR_SELECTORS; `development`: the report shows the results over the years.
    """

    name: str
    referat: str
    readers: str
    year: str
    development: bool


# Which year of the period a status report fits: the first, the one ending the first half, the
# last, or any other; vocabulary.toml lists the reports in the order they are tried.
FIRST_YEAR, MIDWAY, LAST_YEAR, OTHER_YEARS = "første", "midtvejs", "sidste", "øvrige"
YEAR_SELECTORS = (FIRST_YEAR, MIDWAY, LAST_YEAR, OTHER_YEARS)


@dataclass(frozen=True)
class Band:
    """A band of målopfyldelse: its name, lower bound in percent (None: not computable), colour."""

    name: str
    from_percent: int | None
    colour: str


@dataclass(frozen=True)
class Vocabulary:
    """Every list the workbooks are checked against, and the rules the reports apply."""

    lists: dict[str, tuple[str, ...]]  # every plain list of names, by its key in vocabulary.toml
    lbf_names: tuple[str, ...]
    min_cofinancing_percent: int
    total_row_labels: tuple[str, ...]
    frames: tuple[Frame, ...]
    afsnit: tuple[AfsnitSpec, ...]
    referat_points: tuple[AfsnitSpec, ...]
    own_frame_word: str
    sheet_help: dict[str, str]
    status_colours: dict[str, str]
    status_plurals: dict[str, str]
    attention_etaarsstatus: tuple[str, ...]
    attention_fremdrift: tuple[str, ...]
    bands: tuple[Band, ...]
    accounts_deadline: tuple[int, int]
    total_label: str
    closed_years_label: str
    default_sources: tuple[str, str]  # the kommune's and the boligorganisationer's, when not named
    charts: dict[str, ChartLabels]
    status_reports: tuple[ReportKind, ...]

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses an aktivitet may have, in the order the reports list them."""
        return self.lists[STATUSER.key]

    @property
    def categories(self) -> tuple[str, ...]:
        """The budget's categories, in the order the reports list them."""
        return self.lists[KATEGORIER.key]

    @property
    def band_colours(self) -> dict[str, str]:
        """The colour of each målopfyldelse band, by name."""
        return {band.name: band.colour for band in self.bands}

    def report_for(self, selector: str) -> ReportKind:
        """Return the first status report listed for a year selector ('første', 'midtvejs' …)."""
        return next(kind for kind in self.status_reports if kind.year == selector)

    def is_own_frame(self, text: str) -> bool:
        """True when a workbook names no LBF frame but gives its own indsatsområder ('Egen')."""
        return normalize(text) == normalize(self.own_frame_word)

    def values(self, value_list: ValueList, frame: Frame | None = None) -> tuple[str, ...]:
        """Return what a cell naming a list may hold: its values, the frames' keys, the points' keys.

        A bevillingsramme's own list (its indsatsområder) is the frame's, and empty while the frame is unknown.
        """
        if value_list.of_frame:
            return frame.indsatsomraader if frame is not None else ()
        if value_list is BEVILLINGSRAMMER:
            return (*(f.key for f in self.frames), self.own_frame_word)
        if value_list is AFSNIT:
            return tuple(a.key for a in self.afsnit)
        if value_list is REFERATPUNKTER:
            return tuple(p.key for p in self.referat_points)
        return self.lists[value_list.key]

    def find_frame(self, text: str) -> Frame | None:
        """Return the frame a workbook names by its key ('2019-26') or an alias."""
        wanted = normalize(text)
        for frame in self.frames:
            if wanted in {normalize(n) for n in (frame.key, frame.name, *frame.aliases)}:
                return frame
        return None


def match(text: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """Return the choice equal to text when compared with `normalize`, else None."""
    wanted = normalize(text)
    return next((c for c in choices if normalize(c) == wanted), None)


def suggest(text: str, choices: tuple[str, ...] | list[str]) -> str:
    """Return ' Mente du »X«?' for the closest choice, or '' when none is close."""
    by_key = {normalize(c): c for c in choices}
    close = difflib.get_close_matches(normalize(text), list(by_key), n=1, cutoff=0.6)
    return f" Mente du »{by_key[close[0]]}«?" if close else ""


def vocabulary_text() -> str:
    """Return the text of the vocabulary shipped with the package (assembler/data/vocabulary.toml)."""
    return resources.files("assembler").joinpath("data/vocabulary.toml").read_text("utf-8")


@cache
def load_vocabulary() -> Vocabulary:
    """Read the vocabulary shipped with the package, once."""
    raw = tomllib.loads(vocabulary_text())
    frames = tuple(
        Frame(key, spec["navn"], tuple(spec.get("aliaser", ())), tuple(spec[RAMMENS_INDSATSOMRAADER.key]))
        for key, spec in raw[BEVILLINGSRAMMER.key].items()
    )
    return Vocabulary(
        lists={key: tuple(value) for key, value in raw.items() if is_list_of_names(value)},
        lbf_names=tuple(raw["landsbyggefonden"]),
        min_cofinancing_percent=int(raw["medfinansiering_minimum_procent"]),
        total_row_labels=tuple(raw["sumraekker"]),
        frames=frames,
        afsnit=tuple(AfsnitSpec(a["noegle"], a["overskrift"]) for a in raw[AFSNIT.key]),
        referat_points=tuple(AfsnitSpec(a["noegle"], a["overskrift"]) for a in raw[REFERATPUNKTER.key]),
        own_frame_word=str(raw["egen_bevillingsramme"]),
        sheet_help=dict(raw["hjaelp"]),
        status_colours=dict(raw["statusfarver"]),
        status_plurals=dict(raw.get("statusflertal", {})),
        attention_etaarsstatus=tuple(raw["opmaerksomhed"]["etaarsstatus"]),
        attention_fremdrift=tuple(raw["opmaerksomhed"]["fremdriftsrapport"]),
        bands=bands(raw["maalopfyldelse"]),
        accounts_deadline=(int(raw["regnskabsfrist"]["maaned"]), int(raw["regnskabsfrist"]["dag"])),
        total_label=str(raw["summer"]["i_alt"]),
        closed_years_label=str(raw["summer"]["afsluttede_aar"]),
        default_sources=(str(raw["standardkilder"]["kommune"]), str(raw["standardkilder"]["boligorganisationer"])),
        charts={
            name: ChartLabels(c["titel"], c["vaerdiakse"], c["kategoriakse"], tuple(c["serier"]))
            for name, c in raw["diagrammer"].items()
        },
        status_reports=status_reports(raw["statusrapporter"]),
    )


def status_reports(raw: list[dict[str, Any]]) -> tuple[ReportKind, ...]:
    """Return the status reports in the order they are tried; each year selector must have one."""
    kinds = tuple(
        ReportKind(r["navn"], r["referat"], r["modtager"], r["aar"], bool(r["udvikling"])) for r in raw
    )
    unknown = [k.year for k in kinds if k.year not in YEAR_SELECTORS]
    missing = [s for s in YEAR_SELECTORS if s not in {k.year for k in kinds}]
    if unknown or missing:
        raise ValueError(
            f"vocabulary.toml: [[statusrapporter]] needs `aar` one of {YEAR_SELECTORS}, each at least once; "
            f"unknown {unknown}, missing {missing}"
        )
    return kinds


def is_list_of_names(value: object) -> bool:
    """True for a list of texts in vocabulary.toml (statuser, kategorier …), which a column may name."""
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def bands(raw: dict[str, Any]) -> tuple[Band, ...]:
    """Return the målopfyldelse bands, highest first, and last the band for what cannot be computed."""
    ordered = sorted(raw["baand"], key=lambda b: -int(b["fra_procent"]))
    missing = raw["kan_ikke_opgoeres"]
    return (
        *(Band(b["navn"], int(b["fra_procent"]), b["farve"]) for b in ordered),
        Band(missing["navn"], None, missing["farve"]),
    )
