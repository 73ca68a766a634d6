"""The bench's results as tables, and the ceilings of issue 18: `make bench` fails only above one of them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import Run, median

SIZES = ("normal", "10x")
# The price issue 18 accepts for public APIs: a plan in-process at most these times Carbone's (normal, 10×),
# `assembler build` of one plan at most these seconds over the measured import floor, 100 plans with --jobs 2.
PLAN_CEILINGS = (1.5, 2.0)
PROCESS_CEILINGS_S = (0.30, 0.45)
BATCH_CEILING = (100, 8.0)


@dataclass
class Summary:
    """The medians, ratios and ceilings kept, as data and as the text of the tables."""

    results: dict[str, Any] = field(default_factory=dict)
    met: dict[str, bool] = field(default_factory=dict)
    text: str = ""

    @property
    def all_met(self) -> bool:
        """True when no ceiling is exceeded."""
        return all(self.met.values())


def pair(values: list[float], unit: str, scale: float = 1.0, digits: int = 0) -> str:
    """Return 'normal / 10×' values, e.g. '125 / 266 ms'."""
    return " / ".join(f"{v * scale:.{digits}f}" for v in values) + ("×" if unit == "×" else f" {unit}")


def verdict(met: bool) -> str:
    """Return 'kept' or 'EXCEEDED'."""
    return "kept" if met else "**EXCEEDED**"


def summarize(runs: dict[str, list[Run]], counts: list[int], record: dict[str, Any]) -> Summary:
    """Return the medians, the ratios, whether each ceiling is kept, and the tables."""
    m = {name: median(measured) for name, measured in runs.items()}
    s = Summary()
    render = [m[f"render_ours_{z}"] / m[f"render_carbone_{z}"] for z in SIZES]
    plan = [m[f"plan_ours_{z}"] / m[f"plan_carbone_{z}"] for z in SIZES]
    over_floor = [m[f"process_ours_{z}"] - m["process_libraries"] for z in SIZES]
    speedup = {n: m[f"batch{n}_jobs1"] / m[f"batch{n}_jobs2"] for n in counts}
    rss = max(r.peak_mb for r in runs["process_ours_10x"])
    rss_carbone = max(r.peak_mb for r in runs["process_carbone_10x"])
    s.results = {"medians_s": m, "ratios": {"render": render, "plan": plan}, "process_over_floor_s": over_floor}
    s.results |= {"speedup": speedup, "peak_rss_mb_10x": {"assembler": rss, "carbone": rss_carbone}}
    plans, seconds = BATCH_CEILING
    s.met = {
        "plan": all(r <= c for r, c in zip(plan, PLAN_CEILINGS, strict=True)),
        "process": all(o <= c for o, c in zip(over_floor, PROCESS_CEILINGS_S, strict=True)),
        "batch": plans not in counts or m[f"batch{plans}_jobs2"] <= seconds,
    }
    s.text = "\n\n".join([main_table(m, s, counts), floor_table(m), footnote(record)])
    return s


def main_table(m: dict[str, float], s: Summary, counts: list[int]) -> str:
    """Return the table of assembler against Carbone and the ceilings."""
    r = s.results["ratios"]
    plans, seconds = BATCH_CEILING
    rows = [
        "| Measurement (normal / 10× rows) | assembler | Carbone | Ratio | Ceiling |",
        "| --- | --- | --- | --- | --- |",
        f"| 4 documents from a ready context, in-process | {pair(each(m, 'render_ours'), 'ms', 1000)} | "
        f"{pair(each(m, 'render_carbone'), 'ms', 1000)} | {pair(r['render'], '×', digits=2)} | |",
        f"| One plan from workbook to files on disk, in-process | {pair(each(m, 'plan_ours'), 'ms', 1000)} | "
        f"{pair(each(m, 'plan_carbone'), 'ms', 1000)} | {pair(r['plan'], '×', digits=2)} | "
        f"at most {pair(list(PLAN_CEILINGS), '×', digits=1)}: {verdict(s.met['plan'])} |",
        f"| `assembler build` of one plan, a process | {pair(each(m, 'process_ours'), 's', digits=2)} | "
        f"{pair(each(m, 'process_carbone'), 's', digits=2)} | | |",
        f"| … over the import floor ({m['process_libraries']:.2f} s: Python importing the libraries it uses) | "
        f"+{pair(s.results['process_over_floor_s'], 's', digits=2)} | | | "
        f"at most +{pair(list(PROCESS_CEILINGS_S), 's', digits=2)}: {verdict(s.met['process'])} |",
    ]
    for n in counts:
        ceiling = f"at most {seconds:.0f} s: {verdict(s.met['batch'])}" if n == plans else ""
        rows.append(
            f"| {n} plans, `--jobs 2` (`--jobs 1`) | {m[f'batch{n}_jobs2']:.1f} s ({m[f'batch{n}_jobs1']:.1f} s) | | "
            f"{s.results['speedup'][n]:.2f}× as fast | {ceiling} |"
        )
    rss = s.results["peak_rss_mb_10x"]
    rows += [
        f"| The machine meanwhile: 2 CPU-bound processes at once | | | {2 * m['spin_1'] / m['spin_2']:.2f}× | |",
        f"| Peak memory (RSS), 10× plan | {rss['assembler']:.0f} MB | {rss['carbone']:.0f} MB | | |",
        f"| `assembler --help` | {m['help']:.3f} s | | | |",
    ]
    return "\n".join(rows)


def each(m: dict[str, float], key: str) -> list[float]:
    """Return a measurement's medians at each size."""
    return [m[f"{key}_{z}"] for z in SIZES]


