"""The shipped example's report, dumped as text and compared with tests/golden/ (never bytes).

After an intended change, run `pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


def test_example_etaarsstatus_matches_golden(
    cli: Callable[..., Result], example_inputs: Path, out: Path, update_golden: bool
) -> None:
    result = cli("build", example_inputs, "--out", out)
    assert result.exit_code == 0, result.output
    check_golden("engparken-etaarsstatus.txt", dump(out / "engparken" / "Etårsstatus 2025.docx"), update_golden)
