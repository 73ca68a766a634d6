"""Templates staff own: export, restyle and reword in Word, check, choose, and the fields list."""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from PIL import Image

from assembler.context import Kontekst
from assembler.documents import DOCUMENTS
from assembler.errors import TemplateError
from assembler.render.check import FieldChecker, check_source, sources
from assembler.render.engine import document_bytes, render_template
from assembler.render.fields import describe_fields
from assembler.render.templates import default_template_dir
from tests import docxdump
from tests.docxdump import headings
from tests.reports import report_name

CLI = Callable[..., Result]
TEMPLATES = [spec.template for spec in DOCUMENTS]


def edit(path: Path, change: Callable[[Document], None]) -> None:
    """Change a template the way staff do in Word, and save it."""
    document = Document(str(path))
    change(document)
    document.save(str(path))


def paragraph_with(document: Document, text: str) -> object:
    return next(p for p in document.paragraphs if text in p.text)


@pytest.fixture
def exported(cli: CLI, tmp_path: Path) -> Path:
    folder = tmp_path / "skabeloner"
    result = cli("templates", "export", folder)
    assert result.exit_code == 0, result.output
    return folder


def test_export_copies_every_default_template(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    result = cli("templates", "export", folder)
    assert result.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(TEMPLATES)
    assert result.stdout.splitlines()[-1] == f"Brug dem med: assembler build --templates {folder}"
    assert all((folder / n).read_bytes() == (default_template_dir() / n).read_bytes() for n in TEMPLATES)


def test_export_never_overwrites_an_edited_template(cli: CLI, exported: Path) -> None:
    edit(exported / "etaarsstatus.docx", lambda d: d.add_paragraph("Vores tilføjelse"))
    before = (exported / "etaarsstatus.docx").read_bytes()
    result = cli("templates", "export", exported)
    assert f"{exported / 'etaarsstatus.docx'} findes allerede og er ikke rørt (brug --force for at overskrive)" in (
        result.stdout
    )
    assert (exported / "etaarsstatus.docx").read_bytes() == before
    cli("templates", "export", exported, "--force")
    assert (exported / "etaarsstatus.docx").read_bytes() != before


def logo_png(path: Path) -> Path:
    Image.new("RGB", (120, 40), (31, 58, 95)).save(path)
    return path


def test_restyled_and_reworded_template_changes_the_report(
    cli: CLI, exported: Path, write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path
) -> None:
    logo = logo_png(tmp_path / "logo.png")

    def restyle(document: Document) -> None:
        paragraph_with(document, "Organisering").runs[0].text = "Organisering og bestyrelse"
        document.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        document.styles["Normal"].font.name = "Georgia"
        document.sections[0].left_margin = Cm(3.5)
        document.sections[0].header.paragraphs[0].add_run().add_picture(str(logo), width=Cm(3))

    edit(exported / "etaarsstatus.docx", restyle)
    (exported / "fremdrift.docx").unlink()  # falls back to the default
    write_plan()
    result = cli("build", inputs, "--out", out, "--templates", exported)
    assert result.exit_code == 0, result.output
    report = out / "solbakken" / report_name("etaarsstatus")
    assert ("Heading 1", "Organisering og bestyrelse") in headings(report)
    document = Document(str(report))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert document.styles["Normal"].font.name == "Georgia"
    assert round(document.sections[0].left_margin.cm, 1) == 3.5
    header = document.sections[0].header
    assert header._element.findall(f".//{qn('w:drawing')}")
    assert any(p.content_type == "image/png" for p in header.part.related_parts.values())
    assert ("Heading 1", "Sammenfatning") in headings(out / "solbakken" / "Fremdriftsrapport 2018.docx")


def three_folders(tmp_path: Path) -> dict[str, Path]:
    """Template folders whose etårsstatus titles say which one was used."""
    folders = {}
    for name in ("flag", "miljo", "fil"):
        folder = tmp_path / name
        folder.mkdir()
        target = folder / "etaarsstatus.docx"
        target.write_bytes((default_template_dir() / "etaarsstatus.docx").read_bytes())
        edit(target, lambda d, n=name: setattr(d.paragraphs[0].runs[0], "text", f"Etårsstatus fra {n}"))
        folders[name] = folder
    return folders


@pytest.mark.parametrize(
    ("use_flag", "use_env", "use_file", "expected"),
    [
        (True, True, True, "Etårsstatus fra flag"),
        (False, True, True, "Etårsstatus fra miljo"),
        (False, False, True, "Etårsstatus fra fil"),
        (False, False, False, None),  # the default template's title: the report's name
    ],
)
def test_template_folder_flag_then_environment_then_file_then_default(
    cli: CLI,
    tmp_path: Path,
    write_plan: Callable[..., Path],
    inputs: Path,
    monkeypatch: pytest.MonkeyPatch,
    use_flag: bool,
    use_env: bool,
    use_file: bool,
    expected: str | None,
) -> None:
    folders = three_folders(tmp_path)
    write_plan()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSEMBLER_TEMPLATES", raising=False)
    if use_env:
        monkeypatch.setenv("ASSEMBLER_TEMPLATES", str(folders["miljo"]))
    if use_file:
        (tmp_path / "assembler.toml").write_text('skabeloner = "fil"\n', "utf-8")
    options = ["--templates", str(folders["flag"])] if use_flag else []
    result = cli("build", inputs, "--out", "ud", "--report", "etaarsstatus", *options)
    assert result.exit_code == 0, result.output
    report = report_name("etaarsstatus")
    assert headings(tmp_path / "ud" / "solbakken" / report)[0] == ("Title", expected or report.removesuffix(".docx"))


def test_missing_template_folder_names_where_it_was_set(
    cli: CLI, tmp_path: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSEMBLER_TEMPLATES", raising=False)
    (tmp_path / "assembler.toml").write_text('skabeloner = "findes-ikke"\n', "utf-8")
    result = cli("build", inputs)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Fejl: mappen med skabeloner '{tmp_path / 'findes-ikke'}' (fra assembler.toml) findes ikke"
    )


def test_unreadable_config_file(cli: CLI, tmp_path: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSEMBLER_TEMPLATES", raising=False)
    (tmp_path / "assembler.toml").write_text("skabeloner = mine skabeloner\n", "utf-8")
    result = cli("build", inputs)
    assert result.exit_code == 1
    assert result.stderr.startswith("Fejl: assembler.toml kan ikke læses:")
    assert 'Skriv fx: skabeloner = "skabeloner"' in result.stderr


def test_check_reports_the_defaults_in_order(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSEMBLER_TEMPLATES", raising=False)
    result = cli("templates", "check")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"{name}: i orden (standardskabelon)" for name in TEMPLATES]


def broken(document: Document, kind: str) -> None:
    """Break a template in one of the ways staff do."""
    if kind == "typo":
        paragraph_with(document, "Statusdato:").runs[0].text = "Statusdato: {{ plan.statusdatoo }}"
    elif kind == "syntax":
        paragraph_with(document, "Statusdato:").runs[0].text = "Statusdato: {{ plan.statusdato }"
    elif kind == "loop":
        paragraph_with(document, "er trådt ud af bestyrelsen").runs[0].text = "{{ m.navnet }} er trådt ud"
    elif kind == "split":
        paragraph = paragraph_with(document, "Statusdato:")
        paragraph.runs[0].text = "Statusdato: {{ plan."
        copy_of = copy.deepcopy(paragraph._p)
        paragraph._p.addnext(copy_of)
        next_paragraph = document.paragraphs[[p._p for p in document.paragraphs].index(copy_of)]
        next_paragraph.runs[0].text = "statusdato }}"


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (
            "typo",
            "etaarsstatus.docx, afsnittet »Statusdato: {{ plan.statusdatoo }}«: ukendt felt »plan.statusdatoo«. "
            "Mente du »plan.statusdato«?",
        ),
        (
            "syntax",
            "etaarsstatus.docx, afsnittet »Statusdato: {{ plan.statusdato }«: »{{« lukkes ikke med »}}« i samme "
            "afsnit. Word har måske delt feltet over flere afsnit; skriv det igen i ét stykke",
        ),
        (
            "loop",
            "etaarsstatus.docx, afsnittet »{{ m.navnet }} er trådt ud{% if m.bemaerkning %}, {{ m.bemaerkning }}"
            "{% endif %}.«: ukendt felt »m.navnet«. Mente du »m.navn«?",
        ),
        (
            "split",
            "etaarsstatus.docx, afsnittet »Statusdato: {{ plan.«: »{{« lukkes ikke med »}}« i samme afsnit. Word "
            "har måske delt feltet over flere afsnit; skriv det igen i ét stykke",
        ),
    ],
)
def test_a_broken_template_is_located_and_nothing_is_written(
    cli: CLI, exported: Path, write_plan: Callable[..., Path], inputs: Path, out: Path, kind: str, message: str
) -> None:
    edit(exported / "etaarsstatus.docx", lambda d: broken(d, kind))
    check = cli("templates", "check", exported)
    assert check.exit_code == 1
    assert message in check.stderr.splitlines()
    assert "fremdrift.docx: i orden (egen skabelon)" in check.stdout
    write_plan()
    result = cli("build", inputs, "--out", out, "--templates", exported)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert (
        result.stderr.splitlines()[-1]
        == "Fejl: skabelonerne har fejl, så intet er skrevet. Ret dem i Word og prøv igen."
    )
    assert not out.exists()


