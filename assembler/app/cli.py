"""The command line: thin click commands over the pipeline, with Danish messages and exit codes.

Exit codes: 0 when every plan was handled, 1 when a plan had problems (the others are still
built), 2 for usage errors. Heavy libraries are imported inside the commands, so `--help` is fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from assembler.app.clidanish import at_least
from assembler.app.console import (
    display_path,
    documents_written,
    exit_code,
    fail,
    progress_bar,
    removed_problem_file,
    report_problems,
    report_written,
    require_exists,
    run_safely,
    summarize,
)
from assembler.app.options import (
    FROM_LAST_YEAR,
    INPUTS,
    JOBS,
    OUT,
    REPORTS,
    TEMPLATE_TIMEOUT,
    TEMPLATES,
    TRACK_CHANGES,
    TRIAL_TIMEOUT,
)
from assembler.app.program import ProgramGroup, run_program

if TYPE_CHECKING:
    from assembler.app.config import TemplateFolder
    from assembler.pipeline import PlanResult

CONTEXT = {"help_option_names": ["-h", "--help"]}


def run() -> None:
    """Run the command line as a program (the `assembler` command and `python -m assembler`)."""
    run_program(main)


@click.group("assembler", cls=ProgramGroup, context_settings=CONTEXT)
@click.version_option(package_name="assembler", message="assembler %(version)s")
def main() -> None:
    """Byg de fire rapporter til Landsbyggefonden fra en boligsocial helhedsplans Excel-projektmapper.

    assembler bygger statusrapporten, der passer til planens år (etårsstatus, midtvejsstatus,
    årsstatus eller slutstatus), fremdriftsrapport, økonomioversigt og referat af årets møde med LBF
    som Word-dokumenter. Læg projektmapperne i inputs/ og kør `assembler build`; rapporterne kommer
    i outputs/.

    En tom projektmappe at udfylde får I med `assembler new-workbook inputs/plan.xlsx`.
    """


@main.command(short_help="Byg rapporterne for helhedsplanerne i INPUTS.")
@INPUTS
@OUT
@click.option(
    "--force", is_flag=True, help="Erstat også rapporter, som en person har redigeret, siden assembler skrev dem."
)
@REPORTS
@TEMPLATES
@JOBS
@TRACK_CHANGES
@FROM_LAST_YEAR
@TEMPLATE_TIMEOUT
def build(
    inputs: Path,
    out: Path,
    force: bool,
    reports: tuple[str, ...],
    templates: Path | None,
    jobs: int | None,
    track_changes: bool,
    from_last_year: bool,
    template_seconds: float | None,
) -> None:
    """Byg rapporterne for hver helhedsplan i INPUTS (standard: inputs/)."""
    import time

    from assembler import pipeline

    require_exists(inputs)
    started = time.perf_counter()
    folder = run_safely(lambda: template_folder(templates))

    def build_and_report() -> list[PlanResult]:
        # Templates are checked and workers start (fork) here, before the progress bar's drawing thread.
        batch = pipeline.build(
            inputs,
            out,
            force=force,
            reports=reports,
            template_folder=folder.path,
            jobs=jobs,
            track_changes=track_changes,
            template_seconds=template_seconds or pipeline.TEMPLATE_SECONDS,
            from_last_year=from_last_year,
        )
        for removed in batch.removed:
            click.echo(removed_problem_file(display_path(removed), display_path(inputs)))
        results = []
        with progress_bar(len(batch.plans), "Bygger") as one_more_done:
            for result in batch:
                report_written(result)
                report_problems(result)
                one_more_done()
                results.append(result)
        return results

    results = run_safely(build_and_report)
    summarize(results, "bygget")
    if results:
        click.echo(documents_written(results, time.perf_counter() - started))
    sys.exit(exit_code(results))


@main.command()
@INPUTS
def check(inputs: Path) -> None:
    """Kontrollér projektmapperne i INPUTS uden at skrive noget."""
    from assembler import pipeline

    require_exists(inputs)
    results = run_safely(lambda: pipeline.check(inputs))
    for result in results:
        if result.ok:
            click.echo(f"{result.source.location}: ingen fejl")
        report_problems(result)
    summarize(results, "uden fejl")
    sys.exit(exit_code(results))


@main.command(short_help="Overvåg INPUTS, og byg, hver gang en projektmappe gemmes.")
@INPUTS
@OUT
@click.option(
    "--poll",
    is_flag=True,
    help="Se selv efter ændringer med faste mellemrum. Brug den, når INPUTS ligger på et netværksdrev "
    "(SMB/NFS): de giver ikke styresystemet besked om ændringer.",
)
@click.option(
    "--poll-interval",
    callback=at_least(0.05),
    default="1",
    show_default=True,
    metavar="SEKUNDER",
    help="Hvor ofte --poll ser efter ændringer.",
)
@click.option(
    "--quiet-period",
    callback=at_least(0),
    default="2",
    show_default=True,
    metavar="SEKUNDER",
    help="En projektmappe læses først, når dens størrelse og ændringstid har stået stille så længe.",
)
@click.option(
    "--log",
    "log_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="FIL",
    help="Skriv også loggen i denne fil (nye linjer tilføjes til sidst).",
)
@TEMPLATES
@FROM_LAST_YEAR
@TEMPLATE_TIMEOUT
def watch(
    inputs: Path,
    out: Path,
    poll: bool,
    poll_interval: float,
    quiet_period: float,
    log_file: Path | None,
    templates: Path | None,
    from_last_year: bool,
    template_seconds: float | None,
) -> None:
    """Overvåg INPUTS, og byg en helhedsplans rapporter, hver gang dens projektmapper er gemt.

    Kører, til den stoppes med Ctrl+C (eller SIGTERM); en igangværende bygning gøres færdig først.
    Fejl i en projektmappe skrives i FEJL.txt i helhedsplanens mappe i outputs/ og i loggen.
    """
    from assembler import pipeline
    from assembler.app.service import serve
    from assembler.app.watch import WatchOptions

    require_exists(inputs)
    if not inputs.is_dir():
        raise click.UsageError(f"'{inputs}' er ikke en mappe. assembler watch overvåger en mappe med projektmapper.")
    folder = run_safely(lambda: template_folder(templates))
    options = WatchOptions(
        inputs,
        out,
        poll=poll,
        poll_seconds=poll_interval,
        quiet_seconds=quiet_period,
        templates=folder.path,
        template_seconds=template_seconds or pipeline.TEMPLATE_SECONDS,
        from_last_year=from_last_year,
    )
    run_safely(lambda: serve(options, log_file))


@main.command("new-workbook", short_help="Skriv en tom projektmappe, klar til at udfylde.")
@click.argument("path", type=click.Path(path_type=Path), metavar="FIL")
@click.option(
    "--bevillingsramme",
    default="2019-26",
    show_default=True,
    metavar="RAMME",
    help="Bevillingsrammen, hvis indsatsområder kommer i rullelisten (2011-14, 2015-18, 2019-26).",
)
@click.option(
    "--startaar", callback=at_least(2000, whole=True), metavar="ÅR", help="Periodens første år (standard: i år)."
)
@click.option("--helhedsplan", default="", metavar="NAVN", help="Helhedsplanens navn (skrives i Stamdata).")
@click.option(
    "--kommune", default="", metavar="NAVN", help="Kommunens navn, fx »Kildeby Kommune« (Stamdata og Finansiering)."
)
@click.option(
    "--boligorganisation",
    "boligorganisationer",
    multiple=True,
    metavar="NAVN",
    help="En boligorganisations navn (Stamdata og Finansiering). Gentag tilvalget for hver boligorganisation.",
)
@click.option("--force", is_flag=True, help="Overskriv filen, hvis den findes.")
def new_workbook(
    path: Path,
    bevillingsramme: str,
    startaar: int | None,
    helhedsplan: str,
    kommune: str,
    boligorganisationer: tuple[str, ...],
    force: bool,
) -> None:
    """Skriv en tom projektmappe med alle ark, overskrifter, rullelister, kontroller og hjælpetekster.

    Kender I navnene, kommer kommunen og boligorganisationerne med i Stamdata og som kilder i
    Finansiering, fx `assembler new-workbook inputs/plan.xlsx --kommune "Kildeby Kommune"
    --boligorganisation "Boligselskabet Engen"`.
    """
    from assembler.pipeline import KnownNames, write_blank_workbook

    if path.exists() and not force:
        fail(f"{path} findes allerede. Vælg et andet navn eller brug --force.")
    names = KnownNames(helhedsplan.strip(), kommune.strip(), tuple(n.strip() for n in boligorganisationer if n.strip()))
    run_safely(lambda: write_blank_workbook(path, bevillingsramme, startaar, names))
    click.echo(f"Skrev {display_path(path)}")


@main.group(short_help="Tilpas skabelonerne: eksportér, se felterne, kontrollér.")
def templates() -> None:
    """Tilpas skabelonerne: eksportér dem, se felterne, kontrollér dem."""


@templates.command("export")
@click.argument("folder", type=click.Path(path_type=Path), metavar="MAPPE")
@click.option("--force", is_flag=True, help="Overskriv skabeloner, der allerede ligger i mappen.")
def templates_export(folder: Path, force: bool) -> None:
    """Kopiér standardskabelonerne til MAPPE, så I kan rette dem i Word."""
    from assembler.pipeline import export_templates

    for path, written in run_safely(lambda: export_templates(folder, force)):
        if written:
            click.echo(f"Skrev {display_path(path)}")
        else:
            click.echo(f"{display_path(path)} findes allerede og er ikke rørt (brug --force for at overskrive)")
    click.echo(f"Brug dem med: assembler build --templates {display_path(folder)}")


@templates.command("fields", short_help="Vis de felter og løkker, skabelonerne kan bruge.")
def templates_fields() -> None:
    """Vis alle felter og løkker, som skabelonerne kan bruge, med beskrivelse og eksempel."""
    from assembler.pipeline import template_fields

    click.echo("Felter og løkker, som skabelonerne kan bruge. Skriv et felt som {{ plan.navn }} i Word.")
    click.echo("")
    for line in template_fields():
        click.echo(line)


@templates.command("check", short_help="Kontrollér skabelonerne i MAPPE.")
@click.argument("folder", required=False, type=click.Path(path_type=Path), metavar="[MAPPE]")
@TRIAL_TIMEOUT
def templates_check(folder: Path | None, template_seconds: float | None) -> None:
    """Kontrollér skabelonerne i MAPPE (standard: jeres valgte skabeloner eller standardskabelonerne).

    Hver skabelon bygges også prøvevis med assemblers eksempel og med en næsten tom helhedsplan, så
    fejl, der først viser sig, når rapporten bygges (fx en division med 0), kommer frem her.
    """
    from assembler import pipeline

    chosen = run_safely(lambda: template_folder(folder))
    reports = pipeline.check_templates(chosen.path, template_seconds or pipeline.TEMPLATE_SECONDS)
    for warning in pipeline.template_warnings(reports):
        click.echo(warning.as_warning(), err=True)
    for report in reports:
        for issue in report.issues:
            click.echo(str(issue), err=True)
        if not report.issues:
            click.echo(f"{report.path.name}: i orden ({'egen skabelon' if report.own else 'standardskabelon'})")
    sys.exit(1 if any(r.issues for r in reports) else 0)


def template_folder(flag: Path | None) -> TemplateFolder:
    """Return the template folder chosen by flag, environment or assembler.toml."""
    from assembler.app.config import choose_template_folder

    return choose_template_folder(flag, os.environ, Path.cwd())
