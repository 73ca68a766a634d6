"""The reader's fuzzer: workbooks written as XML in the valid forms Excel and LibreOffice write, read back.

Each example draws what the cells mean (a text, a number, a percentage, a date, a duration, a truth
value, an error, a formula with or without its result) and how the file says it: shared or inline
strings, rich runs and phonetic guides, the 1904 flag in any xsd:boolean form, number formats
defined in numFmts, built-in ids (also redefined ones and East Asian and Thai ones), conditional
formats whose numFmt ids clash with the cells', cells out of their rows, rows and cells out of
order, cells and rows without references, empty formatted cells and rows. The expected values come
from what was drawn, never from a reader. `make test` runs a few examples, the same every time;
`make fuzz` runs many, new ones every time (ASSEMBLER_FUZZ_PROFILE=long).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assembler.read.sheet import CellValue, ExcelError, MergedRange, Percentage, Row, Sheet, UncachedFormula
from assembler.read.workbook import read_workbook
from tests.bad_inputs.test_fuzz import PROFILE
from tests.read.handmade import HandmadeSheet, HandmadeWorkbook

EPOCH_1900 = datetime(1899, 12, 30)
EPOCH_1904 = datetime(1904, 1, 1)
MS_PER_DAY = 86_400_000
NUMBER, PERCENT, DATE, DURATION = "number", "percent", "date", "duration"

# Format codes a cell style may name, with what they make of a number.
CODES = [
    ("0", NUMBER),
    ("#,##0.00", NUMBER),
    ('"kr." #,##0', NUMBER),
    ('0" %"', NUMBER),
    ("[Red]0.00", NUMBER),
    ("@", NUMBER),
    ("General", NUMBER),
    ("0%", PERCENT),
    ("0.0 %;[Red]-0.0 %", PERCENT),
    ("d.m.yyyy", DATE),
    ("dd-mm-yy h:mm", DATE),
    ("[$-406]d. mmmm yyyy", DATE),
    ("[h]:mm:ss", DURATION),
    ("[mm]:ss", DURATION),
]
# Built-in ids (ECMA-376 Part 1, 18.8.30), with what they make of a number when the file does not redefine them.
BUILTINS = [
    (0, NUMBER),
    (1, NUMBER),
    (3, NUMBER),
    (5, NUMBER),
    (23, NUMBER),
    (49, NUMBER),
    (9, PERCENT),
    (10, PERCENT),
    (67, PERCENT),
    (14, DATE),
    (22, DATE),
    (30, DATE),
    (57, DATE),
    (46, DURATION),
    (79, DURATION),
]
# The 1904 flag as written, with what it means (None: not written).
CALENDAR_FORMS = [(None, False), ('"1"', True), ('"true"', True), ('"&#49;"', True), ('" 1 "', True)]
CALENDAR_FORMS += [('"0"', False), ('"false"', False), ('" 0 "', False), ("'\tfalse '", False)]
RECALCULATION_FORMS = [(None, False), ('"1"', True), ('" true "', True), ('"0"', False), ('" 0 "', False)]
ERRORS = ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
# Text a person types, with Excel's escapes, XML's special characters, and letters of any script.
letters = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Cn"]) | st.sampled_from("\n\t\r")
texts = st.lists(
    st.text(letters, max_size=6) | st.sampled_from(["_x000B_", "_x005F_x000B_", "&", "<", "]]>"]), max_size=4
)


@dataclass
class Styles:
    """The cell styles drawn: each xf's numFmtId and what it makes of a number, and the styles part's XML."""

    xfs: list[str] = field(default_factory=lambda: ['<xf numFmtId="0"/>'])
    kinds: list[str] = field(default_factory=lambda: [NUMBER])
    num_fmts: str = ""
    dxfs: str = ""

    def of_kind(self, kind: str) -> list[int]:
        return [index for index, found in enumerate(self.kinds) if found == kind]


@st.composite
def styles(draw: st.DrawFn) -> Styles:
    """Draw cell styles of every kind, in the ways a file may give a style its number format."""
    drawn = Styles()
    defined: dict[int, tuple[str, str]] = {}
    for offset, (code, kind) in enumerate(draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=6))):
        defined[164 + offset] = (code, kind)
    redefined = draw(st.lists(st.sampled_from([i for i, _ in BUILTINS]), max_size=3, unique=True))
    for format_id in redefined:
        defined[format_id] = draw(st.sampled_from(CODES))
    builtin_kinds = dict(BUILTINS)
    if 0 in defined:  # the first style, every cell's without an s, names id 0 (General) too
        drawn.kinds[0] = defined[0][1]
    ids = [*defined, *builtin_kinds, 300]  # 300: a custom id the file never defines (General)
    for format_id in (*ids, *draw(st.lists(st.sampled_from(ids), max_size=4))):
        kind = defined[format_id][1] if format_id in defined else builtin_kinds.get(format_id, NUMBER)
        drawn.xfs.append(f'<xf numFmtId="{format_id}" applyNumberFormat="1"/>')
        drawn.kinds.append(kind)
    drawn.num_fmts = "".join(f'<numFmt numFmtId="{i}" formatCode={quoted(code)}/>' for i, (code, _) in defined.items())
    # Conditional formats with numFmt elements whose ids are the cells' own: they must change nothing.
    clashing = draw(st.lists(st.sampled_from(ids), max_size=3))
    codes = draw(st.lists(st.sampled_from([c for c, _ in CODES]), min_size=len(clashing), max_size=len(clashing)))
    drawn.dxfs = "".join(
        f'<dxf><numFmt numFmtId="{i}" formatCode={quoted(code)}/></dxf>'
        for i, code in zip(clashing, codes, strict=True)
    )
    return drawn


def quoted(value: str) -> str:
    """An attribute value in double quotes, escaped."""
    return '"' + value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;") + '"'


def xml_text(value: str) -> str:
    """Element content, escaped (a carriage return as a reference: XML reads a bare one as a line feed)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


