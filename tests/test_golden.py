"""The shipped example's reports, dumped as text and compared with tests/golden/ (never bytes).

One golden dump per report in DOCUMENTS, named by its key. After an intended change, run
`pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assembler.app.cli import main
from assembler.documents import DOCUMENTS, DocumentSpec
from tests.conftest import EXAMPLE
from tests.docxdump import dump
from tests.reports import example_plan, example_reports

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, "utf-8")
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
    assert actual == path.read_text("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's reports, built once for the module."""
    out = tmp_path_factory.mktemp("outputs")
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "engparken"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.key)
def test_example_reports_match_golden(built: Path, update_golden: bool, document: DocumentSpec) -> None:
    # The example has what every report needs, so each report's golden dump shows all of it.
    assert document.applies_to(example_plan()), document.not_built_because(example_plan())
    check_golden(f"engparken-{document.key}.txt", dump(built / document.filename(example_plan())), update_golden)


def test_every_golden_dump_belongs_to_a_report() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.txt")) == sorted(f"engparken-{d.key}.txt" for d in DOCUMENTS)


def test_the_readme_lists_the_files_make_demo_writes() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    demo = " ".join(readme[readme.index("Efter `make demo`\nligger") :].split("\n\n")[0].split())
    assert [name for name in example_reports() if f"`{name}`" not in demo] == []
