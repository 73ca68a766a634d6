"""Reports remembered by the old record (release a749f21 and this release before issue 19) are read as then:
each control's old signature comes out as the first release computed it, and the old tags are found again."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from lxml import etree

from assembler.living.legacyrecord import OldControl, old_controls, old_signature
from assembler.living.package import CHART_TYPE, DOCUMENT, R_NS, Package
from assembler.living.stories import is_showing_placeholder
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


def reference_record(data: bytes) -> dict[str, OldControl]:
    package = Package.read(data)
    root = package.xml(DOCUMENT)
    return {
        tag_of(sdt): OldControl(
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


def old_record(data: bytes) -> dict[str, tuple[str, str, bool]]:
    """Each control's old signature, text and placeholder state, by tag, as the old record took them."""
    package = Package.read(data)
    return {
        tag_of(sdt): (old_signature(sdt, package), control_text(sdt), is_showing_placeholder(sdt))
        for sdt in controls(package.xml(DOCUMENT))
    }


def reference(data: bytes) -> dict[str, tuple[str, str, bool]]:
    return {tag: (c.sha, c.text, c.placeholder) for tag, c in reference_record(data).items()}


@pytest.mark.parametrize("name", ODD_CONTROLS)
def test_a_control_s_old_signature_is_what_the_first_release_recorded(name: str) -> None:
    data = docx(ODD_CONTROLS[name], CHART)
    assert list(old_record(data).items()) == list(reference(data).items())


def test_a_whole_body_of_odd_controls_is_signed_as_before() -> None:
    data = docx("".join(ODD_CONTROLS.values()), CHART)
    assert list(old_record(data).items()) == list(reference(data).items())


def test_an_old_signature_is_pinned() -> None:
    # The hash itself, not only agreement with the reference: a record file on disk holds it.
    assert old_record(docx(ODD_CONTROLS["toggles"]))["toggles"][0] == "9a465078b8c3ace5689193468add7b46"


@pytest.mark.parametrize(
    ("payload", "read"),
    [
        ({"merged": True, "controls": {"a": {"sha": "1", "text": "t", "placeholder": True, "noted": "2"}}}, True),
        ({"merged": False, "controls": {}}, True),
        ({"controls": {"a": {"sha": 1, "text": "t"}}}, False),
        ({"controls": {"a": {"sha": "1"}}}, False),
        ({"controls": {"a": {"sha": "1", "text": "t", "later": "x"}}}, False),
        ({"controls": []}, False),
        (["controls"], False),
    ],
)
def test_an_old_record_is_read_only_in_the_shape_it_was_written(payload: object, read: bool) -> None:
    assert (old_controls(payload) is not None) is read