@dataclass
class Cell:
    """A drawn cell: where it is, the XML inside <c> besides its reference, and the value a reader must give."""

    row: int
    column: int
    attributes: str
    content: str
    expected: CellValue | None


@st.composite
def cells(draw: st.DrawFn, row: int, column: int, style: Styles, is_1904: bool, strings: list[str]) -> Cell:
    """Draw one cell's meaning and a way to write it."""
    kind = draw(st.sampled_from(["text", "number", "percent", "date", "time", "duration", "bool", "error", "empty"]))
    value: CellValue | None
    if kind == "text":
        value = "".join(draw(texts))
        attributes, content = draw(text_forms(value, strings))
        return Cell(row, column, attributes, content, value if value.strip() else None)
    if kind == "bool":
        value = draw(st.booleans())
        return Cell(row, column, ' t="b"', f"<v>{int(value)}</v>", value)
    if kind == "error":
        code = draw(st.sampled_from(ERRORS))
        return Cell(row, column, ' t="e"', f"<v>{xml_text(code)}</v>", ExcelError(code))
    if kind == "empty":
        return Cell(row, column, f' s="{draw(st.integers(0, len(style.kinds) - 1))}"', "", None)
    wanted = {"number": NUMBER, "percent": PERCENT, "date": DATE, "time": DATE, "duration": DURATION}[kind]
    if not style.of_kind(wanted):  # every style of the kind was redefined as another: a number instead
        kind, wanted = "number", NUMBER  # (id 300, never defined, is always a number's)
    xf = draw(st.sampled_from(style.of_kind(wanted)))
    stored, value = draw(numbers(kind, is_1904))
    typed = draw(st.sampled_from(["", ' t="n"']))
    return Cell(row, column, f' s="{xf}"{typed}', f"<v>{stored}</v>", value)


