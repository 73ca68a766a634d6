"""Cases 4-6: XML bombs, zip bombs and sheets that lie about their size are turned away fast, in little memory."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import Result

from assembler.read.sniff import MAX_UNPACKED_BYTES
from assembler.read.worksheet import MAX_DATA_ROWS, MAX_PHYSICAL_ROWS
from tests.bad_inputs.conftest import Refused
from tests.bad_inputs.corpus import patch_zip, replace_in, sheet_part, with_shared_strings, workbook_bytes
from tests.docxdump import document_text
from tests.factory import plan_sheets
from tests.reports import report_name

ETAARSSTATUS = report_name("etaarsstatus")
MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
LAUGHS = b"".join(
    b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10) for level in range(2, 10)
)  # ten to the ninth 'lol's: 3 GB if expanded
BILLION_LAUGHS = b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol1 "lol">' + LAUGHS + b"]>\n"
EXTERNAL_ENTITY = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
REFUSED_DTD = (
    "filen indeholder XML-definitioner (DTD eller entiteter) i {part}, som Excel aldrig skriver; den afvises af "
    "sikkerhedshensyn. Åbn den i Excel og gem den igen."
)


@contextmanager
def bounded(seconds: float, megabytes: int | None = None) -> Iterator[None]:
    """Fail unless the block finishes in time, having allocated at most this much Python memory at once."""
    if megabytes is not None:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if megabytes is not None else 0
        tracemalloc.stop()
    assert elapsed < seconds, f"{elapsed:.2f} s"
    if megabytes is not None:
        assert peak < megabytes * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB"


def with_prolog(prolog: bytes, entity: bytes | None = None) -> Callable[[bytes], bytes]:
    """Return a part patch that puts a DTD before the root element, and uses an entity in the first text."""

    def patch(content: bytes) -> bytes:
        body = content.split(b"?>", 1)[1] if content.startswith(b"<?xml") else content
        if entity is not None:
            body = body.replace(b"<t>", b"<t>" + entity, 1)
        return prolog + body.lstrip()

    return patch


def hostile_workbook(part: str, prolog: bytes, entity: bytes | None) -> bytes:
    data = with_shared_strings(workbook_bytes(), "xl/worksheets/sheet1.xml")
    return patch_zip(data, {part: with_prolog(prolog, entity)})


@pytest.mark.parametrize(
    "part",
    [
        "xl/workbook.xml",
        "xl/sharedStrings.xml",
        "xl/worksheets/sheet2.xml",
        "xl/styles.xml",
        "[Content_Types].xml",
        "xl/_rels/workbook.xml.rels",
        "docProps/core.xml",
    ],
)
@pytest.mark.parametrize(
    ("prolog", "entity"), [(BILLION_LAUGHS, b"&lol9;"), (EXTERNAL_ENTITY, b"&xxe;")], ids=["bomb", "external"]
)
def test_xml_bombs_and_external_entities_are_refused_in_any_part(
    refused: Refused, inputs: Path, part: str, prolog: bytes, entity: bytes
) -> None:
    (inputs / "solbakken.xlsx").write_bytes(hostile_workbook(part, prolog, entity))
    with bounded(seconds=2, megabytes=20):
        refused("solbakken.xlsx: " + REFUSED_DTD.format(part=part))


def test_a_dtd_hidden_behind_a_long_comment_is_refused(refused: Refused, inputs: Path) -> None:
    prolog = b'<?xml version="1.0"?>\n<!--' + b" " * 100_000 + b"-->" + BILLION_LAUGHS.split(b"\n", 1)[1]
    (inputs / "solbakken.xlsx").write_bytes(hostile_workbook("xl/workbook.xml", prolog, None))
    refused("solbakken.xlsx: " + REFUSED_DTD.format(part="xl/workbook.xml"))


def zip_bomb(part: str, megabytes: int, level: int) -> bytes:
    """Return the plan with one sheet replaced by megabytes of spaces inside its root element, packed small."""
    data = workbook_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for name in source.namelist():
            if name != part:
                target.writestr(name, source.read(name))
        with target.open(part, "w", force_zip64=True) as bomb:
            bomb.write(b"<worksheet " + MAIN_NS + b"><sheetData>")
            padding = b" " * (1024 * 1024)
            for _ in range(megabytes):
                bomb.write(padding)
            bomb.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def large_bomb() -> bytes:
    return zip_bomb("xl/worksheets/sheet6.xml", 200, level=1)


def test_a_zip_bomb_is_refused_from_the_zip_directory(refused: Refused, inputs: Path, large_bomb: bytes) -> None:
    assert len(large_bomb) < 1024 * 1024  # under a megabyte on disk, 200 MB unpacked
    (inputs / "solbakken.xlsx").write_bytes(large_bomb)
    with bounded(seconds=2, megabytes=20):
        refused(
            f"solbakken.xlsx: filen fylder 201 MB udpakket; assembler læser højst {MAX_UNPACKED_BYTES // 2**20} MB. "
            "Er det den rigtige fil?"
        )


def test_a_part_packed_far_tighter_than_excel_packs_is_refused(refused: Refused, inputs: Path) -> None:
    (inputs / "solbakken.xlsx").write_bytes(zip_bomb("xl/worksheets/sheet6.xml", 20, level=9))
    with bounded(seconds=2, megabytes=20):
        refused(
            "solbakken.xlsx: delen xl/worksheets/sheet6.xml pakker sig ud fra 21 KB til 21 MB, langt mere end en "
            "Excel-projektmappe gør (en såkaldt zip-bombe); den afvises af sikkerhedshensyn. Er det den rigtige fil?"
        )


def set_dimension(ref: bytes) -> Callable[[bytes], bytes]:
    def patch(content: bytes) -> bytes:
        start = content.index(b"<dimension ref=")
        end = content.index(b"/>", start) + 2
        return content[:start] + b'<dimension ref="' + ref + b'"/>' + content[end:]

    return patch


def test_a_sheet_claiming_to_be_one_cell_is_read_whole(built: Callable[..., Result], inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Møder"] += [[f"{day}.11.2018", "Temadag", f"Møde nummer {day}"] for day in range(1, 29)]
    data = workbook_bytes(sheets)
    (inputs / "solbakken.xlsx").write_bytes(patch_zip(data, {sheet_part(sheets, "Møder"): set_dimension(b"A1:A1")}))
    built()
    text = document_text(out / "solbakken" / ETAARSSTATUS)
    assert "28. november 2018 – Temadag" in text
    assert text.count("– Temadag") == 28


def test_a_sheet_claiming_the_whole_grid_is_read_quickly(built: Callable[..., Result], inputs: Path) -> None:
    sheets = plan_sheets()
    data = workbook_bytes(sheets)
    (inputs / "solbakken.xlsx").write_bytes(
        patch_zip(data, {sheet_part(sheets, name): set_dimension(b"A1:XFD1048576") for name in sheets})
    )
    with bounded(seconds=5):
        built()


def rows_xml(first: int, last: int, cell: Callable[[int], bytes]) -> bytes:
    return b"".join(b'<row r="%d">%s</row>' % (number, cell(number)) for number in range(first, last + 1))


def test_too_many_rows_is_a_located_error_and_nothing_more(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    last = MAX_DATA_ROWS + 1
    meetings = rows_xml(6, last + 9, lambda n: b'<c r="A%d" t="inlineStr"><is><t>1.3.2018</t></is></c>' % n)
    data = workbook_bytes(sheets)
    part = sheet_part(sheets, "Møder")
    (inputs / "solbakken.xlsx").write_bytes(
        patch_zip(data, {part: replace_in(b"</sheetData>", meetings + b"</sheetData>")})
    )
    with bounded(seconds=5):
        refused(
            f"solbakken.xlsx › Møder, række {last}: arket har flere end 10.000 rækker med indhold; assembler læser "
            "højst 10.000. Slet overflødige rækker, eller del arket op."
        )


def test_too_many_formatted_empty_rows_is_a_located_error(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    empty = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % n for n in range(6, MAX_PHYSICAL_ROWS + 10))
    data = workbook_bytes(sheets)
    (inputs / "solbakken.xlsx").write_bytes(
        patch_zip(data, {sheet_part(sheets, "Møder"): replace_in(b"</sheetData>", empty + b"</sheetData>")})
    )
    with bounded(seconds=5):
        refused(
            f"solbakken.xlsx › Møder, række {MAX_PHYSICAL_ROWS + 1}: arket har flere end 100.000 rækker, når "
            "tomme rækker med formatering tælles med. Markér de tomme rækker under dataene, slet dem "
            "(højreklik › Slet) og gem."
        )
