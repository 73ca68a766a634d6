"""An update brings the styles its new content uses into a report written before they existed, and no other."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from lxml import etree

from assembler.living.package import Package
from assembler.living.styles import carry_styles
from assembler.wordxml import W
from tests.reports import report_name

CLI = Callable[..., Result]
STYLES = "word/styles.xml"
TABLE_TEXT = "Tabeltekst"  # the style of the templates' table paragraphs


def with_styles(report: bytes, change: Callable[[etree._Element], None]) -> bytes:
    """Return a report with its styles changed, as a report written from an older template would have them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(report)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == STYLES:
                styles = etree.fromstring(data)
                change(styles)
                data = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return buffer.getvalue()


def style(styles: etree._Element, style_id: str) -> etree._Element | None:
    return next((s for s in styles.iterchildren(f"{W}style") if s.get(f"{W}styleId") == style_id), None)


def without_table_text(styles: etree._Element) -> None:
    styles.remove(style(styles, TABLE_TEXT))
    style(styles, "Normal").find(f"{W}name").set(f"{W}val", "Normal (vores egen)")  # a person's own change


def test_styles_an_older_report_gets_the_style_its_new_tables_use_and_keeps_its_own(
    cli: CLI, write_plan: Callable[..., Path], inputs: Path, out: Path
) -> None:
    write_plan()
    assert cli("build", inputs, "--out", out, "--report", "fremdrift").exit_code == 0
    fresh = (out / "solbakken" / report_name("fremdrift")).read_bytes()
    older = Package.read(with_styles(fresh, without_table_text))
    assert carry_styles(older, Package.read(fresh)) == 1
    styles = etree.fromstring(Package.read(older.to_bytes()).members[STYLES])
    assert style(styles, TABLE_TEXT) is not None
    assert style(styles, "Normal").find(f"{W}name").get(f"{W}val") == "Normal (vores egen)"
    assert carry_styles(Package.read(fresh), Package.read(fresh)) == 0  # nothing lacking, nothing added
