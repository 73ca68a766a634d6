"""Rendering with docxtpl as it is: a prepared template renders as docxtpl renders the template itself.

The prepared .docx includes each part's cleaned source by name; the body docxtpl gives for it is the
body docxtpl gives for the template, with assembler's controls around the blocks.
"""

from __future__ import annotations

import inspect
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from assembler.errors import TemplateError
from assembler.render.engine import context_values, render_properties, render_template
from assembler.render.environment import jinja_environment, rendering
from assembler.render.prepare import RENDERED_PROPERTIES, prepared_template
from assembler.render.schemaorder import order_properties
from assembler.render.templates import default_template_dir
from assembler.wordxml import qn
from tests.conftest import EXAMPLE

TEMPLATES = sorted(default_template_dir().glob("*.docx"))


def escaped(value: Any) -> Any:
    """Print a value escaped as assembler prints it into Word's XML (its braces as character references)."""
    if isinstance(value, Markup):
        return value
    return Markup(str(escape(str(value))).replace("{", "&#123;").replace("}", "&#125;"))


def by_docxtpl(template: Path | io.BytesIO, values: dict[str, Any]) -> Any:
    """Return docxtpl's rendering of a template (its own cleaning and compiling), with an escaping sandbox."""
    document = DocxTemplate(template)
    document.render(values, SandboxedEnvironment(undefined=StrictUndefined, autoescape=True, finalize=escaped))
    return document.docx


def prepared_and_rendered(template: bytes, values: dict[str, Any]) -> Any:
    """Return docxtpl's rendering of a template's prepared .docx in assembler's environment, with its properties
    rendered from their kept sources as the engine renders them (nothing else finished)."""
    prepared = prepared_template(template)
    document = DocxTemplate(io.BytesIO(prepared.docx))
    with rendering(document):
        document.render(values, jinja_environment())
        assert render_properties(document.docx.core_properties, prepared, values) is None
    return document.docx


def unwrapped(body: Any) -> bytes:
    """Return a body's XML with each content control replaced by what it holds, its properties in schema order.

    (A prepared template's properties are sorted before Jinja runs; docxtpl's own rendering leaves them.)
    """
    copy = etree.fromstring(etree.tostring(body))
    order_properties(copy)
    for sdt in list(copy.iter(qn("w:sdt"))):
        content = sdt.find(qn("w:sdtContent"))
        for child in list(content if content is not None else []):
            sdt.addprevious(child)
        sdt.getparent().remove(sdt)
    return bytes(etree.tostring(copy))


def example_values() -> dict[str, Any]:
    from assembler.context import build_context
    from assembler.contract.vocabulary import load_vocabulary
    from assembler.figures.compute import compute_figures
    from assembler.pipeline import load_plan
    from assembler.read.sources import discover_plans

    plan, _ = load_plan(discover_plans(EXAMPLE)[0])
    vocabulary = load_vocabulary()
    return context_values(build_context(plan, compute_figures(plan, vocabulary), vocabulary))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.stem)
def test_engine_a_prepared_template_renders_as_docxtpl_renders_the_template(template: Path) -> None:
    values = example_values()
    # docxtpl's own rendering draws no charts: each is printed as its title on both sides.
    ours, theirs = prepared_and_rendered(template.read_bytes(), values), by_docxtpl(template, charts_as_text(values))
    assert unwrapped(prepared_and_rendered(template.read_bytes(), charts_as_text(values)).element.body) == unwrapped(
        theirs.element.body
    )
    assert len(ours.element.body) == len(theirs.element.body)
    for name in RENDERED_PROPERTIES:
        assert getattr(ours.core_properties, name) == str(
            Markup(getattr(theirs.core_properties, name)).unescape()
        ), name


class ChartTitle(str):
    """A chart's title in its place, still telling whether the chart has data (as templates ask)."""

    har_data: bool