def floor_table(m: dict[str, float]) -> str:
    """Return the table of one plan in-process: assembler, Carbone and the floors."""
    sides = [
        ("assembler: workbook → files, with every check", "plan_ours"),
        ("Carbone: JSON context → files", "plan_carbone"),
        ("Library floor with openpyxl (read, docxtpl as it comes, save)", "plan_floor_openpyxl"),
        ("Library floor with python-calamine", "plan_floor_calamine"),
        ("Physical floor (read the workbook's bytes, write the four files' bytes)", "plan_physical"),
    ]
    rows = ["| One plan in-process (normal / 10×) | Time | assembler against it |", "| --- | --- | --- |"]
    for label, key in sides:
        times = each(m, key)
        ratios = [m[f"plan_ours_{z}"] / t for z, t in zip(SIZES, times, strict=True)]
        rows.append(f"| {label} | {pair(times, 'ms', 1000, 1)} | {pair(ratios, '×', digits=2)} |")
    return "\n".join(rows)


def footnote(record: dict[str, Any]) -> str:
    """Return the line saying where and when it was measured, and how alike Carbone's documents are."""
    where = record["machine"]
    alike = "; ".join(
        f"{size}: " + ", ".join(f"{key} {value:.2f}" for key, value in documents.items())
        for size, documents in record["content_match"].items()
    )
    load = ", ".join(f"{x:.2f}" for x in where["load_average"])
    after = ", ".join(f"{x:.2f}" for x in where["load_average_after"])
    return (
        f"Measured {record['taken']} on {where['cpu']}, {where['cores']} cores, Python {where['python']}, "
        f"node {where['node']}; load average (1, 5, 15 min) {load} before and {after} after; "
        f"medians of {record['rounds']['in_process_and_process']} rounds "
        f"({record['rounds']['batch']} for `--jobs`). Carbone's documents' text against assembler's (1 = the same): "
        f"{alike}."
    )


def write_results(folder: Path, summary: Summary, record: dict[str, Any]) -> None:
    """Write the tables to latest.md and every run with the summary to latest.json."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latest.md").write_text(summary.text + "\n", "utf-8")
    data = {**record, "results": summary.results, "met": summary.met}
    (folder / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
