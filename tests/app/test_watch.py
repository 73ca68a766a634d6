"""`assembler watch` as a real process: files copied in, saved over Excel-style, broken, and the service stopped.

Every test runs the watcher with a short quiet period and polling interval and waits (with a
generous but bounded timeout) for the log lines a person would read. To show that something was
built exactly once, a second plan is dropped afterwards as a barrier: once it is built, any extra
build of the first would have been logged before it.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result
from docx import Document

from assembler.app.watch import RESCAN_SECONDS
from assembler.app.watchlog import describe_result
from assembler.errors import Location, Problem
from assembler.output.reports import Written
from assembler.pipeline import PlanResult
from assembler.read.sources import PlanSource
from assembler.render.templates import default_template_dir
from tests.docxdump import dump
from tests.factory import STATUS_YEAR, Sheets, column_of, plan_sheets, set_value, write_workbook
from tests.reports import factory_reports, report_name, report_spec

TIMEOUT = 60.0
REPORTS = ", ".join(factory_reports())
ETAARSSTATUS = report_name("etaarsstatus")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")


@dataclass
class Service:
    """A running `assembler watch` and the log it writes."""

    process: subprocess.Popen[bytes]
    log: Path
    stderr: Path

    def lines(self) -> list[str]:
        """Return the log's lines without their time stamps."""
        if not self.log.exists():
            return []
        return [TIMESTAMP.sub("", line) for line in self.log.read_text("utf-8").splitlines()]

    def wait_for(self, start: str, count: int = 1) -> list[str]:
        """Wait until `count` log lines start with `start`; return them."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            found = [line for line in self.lines() if line.startswith(start)]
            if len(found) >= count:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        pytest.fail(f"no {count} log line(s) starting {start!r}; log: {self.lines()}; stderr: {self.stderr_text()}")

    def stderr_text(self) -> str:
        return self.stderr.read_text("utf-8") if self.stderr.exists() else ""

    def stop(self, number: int = signal.SIGTERM) -> int:
        """Send a signal and return the exit code."""
        self.process.send_signal(number)
        return self.process.wait(timeout=TIMEOUT)


@pytest.fixture(params=["events", "poll"])
def mode(request: pytest.FixtureRequest) -> list[str]:
    """Run a test with the operating system's events and again with --poll."""
    return ["--poll"] if request.param == "poll" else []


@pytest.fixture
def start_watch(inputs: Path, out: Path, tmp_path: Path) -> Iterator[Callable[..., Service]]:
    services: list[Service] = []

    def start(*options: str) -> Service:
        number = len(services)
        log, stderr = tmp_path / f"watch{number}.log", tmp_path / f"watch{number}.stderr"
        command = [sys.executable, "-m", "assembler", "watch", str(inputs), "--out", str(out)]
        command += ["--quiet-period", "0.3", "--poll-interval", "0.1", "--log", str(log), *options]
        with stderr.open("wb") as errors:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        service = Service(process, log, stderr)
        services.append(service)
        service.wait_for("Overvåger")
        return service

    yield start
    for service in services:
        if service.process.poll() is None:
            service.process.kill()
            service.process.wait()


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    """A folder outside inputs/ where workbooks are written before they are copied in."""
    folder = tmp_path / "staging"
    folder.mkdir()
    return folder


def staged(staging: Path, name: str, sheets: Sheets | None = None) -> Path:
    return write_workbook(staging / name, sheets if sheets is not None else plan_sheets())


def with_projektleder(name: str) -> Sheets:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Projektleder", name)
    return sheets


def broken() -> Sheets:
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Statusår", "sidste år")
    return sheets


