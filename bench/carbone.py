"""Carbone, the peer assembler is measured against: installed from npm into a cache folder, run by node.

The bench installs Carbone itself the first time (`npm install carbone@3.8.2` into
~/.cache/assembler-bench/, or $ASSEMBLER_BENCH_CACHE); nothing of it is in the repository.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

CARBONE = "carbone@3.8.2"
SCRIPT = Path(__file__).resolve().parent / "carbone_render.js"


def cache_folder() -> Path:
    """Return the folder Carbone is installed into (outside the repository)."""
    configured = os.environ.get("ASSEMBLER_BENCH_CACHE")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "assembler-bench" / CARBONE.replace("@", "-")


def install_carbone() -> Path:
    """Install Carbone from the npm registry unless it is in the cache already; return its node_modules."""
    folder = cache_folder()
    modules = folder / "node_modules"
    if (modules / "carbone" / "package.json").is_file():
        return modules
    if shutil.which("node") is None or shutil.which("npm") is None:
        sys.exit("make bench needs node and npm to measure Carbone beside assembler")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"Installing {CARBONE} from npm into {folder} …", flush=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(folder), CARBONE, "--no-audit", "--no-fund", "--no-package-lock"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return modules


def node_environment(modules: Path) -> dict[str, str]:
    """Return the environment that lets node find Carbone."""
    return {**os.environ, "NODE_PATH": str(modules)}


def once_command(context: Path, out: Path, templates: Sequence[Path]) -> list[str]:
    """Return the command of a node process that loads Carbone and renders the templates into out."""
    return ["node", str(SCRIPT), "once", str(context), str(out), *map(str, templates)]


class CarboneServer:
    """A node process with Carbone loaded that renders on request and answers with the time it took."""

    def __init__(self, modules: Path) -> None:
        self.process = subprocess.Popen(
            ["node", str(SCRIPT), "serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=node_environment(modules),
        )

    def render(self, context: Path, templates: Sequence[Path], out: Path | None, read: bool) -> float:
        """Render the templates with the context (read from its file again when `read`); return seconds."""
        request = {"context": str(context), "templates": [str(t) for t in templates], "out": out and str(out)}
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({**request, "read": read}) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            sys.exit("Carbone's node process stopped; see its message above")
        return float(json.loads(answer)["ms"]) / 1000

    def close(self) -> None:
        """End the node process."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
