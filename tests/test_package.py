"""The installed package carries its templates and data, and works from any folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from assembler.documents import DOCUMENTS
from tests.factory import plan_sheets, write_workbook
from tests.reports import report_name

ETAARSSTATUS = report_name("etaarsstatus")
REPO = Path(__file__).resolve().parent.parent


def test_wheel_contains_templates_and_data_and_runs_from_another_folder(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(wheels.glob("assembler-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "assembler/_templates/docx/etaarsstatus.docx" in names
    assert "assembler/data/engparken.xlsx" in names  # the plan every template is tried on
    assert "assembler/data/vocabulary.toml" in names

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "andet sted"
    write_workbook(elsewhere / "inputs" / "solbakken.xlsx", plan_sheets())
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import assembler; print(assembler.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(site))
    result = subprocess.run(
        [sys.executable, "-m", "assembler", "build"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "outputs" / "solbakken" / ETAARSSTATUS).exists()
    checked = subprocess.run(
        [sys.executable, "-m", "assembler", "templates", "check"],
        cwd=elsewhere,
        env={**env, "ASSEMBLER_CACHE_DIR": "off"},  # tried on the installed example, not remembered
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.count("i orden (standardskabelon)") == len(DOCUMENTS)
    shutil.rmtree(site)
