"""Matching a numbered point of a form by its heading text or its number ('1', 'S3a', '3 a.')."""

from __future__ import annotations

import re

from assembler.contract.vocabulary import AfsnitSpec, normalize

_AFSNIT_KEY = re.compile(r"(s?)\s*(\d)\s*([ab])?\.?")
_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)$")


def match_point(label: str, specs: tuple[AfsnitSpec, ...]) -> str | None:
    """Return the key of the point a label names, by its heading text or else by its number."""
    wanted = normalize(_ELLIPSIS.sub("", label))
    for spec in specs:
        heading = normalize(spec.heading)
        if wanted == heading or (len(wanted) >= 20 and heading.startswith(wanted)):
            return spec.key
    without_number = normalize(_AFSNIT_KEY.sub("", wanted, count=1))
    for spec in specs:
        heading_text = normalize(_AFSNIT_KEY.sub("", normalize(spec.heading), count=1))
        if len(without_number) >= 20 and heading_text.startswith(without_number):
            return spec.key
    number = _AFSNIT_KEY.match(wanted)
    if number is None:
        return None
    strategic, digit, letter = number.group(1), number.group(2), number.group(3) or ""
    key = ("S" if strategic or letter else "") + digit + letter
    keys = {s.key.casefold(): s.key for s in specs}
    return keys.get(key.casefold())
