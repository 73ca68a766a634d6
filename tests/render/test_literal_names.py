"""`templates check` warns where a staff template writes a report's name that changes with the plan's year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from docx import Document

from assembler.contract.declaration import BESTYRELSE
from assembler.render.templates import default_template_dir
from tests.reports import report_spec

CLI = Callable[..., Result]
STATUS_TEMPLATE = report_spec("etaarsstatus").template


def test_the_default_templates_write_no_name_as_text(cli: CLI) -> None:
    # The status report's placeholder names the Bestyrelse column, whose name stays the same every year.
    placeholder = BESTYRELSE.header("deltager")
    assert placeholder in "\n".join(p.text for p in Document(str(default_template_dir() / STATUS_TEMPLATE)).paragraphs)
    result = cli("templates", "check", default_template_dir())
    assert result.exit_code == 0
    assert result.stderr == ""


def test_a_staff_template_writing_etaarsstatus_as_text_gets_a_warning_per_place(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    assert cli("templates", "export", folder).exit_code == 0
    document = Document(str(folder / STATUS_TEMPLATE))
    document.paragraphs[0].runs[0].text = "Etårsstatus {{ plan.statusaar }}"
    heading = next(p for p in document.paragraphs if p.text.startswith("Deltagende"))
    heading.runs[0].text = "Deltagende bestyrelsesmedlemmer til etårsstatus:"
    document.core_properties.title = "Etårsstatus – {{ plan.navn }}"
    document.sections[0].footer.paragraphs[0].runs[0].text = "Slutstatus · Side "
    document.save(str(folder / STATUS_TEMPLATE))

    result = cli("templates", "check", folder)

    assert result.exit_code == 0  # a warning: the template still works
    name = "men rapportens navn afhænger af planens år; skriv"
    assert result.stderr.splitlines() == [
        f"{STATUS_TEMPLATE}, afsnittet »Etårsstatus {{{{ plan.statusaar }}}}« (advarsel): »Etårsstatus« står som "
        f"tekst, {name} {{{{ rapport.navn }}}}",
        f"{STATUS_TEMPLATE}, afsnittet »Deltagende bestyrelsesmedlemmer til etårsstatus:« (advarsel): »etårsstatus« "
        f"står som tekst, {name} {{{{ rapport.navn_i_tekst }}}}",
        f"{STATUS_TEMPLATE}, afsnittet »Slutstatus · Side 1 af 1« (advarsel): »Slutstatus« står som tekst, {name} "
        "{{ rapport.navn }}",
        f"{STATUS_TEMPLATE} (advarsel): »Etårsstatus« står som tekst i dokumentegenskaben 'title', {name} "
        "{{ rapport.navn }}",
    ]
    assert f"{STATUS_TEMPLATE}: i orden (egen skabelon)" in result.stdout.splitlines()


def test_a_referat_title_written_as_text_gets_a_warning(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "skabeloner"
    assert cli("templates", "export", folder).exit_code == 0
    template = report_spec("referat").template
    document = Document(str(folder / template))
    document.paragraphs[0].runs[0].text = "Referat af ét-årseftersyn med LBF"
    document.save(str(folder / template))
    assert cli("templates", "check", folder).stderr.splitlines() == [
        f"{template}, afsnittet »Referat af ét-årseftersyn med LBF« (advarsel): »Referat af ét-årseftersyn« står "
        "som tekst, men rapportens navn afhænger af planens år; skriv {{ rapport.referat }}"
    ]
