"""Cases 1-3: files that are not readable workbooks are named for what they are, and nothing is written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from tests.bad_inputs.conftest import Refused
from tests.bad_inputs.corpus import (
    encrypted_xlsx,
    old_xls,
    part_names,
    patch_zip,
    replace_in,
    with_shared_strings,
    workbook_bytes,
)
from tests.factory import plan_sheets
from tests.reports import report_name

ETAARSSTATUS = report_name("etaarsstatus")
COPYING = "Hvis den er ved at blive kopieret, så prøv igen, når kopieringen er færdig"
DAMAGED = f"filen er ufuldstændig eller beskadiget. {COPYING}; ellers åbn den i Excel og gem den igen."
SAVE_AS = "Åbn den i Excel og vælg Gem som › Excel-projektmappe (.xlsx)."
PASSWORD = (
    "projektmappen er beskyttet med en adgangskode (eller krypteret med en følsomhedsmærkat). "
    "Åbn den i Excel, fjern adgangskoden (Filer › Info › Beskyt projektmappe) og gem den igen."
)
STRICT_NAMESPACES = {
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        b"http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}


def word_document() -> bytes:
    document = Document()
    document.add_paragraph("Etårsstatus")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def binary_workbook() -> bytes:
    """Return the skeleton of an .xlsb file: a zip of binary parts."""
    return zip_of(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00", "xl/worksheets/sheet1.bin": b""}
    )


def opendocument() -> bytes:
    """Return the skeleton of an .ods file, its mimetype stored first as the format demands."""
    return zip_of(
        {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<office:document-content/>"}
    )


def strict(content: bytes) -> bytes:
    for transitional, strict_namespace in STRICT_NAMESPACES.items():
        content = content.replace(transitional, strict_namespace)
    return content


def strict_workbook() -> bytes:
    """Return the plan saved as Strict Open XML: every part in the ISO namespaces."""
    data = workbook_bytes()
    return patch_zip(data, {name: strict for name in part_names(data) if name.endswith((".xml", ".rels"))})


def damaged_member() -> bytes:
    """Return the plan with bytes in the middle of one sheet's packed data overwritten."""
    data = bytearray(workbook_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet2.xml")
    start = info.header_offset + 30 + len(info.filename) + 10
    data[start : start + 16] = b"\xff" * 16
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("solbakken.xlsx", lambda: b"", f"filen er tom (0 byte). {COPYING}."),
        ("solbakken.xlsx", lambda: workbook_bytes()[: len(workbook_bytes()) // 2], DAMAGED),
        ("solbakken.xlsx", lambda: workbook_bytes()[:-10], DAMAGED),
        ("solbakken.xlsx", lambda: workbook_bytes()[:100], DAMAGED),
        ("solbakken.xlsx", damaged_member, DAMAGED),
        (
            "solbakken.xlsx",
            word_document,
            "filen er et Word-dokument, ikke en Excel-projektmappe. Læg projektmappen (.xlsx) i stedet.",
        ),
        (
            "solbakken.xlsx",
            lambda: zip_of({"data.txt": b"x"}),
            f"filen er en zip-fil, men ikke en Excel-projektmappe. {SAVE_AS}",
        ),
        ("solbakken.xls", old_xls, f"filen er i det gamle Excel-format (.xls). {SAVE_AS}"),
        ("solbakken.xlsx", old_xls, f"filen er i det gamle Excel-format (.xls). {SAVE_AS}"),
        ("solbakken.xlsx", encrypted_xlsx, PASSWORD),
        ("solbakken.xlsb", binary_workbook, f"filen er en binær Excel-projektmappe (.xlsb). {SAVE_AS}"),
        ("solbakken.xlsx", binary_workbook, f"filen er en binær Excel-projektmappe (.xlsb). {SAVE_AS}"),
        ("solbakken.ods", opendocument, f"filen er et OpenDocument-regneark (.ods). {SAVE_AS}"),
        ("solbakken.xlsx", opendocument, f"filen er et OpenDocument-regneark (.ods). {SAVE_AS}"),
        (
            "solbakken.csv",
            lambda: "Felt;Værdi\nHelhedsplan;Solbakken\n".encode(),
            f"filen er en tekst- eller CSV-fil, ikke en Excel-projektmappe. {SAVE_AS}",
        ),
        (
            "solbakken.xlsx",
            lambda: "\ufeffFelt;Værdi\nHelhedsplan;Solbakken\n".encode(),
            f"filen er en tekst- eller CSV-fil, ikke en Excel-projektmappe. {SAVE_AS}",
        ),
        (
            "solbakken.xlsx",
            lambda: "Felt\tVærdi\nHelhedsplan\tSolbakken\n".encode("utf-16"),
            f"filen er en tekst- eller CSV-fil, ikke en Excel-projektmappe. {SAVE_AS}",
        ),
        (
            "solbakken.xls",
            lambda: b"<html><body><table><tr><td>Felt</td></tr></table></body></html>",
            f"filen er en webside (HTML) med en Excel-endelse, ikke en rigtig Excel-projektmappe. {SAVE_AS}",
        ),
        (
            "solbakken.xls",
            lambda: b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
            f"filen er et XML-regneark fra Excel 2003. {SAVE_AS}",
        ),
        ("solbakken.xlsx", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "filen er en PDF-fil, ikke en Excel-projektmappe."),
        ("solbakken.xlsx", lambda: b"\x00\x01\x02\x03garbage", f"filen er ikke en Excel-projektmappe. {SAVE_AS}"),
        (
            "solbakken.xlsx",
            strict_workbook,
            f"filen er gemt som »Strict Open XML-regneark«, som assembler ikke kan læse. {SAVE_AS}",
        ),
    ],
)
def test_a_file_that_is_not_a_workbook_is_named_for_what_it_is(
    refused: Refused, inputs: Path, name: str, content: Callable[[], bytes], message: str
) -> None:
    (inputs / name).write_bytes(content())
    refused(f"{name}: {message}")


def test_a_workbook_without_readable_sheets_is_an_error_not_an_empty_report(refused: Refused, inputs: Path) -> None:
    data = workbook_bytes()
    (inputs / "solbakken.xlsx").write_bytes(
        patch_zip(data, {name: None for name in part_names(data) if name.startswith("xl/worksheets/")})
    )
    refused(f"solbakken.xlsx: projektmappen har ingen ark, der kan læses. {SAVE_AS}")


def test_a_workbook_listing_no_sheets_is_an_error(refused: Refused, inputs: Path) -> None:
    def no_sheets(workbook_xml: bytes) -> bytes:
        return workbook_xml[: workbook_xml.index(b"<sheets>")] + b"<sheets/>" + workbook_xml.split(b"</sheets>")[1]

    (inputs / "solbakken.xlsx").write_bytes(patch_zip(workbook_bytes(), {"xl/workbook.xml": no_sheets}))
    refused(f"solbakken.xlsx: projektmappen har ingen ark, der kan læses. {SAVE_AS}")


def test_a_sheet_whose_part_is_missing_is_named_not_called_missing(refused: Refused, inputs: Path) -> None:
    (inputs / "solbakken.xlsx").write_bytes(patch_zip(workbook_bytes(), {"xl/worksheets/sheet6.xml": None}))
    refused(
        "solbakken.xlsx › Budget: arket står i projektmappen, men dets indhold mangler i filen. "
        "Åbn den i Excel og gem den igen."
    )


def test_a_workbook_is_read_by_its_content_whatever_its_extension(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    (inputs / "solbakken.xls").write_bytes(workbook_bytes())
    built()
    assert (out / "solbakken" / ETAARSSTATUS).exists()


def test_one_bad_file_in_a_plan_folder_is_named_with_its_folder(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    budget = {name: sheets.pop(name) for name in ("Budget", "Finansiering")}
    folder = inputs / "solbakken"
    folder.mkdir()
    (folder / "fremdrift.xlsx").write_bytes(workbook_bytes(sheets))
    (folder / "budget.xlsx").write_bytes(workbook_bytes(budget)[:500])
    refused(f"solbakken/budget.xlsx: {DAMAGED}")


def test_a_broken_shared_string_reference_is_reported_not_raised(refused: Refused, inputs: Path) -> None:
    data = with_shared_strings(workbook_bytes(), "xl/worksheets/sheet1.xml")
    (inputs / "solbakken.xlsx").write_bytes(
        patch_zip(data, {"xl/worksheets/sheet1.xml": replace_in(b't="s"><v>0</v>', b't="s"><v>999</v>')})
    )
    refused(f"solbakken.xlsx: filen kan ikke læses som Excel-projektmappe (IndexError). {SAVE_AS}")
