"""Cases 12-14: cell text is data, arrives whole and in one Unicode form, and a cut-off document is never written."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

import assembler.contract.tables
from assembler.context import build_context
from assembler.contract.vocabulary import load_vocabulary
from assembler.errors import AssemblerError
from assembler.figures.compute import compute_figures
from assembler.pipeline import load_plan
from assembler.read.sources import PlanSource
from assembler.render.engine import document_bytes, render_template
from tests import docxdump
from tests.bad_inputs.conftest import Refused
from tests.bad_inputs.corpus import patch_zip, replace_in
from tests.clitext import lines_without_time
from tests.conftest import REPO
from tests.docxdump import document_text
from tests.factory import Sheets, plan_sheets, set_value, write_workbook
from tests.reports import factory_reports, report_name, report_spec

ETAARSSTATUS, FREMDRIFT, OEKONOMI = (report_name(key) for key in ("etaarsstatus", "fremdrift", "oekonomi"))
TRICKY = "{{ 7*7 }} {% for x in y %}{#c#} {_{ a }_} {%p if x %} </w:t><w:t>& < > \"citat\" 'enkelt' R&D"
REMOVED = "tegn, som Word ikke kan vise (kontroltegn), er fjernet fra teksten"


def texts(out: Path) -> dict[str, str]:
    """Return each report's text, paragraphs and table rows as docxdump reads them."""
    return {name: document_text(out / "solbakken" / name) for name in factory_reports()}


def plain_paragraphs(path: Path) -> list[str]:
    """Return every paragraph of the body and its tables as python-docx reads it (tabs as \\t)."""
    document = Document(str(path))
    cells = [p.text for t in docxdump.tables(document) for row in t.rows for c in row.cells for p in c.paragraphs]
    return [p.text for p in docxdump.paragraphs(document)] + cells


def put_everywhere(sheets: Sheets, text: str) -> None:
    """Put a text in a free-text cell of every sheet a report prints from."""
    sheets["Opmærksomhedspunkter"][5][1] = text  # S1, in the etårsstatus
    sheets["Bestyrelse"][2][6] = text  # a bemærkning, in the etårsstatus
    sheets["Fremdrift"][3][7] = text  # the delayed Jobklub's kommentar, in the etårsstatus and fremdrift
    sheets["Fremdrift"][1][3] = text  # a succeskriterie, in the fremdriftsrapport
    sheets["Budget"][2][0] = text  # a post, in the økonomioversigt
    sheets["Finansiering"][2][0] = text  # Kommunen, in the etårsstatus and økonomioversigt


