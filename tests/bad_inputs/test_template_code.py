"""Case 20: template code that fails or grows without bound while it renders ends with a Danish line.

A template is code a colleague writes in Word. Each kind below is tried two ways: written for every
plan, `templates check` finds it by rendering the templates on assembler's example and on a
near-empty plan; written for one plan only (`{% if plan.navn == "…" %}`), the check cannot see it,
and `build` (with one worker or several) or `watch` gives that plan the line and builds the others.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import Result
from docx import Document

from assembler.batch import Died
from assembler.pipeline import sample_contexts, tried_in_worker
from assembler.render.templates import default_template_dir
from tests.app.test_watch import Service
from tests.bad_inputs.corpus import snapshot
from tests.clitext import lines_without_time
from tests.factory import plan_sheets, set_value, write_workbook
from tests.reports import factory_reports

CLI = Callable[..., Result]
README = Path(__file__).resolve().parents[2] / "README.md"
TEMPLATE = "etaarsstatus.docx"
DOCUMENTS = tuple(factory_reports())  # the factory plan has no referat
EXAMPLE = "assemblers eksempel (Engparken)"
NEAR_EMPTY = "en næsten tom helhedsplan (kun navn og kommune)"


class Kind(NamedTuple):
    """A way template code goes wrong: the code, what the line says, Python's or Jinja's words, and on which sample."""

    name: str
    code: str
    what: str
    detail: str = ""
    sample: str = EXAMPLE


KINDS = [
    Kind("potens", "{{ 10 ** 5000 }}", "en potens (**) giver et tal over 1.000.000.000.000.000"),
    Kind(
        "deling",
        "{{ 100 / moeder|length }}",
        "der deles med 0",
        " (Python: division by zero)",
        NEAR_EMPTY,  # the example has meetings; a plan without any divides by 0
    ),
    Kind(
        "loekke",
        "{% for x in moeder|length %}{{ x }}{% endfor %}",
        "en løkke går over noget, der ikke er en liste",
        " (Python: 'int' object is not iterable)",
    ),
    Kind(
        "tekstregning",
        "{{ plan.navn - 1 }}",
        "der regnes med noget, der ikke er et tal",
        " (Python: unsupported operand type(s) for -: 'str' and 'int')",
    ),
    Kind(
        "makro",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "en makro kalder sig selv igen og igen uden at stoppe",
    ),
    Kind(
        "range",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "range(…) giver over 10.000 tal",
    ),
    Kind("lipsum", "{{ lipsum(100000, max=100000) }}", "lipsum(…) giver højst 20 afsnit på højst 100 ord"),
    Kind("gange", "{{ plan.navn * 100000000 }}", "en tekst bliver over 1.000.000 tegn lang"),
    Kind("liste", "{{ ([0] * 1000000)|length }}", "en liste bliver over 100.000 elementer lang"),
    Kind(
        "dobbelt",  # a text joined to itself with ~ in a loop: Jinja has no hook for ~, but for reading n.t
        '{%set n=namespace(t="x")%}{%for i in range(40)%}{%set n.t=n.t~n.t%}{%endfor%}',
        "en tekst bliver over 1.000.000 tegn lang",
    ),
    Kind(
        "udskrift",
        "{% for i in range(10000) %}{{ plan.navn * 1000 }}{% endfor %}",
        "skabelonen skriver over 5.000.000 tegn i rapporten",
    ),
    Kind(
        "bredde",
        '{{ "%999999999d"|format(1) }}',
        "bredden 999999999 i en formatering er for stor (højst 1.000 tegn)",
    ),
    Kind(
        "metode",
        "{{ plan.navn.ljust(10 ** 9) }}",
        "tekstmetoden .ljust(…) kan ikke bruges i skabeloner, fordi den kan lave meget lange tekster; brug et filter "
        "som |center, |replace, |join eller |format",
    ),
]


@pytest.fixture(scope="module", autouse=True)
def samples_made_before_the_workers_fork() -> None:
    """Make the sample plans once, here: the trials' workers are forks of this process and start with them."""
    sample_contexts()