@st.composite
def text_forms(draw: st.DrawFn, value: str, strings: list[str]) -> tuple[str, str]:
    """Draw how a text is stored: shared or inline, in one piece or in rich runs, with a phonetic guide or not."""
    cut = draw(st.integers(0, len(value)))
    runs = draw(st.booleans())
    body = (
        f"<r><rPr><b/></rPr><t>{xml_text(value[:cut])}</t></r><r><t>{xml_text(value[cut:])}</t></r>"
        if runs
        else f'<t xml:space="preserve">{xml_text(value)}</t>'
    )
    if draw(st.booleans()):
        body += '<rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="0"/>'
    if draw(st.booleans()):
        strings.append(body)
        return ' t="s"', f"<v>{len(strings) - 1}</v>"
    return ' t="inlineStr"', f"<is>{body}</is>"


@st.composite
def numbers(draw: st.DrawFn, kind: str, is_1904: bool) -> tuple[str, CellValue]:
    """Draw a stored number for a style of the kind, and the value it means there."""
    epoch = EPOCH_1904 if is_1904 else EPOCH_1900
    if kind in ("number", "percent"):
        number: int | float = draw(
            st.integers(-(10**15), 10**15) | st.floats(allow_nan=False, allow_infinity=False, width=64)
        )
        return repr(number), Percentage(number) if kind == "percent" else number
    if kind == "date":
        moment = draw(st.datetimes(min_value=datetime(1904, 1, 2), max_value=datetime(2100, 12, 31)))
        moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
        whole = moment - epoch
        return serial(whole.days, whole.seconds * 1000 + whole.microseconds // 1000), moment
    milliseconds = draw(st.integers(0, MS_PER_DAY - 1 if kind == "time" else 1000 * MS_PER_DAY))
    value: CellValue = (
        (datetime.min + timedelta(milliseconds=milliseconds)).time()
        if kind == "time"
        else timedelta(milliseconds=milliseconds)
    )
    assert isinstance(value, time | timedelta)
    return serial(0, milliseconds), value


def serial(days: int, milliseconds: int) -> str:
    """Excel's serial for whole days and milliseconds, as it stores it."""
    return str(days) if not milliseconds else repr(days + milliseconds / MS_PER_DAY)


@dataclass
class Drawn:
    """A drawn workbook and the sheets a reader must give."""

    workbook: HandmadeWorkbook
    expected: list[Sheet]


@st.composite
def workbooks(draw: st.DrawFn) -> Drawn:
    """Draw a workbook of one to three sheets and what reading it must give."""
    calendar, is_1904 = draw(st.sampled_from(CALENDAR_FORMS))
    recalculation, recalculate = draw(st.sampled_from(RECALCULATION_FORMS))
    style = draw(styles())
    strings: list[str] = []
    name = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8)
    names = draw(st.lists(name, min_size=1, max_size=3, unique_by=str.casefold))
    sheets, expected = [], []
    for name in names:
        places = draw(st.lists(st.tuples(st.integers(1, 40), st.integers(1, 10)), max_size=25, unique=True))
        drawn = [draw(cells(row, column, style, is_1904, strings)) for row, column in sorted(places)]
        drawn += draw(formulas(places, recalculate, style))
        state = draw(st.sampled_from([None, "visible", "hidden", "veryHidden"]))
        merged = draw(merges())
        after = f'<mergeCells count="1"><mergeCell ref="{merged.ref}"/></mergeCells>' if merged else ""
        sheets.append(HandmadeSheet(name, draw(layouts(drawn)), state, after))
        rows: dict[int, dict[int, CellValue]] = {}
        for cell in drawn:
            if cell.expected is not None:
                rows.setdefault(cell.row, {})[cell.column] = cell.expected
        expected.append(
            Sheet(
                name,
                "fuzz.xlsx",
                hidden=state in ("hidden", "veryHidden"),
                rows=[Row(n, dict(sorted(rows[n].items()))) for n in sorted(rows)],
                merged=[merged] if merged else [],
                epoch=EPOCH_1904 if is_1904 else EPOCH_1900,
            )
        )
    workbook = HandmadeWorkbook(
        sheets,
        workbook_pr=f" date1904={calendar}" if calendar else "",
        calc_pr=f" fullCalcOnLoad={recalculation}" if recalculation else "",
        num_fmts=style.num_fmts,
        cell_xfs=style.xfs,
        dxfs=style.dxfs,
        shared_strings=strings,
    )
    return Drawn(workbook, expected)


