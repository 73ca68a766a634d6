"""The shipped example's report, dumped as text and compared with tests/golden/ (never bytes).

After an intended change, run `pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.docxdump import dump

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, "utf-8")
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
    assert actual == path.read_text("utf-8")


@pytest.mark.parametrize(
    ("document", "golden"),
    [
        ("Etårsstatus 2025.docx", "engparken-etaarsstatus.txt"),
        ("Fremdriftsrapport 2025.docx", "engparken-fremdrift.txt"),
        ("Økonomioversigt 2025.docx", "engparken-oekonomi.txt"),
        ("Referat af ét-årseftersyn 12.3.2026.docx", "engparken-referat.txt"),
    ],
)
def test_example_reports_match_golden(
    cli: Callable[..., Result], example_inputs: Path, out: Path, update_golden: bool, document: str, golden: str
) -> None:
    result = cli("build", example_inputs, "--out", out)
    assert result.exit_code == 0, result.output
    check_golden(golden, dump(out / "engparken" / document), update_golden)