def template_folder(folder: Path, *paragraphs: str) -> Path:
    """Return a folder holding the default etårsstatus with paragraphs added at its end."""
    folder.mkdir()
    template = Document(str(default_template_dir() / TEMPLATE))
    for paragraph in paragraphs:
        template.add_paragraph(paragraph)
    template.save(str(folder / TEMPLATE))
    return folder


def only_for(kind: Kind) -> str:
    """Return a kind's code run only for the plan named after it."""
    return f'{{% if plan.navn == "{kind.name}" %}}{kind.code}{{% endif %}}'


def plan_line(kind: Kind) -> str:
    """Return the line a build gives the plan named after a kind."""
    return (
        f"{kind.name}.xlsx: skabelonen {TEMPLATE} kan ikke bruges: {kind.what}, i afsnittet »{only_for(kind)}«"
        f"{kind.detail}"
    )


def write_plan_named(inputs: Path, name: str) -> None:
    """Write the factory's plan as <name>.xlsx, the plan named <name>; the plan »deling« has no meetings."""
    sheets = plan_sheets()
    set_value(sheets, "Stamdata", "Helhedsplan", name)
    if name == "deling":
        sheets["Møder"] = sheets["Møder"][:1]
    write_workbook(inputs / f"{name}.xlsx", sheets)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_templates_check_renders_the_templates_and_names_the_paragraph(
    cli: CLI, tmp_path: Path, kind: Kind
) -> None:
    folder = template_folder(tmp_path / "skabeloner", kind.code)
    result = cli("templates", "check", folder)
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"{TEMPLATE}, afsnittet »{kind.code}«: {kind.what}, når skabelonen bruges på {kind.sample}{kind.detail}"
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("code", "python"),
    [
        ("{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", ""),  # deeper than Jinja's parser goes
        ("{% if true %}" * 120 + "x" + "{% endif %}" * 120, " (Python: too many levels of indentation)"),
        ("{% for i in [1] %}" * 25 + "{% endfor %}" * 25, " (Python: too many statically nested blocks)"),
    ],
    ids=["parenteser", "if", "for"],
)
def test_templates_check_refuses_code_nested_deeper_than_python_runs(
    cli: CLI, tmp_path: Path, code: str, python: str
) -> None:
    result = cli("templates", "check", template_folder(tmp_path / "skabeloner", code))
    assert result.stderr.splitlines() == [
        f"{TEMPLATE}: skabelonen har for mange parenteser eller blokke ({{% for %}}, {{% if %}}) inde i "
        f"hinanden{python}"
    ]
    assert result.exit_code == 1


def test_build_refuses_a_template_the_check_finds_and_writes_nothing(
    cli: CLI, inputs: Path, out: Path, tmp_path: Path
) -> None:
    folder = template_folder(tmp_path / "skabeloner", "{{ 10 ** 5000 }}")
    write_plan_named(inputs, "solbakken")
    result = cli("build", inputs, "--out", out, "--templates", folder)
    assert result.stderr.splitlines() == [
        f"{TEMPLATE}, afsnittet »{{{{ 10 ** 5000 }}}}«: en potens (**) giver et tal over 1.000.000.000.000.000, når "
        f"skabelonen bruges på {EXAMPLE}",
        "Fejl: skabelonerne har fejl, så intet er skrevet. Ret dem i Word og prøv igen.",
    ]
    assert result.exit_code == 1
    assert not out.exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_gives_each_failing_plan_its_line_and_builds_the_others(
    cli: CLI, inputs: Path, out: Path, tmp_path: Path, jobs: str
) -> None:
    folder = template_folder(tmp_path / "skabeloner", *map(only_for, KINDS))
    assert cli("templates", "check", folder).exit_code == 0  # no sample plan is named after a kind
    for name in [kind.name for kind in KINDS] + ["ok"]:
        write_plan_named(inputs, name)
    before = snapshot(inputs)
    result = cli("build", inputs, "--out", out, "--templates", folder, "--jobs", jobs)
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [plan_line(kind) for kind in sorted(KINDS, key=lambda kind: kind.name)]
    assert lines_without_time(result.stdout) == [
        *[f"Skrev {out / 'ok' / document}" for document in DOCUMENTS],
        f"1 af {len(KINDS) + 1} helhedsplaner bygget; {len(KINDS)} med fejl.",
        "3 dokumenter skrevet på … sekunder.",
    ]
    assert result.exit_code == 1
    assert sorted(path.name for path in out.iterdir()) == ["ok"]  # nothing for a failing plan
    assert snapshot(inputs) == before


