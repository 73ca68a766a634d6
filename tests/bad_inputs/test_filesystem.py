"""Case 18: what the file system can hold: odd names, links, folders and files without access, zip headers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from assembler.living.store import STORE_NAME
from assembler.living.versions import VERSIONS_FOLDER
from assembler.output.reports import LOCK_NAME
from assembler.pipeline import FoundPlan, find_plans, rebuild
from tests.bad_inputs.conftest import REPORT, Refused
from tests.bad_inputs.corpus import patch_member_header, patch_zip, replace_in, snapshot, workbook_bytes
from tests.factory import plan_sheets, set_value, write_workbook
from tests.reports import factory_reports

CLI = Callable[..., Result]
DOCUMENTS = sorted(factory_reports())
EMPTY = "filen er tom (0 byte). Hvis den er ved at blive kopieret, så prøv igen, når kopieringen er færdig."
NO_READ = "der er ikke læseadgang til den"
LATIN1_KOEGE = os.fsdecode(b"K\xf8ge.xlsx")  # »Køge.xlsx« named on an old Windows share


def documents_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".docx")


def test_a_name_that_is_not_utf8_is_built_into_a_readable_folder(
    built: Callable[..., Result], inputs: Path, out: Path
) -> None:
    write_workbook(inputs / LATIN1_KOEGE, plan_sheets())
    result = built()
    assert documents_in(out / "Køge") == DOCUMENTS
    assert "Skrev" in result.stdout


def test_a_bad_file_with_a_name_that_is_not_utf8_is_named_with_its_bytes(refused: Refused, inputs: Path) -> None:
    (inputs / LATIN1_KOEGE).write_bytes(b"")
    refused(f"K\\xf8ge.xlsx: {EMPTY}")


def test_control_characters_in_a_name_are_escaped_on_the_terminal_and_in_fejl_txt(
    refused: Refused, inputs: Path, out: Path
) -> None:
    name = "sol\x1b[2Jbakken\n\rFEJL.xlsx"
    (inputs / name).write_bytes(b"")
    refused(f"sol\\x1b[2Jbakken\\x0a\\x0dFEJL.xlsx: {EMPTY}")
    (source, folder), *_ = find_plans(inputs)
    assert folder == "sol-[2Jbakken--FEJL"
    rebuild(FoundPlan(source, folder), out)
    lines = (out / folder / "FEJL.txt").read_text("utf-8").splitlines()
    assert lines[0].startswith("Rapporterne for sol\\x1b[2Jbakken\\x0a\\x0dFEJL kunne ikke bygges")
    assert lines[-1] == f"sol\\x1b[2Jbakken\\x0a\\x0dFEJL.xlsx: {EMPTY}"


def test_a_dangling_link_is_named_not_skipped(refused: Refused, inputs: Path, tmp_path: Path) -> None:
    (inputs / "solbakken.xlsx").symlink_to(tmp_path / "flyttet" / "solbakken.xlsx")
    refused(
        f"solbakken.xlsx: filen er en genvej (symbolsk link) til {(tmp_path / 'flyttet' / 'solbakken.xlsx')}, "
        "som ikke findes. Læg selve projektmappen i mappen, eller ret genvejen."
    )


def test_a_dangling_link_in_a_plan_folder_is_named_with_its_folder(
    refused: Refused, inputs: Path, tmp_path: Path
) -> None:
    (inputs / "solbakken").mkdir()
    write_workbook(inputs / "solbakken" / "plan.xlsx", plan_sheets())
    (inputs / "solbakken" / "budget.xlsx").symlink_to("../../et-andet-sted/budget.xlsx")
    refused(
        "solbakken/budget.xlsx: filen er en genvej (symbolsk link) til ../../et-andet-sted/budget.xlsx, som ikke "
        "findes. Læg selve projektmappen i mappen, eller ret genvejen."
    )


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("solbakken.xltx", b"spreadsheetml.template.main+xml"),
        ("solbakken.xlsx ", b"spreadsheetml.sheet.main+xml"),
        ("solbakken.xlsx.", b"spreadsheetml.sheet.main+xml"),
    ],
)
def test_a_template_workbook_and_a_trailing_space_are_read_not_skipped(
    built: Callable[..., Result], inputs: Path, out: Path, name: str, content_type: bytes
) -> None:
    data = patch_zip(
        workbook_bytes(), {"[Content_Types].xml": replace_in(b"spreadsheetml.sheet.main+xml", content_type)}
    )
    (inputs / name).write_bytes(data)
    built()
    assert documents_in(out / "solbakken") == DOCUMENTS


def test_a_folder_where_a_report_should_be_is_named_and_the_rest_kept(cli: CLI, inputs: Path, out: Path) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    write_workbook(inputs / "engparken.xlsx", plan_sheets())
    (out / "solbakken" / REPORT).mkdir(parents=True)
    before = snapshot(inputs, out)
    result = cli("build", inputs, "--out", out, "--jobs", "1")
    assert result.stderr.splitlines() == [
        f"{(out / 'solbakken').as_posix()}: kunne ikke læse den eksisterende {REPORT} for at se, om den er "
        f"redigeret: det er en mappe, ikke en fil. {REPORT} er ikke ændret."
    ]
    assert result.exit_code == 1
    assert documents_in(out / "engparken") == DOCUMENTS
    after = snapshot(inputs, out)
    assert {k: v for k, v in after.items() if "/engparken/" not in k and not k.endswith(LOCK_NAME)} == before


def test_an_output_folder_inside_the_inputs_folder_is_not_a_plan(cli: CLI, inputs: Path) -> None:
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    out = inputs / "rapporter"
    for _ in range(2):  # the second time, the output folder exists with reports in it
        result = cli("build", inputs, "--out", out)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout.splitlines()[-2] == "1 af 1 helhedsplan bygget."
    checked = cli("check", inputs)
    assert checked.stderr.splitlines() == [
        "rapporter: mappen indeholder rapporter skrevet af assembler, ikke projektmapper: det er en rapportmappe, "
        "der ligger inde i mappen med projektmapperne. Læg rapportmappen (--out) uden for den."
    ]
    assert checked.exit_code == 1


@pytest.mark.parametrize(
    ("flag_bits", "method", "message"),
    [
        (
            0x1,
            None,
            "delen xl/worksheets/sheet1.xml i filen er krypteret (zip-kryptering), som Excel aldrig bruger. Er den "
            "pakket med en adgangskode i et zip-program, så pak den ud; ellers åbn den i Excel og gem den igen.",
        ),
        (
            None,
            9,
            "delen xl/worksheets/sheet1.xml er pakket med en metode (Deflate64), som assembler ikke kan pakke ud. "
            "Åbn den i Excel og gem den igen.",
        ),
        (
            None,
            93,
            "delen xl/worksheets/sheet1.xml er pakket med en metode (Zstandard), som assembler ikke kan pakke ud. "
            "Åbn den i Excel og gem den igen.",
        ),
        (
            None,
            77,
            "delen xl/worksheets/sheet1.xml er pakket med en metode (nr. 77), som assembler ikke kan pakke ud. "
            "Åbn den i Excel og gem den igen.",
        ),
    ],
)
def test_zip_parts_encrypted_or_packed_in_an_unknown_way_are_located_problems(
    refused: Refused, inputs: Path, flag_bits: int | None, method: int | None, message: str
) -> None:
    data = patch_member_header(workbook_bytes(), "xl/worksheets/sheet1.xml", flag_bits=flag_bits, method=method)
    (inputs / "solbakken.xlsx").write_bytes(data)
    refused(f"solbakken.xlsx: {message}")


# Permissions mean nothing to root: these cases run assembler as the user nobody.


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder the user nobody owns (pytest's own temporary folders are closed to other users)."""
    folder = Path(tempfile.mkdtemp(prefix="assembler-nobody-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def as_nobody(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run assembler as the user nobody, owner of everything under cwd."""
    for path in [cwd, *cwd.rglob("*")]:
        os.lchown(path, 65534, 65534)
    command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-m", "assembler"]
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, timeout=120, env=environment, check=False
    )


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs root and setpriv")
def test_files_folders_and_reports_without_access_are_named_and_the_good_plan_built(shared: Path) -> None:
    inputs, out = shared / "inputs", shared / "outputs"
    for name in ("solbakken.xlsx", "engparken.xlsx", "laast.xlsx", "hemmelig/plan.xlsx"):
        write_workbook(inputs / name, plan_sheets())
    assert as_nobody(shared, "build", "--jobs", "1", "--report", "etaarsstatus").returncode == 0
    closed = (inputs / "laast.xlsx", inputs / "hemmelig", out / "engparken" / REPORT)
    before = snapshot(inputs, out)
    for path in closed:
        path.chmod(0)
    result = as_nobody(shared, "build", "--jobs", "1", "--report", "etaarsstatus")
    for path in closed:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"outputs/engparken: kunne ikke læse den eksisterende {REPORT} for at se, om den er redigeret: {NO_READ}. "
        f"{REPORT} er ikke ændret.",
        f"hemmelig: mappen kan ikke læses: {NO_READ}. Ret adgangen (eller flyt mappen), og prøv igen.",
        f"laast.xlsx: filen kan ikke læses: {NO_READ}. Ret adgangen (eller flyt filen), og prøv igen.",
    ]
    assert result.stdout.splitlines()[:2] == [
        f"Ingen ændringer i outputs/solbakken/{REPORT}",
        "1 af 4 helhedsplaner bygget; 3 med fejl.",
    ]
    assert result.returncode == 1
    after = snapshot(inputs, out)
    changed = sorted(Path(k).relative_to(shared).as_posix() for k in before if before[k] != after.get(k))
    # Only the good plan's folder changes (its state, which records the build).
    assert [name for name in changed if not name.startswith("outputs/solbakken/")] == []
    # The report written anew is kept as the base of its next update, under the hash of its bytes.
    kept_anew = {k for k in before.keys() ^ after.keys() if STORE_NAME in Path(k).parts}
    assert after.keys() - kept_anew == before.keys() - kept_anew
    assert not [p for p in out.rglob("*") if p.name.startswith(".~assembler-")]


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs root and setpriv")
@pytest.mark.parametrize("command", ["build", "check"])
def test_an_inputs_folder_without_access_is_a_located_line_not_a_usage_error(shared: Path, command: str) -> None:
    inputs = shared / "inputs"
    write_workbook(inputs / "solbakken.xlsx", plan_sheets())
    inputs.chmod(0)
    result = as_nobody(shared, command)
    inputs.chmod(0o755)
    assert result.stderr.splitlines() == [
        f"Fejl: inputs: mappen kan ikke læses: {NO_READ}. Ret adgangen (eller flyt mappen), og prøv igen."
    ]
    assert result.returncode == 1
    assert not (shared / "outputs").exists()


