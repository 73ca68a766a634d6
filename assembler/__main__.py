"""Run assembler as `python -m assembler`."""

from assembler.app.cli import run

run()