def copy_slowly(source: Path, target: Path, pause: float) -> None:
    """Copy a file in two parts with a pause, as a copy over a network does."""
    data = source.read_bytes()
    with target.open("wb") as file:
        file.write(data[: len(data) // 2])
        file.flush()
        time.sleep(pause)
        file.write(data[len(data) // 2 :])


def save_like_excel(source: Path, target: Path) -> None:
    """Save over a workbook as Excel does: a lock file, a temporary file, then a rename over the workbook."""
    lock = target.with_name("~$" + target.name)
    lock.write_bytes(b"\x0bJonas Riis" + b" " * 150)
    temporary = target.with_name("A1B2C3D4")  # Excel's temporary files have no extension
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)
    lock.unlink()


def built_by(service: Service, plan: str) -> list[str]:
    return [line for line in service.lines() if line.startswith(f"{plan}:")]


def barrier(service: Service, inputs: Path, staging: Path) -> None:
    """Drop another plan and wait until it is built: what came before is logged by then."""
    shutil.copy(staged(staging, "zz-barriere.xlsx"), inputs / "zz-barriere.xlsx")
    service.wait_for("zz-barriere.xlsx: skrev")


def test_workbook_copied_in_is_built_once(
    start_watch: Callable[..., Service], mode: list[str], inputs: Path, out: Path, staging: Path
) -> None:
    service = start_watch("--quiet-period", "1", *mode)
    workbook = staged(staging, "solbakken.xlsx")
    copy_slowly(workbook, inputs / "solbakken.xlsx", pause=0.4)  # a half-copied file is not read
    service.wait_for("solbakken.xlsx:")
    os.utime(inputs / "solbakken.xlsx")  # a new time, the same content: nothing to build
    save_like_excel(workbook, inputs / "solbakken.xlsx")  # the same content saved again
    barrier(service, inputs, staging)
    assert built_by(service, "solbakken.xlsx") == [f"solbakken.xlsx: skrev {REPORTS} i {out / 'solbakken'}"]
    assert "Helhedsplan Solbakken" in dump(out / "solbakken" / ETAARSSTATUS)


def test_excel_style_save_builds_the_new_content_once(
    start_watch: Callable[..., Service], mode: list[str], inputs: Path, out: Path, staging: Path
) -> None:
    shutil.copy(staged(staging, "solbakken.xlsx"), inputs / "solbakken.xlsx")
    service = start_watch(*mode)
    service.wait_for("solbakken.xlsx: skrev")
    save_like_excel(staged(staging, "ny.xlsx", with_projektleder("Ida Lund")), inputs / "solbakken.xlsx")
    service.wait_for("solbakken.xlsx: skrev", count=2)
    barrier(service, inputs, staging)
    assert len(built_by(service, "solbakken.xlsx")) == 2
    assert "Ida Lund" in dump(out / "solbakken" / ETAARSSTATUS)
    assert not list(inputs.glob("~$*"))


def test_lock_files_and_other_files_beside_a_workbook_give_one_build(
    start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    service = start_watch()
    (inputs / "~$solbakken.xlsx").write_bytes(b"\x0bJonas Riis" + b" " * 150)
    (inputs / ".~lock.solbakken.xlsx#").write_text(",Jonas Riis,pc,23.11.2025 10:00,file:///home/jonas;")
    (inputs / "LÆS MIG.txt").write_text("noter")
    (inputs / "solbakken.xlsx.tmp").write_bytes(b"halv")
    shutil.copy(staged(staging, "solbakken.xlsx"), inputs / "solbakken.xlsx")
    service.wait_for("solbakken.xlsx:")
    barrier(service, inputs, staging)
    assert service.lines()[1:] == [
        f"solbakken.xlsx: skrev {REPORTS} i {out / 'solbakken'}",
        f"zz-barriere.xlsx: skrev {REPORTS} i {out / 'zz-barriere'}",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["solbakken", "zz-barriere"]


def test_broken_workbook_gets_fejl_txt_the_service_goes_on_and_a_fix_removes_it(
    start_watch: Callable[..., Service], mode: list[str], inputs: Path, out: Path, staging: Path
) -> None:
    service = start_watch(*mode)
    shutil.copy(staged(staging, "daarlig.xlsx", broken()), inputs / "solbakken.xlsx")
    problem = "solbakken.xlsx › Stamdata!B9: forventede et årstal (fx 2019), fandt 'sidste år'"
    fejl = out / "solbakken" / "FEJL.txt"
    assert service.wait_for("solbakken.xlsx:") == [f"solbakken.xlsx: ikke bygget, 1 fejl (se {fejl}): {problem}"]
    first, *rest = fejl.read_text("utf-8").splitlines()
    assert re.fullmatch(r"Rapporterne for solbakken kunne ikke bygges \d+\.\d+\.\d{4} kl\. \d\d\.\d\d\.", first)
    assert rest == [
        "Ret fejlene herunder i projektmappen og gem den. Så bygger assembler rapporterne igen og fjerner denne fil.",
        "Rapporter, der allerede ligger i mappen, er bygget fra en tidligere udgave af projektmappen.",
        "",
        problem,
    ]

    barrier(service, inputs, staging)  # the service goes on
    save_like_excel(staged(staging, "rettet.xlsx"), inputs / "solbakken.xlsx")
    service.wait_for("solbakken.xlsx: skrev")
    assert not fejl.exists()
    assert (out / "solbakken" / ETAARSSTATUS).exists()


def test_plan_folder_is_built_when_one_of_its_workbooks_changes(
    start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    sheets = plan_sheets()
    economy = {name: sheets.pop(name) for name in ("Budget", "Finansiering")}
    service = start_watch()
    # Written before the folder appears: writing a workbook can take longer than the quiet period.
    workbooks = staged(staging, "fremdrift.xlsx", sheets), staged(staging, "budget.xlsx", economy)
    (inputs / "nordby").mkdir()
    for workbook in workbooks:
        shutil.copy(workbook, inputs / "nordby" / workbook.name)
    service.wait_for("nordby: skrev")
    sheets["Stamdata"] = with_projektleder("Ida Lund")["Stamdata"]
    save_like_excel(staged(staging, "ny-fremdrift.xlsx", sheets), inputs / "nordby" / "fremdrift.xlsx")
    service.wait_for("nordby: skrev", count=2)
    barrier(service, inputs, staging)
    assert built_by(service, "nordby") == [f"nordby: skrev {REPORTS} i {out / 'nordby'}"] * 2
    assert "Ida Lund" in dump(out / "nordby" / ETAARSSTATUS)


def test_start_builds_only_plans_changed_since_their_reports_were_written(
    cli: Callable[..., Result], start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    for name in ("a-uaendret", "b-aendret"):
        shutil.copy(staged(staging, f"{name}.xlsx"), inputs / f"{name}.xlsx")
    assert cli("build", inputs, "--out", out).exit_code == 0
    shutil.copy(staged(staging, "ny.xlsx", with_projektleder("Ida Lund")), inputs / "b-aendret.xlsx")
    shutil.copy(staged(staging, "c-ny.xlsx"), inputs / "c-ny.xlsx")
    service = start_watch()
    service.wait_for("c-ny.xlsx:")
    barrier(service, inputs, staging)
    assert [line.split(":")[0] for line in service.lines()[1:]] == ["b-aendret.xlsx", "c-ny.xlsx", "zz-barriere.xlsx"]


def test_edited_report_is_updated_in_place_when_the_watcher_builds(
    start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    shutil.copy(staged(staging, "solbakken.xlsx"), inputs / "solbakken.xlsx")
    service = start_watch()
    service.wait_for("solbakken.xlsx: skrev")
    report = out / "solbakken" / ETAARSSTATUS
    document = Document(str(report))
    document.add_paragraph("Skrevet i Word.")
    document.save(str(report))
    edited = report.read_bytes()
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    save_like_excel(staged(staging, "ny.xlsx", sheets), inputs / "solbakken.xlsx")
    line = service.wait_for("solbakken.xlsx: skrev", count=2)[1]
    written = [n for n in factory_reports() if n != ETAARSSTATUS]
    assert line == (
        f"solbakken.xlsx: skrev {', '.join(written)} i {out / 'solbakken'}; "
        f"opdaterede {ETAARSSTATUS} (1 felt ændret, jeres tekst bevaret)"
    )
    text = dump(report)
    assert "Statusdato: 14. december 2018" in text and "Skrevet i Word." in text
    assert len(list((out / "solbakken" / "Tidligere versioner").iterdir())) == 1
    assert (out / "solbakken" / "Tidligere versioner").iterdir().__next__().read_bytes() == edited


def test_a_report_open_in_word_is_updated_once_it_is_closed(
    start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    shutil.copy(staged(staging, "solbakken.xlsx"), inputs / "solbakken.xlsx")
    service = start_watch("--poll")
    service.wait_for("solbakken.xlsx: skrev")
    report = out / "solbakken" / ETAARSSTATUS
    document = Document(str(report))
    document.add_paragraph("Skrevet i Word.")
    document.save(str(report))
    owner = report.with_name(f"~${report.name[2:]}")  # Word's owner file: the name's first two letters replaced
    owner.write_bytes(b"\x0aHanne Berg" + b" " * 150)
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Statusdato", "14.12.2018")
    save_like_excel(staged(staging, "ny.xlsx", sheets), inputs / "solbakken.xlsx")
    line = service.wait_for("solbakken.xlsx: skrev", count=2)[1]
    assert line.endswith(
        f"; opdaterede ikke {ETAARSSTATUS} (den er åben i Word hos Hanne Berg; når den er lukket, opdaterer "
        "assembler watch den, eller I bygger igen)"
    )
    assert "Statusdato: 14. december 2018" not in dump(report)
    owner.unlink()  # Word closed it
    line = service.wait_for("solbakken.xlsx: opdaterede", count=1)[0]
    folder, others = out / "solbakken", ", ".join(n for n in factory_reports() if n != ETAARSSTATUS)
    assert line == (
        f"solbakken.xlsx: opdaterede {ETAARSSTATUS} (1 felt ændret, jeres tekst bevaret) i {folder}; "
        f"ingen ændringer i {others}"
    )
    assert "Statusdato: 14. december 2018" in dump(report) and "Skrevet i Word." in dump(report)


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_watcher_with_exit_0(start_watch: Callable[..., Service], number: int) -> None:
    service = start_watch()
    assert service.stop(number) == 0
    assert service.lines()[-1] == "Stoppet."
    assert service.stderr_text().splitlines()[-1].endswith(" Stoppet.")


def test_sigterm_during_builds_finishes_the_build_in_progress(
    start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    workbook = staged(staging, "plan.xlsx")
    for number in range(20):
        shutil.copy(workbook, inputs / f"plan{number:02}.xlsx")
    service = start_watch()
    service.wait_for("plan00.xlsx: skrev")
    assert service.stop() == 0
    built = [line for line in service.lines() if ": skrev " in line]
    assert 1 <= len(built) < 20
    assert service.lines()[-1] == "Stoppet."
    for folder in out.iterdir():  # every plan started was finished: all its reports, no temporary file
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [".assembler-copies", ".assembler-state.json", ".assembler.lock", *factory_reports()]
        )
    assert len(list(out.iterdir())) == len(built)


def test_second_watcher_on_the_same_folder_refuses(start_watch: Callable[..., Service], inputs: Path) -> None:
    first = start_watch()
    second = subprocess.run(
        [sys.executable, "-m", "assembler", "watch", str(inputs), "--out", str(inputs.parent / "andre")],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert second.returncode == 1
    assert second.stderr == (
        f"Fejl: {inputs} overvåges allerede af en anden assembler watch "
        f"(låsefilen {inputs / '.assembler-watch.lock'} er i brug). "
        "Stop den anden først; der må kun være én pr. mappe.\n"
    )
    assert first.process.poll() is None
    assert first.stop() == 0


def test_watch_needs_an_existing_folder(cli: Callable[..., Result], tmp_path: Path) -> None:
    workbook = write_workbook(tmp_path / "solbakken.xlsx", plan_sheets())
    not_a_folder = cli("watch", workbook)
    assert not_a_folder.exit_code == 2
    assert (
        f"'{workbook}' er ikke en mappe. assembler watch overvåger en mappe med projektmapper." in not_a_folder.stderr
    )
    assert cli("watch", tmp_path / "findes-ikke").exit_code == 2


def test_log_line_of_a_build_with_a_warning(tmp_path: Path) -> None:
    workbook = tmp_path / "inputs" / "solbakken.xlsx"
    source = PlanSource("solbakken", workbook, (workbook,), workbook.parent)
    warning = Problem(Location("solbakken.xlsx", "Fremdrift", cell="H3"), "kontroltegn er fjernet", warning=True)
    folder = tmp_path / "outputs" / "solbakken"
    result = PlanResult(source, [warning], [Written(folder / ETAARSSTATUS)])
    assert describe_result(result, folder) == (
        f"solbakken.xlsx: skrev {ETAARSSTATUS} i {folder} | "
        "solbakken.xlsx › Fremdrift!H3 (advarsel): kontroltegn er fjernet"
    )


def test_broken_template_gets_fejl_txt_and_the_service_goes_on(
    start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "skabeloner"
    templates.mkdir()
    template_name = report_spec("etaarsstatus").template
    template = Document(str(default_template_dir() / template_name))
    template.add_paragraph("{{ plan.findes_ikke }}")
    template.save(str(templates / template_name))
    service = start_watch("--templates", str(templates))
    shutil.copy(staged(staging, "solbakken.xlsx"), inputs / "solbakken.xlsx")
    line = service.wait_for("solbakken.xlsx:")[0]
    assert line.startswith(f"solbakken.xlsx: ikke bygget, 1 fejl (se {out / 'solbakken' / 'FEJL.txt'}): ")
    assert template_name in line and "findes_ikke" in line
    assert template_name in (out / "solbakken" / "FEJL.txt").read_text("utf-8")
    assert service.process.poll() is None


def test_errors_survive_the_trip_from_a_worker_process() -> None:
    import pickle

    from assembler.errors import InputError, TemplateError

    problem = Problem(Location("a.xlsx", "Budget", cell="D7"), "forventede et beløb")
    assert pickle.loads(pickle.dumps(InputError([problem]))).problems == [problem]
    assert pickle.loads(pickle.dumps(TemplateError(["a.docx: fejl", "b.docx: fejl"]))).issues == [
        "a.docx: fejl",
        "b.docx: fejl",
    ]


def test_odd_names_links_and_empty_files_never_stop_the_watcher(
    start_watch: Callable[..., Service], mode: list[str], inputs: Path, out: Path, staging: Path, tmp_path: Path
) -> None:
    latin1 = os.fsdecode(b"K\xf8ge.xlsx")  # »Køge.xlsx« from an old Windows share
    shutil.copy(staged(staging, "koege.xlsx"), inputs / latin1)
    (inputs / "sol\x1b[2Jbakken.xlsx").write_bytes(b"")
    (inputs / "flyttet.xlsx").symlink_to(tmp_path / "væk.xlsx")
    service = start_watch(*mode)
    empty = "filen er tom (0 byte). Hvis den er ved at blive kopieret, så prøv igen, når kopieringen er færdig."
    link = f"filen er en genvej (symbolsk link) til {tmp_path / 'væk.xlsx'}, som ikke findes."
    link += " Læg selve projektmappen i mappen, eller ret genvejen."
    assert service.wait_for("K\\xf8ge.xlsx:") == [f"K\\xf8ge.xlsx: skrev {REPORTS} i {out / 'Køge'}"]
    fejl = out / "sol-[2Jbakken" / "FEJL.txt"
    assert service.wait_for("sol\\x1b") == [
        f"sol\\x1b[2Jbakken.xlsx: ikke bygget, 1 fejl (se {fejl}): sol\\x1b[2Jbakken.xlsx: {empty}"
    ]
    fejl = out / "flyttet" / "FEJL.txt"
    assert service.wait_for("flyttet.xlsx:") == [f"flyttet.xlsx: ikke bygget, 1 fejl (se {fejl}): flyttet.xlsx: {link}"]
    # One arriving while it runs is built too, and the service goes on.
    shutil.copy(staged(staging, "naestved.xlsx"), inputs / os.fsdecode(b"N\xe6stved.xlsx"))
    assert service.wait_for("N\\xe6stved.xlsx:") == [f"N\\xe6stved.xlsx: skrev {REPORTS} i {out / 'Næstved'}"]
    barrier(service, inputs, staging)
    assert service.process.poll() is None


def test_the_inputs_folder_gone_stops_the_watcher_with_a_message(
    start_watch: Callable[..., Service], inputs: Path
) -> None:
    service = start_watch("--poll")
    shutil.rmtree(inputs)
    gone = f"{inputs} findes ikke længere; assembler watch stopper."
    assert service.wait_for(gone) == [gone]
    assert service.process.wait(timeout=TIMEOUT) == 1
    assert service.stderr_text().splitlines()[-1] == f"Fejl: {gone}"


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs root and setpriv")
def test_files_and_folders_without_access_never_stop_the_watcher(mode: list[str]) -> None:
    shared = Path(tempfile.mkdtemp(prefix="assembler-nobody-"))  # pytest's folders are closed to other users
    try:
        inputs, out = shared / "inputs", shared / "outputs"
        for name in ("hemmelig/plan.xlsx", "laast.xlsx"):
            write_workbook(inputs / name, plan_sheets())
        for path in [shared, *shared.rglob("*")]:
            os.chown(path, 65534, 65534)
        shared.chmod(0o755)
        (inputs / "hemmelig").chmod(0)
        (inputs / "laast.xlsx").chmod(0)
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-m", "assembler"]
        command += ["watch", "inputs", "--out", "outputs", "--quiet-period", "0.3", "--poll-interval", "0.1"]
        with (shared / "stderr").open("wb") as errors:
            process = subprocess.Popen([*command, "--log", "watch.log", *mode], cwd=shared, stderr=errors)
        service = Service(process, shared / "watch.log", shared / "stderr")
        no_read = "der er ikke læseadgang til den. Ret adgangen (eller flyt"
        hemmelig = service.wait_for("hemmelig:")
        assert hemmelig == [
            f"hemmelig: ikke bygget, 1 fejl (se outputs/hemmelig/FEJL.txt): hemmelig: mappen kan ikke læses: "
            f"{no_read} mappen), og prøv igen."
        ]
        assert service.wait_for("laast.xlsx:") == [
            f"laast.xlsx: ikke bygget, 1 fejl (se outputs/laast/FEJL.txt): laast.xlsx: filen kan ikke læses: "
            f"{no_read} filen), og prøv igen."
        ]
        write_workbook(shared / "solbakken.xlsx", plan_sheets())
        os.chown(shared / "solbakken.xlsx", 65534, 65534)
        os.replace(shared / "solbakken.xlsx", inputs / "solbakken.xlsx")
        assert service.wait_for("solbakken.xlsx:") == [f"solbakken.xlsx: skrev {REPORTS} i outputs/solbakken"]
        assert (out / "solbakken" / ETAARSSTATUS).exists()
        assert service.stop() == 0
    finally:
        for path in (shared / "inputs" / "hemmelig", shared / "inputs" / "laast.xlsx"):
            path.chmod(0o755)
        shutil.rmtree(shared)


def wait_until(condition: Callable[[], bool], service: Service) -> None:
    """Wait until a condition holds (at most TIMEOUT)."""
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited in vain; log: {service.lines()}; stderr: {service.stderr_text()}")
        time.sleep(0.05)


def test_one_result_changed_rewrites_only_the_reports_that_show_it(
    start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    sheets = plan_sheets()
    shutil.copy(staged(staging, "solbakken.xlsx", sheets), inputs / "solbakken.xlsx")
    service = start_watch()
    service.wait_for("solbakken.xlsx: skrev")
    folder = out / "solbakken"
    before = {name: (folder / name).read_bytes() for name in factory_reports()}
    sheets["Fremdrift"][1][column_of(sheets, "Fremdrift", f"Resultat {STATUS_YEAR}")] = 9
    save_like_excel(staged(staging, "ny.xlsx", sheets), inputs / "solbakken.xlsx")
    line = service.wait_for("solbakken.xlsx:", count=2)[1]
    changed = [name for name in factory_reports() if (folder / name).read_bytes() != before[name]]
    unchanged = [name for name in factory_reports() if name not in changed]
    assert changed and unchanged
    assert line == f"solbakken.xlsx: skrev {', '.join(changed)} i {folder}; ingen ændringer i {', '.join(unchanged)}"


def test_a_removed_broken_workbook_takes_only_its_own_fejl_txt_along(
    start_watch: Callable[..., Service], mode: list[str], inputs: Path, out: Path, staging: Path
) -> None:
    shutil.copy(staged(staging, "solbakken.xlsx"), inputs / "solbakken.xlsx")
    service = start_watch(*mode)
    service.wait_for("solbakken.xlsx: skrev")
    persons = out / "noter" / "FEJL.txt"  # a FEJL.txt a person wrote, in a folder no plan builds
    persons.parent.mkdir()
    persons.write_text("Husk at tjekke regnskabet.\n", "utf-8")
    save_like_excel(staged(staging, "daarlig.xlsx", broken()), inputs / "solbakken.xlsx")
    service.wait_for("solbakken.xlsx: ikke bygget")
    fejl = out / "solbakken" / "FEJL.txt"
    assert fejl.exists()
    (inputs / "solbakken.xlsx").unlink()
    removed = time.monotonic()
    wait_until(lambda: not fejl.exists(), service)
    # Gone after the quiet period and a poll (0.3 + 0.1 seconds here), not at the rescan a minute later;
    # the margin is for a busy machine, not a measure of speed.
    assert time.monotonic() - removed < 0.4 + RESCAN_SECONDS / 6
    assert service.wait_for(f"Fjernede {fejl}") == [f"Fjernede {fejl}: helhedsplanen ligger ikke længere i {inputs}."]
    assert sorted(p.name for p in (out / "solbakken").glob("*.docx")) == sorted(factory_reports())
    assert persons.read_text("utf-8") == "Husk at tjekke regnskabet.\n"


def test_a_fejl_txt_whose_workbook_went_while_the_watcher_was_stopped_goes_at_its_start(
    cli: Callable[..., Result], start_watch: Callable[..., Service], inputs: Path, out: Path, staging: Path
) -> None:
    shutil.copy(staged(staging, "daarlig.xlsx", broken()), inputs / "solbakken.xlsx")
    service = start_watch()
    service.wait_for("solbakken.xlsx: ikke bygget")
    assert service.stop() == 0
    fejl = out / "solbakken" / "FEJL.txt"
    assert cli("build", inputs, "--out", out).exit_code == 1  # still broken: its FEJL.txt stays
    assert fejl.exists()
    (inputs / "solbakken.xlsx").unlink()
    service = start_watch()
    wait_until(lambda: not fejl.exists(), service)