def test_a_named_pipe_called_like_a_workbook_is_named_not_read_or_skipped(refused: Refused, inputs: Path) -> None:
    os.mkfifo(inputs / "solbakken.xlsx")  # opening it to read would wait for a writer for ever
    refused(
        "solbakken.xlsx: det er ikke en almindelig fil, men fx en navngiven pipe eller en enhed; "
        "læg selve projektmappen i mappen"
    )


def test_a_symlink_loop_is_named_not_a_traceback(refused: Refused, inputs: Path) -> None:
    (inputs / "b.xlsx").symlink_to("a.xlsx")
    (inputs / "a.xlsx").symlink_to("b.xlsx")
    refused(
        "a.xlsx: filen er en genvej (symbolsk link) til b.xlsx, som ikke findes. "
        "Læg selve projektmappen i mappen, eller ret genvejen.",
        "b.xlsx: filen er en genvej (symbolsk link) til a.xlsx, som ikke findes. "
        "Læg selve projektmappen i mappen, eller ret genvejen.",
    )


def test_tidligere_versioner_linked_to_a_shared_archive_is_never_pruned(
    cli: CLI, inputs: Path, out: Path, tmp_path: Path
) -> None:
    # Failure 8 of issue 19: pruning a linked archive deleted another plan's copies of a report of the same name.
    sheets = plan_sheets()
    write_workbook(inputs / "solbakken.xlsx", sheets)
    assert cli("build", inputs, "--out", out, "--report", "etaarsstatus").exit_code == 0
    report = out / "solbakken" / REPORT
    archive = tmp_path / "fællesarkiv"
    archive.mkdir()
    stem = REPORT.removesuffix(".docx")
    others = {archive / f"{stem} (2026-01-{day:02} 10.00.00).docx": f"engparken {day}".encode() for day in range(1, 13)}
    for path, data in others.items():
        path.write_bytes(data)
    (out / "solbakken" / VERSIONS_FOLDER).symlink_to(archive, target_is_directory=True)
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    write_workbook(inputs / "solbakken.xlsx", sheets)
    for _ in range(2):  # edited each time, so each build keeps a copy
        document = Document(str(report))
        document.add_paragraph("Skrevet i Word.")
        document.save(str(report))
        result = cli("build", inputs, "--out", out, "--report", "etaarsstatus", "--force")
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines() == [
            f"{(out / 'solbakken').as_posix()} (advarsel): {VERSIONS_FOLDER} peger på en mappe uden for "
            f"helhedsplanens mappe ({archive}); assembler lægger kopier dér, men sletter aldrig gamle kopier dér"
        ]
    assert {path: path.read_bytes() for path in others} == others
    assert len(list(archive.iterdir())) == len(others) + 2
