"""The rendering engine's shortcuts agree with the libraries' own way of doing the same thing."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
import pytest

from assembler.render.cache import opened_document
from assembler.render.engine import is_text_part
from assembler.render.templates import default_template_dir

TEMPLATES = sorted(default_template_dir().glob("*.docx"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_opened_template_has_the_parts_python_docx_opens(template: Path) -> None:
    data = template.read_bytes()
    ours, theirs = opened_document(data, is_text_part), docx.Document(BytesIO(data))

    def parts(document: object) -> list[tuple[str, str, type, bytes, list[tuple[str, str]]]]:
        package = document.part.package  # type: ignore[attr-defined]
        return [
            (part.partname, part.content_type, type(part), part.blob, sorted(_rel_types(part)))
            for part in package.iter_parts()
        ]

    assert parts(ours) == parts(theirs)


def test_opened_documents_share_only_what_rendering_leaves_alone() -> None:
    data = (default_template_dir() / "referat.docx").read_bytes()
    first, second = opened_document(data, is_text_part), opened_document(data, is_text_part)
    assert first.element is not second.element
    assert first.core_properties._element is not second.core_properties._element
    assert first.styles.element is second.styles.element
    first.core_properties.title = "ændret"
    assert second.core_properties.title != "ændret"


def _rel_types(part: object) -> list[tuple[str, str]]:
    return [(rel_id, rel.reltype) for rel_id, rel in part.rels.items()]  # type: ignore[attr-defined]