def charts_as_text(values: dict[str, Any]) -> dict[str, Any]:
    """Return the context with every chart replaced by its title (docxtpl's own rendering draws none)."""
    from dataclasses import fields, is_dataclass, replace

    from assembler.context import Chart

    def plain(value: Any) -> Any:
        if isinstance(value, Chart):
            title = ChartTitle(value.title)
            title.har_data = value.har_data
            return title
        if is_dataclass(value) and not isinstance(value, type):
            return replace(value, **{f.name: plain(getattr(value, f.name)) for f in fields(value) if f.init})
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value

    return {name: plain(value) for name, value in values.items()}


def merging_template(path: Path) -> Path:
    """A template whose tables use docxtpl's cell tags: a cell loop, colspan, cellbg, hm and vm."""
    document = docx.Document()
    document.add_paragraph("Tabeller med docxtpl's celle-mærker for {{ navn }}")
    loop = document.add_table(rows=2, cols=3)
    for cell, text in zip(loop.rows[0].cells, ["{%tc for c in kolonner %}", "{{ c }}", "{%tc endfor %}"], strict=True):
        cell.text = text
    for cell, text in zip(loop.rows[1].cells, ["Fast", "{% colspan 2 %}{{ spændt }}", "x"], strict=True):
        cell.text = text
    colour = document.add_table(rows=1, cols=2)
    colour.rows[0].cells[0].text = "{% cellbg farve %}{{ farvet }}"
    colour.rows[0].cells[1].text = "ufarvet"
    merged = document.add_table(rows=1, cols=3)
    for cell, text in zip(
        merged.rows[0].cells, ["{%tc for i in kolonner %}", "{% hm %}Flettet", "{%tc endfor %}"], strict=True
    ):
        cell.text = text
    vertical = document.add_table(rows=3, cols=2)
    vertical.rows[0].cells[0].text = "{%tr for r in rækker %}"
    vertical.rows[1].cells[0].text = "{% vm %}{{ gruppe }}"
    vertical.rows[1].cells[1].text = "{{ r }}"
    vertical.rows[2].cells[0].text = "{%tr endfor %}"
    document.sections[0].footer.paragraphs[0].text = "Side for {{ navn }} & co"
    document.core_properties.title = "Tabeller for {{ navn }}"
    document.save(str(path))
    return path


def test_engine_docxtpls_cell_tags_render_through_the_prepared_template_as_through_docxtpl(tmp_path: Path) -> None:
    template = merging_template(tmp_path / "celler.docx")
    values = {"kolonner": ["a", "b", "c", "d"], "spændt": "over to", "farve": "FF0000", "farvet": "rød"}
    values |= {"rækker": ["1", "2", "3"], "gruppe": "G", "navn": "Nord & Syd <Øst> {x}"}
    ours, theirs = prepared_and_rendered(template.read_bytes(), values), by_docxtpl(template, values)
    assert unwrapped(ours.element.body) == unwrapped(theirs.element.body)
    body = etree.tostring(ours.element.body).decode()
    assert 'w:gridSpan w:val="2"' in body and 'w:fill="FF0000"' in body and "vMerge" in body
    assert body.count("<w:gridCol ") > 3 + 2 + 3 + 2  # the cell loop widened its grid
    footers = [footer_text(document) for document in (ours, theirs)]
    assert footers == ["Side for Nord & Syd <Øst> {x} & co"] * 2
    assert ours.core_properties.title == "Tabeller for Nord & Syd <Øst> {x}"  # plain text, never escaped


def footer_text(document: Any) -> str:
    """Return the text of a rendered document's footer, as its package will be written."""
    (footer,) = [part for part in document.part.package.iter_parts() if part.partname.startswith("/word/footer")]
    return "".join(text.text or "" for text in footer.element.iter(qn("w:t")))


def test_engine_a_jinja_error_names_its_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    for number in range(12):
        document.add_paragraph(f"linje {number}")
    document.add_paragraph("{{ plan.navn. }}")
    document.save(str(tmp_path / "fejl.docx"))
    with pytest.raises(TemplateError) as caught:
        render_template(tmp_path / "fejl.docx", _context(example_values()))
    (issue,) = caught.value.issues
    assert issue == (
        "skabelonen fejl.docx kan ikke bruges: fejl i skabelonkoden, i afsnittet »{{ plan.navn. }}« "
        "(Jinja: expected name or number)"
    )


