"""A .docx file's parts held in memory for editing: the body, relationships, content types, comments.

Parts that are not changed are written back with the same bytes (and the same compression); a part
referred to from new content (a chart and its embedded workbook) is carried over from another
document under a new name.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from assembler.render.package import COMPRESS_LEVEL
from assembler.wordxml import NAMESPACES, R_NS

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
COMMENTS = "word/comments.xml"
PR_NS = NAMESPACES["pr"]
CT_NS = NAMESPACES["ct"]
COMMENTS_TYPE = f"{R_NS}/comments"
COMMENTS_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CHART_TYPE = f"{R_NS}/chart"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)  # for every part read
_ENCRYPTED = 0x1
# What zipfile raises for a damaged .docx: besides BadZipFile, zlib's error for bad deflate data,
# NotImplementedError for a compression method it lacks, RuntimeError for an encrypted member, and
# OSError/EOFError for a member cut short.
UNREADABLE_ZIP = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError)
_NUMBERED = re.compile(r"^(.*?)(\d*)(\.[^.]+)$")


class UnreadablePackage(Exception):
    """The file is not a Word document assembler can read."""


class _Members(dict[str, bytes]):
    """Members by name, each decompressed only when it is first read (styles alone are ~800 KB)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        super().__init__()
        self.archive = archive
        self.unread: set[str] = set()
        self.compression: dict[str, int] = {}  # how each member of the file read was compressed
        for info in archive.infolist():
            super().__setitem__(info.filename, b"")
            self.compression[info.filename] = info.compress_type
            if not info.flag_bits & _ENCRYPTED:  # an encrypted member cannot be read: it is written empty
                self.unread.add(info.filename)

    def __getitem__(self, name: str) -> bytes:
        if name in self.unread:
            self.unread.discard(name)
            try:
                super().__setitem__(name, self.archive.read(name))
            except UNREADABLE_ZIP as err:
                raise UnreadablePackage(f"{name}: {err}") from err
        return super().__getitem__(name)

    def __setitem__(self, name: str, data: bytes) -> None:
        self.unread.discard(name)
        super().__setitem__(name, data)


