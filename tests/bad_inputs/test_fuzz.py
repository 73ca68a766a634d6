"""The fuzzer: any value of any type in any cell, sheets and headers removed; the result is always
reports or located messages, never an exception, and no report ever shows None, nan, True, False or
an ISO date. `make test` runs a few examples, the same ones every time; `make fuzz` runs many, new
ones every time (ASSEMBLER_FUZZ_PROFILE=long).
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ERROR_CODES

from assembler import pipeline
from assembler.contract.cells import clean_text
from assembler.contract.vocabulary import load_vocabulary
from assembler.pipeline import PlanResult
from assembler.render.verify import document_text
from tests.docxdump import dump
from tests.factory import Sheets, plan_sheets, write_workbook
from tests.reports import factory_reports

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("ASSEMBLER_FUZZ_PROFILE", "ci"))

FORBIDDEN = re.compile(r"\b(?:None|nan|NaN|True|False)\b|\b\d{4}-\d{2}-\d{2}\b")
# openpyxl refuses these in cells; Excel stores them as _xHHHH_ escapes, which are drawn below.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_VOCABULARY = load_vocabulary()
_FRAME = _VOCABULARY.find_frame("2015-18")
assert _FRAME is not None
PLAUSIBLE = [
    *_VOCABULARY.statuses,
    *_VOCABULARY.categories,
    *_FRAME.indsatsomraader,
    "Ja",
    "Nej",
    "I alt",
    "Landsbyggefonden",
    "9.12.2018",
    "31.02.2018",
    "1.234,50",
    "-165.000",
    "–",
    "2018",
    "2015-18",
    "S3b",
    "=1+1",
    "=SUM(A1:A3)",
    "#DIV/0!",
    "#N/A",
    "#REF!",
]


def is_fair_text(text: str) -> bool:
    """True for text a person could type that does not itself spell a forbidden word once cleaned."""
    return not FORBIDDEN.search(clean_text(text)[0])


text_pieces = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12).map(lambda t: _UNWRITABLE.sub("", t)),
    st.sampled_from(["_x000B_", "_x000D_", "_x0009_", "_x0000_", "_xD800_", "_xFFFE_", "_x001F_", "\n", "A\u030a"]),
    st.sampled_from(["{{ 7*7 }}", "{%p if x %}", "{_{", "}_}", "</w:t>", "&", "<", "'", '"', "👩‍👩‍👧"]),
)
texts = st.lists(text_pieces, max_size=5).map("".join).filter(is_fair_text)
typed_values = st.one_of(
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=1000)),
)
values = st.one_of(st.none(), texts, st.sampled_from(PLAUSIBLE), typed_values)


# Columns where any value is fair (it is shown as text), so that changed plans still become reports.
TEXT_COLUMNS = {
    "Bestyrelse": [1, 2, 6],
    "Møder": [1, 2],
    "Fremdrift": [3, 7],
    "Opmærksomhedspunkter": [1],
    "Budget": [0],
}


@st.composite
def mutated_plans(draw: st.DrawFn) -> Sheets:
    """Return the factory's plan with some cells, headers, rows and sheets changed at random."""
    sheets = plan_sheets()
    for _ in range(draw(st.sampled_from([0, 1, 1, 2, 3, 5, 8]))):
        if draw(st.booleans()):
            name = draw(st.sampled_from(sorted(TEXT_COLUMNS)))
            row = draw(st.integers(min_value=1, max_value=len(sheets[name]) - 1))
            column = draw(st.sampled_from(TEXT_COLUMNS[name]))
            value = draw(st.one_of(typed_values, texts))  # numbers, dates and times must read as Danish text
        else:
            name = draw(st.sampled_from(sorted(sheets)))
            row = draw(st.integers(min_value=0, max_value=len(sheets[name])))
            column = draw(st.integers(min_value=0, max_value=len(sheets[name][0])))
            value = draw(st.one_of(values, st.sampled_from(PLAUSIBLE)))
        rows = sheets[name]
        if row == len(rows):
            rows.append([None] * len(rows[0]))
        while len(rows[row]) <= column:
            rows[row].append(None)
        rows[row][column] = value
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        del sheets[draw(st.sampled_from(sorted(sheets)))]
    return sheets


def build(sheets: Sheets, folder: Path) -> PlanResult:
    write_workbook(folder / "inputs" / "solbakken.xlsx", sheets)
    results = list(pipeline.build(folder / "inputs", folder / "outputs"))
    assert len(results) == 1
    return results[0]


def report_texts(result: PlanResult) -> list[str]:
    return [document_text(written.path.read_bytes()) for written in result.written]


@settings(PROFILE)
@given(mutated_plans())
def test_any_cell_value_gives_reports_or_located_messages(sheets: Sheets) -> None:
    with tempfile.TemporaryDirectory() as folder:
        result = build(sheets, Path(folder))
        event("reports" if result.ok else "located messages")  # shown by --hypothesis-show-statistics
        for problem in result.problems:
            message = str(problem)
            message.encode("utf-8")  # printable on any terminal: no lone surrogates
            assert problem.location.file == "solbakken.xlsx", message
            assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", message), message
            assert "fejl i assembler" not in message, message
        if result.ok:
            assert len(result.written) == len(factory_reports())
            for written in result.written:
                shown = dump(written.path)  # what a reader sees: body, tables, footers, title and author
                assert not FORBIDDEN.search(shown), FORBIDDEN.search(shown)
        else:
            assert result.problems
            assert not (Path(folder) / "outputs").exists()


FREE_TEXT_CELLS = [
    ("Opmærksomhedspunkter", 5, 1),  # S1
    ("Opmærksomhedspunkter", 1, 1),  # point 1
    ("Bestyrelse", 1, 0),  # a participating member's name
    ("Bestyrelse", 2, 6),  # the bemærkning of a member who joined
    ("Fremdrift", 3, 7),  # a delayed activity's kommentar
    ("Fremdrift", 1, 3),  # a succeskriterie
    ("Budget", 2, 0),  # a post
    ("Finansiering", 2, 0),  # a source
]


# Text that openpyxl writes as text: not a formula ('=…') or an error code, and with something visible.
cell_texts = st.builds(
    lambda before, visible, after: before + visible + after,
    texts,
    st.text(st.characters(categories=["L", "N", "P", "S"]), min_size=1, max_size=6),
    texts,
).filter(lambda t: is_fair_text(t) and not t.startswith("=") and t.strip() not in ERROR_CODES)


@settings(PROFILE)
@given(st.lists(cell_texts, min_size=len(FREE_TEXT_CELLS), max_size=len(FREE_TEXT_CELLS)))
def test_any_text_arrives_whole_in_the_reports(cell_texts: list[str]) -> None:
    sheets = plan_sheets()
    for (name, row, column), text in zip(FREE_TEXT_CELLS, cell_texts, strict=True):
        sheets[name][row][column] = text
    with tempfile.TemporaryDirectory() as folder:
        result = build(sheets, Path(folder))
        assert result.ok, [str(p) for p in result.problems]
        everything = "\n".join(report_texts(result))
        for text in cell_texts:
            for line in clean_text(text)[0].split("\n"):
                assert line.strip() in everything, line
