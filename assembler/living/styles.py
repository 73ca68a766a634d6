"""The styles an update brings into an edited report: those its new content uses that the report lacks.

A person's styles are theirs and never change; but a template may come to use a style a report
written from an older template lacks (the tables' »Tabeltekst«), and a paragraph whose style is
not defined is an error in the file, set in Normal by Word. Such a style is copied from the new
rendering, with the styles it is based on that the report lacks too.
"""

from __future__ import annotations

import copy

from assembler.living.package import DOCUMENT, Package
from assembler.wordxml import R_NS, VAL, W

STYLES_TYPE = f"{R_NS}/styles"
_REFERENCES = (f"{W}pStyle", f"{W}rStyle", f"{W}tblStyle")
_STYLE = f"{W}style"
_STYLE_ID = f"{W}styleId"


def carry_styles(package: Package, source: Package) -> int:
    """Copy into a report the styles its body uses that it lacks, as another package defines them; return how many."""
    here, there = _styles_part(package), _styles_part(source)
    if here is None or there is None:
        return 0
    used = {str(reference.get(VAL)) for reference in package.xml(DOCUMENT).iter(*_REFERENCES)}
    written = package.members[here]
    # Reading the styles (hundreds of KB) costs more than the update: they are parsed only when a
    # style is not plainly there (a report that writes its styles otherwise is read and checked).
    if all(f'w:styleId="{style}"'.encode() in written for style in used):
        return 0
    styles = package.xml(here)
    defined = {element.get(_STYLE_ID) for element in styles.iterchildren(_STYLE)}
    theirs = {element.get(_STYLE_ID): element for element in source.xml(there).iterchildren(_STYLE)}
    missing = [style for style in used if style not in defined]
    carried = 0
    while missing:
        style = missing.pop()
        if style in defined or style not in theirs:
            continue
        element = copy.deepcopy(theirs[style])
        styles.append(element)
        defined.add(style)
        carried += 1
        based_on = element.find(f"{W}basedOn")
        if based_on is not None:
            missing.append(str(based_on.get(VAL)))
    return carried


def _styles_part(package: Package) -> str | None:
    """Return the name of the member holding a document's styles, or None when it has none."""
    for rel in package.rels(DOCUMENT):
        if rel.get("Type") == STYLES_TYPE:
            found = package.target(DOCUMENT, str(rel.get("Id")))
            if found is not None and found[1] in package.members:
                return found[1]
    return None