def test_under_watch_a_plan_whose_template_fails_gets_a_line_and_the_others_are_built(
    inputs: Path, out: Path, tmp_path: Path
) -> None:
    kind = KINDS[0]
    folder = template_folder(tmp_path / "skabeloner", only_for(kind))
    log = tmp_path / "watch.log"
    command = [sys.executable, "-m", "assembler", "watch", str(inputs), "--out", str(out), "--log", str(log)]
    command += ["--quiet-period", "0.3", "--poll-interval", "0.1", "--templates", str(folder)]
    with (tmp_path / "watch.stderr").open("wb") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    service = Service(process, log, tmp_path / "watch.stderr")
    try:
        service.wait_for("Overvåger")
        write_plan_named(inputs, kind.name)
        write_plan_named(inputs, "ok")
        (failed,) = service.wait_for(f"{kind.name}.xlsx:")
        service.wait_for("ok.xlsx: skrev")
        assert service.process.poll() is None
    finally:
        service.stop()
    problem_file = out / kind.name / "FEJL.txt"
    assert failed == f"{kind.name}.xlsx: ikke bygget, 1 fejl (se {problem_file}): {plan_line(kind)}"
    assert plan_line(kind) in problem_file.read_text("utf-8")
    assert "Traceback" not in service.stderr_text()


def test_a_template_that_never_ends_on_the_example_is_stopped_by_the_check(cli: CLI, tmp_path: Path) -> None:
    endless = "{% for a in range(10000) %}{% for b in range(10000) %}{% for c in range(10000) %}"
    folder = template_folder(tmp_path / "skabeloner", endless + "{% endfor %}{% endfor %}{% endfor %}")
    for _ in range(2):  # a stopped trial is not remembered: the next check tries again
        result = cli("templates", "check", folder, "--template-timeout", "1")
        assert result.stderr.splitlines() == [
            f"{TEMPLATE}: den blev ikke færdig på 1 sekund, da den blev bygget prøvevis med assemblers eksempler, "
            "og er stoppet. Oftest er det en løkke i skabelonen, der aldrig slutter: ret den i Word (grænsen sættes "
            "med --template-timeout)"
        ]
        assert result.exit_code == 1


def test_a_document_property_too_long_for_word_is_found_by_the_check(cli: CLI, tmp_path: Path) -> None:
    folder = template_folder(tmp_path / "skabeloner")
    template = Document(str(folder / TEMPLATE))
    template.core_properties.subject = "{{ plan.navn * 10 }}"
    template.save(str(folder / TEMPLATE))
    result = cli("templates", "check", folder)
    assert result.stderr.splitlines() == [
        f"{TEMPLATE}: dokumentegenskaben 'subject' bliver 470 tegn lang, men Word tillader højst 255; forkort "
        f"teksten, der indsættes i den, når skabelonen bruges på {EXAMPLE}"
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_the_readme_says_what_to_do_about_each_line(kind: Kind) -> None:
    section = README.read_text("utf-8").split("### Når noget går galt")[1].split("\n## ")[0]
    beginning = re.sub(r"\d{4,}", "…", kind.what)[:25]  # a number the template chose is … in the README
    assert beginning in section


def test_a_trial_whose_worker_the_system_ends_gives_a_line_and_is_not_remembered() -> None:
    tried = tried_in_worker(Path(TEMPLATE), Died())
    assert [str(issue) for issue in tried.issues] == [
        f"{TEMPLATE}: den blev stoppet af systemet, måske for lidt hukommelse, da den blev bygget prøvevis med "
        "assemblers eksempler. Luk andre programmer, og prøv igen"
    ]
    assert not tried.lasting
