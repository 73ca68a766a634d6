"""The cost of updating an edited report in place against a fresh build of it (an aim of at most 1.5x, reported).

Run from the repository with `make bench` (or `python -m bench.living`). The example plan's
status report is built, edited as Word would save it (a paragraph written, a placeholder typed
into), and the workbook's figures changed; then, taking turns, the report is built fresh into an
empty folder and updated in place over the edited copy. Both are whole builds in one process
(workbook read, rendered, checked, written), timed after a first warm-up round.
"""

from __future__ import annotations

import io
import shutil
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook

from assembler.documents import DOCUMENTS
from assembler.pipeline import build_plan, find_plans, load_plan
from assembler.wordxml import W
from tools.make_example import write_example

ROUNDS = 15
TARGET = 1.5
ETAARSSTATUS = tuple(d for d in DOCUMENTS if d.key == "etaarsstatus")


def edit_like_word(path: Path) -> None:
    """Write a paragraph after the first generated block, and save every part again."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members["word/document.xml"])
    first = next(root.iter(f"{W}sdt"))
    paragraph = etree.Element(f"{W}p")
    etree.SubElement(etree.SubElement(paragraph, f"{W}r"), f"{W}t").text = "Skrevet i Word."
    first.addnext(paragraph)
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def change_figures(workbook: Path) -> None:
    """Correct every figure in the Budget sheet's last numeric column, as an accountant would."""
    book = load_workbook(workbook)
    sheet = book["Budget"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                cell.value = cell.value + 1000
    book.save(workbook)


def main() -> None:
    """Measure and print one line (the aim is reported, not enforced: issue 18's ceilings are bench/table.py's)."""
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        inputs = work / "inputs"
        inputs.mkdir()
        write_example(inputs / "engparken.xlsx")
        ((source, _),) = find_plans(inputs)
        report = ETAARSSTATUS[0].filename(load_plan(source)[0])  # the status report that fits the example's year
        edited = work / "edited"
        build_plan(source, edited, folder_name="engparken", documents=ETAARSSTATUS)
        edit_like_word(edited / "engparken" / report)
        change_figures(inputs / "engparken.xlsx")
        ((source, _),) = find_plans(inputs)
        fresh_times, update_times = [], []
        for number in range(ROUNDS + 1):
            out = work / f"fresh-{number}"
            started = time.perf_counter()
            build_plan(source, out, folder_name="engparken", documents=ETAARSSTATUS)
            fresh = time.perf_counter() - started
            target = work / f"update-{number}"
            shutil.copytree(edited, target)
            started = time.perf_counter()
            result = build_plan(source, target, folder_name="engparken", documents=ETAARSSTATUS)
            update = time.perf_counter() - started
            assert "felter ændret" in result.written[0].note, result.written[0]
            if number:  # the first round warms the caches
                fresh_times.append(fresh)
                update_times.append(update)
    fresh_ms, update_ms = (1000 * statistics.median(t) for t in (fresh_times, update_times))
    ratio = update_ms / fresh_ms
    verdict = "met" if ratio <= TARGET else "missed"
    print(
        f"update of an edited status report  {update_ms:.0f} ms  fresh build {fresh_ms:.0f} ms  "
        f"{ratio:.2f}x  (aim: at most {TARGET}x, {verdict})"
    )


if __name__ == "__main__":
    main()
