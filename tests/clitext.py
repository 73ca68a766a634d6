"""Reading what the command line printed, with the one part that differs from run to run made fixed."""

from __future__ import annotations

import re

_SECONDS = re.compile(r" skrevet på \d+(,\d)? sekund(er)?(?=[.;])")


def lines_without_time(text: str) -> list[str]:
    """Return the printed lines, with the build's duration shown as '…'."""
    return [_SECONDS.sub(" skrevet på … sekunder", line) for line in text.splitlines()]