def _context(values: dict[str, Any]) -> Any:
    from assembler.context import Kontekst

    return Kontekst(**values)


def test_engine_a_report_has_only_the_template_s_members_and_its_charts() -> None:
    from assembler.render.engine import document_bytes

    template = default_template_dir() / "fremdrift.docx"
    data = document_bytes(render_template(template, _context(example_values())))
    with zipfile.ZipFile(io.BytesIO(data)) as written, zipfile.ZipFile(template) as original:
        names, before = written.namelist(), set(original.namelist())
        assert names[0] == "[Content_Types].xml"
        assert {n for n in names if not n.startswith(("word/charts/", "word/embeddings/"))} <= before
        for name in ("word/styles.xml", "word/theme/theme1.xml", "docProps/thumbnail.jpeg"):
            assert written.read(name) == original.read(name), name
        types = etree.fromstring(written.read("[Content_Types].xml"))
        declared = {element.get("PartName") for element in types}
        assert all(f"/{n}" in declared for n in names if not n.endswith(".rels") and n != "[Content_Types].xml")


def test_engine_a_template_writing_words_elements_with_another_prefix_is_refused_by_name(tmp_path: Path) -> None:
    from assembler.render.check import check_template

    source = default_template_dir() / "referat.docx"
    template = tmp_path / "referat.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(template, "w") as changed:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":  # the same XML with Word's namespace under the prefix x
                data = data.replace(b"<w:", b"<x:").replace(b"</w:", b"</x:").replace(b" w:", b" x:")
                data = data.replace(b"xmlns:w=", b"xmlns:x=")
            changed.writestr(info, data)
    assert [str(issue) for issue in check_template(template)] == [
        "referat.docx: dens del word/document.xml skriver ikke Words elementer med præfikset w:"
    ]


def test_engine_the_sandbox_answers_for_an_attribute_as_jinjas_own_check_answers() -> None:
    # The environment keeps its answer per type, class and attribute name: it must be Jinja's, first and kept.
    def generator() -> Any:
        yield 1

    async def coroutine() -> None:
        return None

    async def async_generator() -> Any:
        yield 1

    try:
        raise ValueError
    except ValueError as err:
        traceback = err.__traceback__
    running = [generator(), coroutine(), async_generator()]
    objects = [str, "tekst", 1, generator, generator.__code__, [].append, type, Markup, traceback]
    objects.append(inspect.currentframe())
    names = ["mro", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code", "f_globals", "tb_frame"]
    names += ["upper", "navn", "__class__", "__code__", "__globals__", "__func__", "__self__", "_private", "format"]
    jinja = SandboxedEnvironment()
    ours = jinja_environment()
    try:
        for obj in [*objects, *running]:
            for name in names:
                expected = jinja.is_safe_attribute(obj, name, None)
                assert ours.is_safe_attribute(obj, name, None) == expected, (obj, name)
                assert ours.is_safe_attribute(obj, name, None) == expected, (obj, name)
    finally:
        running[1].close()


@pytest.mark.parametrize("name", ["Nord & Syd <Øst>", "Nord & Syd <Øst> {x}"])
@pytest.mark.parametrize("autoescape", ["true", "false"])
def test_engine_a_value_is_escaped_once_whether_or_not_the_part_escapes(
    tmp_path: Path, autoescape: str, name: str
) -> None:
    # Where Jinja escapes, the value is handed to it as it is; where a part turns escaping off, it is escaped anyway.
    document = docx.Document()
    document.add_paragraph(f"{{% autoescape {autoescape} %}}Navn: {{{{ navn }}}}{{% endautoescape %}}")
    document.save(str(tmp_path / "navn.docx"))
    rendered = prepared_and_rendered((tmp_path / "navn.docx").read_bytes(), {"navn": name})
    assert "".join(t.text or "" for t in rendered.element.body.iter(qn("w:t"))) == f"Navn: {name}"
