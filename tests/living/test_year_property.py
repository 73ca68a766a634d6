"""A year of ordinary use, drawn at random: workbook changes, Word edits and rebuilds, checked after each rebuild.

After every rebuild of the status report, against a fresh build of the same workbook:
- no text the person wrote is lost (their own paragraphs, what they typed into frames, their comments);
- every generated part stands under the same heading, and in the same order, as in the fresh build
  (a part the person copied is theirs to place);
- no part is stale without a comment: each generated part shows what the fresh build shows, or
  carries assembler's comment, or the person deleted its frame, or it holds what the person wrote
  while the workbook gives what it gave when they wrote it (their text is not stale: nothing changed
  under it); a part the workbook no longer gives is gone, or kept with assembler's comment.
`make test` runs a few examples, the same every time; `make fuzz` many new ones (ASSEMBLER_FUZZ_PROFILE=long).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from assembler.documents import DOCUMENTS
from assembler.living.comments import AUTHOR
from assembler.living.stories import is_showing_placeholder
from assembler.pipeline import build_plan, find_plans
from assembler.render.templates import checked_template_paths
from assembler.wordxml import W
from tests.context.test_content import near_empty_sheets
from tests.factory import Sheets, column_of, in_first_year, plan_sheets, set_value, write_workbook
from tests.living import wordedits as word
from tests.living.test_living import ooxml_errors

settings.register_profile(
    "ci", max_examples=20, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
settings.register_profile("long", max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
PROFILE = settings.get_profile(os.environ.get("ASSEMBLER_FUZZ_PROFILE", "ci"))
STATUS_REPORT = [spec for spec in DOCUMENTS if spec.key == "etaarsstatus"]
# Names that share their first 32 characters and more: a key must tell them apart.
NAMES = [f"Anne-Marie Kristensen-Holmgaard Lund {letter}" for letter in "ABCDE"]

# What a secretariat changes in its workbook during a year, as (what, a number to pick with).
WORKBOOK_CHANGES = st.tuples(
    st.sampled_from(["meeting", "no meeting", "member", "no member", "statusdato", "area", "point", "no point"]),
    st.integers(0, 40),
)
# What a person does to the report in Word, as (what, a frame or block to do it at, a second one).
WORD_EDITS = st.tuples(
    st.sampled_from(["write", "reword", "type", "comment", "unwrap", "copy", "empty", "delete", "save"]),
    st.integers(0, 200),
    st.integers(0, 200),
)
YEAR = st.tuples(
    st.sampled_from(["new plan", "running plan"]),
    st.lists(
        st.tuples(st.lists(WORKBOOK_CHANGES, max_size=3), st.lists(WORD_EDITS, max_size=4)), min_size=1, max_size=3
    ),
)


@dataclass
class Person:
    """What the person has written, so far, and the frames they deleted."""

    own: set[str] = field(default_factory=set)  # paragraphs of their own
    typed: set[str] = field(default_factory=set)  # texts they wrote in frames
    comments: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)  # the identities of frames they deleted
    copied: set[str] = field(default_factory=set)  # the identities of frames they copied
    unwrapped: set[str] = field(default_factory=set)  # the identities of frames they took the frame off
    given: dict[str, str] = field(default_factory=dict)  # by identity: what the workbook gave when they wrote in it
    workbook: dict[str, str] = field(default_factory=dict)  # by identity: what the workbook gave at the last build
    written: int = 0

    def text(self, what: str) -> str:
        self.written += 1
        return f"{what} {self.written} fra sekretariatet."


def change_workbook(sheets: Sheets, what: str, number: int) -> None:
    """Make one change a secretariat makes to its workbook."""
    if what == "meeting":
        day = date(2018, 1 + number % 12, 1 + number % 27)
        if day not in [row[0] for row in sheets["Møder"][1:]]:
            sheets["Møder"].append([day, "Bestyrelsesmøde", None][: len(sheets["Møder"][0])])
    elif what == "no meeting" and len(sheets["Møder"]) > 1:
        del sheets["Møder"][1 + number % (len(sheets["Møder"]) - 1)]
    elif what == "member":
        name = NAMES[number % len(NAMES)]
        if name not in [row[0] for row in sheets["Bestyrelse"][1:]]:
            row = [name, "Direktør", "Boligforeningen Solbakken", date(2018, 1 + number % 12, 1), None, "Ja", None]
            sheets["Bestyrelse"].append(row[: len(sheets["Bestyrelse"][0])])
    elif what == "no member" and len(sheets["Bestyrelse"]) > 1:
        del sheets["Bestyrelse"][1 + number % (len(sheets["Bestyrelse"]) - 1)]
    elif what == "statusdato":
        set_value(sheets, "Stamdata", "Statusdato", f"{1 + number % 28}.12.2018")
    elif what == "area":
        areas = ["Solbakken", "Nordbakken", "Sydbakken og Vestbakken"]
        set_value(sheets, "Stamdata", "Boligområder", areas[number % 3])
    elif what in ("point", "no point"):
        row = sheets["Opmærksomhedspunkter"][1 + number % 4]
        paragraphs = ["Første afsnit om punktet.", "Andet afsnit med 2 tal.", f"Tredje afsnit, nr. {number}."]
        row[1] = "\n".join(paragraphs[: 1 + number % 3]) if what == "point" else None


def edit_in_word(document: word.WordFile, person: Person, what: str, first: int, second: int) -> None:
    """Do one thing a person does in Word (and note what they wrote or deleted)."""
    body = document.body
    frames = word.frames(document.xml(word.DOCUMENT))
    blocks = [child for child in body if child.tag in (f"{W}p", f"{W}sdt", f"{W}tbl")]
    frame = frames[first % len(frames)] if frames else None
    if what == "write":
        text = person.text("Egen tekst")
        word.write_after(blocks[first % len(blocks)], text)
        person.own.add(text)
    elif what == "reword" and frame is not None and frame.find(f".//{W}t") is not None:
        forget(person, frame)
        text = person.text("Rettet")
        # Typing over a frame's placeholder is what Word does when one types into it.
        (word.type_into_placeholder if is_showing_placeholder(frame) else word.retype)(frame, text)
        person.typed.add(text)
        person.given[identity(frame)] = person.workbook.get(identity(frame), "")
    elif what == "type" and (holders := [f for f in frames if is_showing_placeholder(f)]):
        holder = holders[first % len(holders)]
        text = person.text("Skrevet")
        word.type_into_placeholder(holder, text)
        person.typed.add(text)
        person.given[identity(holder)] = person.workbook.get(identity(holder), "")
    elif what == "comment":
        paragraphs = [p for p in body.iter(f"{W}p") if p.find(f"{W}r") is not None]
        text = person.text("Kommentar")
        word.comment(document, paragraphs[first % len(paragraphs)], text)
        person.comments.add(text)
    elif what == "unwrap" and frame is not None and frame.getparent() is body:
        if any(typed in word.text_of(frame) for typed in person.typed):
            # Rewritten and then without its frame, a part is the person's own text: as if they had deleted it.
            person.deleted.add(identity(frame))
        person.unwrapped.add(identity(frame))
        word.unwrap(frame)
    elif what == "copy" and frame is not None:
        person.copied.add(identity(frame))
        word.copy_frame(document, frame, blocks[second % len(blocks)])
    elif what == "empty" and frame is not None:
        forget(person, frame)
        word.empty_frame(frame)
    elif what == "delete" and frame is not None:
        forget(person, frame)
        others = [f for f in frames if f is not frame and identity(f) == identity(frame)]
        if not others:
            person.deleted.add(identity(frame))
        word.delete_frame(frame)


def forget(person: Person, frame: etree._Element) -> None:
    """The person writes over, empties or deletes a frame: what they wrote in it is theirs to lose."""
    text = word.text_of(frame)
    person.typed = {typed for typed in person.typed if typed not in text}


def identity(frame: etree._Element) -> str:
    """A frame's identity: its tag without assembler's prefix, and without the mark of a copy's count."""
    return word.tag(frame).removeprefix("assembler:").split("~")[0]


