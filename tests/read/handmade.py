"""Workbooks written part by part as XML, for the forms Excel and LibreOffice write that openpyxl never does."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SPREADSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


@dataclass
class HandmadeSheet:
    """A sheet: its name, visibility and the XML inside <sheetData> (and after it, e.g. <mergeCells>)."""

    name: str
    rows: str
    state: str | None = None
    after: str = ""


@dataclass
class HandmadeWorkbook:
    """A workbook's parts as written by hand: each attribute is XML put where Excel puts it."""

    sheets: list[HandmadeSheet]
    workbook_pr: str = ""  # attributes of <workbookPr>, e.g. ' date1904="1"'
    calc_pr: str = ""  # attributes of <calcPr>, e.g. ' fullCalcOnLoad="1"'
    num_fmts: str = ""  # <numFmt> elements of <numFmts>
    cell_xfs: list[str] = field(default_factory=lambda: ['<xf numFmtId="0"/>'])
    dxfs: str = ""  # <dxf> elements of <dxfs>
    shared_strings: list[str] | None = None  # each <si>'s inner XML

    def write(self, path: Path) -> Path:
        """Write the workbook's parts into a zip at path and return path."""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, xml in self.parts().items():
                archive.writestr(name, xml)
        return path

    def parts(self) -> dict[str, str]:
        parts = {
            "[Content_Types].xml": self.content_types(),
            "_rels/.rels": relationships([("rId1", "officeDocument", "xl/workbook.xml")]),
            "xl/workbook.xml": self.workbook(),
            "xl/_rels/workbook.xml.rels": self.workbook_relationships(),
            "xl/styles.xml": self.styles(),
        }
        if self.shared_strings is not None:
            parts["xl/sharedStrings.xml"] = (
                f'<sst xmlns="{MAIN}">' + "".join(f"<si>{si}</si>" for si in self.shared_strings) + "</sst>"
            )
        for number, sheet in enumerate(self.sheets, start=1):
            parts[f"xl/worksheets/sheet{number}.xml"] = (
                f'<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheetData>{sheet.rows}</sheetData>'
                f"{sheet.after}</worksheet>"
            )
        return parts

    def workbook(self) -> str:
        sheets = "".join(
            f'<sheet name={quoteattr(sheet.name)} sheetId="{number}" r:id="rId{number}"'
            + (f' state="{sheet.state}"' if sheet.state else "")
            + "/>"
            for number, sheet in enumerate(self.sheets, start=1)
        )
        calc = f"<calcPr{self.calc_pr}/>" if self.calc_pr else ""
        return (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><workbookPr{self.workbook_pr}/>'
            f"<sheets>{sheets}</sheets>{calc}</workbook>"
        )

    def workbook_relationships(self) -> str:
        listed = [(f"rId{n}", "worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(self.sheets) + 1)]
        listed.append(("rIdStyles", "styles", "styles.xml"))
        if self.shared_strings is not None:
            listed.append(("rIdStrings", "sharedStrings", "sharedStrings.xml"))
        return relationships(listed)

    def styles(self) -> str:
        num_fmts = f"<numFmts>{self.num_fmts}</numFmts>" if self.num_fmts else ""
        dxfs = f"<dxfs>{self.dxfs}</dxfs>" if self.dxfs else ""
        return (
            f'<styleSheet xmlns="{MAIN}">{num_fmts}'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(self.cell_xfs)}">{"".join(self.cell_xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            f"{dxfs}</styleSheet>"
        )

    def content_types(self) -> str:
        overrides = [("/xl/workbook.xml", "sheet.main+xml"), ("/xl/styles.xml", "styles+xml")]
        overrides += [(f"/xl/worksheets/sheet{n}.xml", "worksheet+xml") for n in range(1, len(self.sheets) + 1)]
        if self.shared_strings is not None:
            overrides.append(("/xl/sharedStrings.xml", "sharedStrings+xml"))
        return (
            f'<Types xmlns="{CONTENT_TYPES}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(
                f'<Override PartName="{part}" ContentType="{SPREADSHEET_TYPE}.{kind}"/>' for part, kind in overrides
            )
            + "</Types>"
        )


def relationships(listed: list[tuple[str, str, str]]) -> str:
    """Return a relationships part: (id, type's last word, target) each."""
    return (
        f'<Relationships xmlns="{PACKAGE}">'
        + "".join(f'<Relationship Id="{i}" Type="{RELATIONSHIPS}/{kind}" Target="{t}"/>' for i, kind, t in listed)
        + "</Relationships>"
    )


def text(value: str) -> str:
    """Return text escaped for XML element content."""
    return escape(value)


def one_sheet(rows: str, **workbook: object) -> HandmadeWorkbook:
    """Return a workbook of one sheet called Ark holding the given rows."""
    return HandmadeWorkbook([HandmadeSheet("Ark", rows)], **workbook)  # type: ignore[arg-type]
