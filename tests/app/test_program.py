"""The command line run as a program: the garbage collector rests while the pipeline is imported, not longer."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from assembler import pipeline
from assembler.app.cli import run


def test_a_command_runs_with_the_collector_working_and_the_libraries_frozen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = []

    def fields() -> list[str]:
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return ["plan.navn"]

    monkeypatch.setattr(pipeline, "template_fields", fields)
    monkeypatch.setattr(sys, "argv", ["assembler", "templates", "fields"])
    try:
        with pytest.raises(SystemExit) as exit:
            run()
    finally:
        gc.unfreeze()
        gc.enable()
    assert exit.value.code == 0
    assert "plan.navn" in capsys.readouterr().out
    [(enabled, frozen)] = seen
    assert enabled
    assert frozen > 1000


@pytest.mark.parametrize("args", [["build", "--help"], ["templates", "fields", "--help"], ["--version"]])
def test_help_of_a_command_imports_no_pipeline(args: list[str]) -> None:
    code = (
        f"import sys; sys.argv = ['assembler', *{args!r}]\n"
        "from assembler.app.cli import run\n"
        "try:\n run()\nexcept SystemExit: pass\n"
        "print('assembler.pipeline' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().endswith("False")
