"""The command line run as a program: the garbage collector rests while the libraries are imported."""

from __future__ import annotations

import gc
from typing import Any

import click

from assembler.app.clidanish import DanishCommand, DanishGroup


def run_program(main: click.Group) -> None:
    """Run a command line as a program; the garbage collector rests until the command has imported the pipeline.

    Measured: the collector went through the ~100,000 objects of the libraries again and again while
    they were imported (20–30 ms of a build), and once more at exit (0.12 s of a 0.8 s build). The
    operating system frees the memory at exit anyway, and files are closed explicitly.
    """
    gc.disable()
    try:
        main()
    finally:
        gc.freeze()


class ProgramCommand(DanishCommand):
    """A command that imports the pipeline, with its libraries, once its options are read (so not for --help)."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, after importing the pipeline while the garbage collector rests (see run_program)."""
        if not gc.isenabled():
            import assembler.pipeline  # noqa: F401  every command uses it

            gc.freeze()  # what the libraries made lives as long as the process: collections skip it
            gc.enable()
        return super().invoke(ctx)


class ProgramGroup(DanishGroup):
    """A group of ProgramCommands (and of groups of them)."""

    command_class = ProgramCommand
    group_class = type
