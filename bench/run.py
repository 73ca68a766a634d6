"""The benchmark: assembler beside Carbone, beside the libraries' own floor and the physical floor.

Run from the repository with `make bench`. It installs Carbone from npm into a cache folder (see
bench/carbone.py), writes its own plans (the example, and one with 10× the rows), and measures in
one run, every measurement taken in turn round after round, medians counted:
- in-process: 4 documents from a ready context; a plan from its workbook to files on disk, against
  Carbone in a node process (timed there), the library floor (openpyxl or python-calamine, docxtpl
  as it comes) and the physical floor;
- per process: `assembler build` of one plan against the import floor (Python importing the
  libraries such a build uses) and a node process loading Carbone and rendering the four documents,
  with peak memory;
- `--jobs 1` against `--jobs 2` for 10 and 100 plans, and `assembler --help`.
It prints the table with the machine's load and writes bench/results/latest.md and latest.json.
It runs to the end; the exit code is 1 only when a ceiling of issue 18 is exceeded (bench/table.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from assembler.pipeline import build_plan
from assembler.render.environment import charts_drawn_once
from assembler.render.verify import render_checked
from bench.carbone import CarboneServer, install_carbone, node_environment, once_command
from bench.floor import physical_plan, raw_plan, read_calamine, read_openpyxl
from bench.measure import Measurement, Run, interleaved, machine, measure_process, timed
from bench.plans import BenchPlan, content_match, prepare
from bench.table import summarize, write_results

REPO = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "assembler"
ASSEMBLER = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "assembler"]
# A pure-Python loop of about a second, run in 1 and in 2 processes at once beside the batches: how
# much of a second core the machine gave at that moment (on a shared host, often less than all).
SPIN = "x = 0\nfor i in range(15_000_000): x += i"
SIZES = {"normal": 1, "10x": 10}
# Run in a child: build a plan, then name every module loaded from an installed library (not ours,
# not Python's own). Importing exactly these is the least a Python process building a plan does.
LIBRARIES = """
import json, sys
sys.argv = ["assembler", "build", sys.argv[1], "--out", sys.argv[2]]
from assembler.app.cli import run
try:
    run()
except SystemExit:
    pass
