"""The check that every value printed into a document is there, whole, as often as it was printed."""

from __future__ import annotations

import io
import random
import zipfile
from collections import Counter

import pytest
from docx import Document

from assembler.render.verify import IncompleteDocument, check_text, document_text


def check_document(name: str, data: bytes, printed: list[str]) -> None:
    """Check a written .docx file's text as `render_checked` checks a rendered document's."""
    check_text(name, document_text(data), printed)


def word_document(*paragraphs: str, title: str = "") -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_of_body_breaks_tabs_and_properties() -> None:
    data = word_document("Første\tanden", title="Titel")
    text = document_text(data)
    assert "Første\tanden" in text
    assert "\nTitel\n" in text


def test_a_value_present_passes() -> None:
    check_document("x.docx", word_document("Jensen & Søn", "Jensen & Søn"), ["Jensen & Søn", "Jensen & Søn"])


@pytest.mark.parametrize(
    ("paragraphs", "printed", "quoted"),
    [
        (["Der blev ansat"], ["Der blev ansat en ny projektchef."], "Der blev ansat en ny projektchef."),
        (["Solbakken"], ["Solbakken", "Solbakken"], "Solbakken"),  # printed twice, found once
        (["kort"], ["x" * 100], "x" * 59 + "…"),
        (["a"], ["Før\ud800efter"], "Før�efter"),
    ],
)
def test_a_value_missing_or_cut_short_stops_the_document(
    paragraphs: list[str], printed: list[str], quoted: str
) -> None:
    with pytest.raises(IncompleteDocument) as caught:
        check_document("Etårsstatus 2018.docx", word_document(*paragraphs), printed)
    assert str(caught.value) == (
        f"Etårsstatus 2018.docx er ikke skrevet, fordi teksten »{quoted}« ikke kom helt med i dokumentet. "
        "Det er en fejl i assembler: send projektmappen til den, der passer assembler"
    )


def test_a_value_printed_into_an_attribute_is_found_there() -> None:
    data = word_document("celle")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/document.xml":
                assert b"<w:p>" in content
                content = content.replace(b"<w:p>", b'<w:p><w:pPr><w:shd w:val="clear" w:fill="D8EFD0"/></w:pPr>', 1)
            target.writestr(name, content)
    check_document("x.docx", buffer.getvalue(), ["D8EFD0", "celle"])


def test_the_rendered_documents_text_in_memory_is_the_saved_files_text() -> None:
    from assembler.context import build_context
    from assembler.contract.vocabulary import load_vocabulary
    from assembler.figures.compute import compute_figures
    from assembler.pipeline import load_plan
    from assembler.read.sources import discover_plans
    from assembler.render.engine import document_bytes, render_template
    from assembler.render.templates import default_template_dir
    from assembler.render.verify import rendered_text
    from tests.conftest import EXAMPLE

    plan, _ = load_plan(discover_plans(EXAMPLE)[0])
    vocabulary = load_vocabulary()
    context = build_context(plan, compute_figures(plan, vocabulary), vocabulary)
    for template in sorted(default_template_dir().glob("*.docx")):
        document = render_template(template, context)
        in_memory = rendered_text(document)
        saved = document_text(document_bytes(document))
        assert len(in_memory) > 1000
        assert sorted(in_memory.split("\n")) == sorted(saved.split("\n")), template.name


def counted_check(text: str, printed: list[str]) -> str | None:
    """Return the first value printed more often than the text holds it, counting each in the whole text."""
    for value, times in Counter(printed).items():
        if value and text.count(value) < times:
            return value
    return None


def test_looking_for_values_in_order_decides_as_counting_each_in_the_whole_text() -> None:
    # Values in the text's order, out of it (a header, an attribute), repeated, overlapping and missing.
    words = ["Solbakken", "2018", "Ja", "Nej", "D8EFD0", "18", "1", "a", "Solbakken 2018", "aa"]
    rng = random.Random(14)
    for _ in range(3000):
        printed = [rng.choice(words) for _ in range(rng.randint(1, 12))]
        shown = [value for value in printed if rng.random() < 0.9]
        if rng.random() < 0.3:
            rng.shuffle(shown)
        text = "\n".join(" " * rng.randint(0, 2500 if rng.random() < 0.1 else 3) + value for value in shown)
        missing = counted_check(text, printed)
        try:
            check_text("x.docx", text, printed)
        except IncompleteDocument as err:
            assert missing is not None and f"»{missing}«" in str(err)
        else:
            assert missing is None