def body_of(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def comments_of(path: Path) -> list[tuple[str, str, str]]:
    """Each comment: its id, author and text."""
    with zipfile.ZipFile(path) as archive:
        if "word/comments.xml" not in archive.namelist():
            return []
        root = etree.fromstring(archive.read("word/comments.xml"))
    return [(str(c.get(f"{W}id")), str(c.get(f"{W}author")), "".join(c.itertext())) for c in root.iter(f"{W}comment")]


def headed(body: etree._Element, headings: set[str]) -> list[tuple[str, str, etree._Element]]:
    """Each of assembler's frames at body level, with the template heading it stands under: (identity, heading, frame).

    Only the template's headings count (their texts are given): a generated title, framed or not, is a part.
    """
    heading, found = "", []
    for child in body:
        if child.tag == f"{W}p" and word.text_of(child) in headings and is_heading(child):
            heading = word.text_of(child)
        elif child.tag == f"{W}sdt" and word.tag(child).startswith("assembler:"):
            found.append((identity(child), heading, child))
    return found


def template_headings(body: etree._Element) -> set[str]:
    """The texts of a fresh build's headings that are the template's own (not in a frame)."""
    return {word.text_of(child) for child in body if child.tag == f"{W}p" and is_heading(child)}


def is_heading(paragraph: etree._Element) -> bool:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(f"{W}val", "").startswith(("Heading", "Title"))


def commented(body: etree._Element, ours: set[str]) -> set[etree._Element]:
    """The frames one of assembler's comments covers (held, so lxml keeps giving the same element objects)."""
    open_ranges: set[str] = set()
    covered = set()
    for child in body:
        if child.tag == f"{W}commentRangeStart" and child.get(f"{W}id") in ours:
            open_ranges.add(str(child.get(f"{W}id")))
        elif child.tag == f"{W}commentRangeEnd":
            open_ranges.discard(str(child.get(f"{W}id")))
        elif child.tag == f"{W}sdt" and open_ranges:
            covered.add(child)
    return covered


def check(report: Path, fresh: Path, person: Person) -> None:
    """Check the updated report against the fresh build (see the module's description)."""
    body, new = body_of(report), body_of(fresh)
    text = "\n".join(word.text_of(p) for p in body.iter(f"{W}p"))
    for written in person.own | person.typed:
        assert written in text, f"lost: {written}"
    notes = comments_of(report)
    assert person.comments <= {note for _, _, note in notes}, "a comment of the person's is lost"
    ours = {number for number, author, _ in notes if author == AUTHOR}
    covered = commented(body, ours)
    headings = template_headings(new)
    now, then = headed(body, headings), headed(new, headings)
    wanted = {name: (heading, word.text_of(frame)) for name, heading, frame in then}
    counts: dict[str, int] = {}
    for name, _, _ in now:
        counts[name] = counts.get(name, 0) + 1
    for name, heading, frame in now:
        if name not in wanted:  # the workbook no longer gives it: kept only with a comment
            assert frame in covered, f"kept without a comment: {name}"
            continue
        if counts[name] == 1 and name not in person.copied:
            assert heading == wanted[name][0], f"misplaced: {name} under {heading!r}, not {wanted[name][0]!r}"
        shown = word.text_of(frame)
        theirs = person.given.get(name) == wanted[name][1] and any(typed in shown for typed in person.typed)
        assert shown == wanted[name][1] or frame in covered or theirs, f"stale without a comment: {name}"
    placed = [name for name, _, _ in now if counts[name] == 1 and name not in person.copied and name in wanted]
    assert placed == [name for name, _, _ in then if name in placed], "out of order"
    present = set(counts)
    unframed = "\n".join(word.text_of(child) for child in body if child.tag != f"{W}sdt")
    for name, (_, shown) in wanted.items():
        without_frame = (shown or name in person.unwrapped) and shown in unframed  # (an empty part shows nothing)
        assert name in present or name in person.deleted or without_frame, f"missing: {name}"
    person.workbook = {name: shown for name, (_, shown) in wanted.items()}


@settings(PROFILE)
@given(YEAR)
# Years that once failed, and issue 19's failures as a year (a frame by its place among the frames).
@example(("new plan", [([], [("reword", 0, 0)])]))  # the title reworded, nothing changed: the person's, no comment
@example(("new plan", [([], [("reword", 13, 0)])]))  # typed over a point's placeholder
@example(("new plan", [([("point", 0)], [("type", 101, 0)])]))  # typed into a placeholder, then the workbook has it
@example(("running plan", [([], [("unwrap", 37, 0)])]))  # an empty frame without its frame
@example(("new plan", [([], [("comment", 0, 0), ("copy", 0, 0)])]))  # a frame with a comment copied
@example(("new plan", [([("meeting", 1), ("member", 2), ("point", 1)], [("save", 0, 0)])]))  # 1: filled in after a save
@example(("running plan", [([("statusdato", 1), ("area", 1)], [("comment", 5, 0), ("unwrap", 5, 0), ("copy", 2, 20)])]))
@example(("running plan", [([("member", 0), ("member", 1)], []), ([("no member", 1)], [("reword", 14, 0)])]))
@example(("running plan", [([("statusdato", 2)], [("reword", 5, 0)]), ([("statusdato", 4)], [("empty", 5, 0)])]))
@example(("running plan", [([("statusdato", 2)], [("delete", 5, 0)]), ([("meeting", 3)], [("write", 12, 0)])]))
def test_a_year_of_word_edits_and_rebuilds_keeps_text_places_and_figures(year: tuple[str, list[Any]]) -> None:
    start, steps = year
    sheets = in_first_year(near_empty_sheets()) if start == "new plan" else plan_sheets()
    templates = checked_template_paths(STATUS_REPORT, None)
    person = Person()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        build = builder(work, templates)
        report = build(sheets, work / "outputs")
        person.workbook = {name: word.text_of(frame) for name, _, frame in headed(body_of(report), set())}
        for changes, edits in steps:
            document = word.WordFile.open(report)
            for what, first, second in edits:
                edit_in_word(document, person, what, first, second)
            word.save_noise(document)
            document.save()
            for what, number in changes:
                change_workbook(sheets, what, number)
            assert build(sheets, work / "outputs") == report
            shutil.rmtree(work / "fresh", ignore_errors=True)
            check(report, build(sheets, work / "fresh"), person)
        assert ooxml_errors(report) == []


def builder(work: Path, templates: dict[str, Path]) -> Callable[[Sheets, Path], Path]:
    """Return what builds the status report of a workbook into a folder, in this process; it returns the report."""

    def build(sheets: Sheets, out: Path) -> Path:
        write_workbook(work / "inputs" / "solbakken.xlsx", sheets)
        ((source, name),) = find_plans(work / "inputs", out)
        result = build_plan(source, out, folder_name=name, documents=STATUS_REPORT, templates=templates)
        assert result.ok, result.problems
        (written,) = result.written
        assert "(ny" not in written.path.name, written
        return written.path

    return build


def test_the_year_s_workbook_changes_keep_the_plan_valid() -> None:
    sheets = plan_sheets()
    for what in ("meeting", "member", "statusdato", "area", "point", "no meeting", "no member", "no point"):
        for number in range(6):
            change_workbook(sheets, what, number)
    assert column_of(sheets, "Bestyrelse", "Navn") == 0
    with tempfile.TemporaryDirectory() as temporary:
        templates = checked_template_paths(STATUS_REPORT, None)
        assert builder(Path(temporary), templates)(sheets, Path(temporary) / "outputs").is_file()