print(json.dumps(sorted(m for m, v in sys.modules.items() if "site-packages" in (getattr(v, "__file__", "") or ""))))
"""


def in_process(plan: BenchPlan, server: CarboneServer) -> dict[str, Measurement]:
    """Return the in-process measurements of one plan: assembler, Carbone, the floors."""
    size, templates = plan.size, list(plan.templates.values())

    def render_ours(out: Path) -> Run:
        def render() -> None:
            with charts_drawn_once():  # as a build renders a plan's reports
                for key, name in plan.names.items():
                    render_checked(plan.templates[key], plan.context, name)

        return timed(render)

    def build_ours(out: Path) -> Run:
        run = timed(lambda: build_plan(plan.source, out, templates=plan.templates))
        assert len(list((out / plan.source.name).glob("*.docx"))) == len(plan.names), "assembler wrote no reports"
        return run

    return {
        f"render_ours_{size}": render_ours,
        f"render_carbone_{size}": lambda out: Run(
            server.render(plan.context_json, plan.carbone_templates, None, False)
        ),
        f"plan_ours_{size}": build_ours,
        f"plan_carbone_{size}": lambda out: Run(server.render(plan.context_json, plan.carbone_templates, out, True)),
        f"plan_floor_openpyxl_{size}": lambda out: timed(
            lambda: raw_plan(plan.workbook, read_openpyxl, templates, plan.context_data, out)
        ),
        f"plan_floor_calamine_{size}": lambda out: timed(
            lambda: raw_plan(plan.workbook, read_calamine, templates, plan.context_data, out)
        ),
        f"plan_physical_{size}": lambda out: timed(lambda: physical_plan(plan.workbook, plan.documents, out)),
    }


def per_process(plan: BenchPlan, modules: Path, work: Path) -> dict[str, Measurement]:
    """Return the whole-process measurements of one plan: `assembler build` and node with Carbone."""
    environment = node_environment(modules)
    return {
        f"process_ours_{plan.size}": lambda out: measure_process(
            [*ASSEMBLER, "build", plan.workbook, "--out", out], work
        ),
        f"process_carbone_{plan.size}": lambda out: measure_process(
            once_command(plan.context_json, out, plan.carbone_templates), work, environment
        ),
    }


def library_modules(plan: BenchPlan, work: Path) -> list[str]:
    """Return the installed libraries' modules `assembler build` of the plan imports (its own and Python's not)."""
    out = work / "libraries"
    found = subprocess.run(
        [sys.executable, "-c", LIBRARIES, str(plan.workbook), str(out)], capture_output=True, text=True, check=True
    )
    shutil.rmtree(out, ignore_errors=True)
    modules: list[str] = json.loads(found.stdout.splitlines()[-1])
    return [m for m in modules if not m.startswith("assembler")]


def import_floor(modules: list[str], work: Path) -> Measurement:
    """Return the measurement of a Python process that only imports the given modules."""
    return process([sys.executable, "-c", f"import importlib\nfor m in {modules!r}: importlib.import_module(m)"], work)


def process(
    command: list[str | Path], work: Path, env: dict[str, str] | None = None, out_last: bool = False
) -> Measurement:
    """Return the measurement of a command run as a process (given the output folder last when `out_last`)."""

    def measurement(out: Path) -> Run:
        return measure_process([*command, out] if out_last else command, work, env)

    return measurement


def batches(plan: BenchPlan, counts: list[int], work: Path) -> dict[str, Measurement]:
    """Return `assembler build` of folders of 10 and 100 copies of a plan with --jobs 1 and 2, and the spin."""
    measurements: dict[str, Measurement] = {}
    for count in counts:
        folder = work / f"batch{count}"
        folder.mkdir()
        for number in range(count):
            shutil.copyfile(plan.workbook, folder / f"plan{number:03}.xlsx")
        for jobs in (1, 2):
            command: list[str | Path] = [*ASSEMBLER, "build", folder, "--jobs", str(jobs), "--out"]
            measurements[f"batch{count}_jobs{jobs}"] = process(command, work, out_last=True)
    for processes in (1, 2):
        start = f"subprocess.Popen([sys.executable, '-c', {SPIN!r}])"
        code = f"import subprocess, sys\nfor p in [{start} for _ in range({processes})]: p.wait()"
        measurements[f"spin_{processes}"] = process([sys.executable, "-c", code], work)
    return measurements


def content(plans: dict[str, BenchPlan], server: CarboneServer, work: Path) -> dict[str, dict[str, float]]:
    """Render each plan once with Carbone; return how alike its documents' text is to assembler's, per document."""
    matches = {}
    for size, plan in plans.items():
        out = work / f"carbone-{size}"
        server.render(plan.context_json, plan.carbone_templates, out, True)
        matches[size] = {
            key: content_match(plan.documents[name], (out / plan.templates[key].name).read_bytes())
            for key, name in plan.names.items()
        }
    return matches


def main() -> None:
    """Prepare, measure, print the table, write the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the in-process and per-process measurements")
    parser.add_argument("--batch-rounds", type=int, default=3, help="rounds of the --jobs measurements")
    parser.add_argument("--batches", default="10,100", help="numbers of plans for the --jobs measurements")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results", help="folder for the results")
    args = parser.parse_args()
    modules = install_carbone()
    before = machine()
    print(f"Measuring on {before['cpu']} ({before['cores']} cores), load {before['load_average']} …", flush=True)
    with tempfile.TemporaryDirectory(prefix="assembler-bench-") as temporary:
        work = Path(temporary)
        plans = {size: prepare(work, size, scale) for size, scale in SIZES.items()}
        # What the bench itself holds from here on (both plans, their contexts and documents) lives as
        # long as it does: the garbage collector leaves it alone, as `assembler` leaves its libraries
        # alone after importing them (app/program.py), so a collection costs a build what it would cost it.
        gc.freeze()
        server = CarboneServer(modules)
        try:
            matches = content(plans, server, work)
            measurements: dict[str, Measurement] = {}
            for plan in plans.values():
                measurements |= in_process(plan, server)
            runs = interleaved(args.rounds, measurements, work, warm=True)
        finally:
            server.close()
        processes: dict[str, Measurement] = {}
        for plan in plans.values():
            processes |= per_process(plan, modules, work)
        processes["help"] = lambda out: measure_process([*ASSEMBLER, "--help"], work)
        processes["process_libraries"] = import_floor(library_modules(plans["normal"], work), work)
        runs |= interleaved(args.rounds, processes, work, warm=True)
        counts = [int(n) for n in args.batches.split(",")]
        runs |= interleaved(args.batch_rounds, batches(plans["normal"], counts, work), work, warm=False)
    after = machine()
    record: dict[str, Any] = {
        "taken": datetime.now().isoformat(timespec="seconds"),
        "machine": {**before, "load_average_after": after["load_average"]},
        "rounds": {"in_process_and_process": args.rounds, "batch": args.batch_rounds},
        "content_match": matches,
        "runs": {name: [vars(r) for r in measured] for name, measured in runs.items()},
    }
    summary = summarize(runs, counts, record)
    print("\n" + summary.text)
    write_results(args.out, summary, record)
    print(f"\nWrote {args.out / 'latest.md'} and {args.out / 'latest.json'}")
    sys.exit(0 if summary.all_met else 1)


if __name__ == "__main__":
    main()
