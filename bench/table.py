"""The bench's results as tables (Danish, as README's "Ydelse" shows them) and the goals of issue 14."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import Run, median

SIZES = ("normal", "10x")
GOALS = {"plan": 0.8, "process": 1.0, "jobs": 1.8, "rss_mb": 100.0, "help_s": 0.1}


@dataclass
class Summary:
    """The medians, ratios and goals met, as data and as the text of the tables."""

    results: dict[str, Any] = field(default_factory=dict)
    met: dict[str, bool] = field(default_factory=dict)
    text: str = ""

    @property
    def all_met(self) -> bool:
        """True when every goal is met."""
        return all(self.met.values())


def da(value: float, digits: int = 2) -> str:
    """Return a number in Danish form (decimal comma)."""
    return f"{value:.{digits}f}".replace(".", ",")


def pair(values: list[float], unit: str, scale: float = 1.0, digits: int = 0) -> str:
    """Return 'normal / 10×' values, e.g. '125 / 266 ms'."""
    return " / ".join(da(v * scale, digits) for v in values) + ("×" if unit == "×" else f" {unit}")


def summarize(runs: dict[str, list[Run]], counts: list[int], record: dict[str, Any]) -> Summary:
    """Return the medians, the ratios, whether each goal is met, and the tables."""
    m = {name: median(measured) for name, measured in runs.items()}
    s = Summary()
    render = [m[f"render_ours_{z}"] / m[f"render_carbone_{z}"] for z in SIZES]
    plan = [m[f"plan_ours_{z}"] / m[f"plan_carbone_{z}"] for z in SIZES]
    process = [m[f"process_ours_{z}"] / m[f"process_carbone_{z}"] for z in SIZES]
    speedup = {n: m[f"batch{n}_jobs1"] / m[f"batch{n}_jobs2"] for n in counts}
    rss = max(r.peak_mb for r in runs["process_ours_10x"])
    rss_carbone = max(r.peak_mb for r in runs["process_carbone_10x"])
    s.results = {"medians_s": m, "ratios": {"render": render, "plan": plan, "process": process}, "speedup": speedup}
    s.results |= {"peak_rss_mb_10x": {"assembler": rss, "carbone": rss_carbone}}
    s.met = {
        "plan": max(plan) <= GOALS["plan"],
        "process": max(process) <= GOALS["process"],
        "jobs": min(speedup.values()) >= GOALS["jobs"],
        "rss": rss < GOALS["rss_mb"],
        "help": m["help"] < GOALS["help_s"],
    }
    s.text = "\n\n".join([main_table(m, s, counts), floor_table(m), footnote(record, m)])
    return s


def verdict(met: bool) -> str:
    """Return 'nået' or 'IKKE nået'."""
    return "nået" if met else "**IKKE nået**"


def main_table(m: dict[str, float], s: Summary, counts: list[int]) -> str:
    """Return the table of assembler against Carbone and the goals."""
    r = s.results["ratios"]
    ms = [(f"render_ours_{z}", f"render_carbone_{z}") for z in SIZES]
    rows = [
        "| Måling (normal / 10× rækker) | assembler | Carbone | Forhold | Mål |",
        "| --- | --- | --- | --- | --- |",
        f"| 4 dokumenter fra en færdig kontekst, i processen | {pair([m[a] for a, _ in ms], 'ms', 1000)} | "
        f"{pair([m[b] for _, b in ms], 'ms', 1000)} | {pair(r['render'], '×', digits=2)} | |",
        f"| En helhedsplan fra projektmappe til filer på disken, i processen | "
        f"{pair([m[f'plan_ours_{z}'] for z in SIZES], 'ms', 1000)} | "
        f"{pair([m[f'plan_carbone_{z}'] for z in SIZES], 'ms', 1000)} | {pair(r['plan'], '×', digits=2)} | "
        f"højst 0,8×: {verdict(s.met['plan'])} |",
        f"| `assembler build` af én helhedsplan mod en node-proces med Carbone | "
        f"{pair([m[f'process_ours_{z}'] for z in SIZES], 's', digits=2)} | "
        f"{pair([m[f'process_carbone_{z}'] for z in SIZES], 's', digits=2)} | {pair(r['process'], '×', digits=2)} | "
        f"højst 1,0×: {verdict(s.met['process'])} |",
    ]
    for n in counts:
        rows.append(
            f"| {n} helhedsplaner, `--jobs 2` mod `--jobs 1` | {da(m[f'batch{n}_jobs2'], 1)} s | "
            f"`--jobs 1`: {da(m[f'batch{n}_jobs1'], 1)} s | {da(s.results['speedup'][n])}× så hurtigt | "
            f"mindst 1,8×: {verdict(s.results['speedup'][n] >= 1.8)} |"
        )
    parallel = 2 * m["spin_1"] / m["spin_2"]
    rss = s.results["peak_rss_mb_10x"]
    rows += [
        f"| Maskinen imens: 2 regnetunge processer ad gangen | | | {da(parallel)}× | |",
        f"| Største hukommelsesforbrug (RSS), 10× helhedsplan | {da(rss['assembler'], 0)} MB | "
        f"{da(rss['carbone'], 0)} MB | | under 100 MB: {verdict(s.met['rss'])} |",
        f"| `assembler --help` | {da(m['help'], 3)} s | | | under 0,1 s: {verdict(s.met['help'])} |",
        f"| Gulv pr. proces: Python, der kun importerer de biblioteker, `assembler build` bruger | "
        f"{da(m['process_libraries'], 2)} s | | {da(m['process_libraries'] / m['process_carbone_normal'])}× "
        f"Carbone-processen (normal) | |",
    ]
    return "\n".join(rows)


def floor_table(m: dict[str, float]) -> str:
    """Return the table of one plan in-process: assembler, Carbone and the floors."""
    sides = [
        ("assembler: projektmappe → filer, med alle kontroller", "plan_ours"),
        ("Carbone: JSON-kontekst → filer", "plan_carbone"),
        ("Råt gulv med openpyxl (læs, docxtpl med oversættelse gemt, gem)", "plan_floor_openpyxl"),
        ("Råt gulv med python-calamine", "plan_floor_calamine"),
        ("Fysisk gulv (læs projektmappens bytes, skriv de fire filers bytes)", "plan_physical"),
    ]
    rows = ["| Én helhedsplan i processen (normal / 10×) | Tid | assembler i forhold til |", "| --- | --- | --- |"]
    for label, key in sides:
        times = [m[f"{key}_{z}"] for z in SIZES]
        ratios = [m[f"plan_ours_{z}"] / t for z, t in zip(SIZES, times, strict=True)]
        rows.append(f"| {label} | {pair(times, 'ms', 1000, 1)} | {pair(ratios, '×', digits=2)} |")
    return "\n".join(rows)


def footnote(record: dict[str, Any], m: dict[str, float]) -> str:
    """Return the line saying where and when it was measured, and how alike Carbone's documents are."""
    where = record["machine"]
    matches = record["content_match"]
    alike = "; ".join(
        f"{size}: " + ", ".join(f"{key} {da(value)}" for key, value in documents.items())
        for size, documents in matches.items()
    )
    load = ", ".join(da(x) for x in where["load_average"])
    after = ", ".join(da(x) for x in where["load_average_after"])
    return (
        f"Målt {record['taken']} på {where['cpu']}, {where['cores']} kerner, Python {where['python']}, "
        f"node {where['node']}; belastning (load average 1, 5, 15 min.) {load} før og {after} efter; "
        f"medianer over {record['rounds']['in_process_and_process']} runder "
        f"({record['rounds']['batch']} for `--jobs`). Carbones dokumenters tekst mod assemblers (1 = ens): {alike}."
    )


def write_results(folder: Path, summary: Summary, record: dict[str, Any]) -> None:
    """Write the tables to latest.md and every run with the summary to latest.json."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latest.md").write_text(summary.text + "\n", "utf-8")
    data = {**record, "results": summary.results, "met": summary.met}
    (folder / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