@dataclass
class Package:
    """A .docx's members by name, in order, with the parts being changed parsed."""

    members: dict[str, bytes]
    parsed: dict[str, etree._Element] = field(default_factory=dict)

    @classmethod
    def read(cls, data: bytes) -> Package:
        """Read a .docx file's bytes; raise UnreadablePackage when it is not one."""
        try:
            members = _Members(zipfile.ZipFile(io.BytesIO(data)))
        except UNREADABLE_ZIP as err:
            raise UnreadablePackage(str(err)) from err
        if DOCUMENT not in members or CONTENT_TYPES not in members:
            raise UnreadablePackage("ingen document.xml")
        return cls(members)

    def xml(self, name: str) -> etree._Element:
        """Return a part's parsed XML, kept so that changes to it are saved."""
        if name not in self.parsed:
            try:
                self.parsed[name] = etree.fromstring(self.members[name], PARSER)
            except (etree.XMLSyntaxError, *UNREADABLE_ZIP) as err:
                raise UnreadablePackage(f"{name}: {err}") from err
        return self.parsed[name]

    def digest(self, name: str) -> str:
        """Return the SHA-256 of a member's bytes (what a picture shows)."""
        return hashlib.sha256(self._bytes(name)).hexdigest()

    def to_bytes(self) -> bytes:
        """Return the package as a .docx file's bytes, each member read compressed as it was (new ones deflated),
        deflated as rendering deflates (zlib's fastest level)."""
        compression: dict[str, int] = getattr(self.members, "compression", {})
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in list(self.members):
                method = compression.get(name, zipfile.ZIP_DEFLATED)
                archive.writestr(name, self._bytes(name), method, COMPRESS_LEVEL)
        return buffer.getvalue()

    def _bytes(self, name: str) -> bytes:
        if name in self.parsed:
            return bytes(etree.tostring(self.parsed[name], xml_declaration=True, encoding="UTF-8", standalone=True))
        return self.members[name]

    def rels(self, part: str) -> etree._Element:
        """Return a part's relationships element (an empty one is created when it has none)."""
        name = rels_name(part)
        if name not in self.members:
            self.members[name] = b""
            self.parsed[name] = etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS})
        return self.xml(name)

    def relate(self, part: str, reltype: str, target: str, rel_id: str | None = None, external: bool = False) -> str:
        """Add a relationship from a part to a target (relative to the part, or a link outside) and return its id."""
        rels = self.rels(part)
        taken = {r.get("Id") for r in rels}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = rel_id if rel_id is not None and rel_id not in taken else f"rId{number}"
        relationship = etree.SubElement(rels, f"{{{PR_NS}}}Relationship", Id=rel_id, Type=reltype, Target=target)
        if external:
            relationship.set("TargetMode", "External")
        return rel_id

    def bring_relationship(
        self, part: str, source: Package, source_part: str, rel_id: str, copied: dict[str, str]
    ) -> str:
        """Return the id, from a part here, of what a relationship of another package's part names.

        A part it names is copied here with what that relates to (`carry`), a link outside the
        package is related anew; an id the source does not know stays as it is.
        """
        relationship = next((r for r in source.rels(source_part) if r.get("Id") == rel_id), None)
        if relationship is None:
            return rel_id
        reltype, target = str(relationship.get("Type")), str(relationship.get("Target"))
        if relationship.get("TargetMode") == "External":
            return self.relate(part, reltype, target, external=True)
        name = resolve(source_part, target)
        if name not in source.members:
            return rel_id
        return self.relate(part, reltype, relative(part, self.carry(source, name, copied)))

    def target(self, part: str, rel_id: str) -> tuple[str, str] | None:
        """Return (type, member name) of a part's relationship, or None when it is missing or external."""
        for rel in self.rels(part):
            if rel.get("Id") == rel_id and rel.get("TargetMode") != "External":
                return str(rel.get("Type")), resolve(part, str(rel.get("Target")))
        return None

    def content_type(self, name: str) -> str | None:
        """Return a member's content type from [Content_Types].xml."""
        types = self.xml(CONTENT_TYPES)
        for override in types.iter(f"{{{CT_NS}}}Override"):
            if override.get("PartName") == "/" + name:
                return str(override.get("ContentType"))
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        for default in types.iter(f"{{{CT_NS}}}Default"):
            if (default.get("Extension") or "").lower() == extension:
                return str(default.get("ContentType"))
        return None

    def add_part(self, name: str, data: bytes, content_type: str | None) -> None:
        """Add a member and declare its content type."""
        self.members[name] = data
        if content_type is not None and self.content_type(name) != content_type:
            types = self.xml(CONTENT_TYPES)
            etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=content_type)

    def free_name(self, name: str) -> str:
        """Return a member name like the one given that is not taken yet."""
        stem, _, suffix = _NUMBERED.match(name).groups()  # type: ignore[union-attr]
        number = 1
        while (candidate := f"{stem}{number}{suffix}") in self.members:
            number += 1
        return candidate

    def carry(self, source: Package, name: str, copied: dict[str, str]) -> str:
        """Copy a member and everything it relates to from another package; return its name here."""
        if name in copied:
            return copied[name]
        new_name = self.free_name(name) if name in self.members else name
        copied[name] = new_name
        self.add_part(new_name, source.members[name], source.content_type(name))
        source_rels = rels_name(name)
        if source_rels in source.members:
            for rel in source.xml(source_rels):
                target = str(rel.get("Target"))
                if rel.get("TargetMode") != "External":
                    target = relative(new_name, self.carry(source, resolve(name, target), copied))
                made = self.relate(new_name, str(rel.get("Type")), target, str(rel.get("Id")))
                if rel.get("TargetMode") == "External":
                    self.rels(new_name)[-1].set("TargetMode", "External")
                assert made == rel.get("Id")  # the part's XML refers to its relationships by these ids
        return new_name

    def drop_unused_charts(self) -> None:
        """Remove the charts nothing in the body refers to any more (those of replaced controls)."""
        body = self.xml(DOCUMENT)
        used = {value for node in body.iter() for key, value in node.attrib.items() if key.startswith(f"{{{R_NS}}}")}
        rels = self.rels(DOCUMENT)
        for rel in list(rels):
            if rel.get("Type") != CHART_TYPE or rel.get("Id") in used:
                continue
            target = self.target(DOCUMENT, str(rel.get("Id")))
            rels.remove(rel)
            if target is None or target[1] not in self.members:
                continue
            for inner in list(self.rels(target[1])):
                found = self.target(target[1], str(inner.get("Id")))
                if found is not None:
                    self.drop(found[1])
            self.drop(target[1])

    def drop(self, name: str) -> None:
        """Remove a member and the relationships it has of its own."""
        self.members.pop(name, None)
        self.parsed.pop(name, None)
        self.members.pop(rels_name(name), None)
        self.parsed.pop(rels_name(name), None)
        types = self.xml(CONTENT_TYPES)
        for override in list(types.iter(f"{{{CT_NS}}}Override")):
            if override.get("PartName") == "/" + name:
                types.remove(override)


def rels_name(part: str) -> str:
    """Return the name of a part's relationships member."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(part: str, target: str) -> str:
    """Return the member name a relationship's target points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def relative(part: str, name: str) -> str:
    """Return a member's name as a relationship target from a part."""
    return posixpath.relpath(name, posixpath.dirname(part) or ".")
