"""A report's own times: created at its first build and kept, modified when its content changes.

A build stamps its times into the core properties (`docProps/core.xml`), so two renderings of the
same content differ there and nowhere else (rendering fixes every other time: zip members, the
charts' workbooks). `same_content` compares two reports past those two times, so a report whose
content would not change is not written; `first_builds` gives each report already in a folder the
created time its file holds, for the next rendering to keep; `stamp_modified` dates an update in place.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from assembler.living.package import PARSER, UNREADABLE_ZIP, Package, UnreadablePackage
from assembler.living.state import Identity, State, UnusableState

CORE = "docProps/core.xml"
DCTERMS = "http://purl.org/dc/terms/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CREATED, MODIFIED = f"{{{DCTERMS}}}created", f"{{{DCTERMS}}}modified"
W3CDTF = "%Y-%m-%dT%H:%M:%SZ"  # as Word and python-docx write the times


def first_builds(folder: Path, names: Mapping[Identity, str]) -> dict[Identity, datetime]:
    """Return when each report already in a folder was first built (naive UTC), as its file says.

    Reports are found as writing finds them (by the folder's state); one not there, or whose file
    does not say, is left out: it is built as new.
    """
    try:
        state = State.load(folder)
    except UnusableState:
        return {}
    found = {}
    for identity, name in names.items():
        entry = state.entry_for(identity, name)
        if entry is not None and (created := created_of(folder / entry.name)) is not None:
            found[identity] = created
    return found


def created_of(path: Path) -> datetime | None:
    """Return a report's created time (naive UTC), or None when its file has none that can be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            element = etree.fromstring(archive.read(CORE), PARSER).find(CREATED)
        when = datetime.fromisoformat((element.text or "").strip()) if element is not None else None
    except (*UNREADABLE_ZIP, KeyError, etree.XMLSyntaxError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return when
    return when.astimezone(UTC).replace(tzinfo=None)


def same_content(old: bytes, new: bytes) -> bool:
    """True when two reports have the same members with the same bytes, but for their created and modified times."""
    try:
        with zipfile.ZipFile(io.BytesIO(old)) as first, zipfile.ZipFile(io.BytesIO(new)) as second:
            members = [(i.filename, i.CRC, i.file_size) for i in first.infolist() if i.filename != CORE]
            if members != [(i.filename, i.CRC, i.file_size) for i in second.infolist() if i.filename != CORE]:
                return False  # what differs shows here, without unpacking anything
            if any(first.read(name) != second.read(name) for name, _, _ in members):
                return False
            return without_times(first.read(CORE)) == without_times(second.read(CORE))
    except (*UNREADABLE_ZIP, KeyError, etree.XMLSyntaxError):
        return False


def without_times(core: bytes) -> bytes:
    """Return core properties' XML without the created and modified times."""
    root = etree.fromstring(core, PARSER)
    for element in [*root.iter(CREATED, MODIFIED)]:
        element.getparent().remove(element)
    return bytes(etree.tostring(root))


def stamp_modified(package: Package, when: datetime) -> None:
    """Set the modified time of a report whose content assembler changed (nothing when it has no core properties)."""
    if CORE not in package.members:
        return
    try:
        root = package.xml(CORE)
    except UnreadablePackage:  # Word would have written it readable; the update need not fail on it
        return
    element = root.find(MODIFIED)
    if element is None:
        namespaces = {"dcterms": DCTERMS, "xsi": XSI}
        element = etree.SubElement(root, MODIFIED, {f"{{{XSI}}}type": "dcterms:W3CDTF"}, nsmap=namespaces)
    element.text = when.astimezone(UTC).strftime(W3CDTF)
