"""Run assembler as `python -m assembler`."""

from assembler.cli import run

run()
