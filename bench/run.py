"""The benchmark: assembler against the libraries' raw floor, the batch speed-up, a large plan, start-up.

Run from the repository with `make bench`. It writes its own plans (the example, and one with 10x
the rows on every list sheet, from tools/make_example.py) into a temporary folder, measures
everything as real processes in one run, prints a table and writes bench/results/latest.json.
Ratios are against baselines measured in the same run; the exit code is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from assembler.context import Chart, build_context
from assembler.contract.vocabulary import load_vocabulary
from assembler.documents import DOCUMENTS
from assembler.figures.compute import compute_figures
from assembler.pipeline import find_plans, load_plan
from assembler.render.templates import default_template_dir
from tools.make_example import write_example

REPO = Path(__file__).resolve().parent.parent
FLOOR = REPO / "bench" / "floor.py"
RESULTS = REPO / "bench" / "results"
ASSEMBLER = [sys.executable, "-m", "assembler"]
# A pure-Python loop of about a second, run in 1 and in 2 processes at once beside the batch: how
# much of a second core the machine gave at that moment (on a shared host, often less than all).
SPIN = "x = 0\nfor i in range(15_000_000): x += i"


@dataclasses.dataclass
class Run:
    """One process measured: wall time in seconds and peak resident memory in MB."""

    seconds: float
    peak_mb: float


def measure(command: Sequence[str | Path], cwd: Path) -> Run:
    """Run a command to its end; return its wall time and peak RSS (of the process itself)."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen([str(c) for c in command], cwd=cwd, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            output.seek(0)
            sys.exit(f"{' '.join(map(str, command))} failed:\n{output.read().decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss / 1024)


def interleaved(repeat: int, commands: dict[str, Any], cwd: Path) -> dict[str, list[Run]]:
    """Run each command `repeat` times, taking turns so that a busy spell on the machine hits all alike.

    Every run gets a fresh output folder (a first build, not a rebuild over earlier reports).
    """
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for number in range(repeat):
        for name, command_for in commands.items():
            out = cwd / f"out-{name}-{number}"
            runs[name].append(measure(command_for(out), cwd))
            shutil.rmtree(out, ignore_errors=True)
    return runs


def plain(value: Any) -> Any:
    """Return a context value as JSON data; charts (drawn by assembler's own code) become empty text."""
    if isinstance(value, Chart):
        return ""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def write_context(workbook: Path, target: Path) -> tuple[Path, list[Path]]:
    """Compute a plan's context with assembler (not timed) as JSON for the floor; return it and the templates used."""
    plan, _ = load_plan(find_plans(workbook)[0])
    vocabulary = load_vocabulary()
    context = build_context(plan, compute_figures(plan, vocabulary), vocabulary)
    target.write_text(json.dumps(plain(context), ensure_ascii=False), "utf-8")
    return target, [default_template_dir() / spec.template for spec in DOCUMENTS if spec.applies_to(plan)]


def copies(workbook: Path, folder: Path, count: int) -> list[Path]:
    """Copy a workbook `count` times into a new folder; return the copies."""
    folder.mkdir(parents=True)
    paths = [folder / f"plan{n:03}.xlsx" for n in range(count)]
    for path in paths:
        shutil.copyfile(workbook, path)
    return paths


def machine() -> dict[str, Any]:
    """Describe the machine: CPU, cores, Python, and the load average now."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        model = names[0] if names else model
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    """Measure, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=10, help="example-sized plans for the per-report time")
    parser.add_argument("--batch", type=int, default=100, help="plans in the --jobs batch")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (the fastest counts)")
    args = parser.parse_args()
    before = machine()
    with tempfile.TemporaryDirectory(prefix="assembler-bench-") as temporary:
        work = Path(temporary)
        example = write_example(work / "example.xlsx")
        large = write_example(work / "large.xlsx", scale=10)
        example_context, templates = write_context(example, work / "example.json")
        large_context, large_templates = write_context(large, work / "large.json")
        small = copies(example, work / "small", args.plans)
        big = copies(large, work / "big", 1)
        batch = copies(example, work / "batch", args.batch)

        def ours(inputs: Path, jobs: int = 1) -> Any:
            return lambda out: [*ASSEMBLER, "build", inputs, "--out", out, "--jobs", str(jobs)]

        def spin(processes: int) -> Any:
            start = f"subprocess.Popen([sys.executable, '-c', {SPIN!r}])"
            code = f"import subprocess, sys\nfor p in [{start} for _ in range({processes})]: p.wait()"
            return lambda out: [sys.executable, "-c", code]

        def floor(context: Path, templates: list[Path], workbooks: list[Path]) -> Any:
            return lambda out: [
                sys.executable,
                FLOOR,
                context,
                out,
                "--templates",
                *templates,
                "--workbooks",
                *workbooks,
            ]

        print(f"Measuring on {before['cpu']} ({before['cores']} cores), load {before['load_average']} …", flush=True)
        runs = interleaved(
            args.repeat,
            {
                "report_ours": ours(work / "small"),
                "report_floor": floor(example_context, templates, small),
                "large_ours": ours(work / "big"),
                "large_floor": floor(large_context, large_templates, big),
            },
            work,
        )
        runs |= interleaved(
            max(1, args.repeat - 1),
            {
                "batch_one": ours(work / "batch", 1),
                "batch_two": ours(work / "batch", 2),
                "spin_one": spin(1),
                "spin_two": spin(2),
            },
            work,
        )
        runs |= interleaved(10, {"help": lambda out: [*ASSEMBLER, "--help"]}, work)
    assert len(batch) == args.batch

    reports = args.plans * len(templates)
    fastest = {name: min(r.seconds for r in measured) for name, measured in runs.items()}
    results = {
        "per_report_ms": {
            "assembler": 1000 * fastest["report_ours"] / reports,
            "floor": 1000 * fastest["report_floor"] / reports,
            "ratio": fastest["report_ours"] / fastest["report_floor"],
            "target_max_ratio": 1.3,
            "plans": args.plans,
        },
        "batch": {
            "jobs_1_s": fastest["batch_one"],
            "jobs_2_s": fastest["batch_two"],
            "speedup": fastest["batch_one"] / fastest["batch_two"],
            "target_min_speedup": 1.7,
            "plans": args.batch,
            "machine_parallelism": 2 * fastest["spin_one"] / fastest["spin_two"],
        },
        "large_plan": {
            "assembler_s": fastest["large_ours"],
            "floor_s": fastest["large_floor"],
            "ratio": fastest["large_ours"] / fastest["large_floor"],
            "target_max_ratio": 1.5,
            "peak_rss_mb": max(r.peak_mb for r in runs["large_ours"]),
            "floor_peak_rss_mb": max(r.peak_mb for r in runs["large_floor"]),
            "target_max_rss_mb": 250,
        },
        "help_startup_s": {
            "fastest": fastest["help"],
            "median": statistics.median(r.seconds for r in runs["help"]),
            "target_max": 0.3,
        },
    }
    met = {
        "per_report": results["per_report_ms"]["ratio"] <= 1.3,
        "batch": results["batch"]["speedup"] >= 1.7,
        "large_time": results["large_plan"]["ratio"] < 1.5,
        "large_rss": results["large_plan"]["peak_rss_mb"] < 250,
        "help": results["help_startup_s"]["fastest"] < 0.3,
    }
    after = machine()
    record = {
        "taken": datetime.now().isoformat(timespec="seconds"),
        "machine": {**before, "load_average_after": after["load_average"]},
        "results": results,
        "met": met,
    }
    print_table(results, met, record["machine"])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(record, indent=2) + "\n", "utf-8")
    print(f"\nWrote {(RESULTS / 'latest.json').relative_to(REPO)}")
    sys.exit(0 if all(met.values()) else 1)