def test_template_code_and_xml_in_cells_appear_literally(built: Callable[..., Result], inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    put_everywhere(sheets, TRICKY)
    set_value(sheets, "Stamdata", "Helhedsplan", TRICKY)
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    for name, text in texts(out).items():
        assert TRICKY in text, name
        assert "49" not in text.replace("2019", ""), name
    document = Document(str(out / "solbakken" / ETAARSSTATUS))
    assert document.core_properties.title == f"{ETAARSSTATUS.removesuffix('.docx')} – {TRICKY}"
    footer = "".join(p.text for p in document.sections[0].footer.paragraphs)
    assert TRICKY in footer


def test_line_breaks_are_kept(built: Callable[..., Result], inputs: Path, out: Path) -> None:
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"][5][1] = "Første afsnit_x000B_Andet afsnit\r\nTredje afsnit\nFjerde afsnit"
    sheets["Fremdrift"][3][7] = "Første linje_x000B_anden linje\tmed tabulator"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    etaarsstatus = plain_paragraphs(out / "solbakken" / ETAARSSTATUS)
    for paragraph in ("Første afsnit", "Andet afsnit", "Tredje afsnit", "Fjerde afsnit"):
        assert paragraph in etaarsstatus
    assert "Jobklub (Uddannelse og beskæftigelse, forsinket): Første linje\nanden linje\tmed tabulator" in etaarsstatus
    fremdrift = plain_paragraphs(out / "solbakken" / FREMDRIFT)
    assert "Første linje\nanden linje\tmed tabulator" in fremdrift


def test_characters_word_cannot_hold_are_removed_with_a_located_warning(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"][5][1] = "Nul_x0000_tegn og klokke_x0007_"
    sheets["Fremdrift"][3][7] = "Surrogat_xD800_ og ikke-tegn_xFFFE__xFFFF_ og sideskift_x000C_"
    sheets["Bestyrelse"][1][0] = "Anne_x001F_ Mørk"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    result = built(
        f"solbakken.xlsx › Bestyrelse!A2 (advarsel): {REMOVED}",
        f"solbakken.xlsx › Opmærksomhedspunkter!B6 (advarsel): {REMOVED}",
        f"solbakken.xlsx › Fremdrift!H4 (advarsel): {REMOVED}",
    )
    assert lines_without_time(result.stdout)[-2:] == [
        "1 af 1 helhedsplan bygget.",
        f"{len(factory_reports())} dokumenter skrevet på … sekunder.",
    ]
    text = texts(out)
    assert "Nultegn og klokke" in text[ETAARSSTATUS]
    assert "| Anne Mørk | Direktør |" in text[ETAARSSTATUS]
    assert "Surrogat og ikke-tegn og sideskift" in text[FREMDRIFT]


def test_a_document_cut_short_is_never_written(refused: Refused, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Were the cleaning ever to miss a character, docxtpl would save a document that stops there.
    def cleaning_that_misses_surrogates(text: str) -> tuple[str, bool]:
        return text.replace("_xD800_", "\ud800"), False

    monkeypatch.setattr(assembler.contract.tables, "clean_text", cleaning_that_misses_surrogates)
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"][1][1] = "Før_xD800_efter"
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(
        f"solbakken.xlsx: {ETAARSSTATUS} er ikke skrevet, fordi teksten »Før�efter« ikke kom helt med i "
        "dokumentet. Det er en fejl i assembler: send projektmappen til den, der passer assembler"
    )


def test_very_long_text_emoji_and_decomposed_letters_arrive_whole_and_composed(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    decomposed = unicodedata.normalize("NFD", "Åbningstider på Ærø og i Ålborg ")
    assert len(decomposed) > len(unicodedata.normalize("NFC", decomposed))
    long_text = (decomposed + "👩‍👩‍👧 🇩🇰 ") * 700
    long_text = long_text[: 32_767 - 1] + "."  # Excel's limit for one cell
    expected = unicodedata.normalize("NFC", long_text).strip()
    sheets = plan_sheets()
    sheets["Opmærksomhedspunkter"][1][1] = long_text
    sheets["Fremdrift"][3][7] = long_text
    sheets["Bestyrelse"][1][0] = decomposed.strip()
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    etaarsstatus = plain_paragraphs(out / "solbakken" / ETAARSSTATUS)
    assert expected in etaarsstatus
    assert f"Jobklub (Uddannelse og beskæftigelse, forsinket): {expected}" in etaarsstatus
    assert unicodedata.normalize("NFC", decomposed.strip()) in etaarsstatus
    assert expected in plain_paragraphs(out / "solbakken" / FREMDRIFT)


def test_a_plan_name_too_long_for_the_documents_title_is_located(refused: Refused, inputs: Path) -> None:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Helhedsplan", "Æ" * 300)
    set_value(sheets, "Stamdata", "Projektleder", "x" * 201)
    write_workbook(inputs / "solbakken.xlsx", sheets)
    refused(
        "solbakken.xlsx › Stamdata!B2: Helhedsplan er 300 tegn lang; den må højst være 200 tegn, fordi den står i "
        "rapporternes titel og egenskaber. Forkort den",
        "solbakken.xlsx › Stamdata!B11: Projektleder er 201 tegn lang; den må højst være 200 tegn, fordi den står i "
        "rapporternes titel og egenskaber. Forkort den",
    )


def test_the_longest_plan_name_allowed_fits_the_title(built: Callable[..., Result], inputs: Path, out: Path) -> None:
    name = ("Nord & Syd <Øst> " * 12)[:200]
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Helhedsplan", name)
    write_workbook(inputs / "solbakken.xlsx", sheets)
    built()
    properties = Document(str(out / "solbakken" / OEKONOMI)).core_properties
    assert properties.title == f"Økonomioversigt 2018 – {name.strip()}"
    assert properties.author == "Jonas Riis"


def test_a_template_putting_long_text_in_a_document_property_is_refused_not_a_crash(
    inputs: Path, tmp_path: Path
) -> None:
    template_name = report_spec("etaarsstatus").template
    source = (REPO / "templates" / "docx" / template_name).read_bytes()
    # A colleague put the housing areas in the document's subject, in Word's Filer › Info.
    subject = replace_in(b"<dc:subject>", b"<dc:subject>{{ plan.boligomraader }} ")
    template = tmp_path / template_name
    template.write_bytes(patch_zip(source, {"docProps/core.xml": subject}))
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Boligområder", "Solbakken, " * 30)
    path = write_workbook(inputs / "solbakken.xlsx", sheets)
    plan, _ = load_plan(PlanSource("solbakken", path, (path,), inputs))
    vocabulary = load_vocabulary()
    with pytest.raises(AssemblerError) as caught:
        document_bytes(render_template(template, build_context(plan, compute_figures(plan, vocabulary), vocabulary)))
    assert str(caught.value) == (
        f"skabelonen {template_name} kan ikke bruges: dokumentegenskaben 'subject' bliver 371 tegn lang, men Word "
        "tillader højst 255; forkort teksten, der indsættes i den"
    )
