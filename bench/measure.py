"""Taking the measurements: processes with their peak memory, rounds taken in turn, the machine's load."""

from __future__ import annotations

import dataclasses
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any


@dataclasses.dataclass
class Run:
    """One measurement taken: wall time in seconds and, for a process, its peak resident memory in MB."""

    seconds: float
    peak_mb: float = 0.0


# Started from a small process: Linux counts the RSS a process had before exec in its peak, and a
# child forked from the bench itself (contexts and documents in memory) would start at the bench's.
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
open(sys.argv[1], "w").write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def measure_process(command: Sequence[str | Path], cwd: Path, env: Mapping[str, str] | None = None) -> Run:
    """Run a command to its end; return its wall time and peak RSS (of the process itself)."""
    with tempfile.TemporaryFile() as output, tempfile.NamedTemporaryFile("r") as result:
        launcher = [sys.executable, "-S", "-c", LAUNCHER, result.name]
        subprocess.run([*launcher, *map(str, command)], cwd=cwd, stdout=output, stderr=output, env=env, check=False)
        seconds, peak_kb, code = result.read().split()
        if int(code) != 0:
            output.seek(0)
            sys.exit(f"{' '.join(map(str, command))} failed:\n{output.read().decode(errors='replace')}")
    return Run(float(seconds), int(peak_kb) / 1024)


def timed(action: Callable[[], Any]) -> Run:
    """Run an action in this process; return its wall time."""
    started = time.perf_counter()
    action()
    return Run(time.perf_counter() - started)


# A measurement: given a fresh output folder (deleted afterwards), take one run.
Measurement = Callable[[Path], Run]


def interleaved(rounds: int, measurements: Mapping[str, Measurement], work: Path, warm: bool) -> dict[str, list[Run]]:
    """Take every measurement once a round, in turn, so a busy spell on the machine hits all alike.

    With `warm`, one round first is not counted (caches filled, files in the page cache).
    """
    runs: dict[str, list[Run]] = {name: [] for name in measurements}
    for number in range(-1 if warm else 0, rounds):
        for name, measurement in measurements.items():
            out = work / "runs" / f"{name}-{number}"
            run = measurement(out)
            shutil.rmtree(out, ignore_errors=True)
            if number >= 0:
                runs[name].append(run)
    return runs


def median(runs: Sequence[Run]) -> float:
    """Return the median wall time of the runs, in seconds."""
    return statistics.median(r.seconds for r in runs)


def machine() -> dict[str, Any]:
    """Describe the machine: CPU, cores, Python, node, and the load average now."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if line.startswith("model name")
        ]
        model = names[0] if names else model
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "node": node,
        "system": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