def print_table(results: dict[str, Any], met: dict[str, bool], where: dict[str, Any]) -> None:
    """Print the results as a table, one measurement a row, with its target and whether it was met."""
    r, b, large, startup = (results[k] for k in ("per_report_ms", "batch", "large_plan", "help_startup_s"))
    rows = [
        ("measurement", "assembler", "baseline", "ratio", "target", ""),
        (
            f"per report ({r['plans']} example plans, 1 job)",
            f"{r['assembler']:.0f} ms",
            f"floor {r['floor']:.0f} ms",
            f"{r['ratio']:.2f}x",
            "<= 1.3x",
            met["per_report"],
        ),
        (
            f"batch of {b['plans']} plans, --jobs 2",
            f"{b['jobs_2_s']:.1f} s",
            f"--jobs 1 {b['jobs_1_s']:.1f} s",
            f"{b['speedup']:.2f}x faster",
            ">= 1.7x",
            met["batch"],
        ),
        ("  the machine meanwhile: 2 CPU-bound processes", "", "", f"{b['machine_parallelism']:.2f}x", "", ""),
        (
            "large plan (10x rows), time",
            f"{large['assembler_s']:.2f} s",
            f"floor {large['floor_s']:.2f} s",
            f"{large['ratio']:.2f}x",
            "< 1.5x",
            met["large_time"],
        ),
        (
            "large plan, peak RSS",
            f"{large['peak_rss_mb']:.0f} MB",
            f"floor {large['floor_peak_rss_mb']:.0f} MB",
            "",
            "< 250 MB",
            met["large_rss"],
        ),
        ("assembler --help start-up", f"{startup['fastest']:.3f} s", "", "", "< 0.3 s", met["help"]),
    ]
    text = [[str(c) if not isinstance(c, bool) else ("met" if c else "MISSED") for c in row] for row in rows]
    widths = [max(len(row[i]) for row in text) for i in range(len(text[0]))]
    print()
    for row in text:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(
        f"\n{where['cpu']}, {where['cores']} cores, Python {where['python']}; "
        f"load average {where['load_average']} before, {where['load_average_after']} after"
    )


if __name__ == "__main__":
    main()
