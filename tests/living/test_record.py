"""The record of a report is the same as assembler has always written it: reports built by earlier
versions keep updating in place only while a control's signature and text come out unchanged."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from lxml import etree

from assembler.living.package import CHART_TYPE, DOCUMENT, R_NS, Package
from assembler.living.record import Control, entry_of, record_of
from assembler.render.marking import control_text, controls, tag_of
from assembler.wordxml import W_NS, W

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
CONTENT_TYPES = b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def reference_signature(sdt: etree._Element, package: Package) -> str:
    """The signature as the first release with records computed it, element by element."""
    shown = (
        f"{W}t",
        f"{W}delText",
        *(f"{W}{name}" for name in ("p", "pStyle", "r", "tab", "br", "tbl", "tr", "tc", "ins", "del", "drawing")),
        *(f"{W}{name}" for name in ("b", "i", "u", "strike", "highlight", "color", "sz", "vertAlign", "rStyle", "jc")),
        f"{{{C_NS}}}chart",
    )
    toggles = {"true": None, "1": None, "on": None, "false": "0", "off": "0"}
    content = sdt.find(f"{W}sdtContent")
    pieces: list[str] = []
    for element in content.iter(*shown) if content is not None else ():
        tag = element.tag
        if tag in (f"{W}t", f"{W}delText"):
            pieces.append(element.text or "")
            continue
        value = element.get(f"{W}val")
        pieces.append(f"{tag}={toggles.get(value, value)}" if value is not None else str(tag))
        for key, target in element.attrib.items():
            if key.startswith(f"{{{R_NS}}}"):
                found = package.target(DOCUMENT, target)
                if found is None or found[0] != CHART_TYPE or found[1] not in package.members:
                    pieces.append("")
                    continue
                chart = package.xml(found[1])
                pieces.append("|".join(e.text or "" for e in chart.iter(f"{{{C_NS}}}v", f"{{{A_NS}}}t")))
    return hashlib.sha256("\x1f".join(pieces).encode()).hexdigest()[:32]


def reference_record(data: bytes) -> dict[str, Control]:
    package = Package.read(data)
    root = package.xml(DOCUMENT)
    return {
        tag_of(sdt): Control(
            reference_signature(sdt, package),
            control_text(sdt),
            sdt.find(f"{W}sdtPr/{W}showingPlcHdr") is not None,
        )
        for sdt in controls(root)
    }


def docx(body: str, chart: str | None = None) -> bytes:
    """Return a minimal .docx whose body is the XML given (and a chart related as rId9)."""
    document = (
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:c="{C_NS}" xmlns:a="{A_NS}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(DOCUMENT, document)
        if chart is not None:
            archive.writestr(
                "word/_rels/document.xml.rels",
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId9" Type="{CHART_TYPE}" Target="charts/chart1.xml"/></Relationships>',
            )
            archive.writestr("word/charts/chart1.xml", chart)
    return buffer.getvalue()


def control(name: str, content: str, properties: str = "") -> str:
    return (
        f'<w:sdt><w:sdtPr><w:tag w:val="assembler:{name}"/>{properties}</w:sdtPr>'
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )


TOGGLES = ("true", "1", "on", "false", "off", "0", "none")
ODD_CONTROLS = {
    "toggles": control(
        "toggles",
        '<w:p><w:pPr><w:pStyle w:val="Overskrift1"/><w:jc w:val="right"/></w:pPr>'
        + "".join(f'<w:r><w:rPr><w:b w:val="{v}"/><w:i/></w:rPr><w:t>{v}</w:t></w:r>' for v in TOGGLES)
        + '<w:r><w:rPr><w:sz w:val="20"/><w:color w:val="FF0000" w:themeColor="accent1"/></w:rPr>'
        '<w:t xml:space="preserve"> a &amp; b &lt; c </w:t><w:tab/><w:br/><w:t/></w:r></w:p>',
    ),
    "table": control(
        "table",
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        '<w:tc><w:p w:rsidR="00A1"><w:ins w:id="3"><w:r><w:t>ny</w:t></w:r></w:ins>'
        "<w:del><w:r><w:delText>gammel</w:delText></w:r></w:del></w:p></w:tc></w:tr></w:tbl>",
    ),
    "placeholder": control("placeholder", "<w:p><w:r><w:t>[Skriv her]</w:t></w:r></w:p>", "<w:showingPlcHdr/>"),
    "no content": '<w:sdt><w:sdtPr><w:tag w:val="assembler:no content"/></w:sdtPr></w:sdt>',
    "text box": control(
        "text box",
        "<w:p><w:r><w:t>før</w:t></w:r><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>inde</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></w:r><w:r><w:t>efter</w:t></w:r></w:p><w:r><w:t>uden afsnit</w:t></w:r>",
    ),
    "comment in text": control("comment in text", "<w:p><w:r><w:t>a<!-- x -->b<w:t>c</w:t>d</w:t></w:r></w:p>"),
    "chart": control(
        "chart",
        '<w:p><w:r><w:drawing><c:chart r:id="rId9" r:extra="rId404" w:val="x"/></w:drawing></w:r></w:p>'
        '<w:p r:id="rId9"><w:r><w:t>under</w:t></w:r></w:p>',
    ),
    "two properties": '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtPr><w:tag w:val="assembler:two properties"/>'
    '<w:tag w:val="assembler:second"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p/></w:sdtContent></w:sdt>',
    "inline": "<w:p><w:r><w:t>ydre</w:t></w:r>" + control("inline", "<w:r><w:t>indre</w:t></w:r>") + "</w:p>",
    # The record reads each paragraph's text in the walk it hashes in, where every w:t is in one paragraph.
    "paragraphs": control(
        "paragraphs",
        '<w:p><w:hyperlink r:id="rId1"><w:r><w:t>link</w:t></w:r></w:hyperlink><w:r><w:t>s</w:t></w:r></w:p>'
        "<w:p/><w:p><w:r><w:t>sidste</w:t><w:t>!</w:t></w:r></w:p>",
    ),
    "text before its paragraph": control("text before its paragraph", "<w:r><w:t>løs</w:t></w:r><w:p><w:r/></w:p>"),
    "paragraph in a paragraph": control(
        "paragraph in a paragraph",
        "<w:p><w:r><w:t>a</w:t></w:r><w:p><w:r><w:t>b</w:t></w:r></w:p><w:r><w:t>c</w:t></w:r></w:p>",
    ),
}
CHART = f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}"><a:t>Titel</a:t><c:v>12,5</c:v><c:v/></c:chartSpace>'


@pytest.mark.parametrize("name", ODD_CONTROLS)
def test_a_control_s_record_is_what_the_first_release_recorded(name: str) -> None:
    data = docx(ODD_CONTROLS[name], CHART)
    assert list(record_of(data).items()) == list(reference_record(data).items())


def test_a_whole_body_of_odd_controls_is_recorded_as_before() -> None:
    data = docx("".join(ODD_CONTROLS.values()), CHART)
    recorded = record_of(data)
    assert list(recorded.items()) == list(reference_record(data).items())
    assert recorded["text box"].text == "førindeefter\ninde"
    assert recorded["placeholder"].placeholder and recorded["two properties"].placeholder


def test_a_signature_is_pinned() -> None:
    # The hash itself, not only agreement with the reference: a record file on disk holds it.
    recorded = record_of(docx(ODD_CONTROLS["toggles"]))["toggles"]
    assert recorded.sha == "9a465078b8c3ace5689193468add7b46"


def test_the_example_s_reports_are_recorded_as_before(
    cli: Callable[..., Result], example_inputs: Path, out: Path
) -> None:
    assert cli("build", example_inputs, "--out", out).exit_code == 0
    reports = sorted(out.rglob("*.docx"))
    assert len(reports) >= 3
    for report in reports:
        data = report.read_bytes()
        recorded = record_of(data)
        assert recorded, report.name
        assert list(recorded.items()) == list(reference_record(data).items()), report.name


def test_a_record_entry_holds_every_field_of_a_control() -> None:
    entry = entry_of({"a": Control("1", "tekst", True, "2", "3")}, merged=True)
    assert entry == {
        "merged": True,
        "controls": {"a": {"sha": "1", "text": "tekst", "placeholder": True, "noted": "2", "placed": "3"}},
    }