@st.composite
def formulas(draw: st.DrawFn, taken: list[tuple[int, int]], recalculate: bool, style: Styles) -> list[Cell]:
    """Draw formula cells at free places: with a stored result (read unless recalculation is asked) or without."""
    found = []
    free = [(row, column) for row in range(41, 45) for column in range(1, 4) if (row, column) not in taken]
    for row, column in draw(st.lists(st.sampled_from(free), max_size=3, unique=True)):
        formula = f"SUM(A1:A{row - 1})+{column}"
        result = draw(st.none() | st.integers(-1000, 1000))
        value: CellValue = UncachedFormula(f"={formula}") if recalculate or result is None else result
        stored = "" if result is None else f"<v>{result}</v>"
        xf = draw(st.sampled_from(style.of_kind(NUMBER)))
        found.append(Cell(row, column, f' s="{xf}"', f"<f>{formula}</f>{stored}", value))
    return found


@st.composite
def merges(draw: st.DrawFn) -> MergedRange | None:
    if not draw(st.booleans()):
        return None
    row, column = draw(st.integers(1, 40)), draw(st.integers(1, 8))
    rows, columns = draw(st.integers(0, 3)), draw(st.integers(0, 2))
    last = f"{chr(64 + column + columns)}{row + rows}"
    return MergedRange(f"{chr(64 + column)}{row}:{last}", column, row, column + columns, row + rows)


@st.composite
def layouts(draw: st.DrawFn, drawn: list[Cell]) -> str:
    """Draw how the cells stand in the sheet's XML: in or out of their rows and order, with or without references."""
    by_row: dict[int, list[Cell]] = {}
    for cell in drawn:
        by_row.setdefault(cell.row, []).append(cell)
    elements: dict[int, list[Cell]] = {number: sorted(row, key=lambda c: c.column) for number, row in by_row.items()}
    for number in draw(st.lists(st.integers(1, 44), max_size=4)):
        elements.setdefault(number, [])  # empty formatted rows
    if drawn and draw(st.booleans()):  # a cell in another row's element, placed by its reference
        stray = draw(st.sampled_from(drawn))
        elements[stray.row].remove(stray)
        elements.setdefault(draw(st.sampled_from(sorted(elements))), []).append(stray)
    occupied = {(cell.row, cell.column) for cell in drawn}
    order = sorted(elements)
    if draw(st.booleans()):
        order = draw(st.permutations(order))
    written = []
    previous_row = 0
    for number in order:
        row_cells = elements[number]
        if draw(st.booleans()):
            row_cells = draw(st.permutations(row_cells))
        implied_row = number == previous_row + 1 and draw(st.booleans())
        previous_row, previous_column = number, 0
        pieces = []
        for cell in row_cells:
            implied = cell.row == number and cell.column == previous_column + 1 and draw(st.booleans())
            previous_column = cell.column
            reference = "" if implied else f' r="{chr(64 + cell.column)}{cell.row}"'
            pieces.append(f"<c{reference}{cell.attributes}>{cell.content}</c>")
            empty = (number, cell.column + 1)
            if empty not in occupied and draw(st.integers(0, 4)) == 0:  # a formatted empty cell in the row
                occupied.add(empty)
                previous_column = empty[1]
                pieces.append(f'<c r="{chr(64 + empty[1])}{number}" s="0"/>')
        attributes = "" if implied_row else f' r="{number}"'
        written.append(f'<row{attributes} spans="1:12">{"".join(pieces)}</row>')
    return "".join(written)


@settings(PROFILE)
@given(workbooks())
def test_any_valid_workbook_reads_as_drawn(drawn: Drawn) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = drawn.workbook.write(Path(folder) / "fuzz.xlsx")
        assert read_workbook(path, "fuzz.xlsx") == drawn.expected