def test_unknown_filter_and_test() -> None:
    source = "<w:p><w:r><w:t>{{ plan.navn|storebogstaver }}{% if plan.navn is lang %}x{% endif %}</w:t></w:r></w:p>"
    assert [str(i) for i in check_source("etaarsstatus.docx", source)] == [
        "etaarsstatus.docx, afsnittet »{{ plan.navn|storebogstaver }}{% if plan.navn is lang %}x{% endif %}«: "
        "ukendt filter »storebogstaver«",
        "etaarsstatus.docx, afsnittet »{{ plan.navn|storebogstaver }}{% if plan.navn is lang %}x{% endif %}«: "
        "ukendt test »lang«",
    ]


def test_jinja_syntax_error_names_the_paragraph() -> None:
    source = (
        "<w:body><w:p><w:r><w:t>Fint</w:t></w:r></w:p><w:p><w:r><w:t>{% if plan.navn %}x</w:t></w:r></w:p></w:body>"
    )
    (issue,) = check_source("etaarsstatus.docx", source)
    assert str(issue).startswith(
        "etaarsstatus.docx, afsnittet »{% if plan.navn %}x«: en blok som {% if %} eller {% for %} afsluttes ikke"
    )


def test_a_tag_split_across_runs_is_rejoined(
    cli: CLI, exported: Path, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    def split_runs(document: Document) -> None:
        # Word splits a run wherever formatting or spell-checking changes, even inside {{ }}.
        paragraph = paragraph_with(document, "Statusdato:")
        paragraph.runs[0].text = "Statusdato: {"
        for piece in ("{ plan.", "status", "dato }", "}"):
            run = paragraph.add_run(piece)
            run.bold = piece == "status"
        paragraph._p.insert(2, paragraph._p.makeelement(qn("w:proofErr"), {qn("w:type"): "spellStart"}))

    edit(exported / "etaarsstatus.docx", split_runs)
    assert cli("templates", "check", exported).exit_code == 0
    write_plan()
    assert cli("build", inputs, "--out", out, "--templates", exported, "--report", "etaarsstatus").exit_code == 0
    text = [p.text for p in docxdump.paragraphs(Document(str(out / "solbakken" / report_name("etaarsstatus"))))]
    assert "Statusdato: 9. december 2018" in text


def test_templates_render_in_the_sandbox(exported: Path, write_plan: Callable[..., Path], inputs: Path) -> None:
    from assembler.context import build_context
    from assembler.contract.vocabulary import load_vocabulary
    from assembler.figures.compute import compute_figures
    from assembler.pipeline import load_plan
    from assembler.read.sources import discover_plans

    edit(
        exported / "etaarsstatus.docx",
        lambda d: setattr(d.paragraphs[0].runs[0], "text", "{{ plan.navn.__class__.__mro__ }}"),
    )
    write_plan()
    plan, _ = load_plan(discover_plans(inputs)[0])
    vocabulary = load_vocabulary()
    context = build_context(plan, compute_figures(plan, vocabulary), vocabulary)
    with pytest.raises(TemplateError) as caught:
        document_bytes(render_template(exported / "etaarsstatus.docx", context))
    assert "unsafe" in caught.value.issues[0] and "__class__" in caught.value.issues[0]


def test_fields_are_all_documented_with_examples() -> None:
    docs = describe_fields()
    containers = {d.path.rsplit(".", 1)[0] for d in docs if "." in d.path} | {d.path for d in docs if d.loop}
    assert all(doc.description for doc in docs)
    for doc in docs:
        if doc.path not in containers and "alene i et afsnit" not in doc.description:
            assert doc.example or "tom" in doc.description, doc.path


def test_fields_list_every_field_the_default_templates_use() -> None:
    from assembler.render.environment import jinja_environment
    from assembler.render.fields import field_names, field_schema
    from assembler.render.prepare import prepared_template

    listed = {(doc.owner, doc.name) for doc in describe_fields()}
    used: set[tuple[type, str]] = set()
    for name in TEMPLATES:
        data = (default_template_dir() / name).read_bytes()
        for source in sources(prepared_template(data)):
            environment = jinja_environment()
            checker = FieldChecker(set(environment.globals), set(environment.filters), set(environment.tests))
            text = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
            checker.visit(
                jinja_environment().parse(text), {n: field_schema(Kontekst, n) for n in field_names(Kontekst)}
            )
            used |= checker.used
    assert len(used) > 60
    assert used <= listed


def test_fields_command_lists_variables_and_loops(cli: CLI) -> None:
    result = cli("templates", "fields")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Felter og løkker, som skabelonerne kan bruge. Skriv et felt som {{ plan.navn }} i Word."
    text = "\n".join(" ".join(line.split()) for line in lines)
    assert "plan.navn Helhedsplanens navn (fx Boligsocial helhedsplan for Engparken)" in text
    assert "moeder Bestyrelsesmøder i statusåret – løkke: {% for moede in moeder %} … {% endfor %}" in text
    assert "moede.dato Dato i lang form (fx 6. marts 2025)" in text
    assert "oekonomi.statusaar.i_alt.forbrug Regnskab i procent af budget" in text
    assert "fremdrift.diagram_status Diagram: aktiviteter pr. status (skriv feltet alene i et afsnit)" in text
    assert "referat.dato_kort Mødets dato i kort form (fx 12.3.2026)" in text


def test_a_logo_in_the_exported_header_survives_a_second_build(
    cli: CLI, exported: Path, write_plan: Callable[..., Path], inputs: Path, out: Path, tmp_path: Path
) -> None:
    logo = logo_png(tmp_path / "logo.png")
    edit(exported / "oekonomi.docx", lambda d: d.sections[0].header.paragraphs[0].add_run().add_picture(str(logo)))
    write_plan()
    for _ in range(2):
        assert cli("build", inputs, "--out", out, "--templates", exported, "--report", "oekonomi").exit_code == 0
    header = Document(str(out / "solbakken" / "Økonomioversigt 2018.docx")).sections[0].header
    images = [p for p in header.part.related_parts.values() if p.content_type == "image/png"]
    assert len(images) == 1
    assert Image.open(io.BytesIO(images[0].blob)).size == (120, 40)


def test_a_template_that_is_not_a_word_document(cli: CLI, exported: Path) -> None:
    (exported / "fremdrift.docx").write_bytes(b"Dette er ikke et Word-dokument")
    result = cli("templates", "check", exported)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["fremdrift.docx: filen kan ikke åbnes som Word-dokument (BadZipFile)"]
