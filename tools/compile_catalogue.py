"""Compile click's Danish catalogue (assembler/data/locale/da/LC_MESSAGES/click.po) into the .mo gettext reads.

Run with `make catalogue` after editing the .po; tests/app/test_cli_danish.py fails while the
committed .mo is not what the .po compiles to.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from assembler.app.clidanish import CATALOGUE


def compiled_catalogue(po: Path = CATALOGUE) -> bytes:
    """Return the .mo bytes of a .po catalogue."""
    with po.open("rb") as source:
        catalogue = read_po(source, locale="da")
    # babel dates a catalogue without POT-Creation-Date by the clock: fixed, the same .po gives the same .mo.
    catalogue.creation_date = datetime(1980, 1, 1, tzinfo=UTC)
    target = io.BytesIO()
    write_mo(target, catalogue)
    return target.getvalue()


def main() -> None:
    """Write the .mo beside the .po, only when it changed."""
    mo = CATALOGUE.with_suffix(".mo")
    data = compiled_catalogue()
    if mo.is_file() and mo.read_bytes() == data:
        print(f"Uændret {mo}")
        return
    mo.write_bytes(data)
    print(f"Skrev {mo}")


if __name__ == "__main__":
    main()
