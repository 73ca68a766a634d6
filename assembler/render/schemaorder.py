"""Putting the property elements of a rendered document into the order the OOXML schema demands.

`w:tcPr`, `w:tblPr`, `w:pPr` and `w:rPr` are schema sequences: Word reports "unreadable content"
when their children come in another order, where LibreOffice says nothing. docxtpl's
`{% cellbg %}` writes `<w:shd>` first in `w:tcPr`, before `<w:tcW>`; this module sorts each
property element's children by the sequence of ECMA-376 Part 1 (§17.4.70, §17.4.59, §17.3.1.26,
§17.3.2.28), leaving elements it does not know where the sort puts them: last, in their order.

Sorting every property element of a rendered body costs more than the rest of the layout, so a
template's body is sorted before Jinja runs when its property elements are static (Jinja repeats
them whole, see marking); after rendering, only a body that was not sorted so is sorted again.
"""

from __future__ import annotations

from typing import Any

from assembler.wordxml import W


def _sequence(names: str) -> dict[str, int]:
    return {f"{W}{name}": index for index, name in enumerate(names.split())}


SEQUENCES = {
    f"{W}tcPr": _sequence(
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark "
        "headers cellIns cellDel cellMerge tcPrChange"
    ),
    f"{W}tblPr": _sequence(
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
        "tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
    ),
    f"{W}pPr": _sequence(
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
        "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
        "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ),
    f"{W}rPr": _sequence(
        "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
        "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect "
        "bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"
    ),
}


def order_properties(root: Any) -> int:
    """Sort the children of every property element under root into schema order; return how many moved."""
    moved = 0
    for element in root.iter(*SEQUENCES):
        sequence = SEQUENCES[element.tag]
        children = list(element)
        ordered = sorted(children, key=lambda child: sequence.get(child.tag, len(sequence)))
        if ordered != children:
            element[:] = ordered
            moved += 1
    return moved


def is_property(element: Any) -> bool:
    """True for an element whose children the schema orders."""
    return element.tag in SEQUENCES


def insert_in_order(properties: Any, child: Any) -> None:
    """Insert a new child into a property element that is in schema order, where the schema puts it."""
    sequence = SEQUENCES[properties.tag]
    rank = sequence[child.tag]
    for index, sibling in enumerate(properties):
        if sequence.get(sibling.tag, len(sequence)) > rank:
            properties.insert(index, child)
            return
    properties.append(child)
