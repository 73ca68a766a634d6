"""The command line speaks Danish: click's own texts come from the Danish catalogue, in help and errors."""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from babel.messages.pofile import read_po
from click.testing import Result

from assembler.app.cli import main
from assembler.app.clidanish import CATALOGUE
from tests.reports import spelled_keys

CLI = Callable[..., Result]
CLICK_SOURCE = Path(click.__file__).parent
# Texts that reach gettext without being literals in click's source (core.py: `_(extra["required"])`).
NOT_LITERAL = {"required"}
# click's own words that do not go through gettext: metavars of its types and its range notation.
UNTRANSLATED = ("[OPTIONS]", "COMMAND", "[ARGS]", "PATH", "TEXT", "INTEGER", "FLOAT", "x>=", "x<=")


def catalogue() -> dict[str, tuple[str, ...]]:
    """Return the Danish catalogue: each of click's texts (its singular for a plural) with its Danish forms."""
    with CATALOGUE.open("rb") as source:
        messages = read_po(source, locale="da")
    return {
        (m.id[0] if isinstance(m.id, tuple) else m.id): (m.string if isinstance(m.string, tuple) else (m.string,))
        for m in messages
        if m.id
    }


TRANSLATIONS = catalogue()


def click_texts() -> Iterator[tuple[str, ...]]:
    """Yield every text click passes to gettext: (msgid,) or (singular, plural)."""
    for path in sorted(CLICK_SOURCE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
                if texts:
                    yield texts


def english_fragments() -> list[str]:
    """Return the English pieces of click's texts (between placeholders) that staff must never see."""
    fragments = set(UNTRANSLATED)
    for texts in click_texts():
        for text in texts:
            if TRANSLATIONS.get(text, (text,))[0] == text:  # not translated: gettext gives it as it is
                continue
            for piece in re.split(r"\{[^}]*\}|%\([a-z]+\)s", text):
                if len(piece.strip(" .:()'!?\n\t")) >= 4:
                    fragments.add(piece.strip())
    return sorted(fragments)


ENGLISH = english_fragments()


def english_in(text: str) -> list[str]:
    """Return click's English fragments found in the text (whole words: »file« is not in »filen«)."""
    found = []
    for fragment in ENGLISH:
        before = r"(?<!\w)" if fragment[0].isalnum() else ""
        after = r"(?!\w)" if fragment[-1].isalnum() else ""
        if re.search(before + re.escape(fragment) + after, text):
            found.append(fragment)
    return found


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Yield the path of every command and group below the group, the group itself first."""
    yield prefix
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from command_paths(command, (*prefix, name))
        else:
            yield (*prefix, name)


def test_catalogue_translates_every_text_of_click() -> None:
    missing = [texts for texts in click_texts() if texts[0] not in TRANSLATIONS]
    assert missing == []
    assert all(word in TRANSLATIONS for word in NOT_LITERAL)
    plurals = [texts for texts in click_texts() if len(texts) == 2]
    assert plurals
    assert all(len(TRANSLATIONS[singular]) == 2 for singular, _ in plurals)


def test_english_fragments_catch_what_click_says_by_itself() -> None:
    untranslated = "Usage: assembler build [OPTIONS] [INPUTS]\n  -h, --help  Show this message and exit.  [default: x]"
    assert english_in(untranslated) == ["Show this message and exit.", "Usage:", "[OPTIONS]", "default:"]


def test_catalogue_compiled_is_the_one_gettext_reads() -> None:
    # The .mo's texts, as gettext reads them, are the .po's (not its bytes: babel stamps its version in).
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, forms in TRANSLATIONS.items():
        if len(forms) == 2:
            assert [compiled.ngettext(msgid, msgid, n) for n in (1, 2)] == list(forms), "run `make catalogue`"
        else:
            assert compiled.gettext(msgid) == forms[0], "run `make catalogue`"


@pytest.mark.parametrize("path", list(command_paths(main)), ids=lambda p: " ".join(p) or "assembler")  # type: ignore[arg-type]
def test_every_help_page_is_danish(cli: CLI, path: tuple[str, ...]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Brug: {' '.join(('assembler', *path))} [TILVALG]")
    assert "Tilvalg:" in result.stdout
    assert "-h, --help" in result.stdout and "Vis denne hjælp og afslut." in result.stdout
    assert english_in(result.stdout) == []


def test_top_level_help_names_the_four_reports(cli: CLI) -> None:
    text = " ".join(cli("--help").stdout.split())
    assert "Byg de fire rapporter til Landsbyggefonden" in text
    assert (
        "statusrapporten, der passer til planens år (etårsstatus, midtvejsstatus, årsstatus eller slutstatus), "
        "fremdriftsrapport, økonomioversigt og referat af årets møde med LBF" in text
    )
    assert "Kommandoer:" in text


def test_defaults_are_shown_in_danish(cli: CLI) -> None:
    text = " ".join(cli("watch", "--help").stdout.split())
    assert "Mappen, rapporterne skrives i. [standard: outputs]" in text
    assert "Hvor ofte --poll ser efter ændringer. [standard: 1]" in text


INVALID = "Fejl: Ugyldig værdi for"
JOBS = f"{INVALID} '--jobs' / '-j'"


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["build", "--farve"], "Fejl: Tilvalget '--farve' findes ikke. Mente du '--force'?"),
        (["bygg"], "Fejl: Kommandoen 'bygg' findes ikke."),
        (["new-workbook"], "Fejl: Mangler argumentet 'FIL'."),
        (["build", "a", "b"], "Fejl: Et argument for meget (b)"),
        (["build", "--out"], "Fejl: Tilvalget '--out' skal have en værdi."),
        (
            ["build", "--report", "aarsrapport"],
            f"Fejl: Ugyldig værdi for '--report': ukendt rapport 'aarsrapport'. Vælg blandt: {spelled_keys()}",
        ),
        (["build", "--jobs", "mange"], f"{JOBS}: forventede et helt tal, fandt 'mange'"),
        (["build", "-j", "0"], f"{JOBS}: skal være mindst 1, fandt 0"),
        (["build", "--jobs", "1,5"], f"{JOBS}: forventede et helt tal, fandt '1,5'"),
        (["watch", "--poll-interval", "0,01"], f"{INVALID} '--poll-interval': skal være mindst 0,05, fandt 0,01"),
        (["watch", "--quiet-period", "kort"], f"{INVALID} '--quiet-period': forventede et tal, fandt 'kort'"),
        (
            ["new-workbook", "x.xlsx", "--startaar", "i år"],
            f"{INVALID} '--startaar': forventede et helt tal, fandt 'i år'",
        ),
    ],
)
def test_usage_errors_are_danish(cli: CLI, args: list[str], error: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == error
    assert english_in(result.stderr) == []


def test_usage_error_says_how_to_get_help(cli: CLI) -> None:
    assert cli("check", "--farve").stderr.splitlines()[:2] == [
        "Brug: assembler check [TILVALG] [INPUTS]",
        "Skriv 'assembler check --help' for at få hjælp.",
    ]


def test_a_group_without_its_command_shows_danish_help(cli: CLI) -> None:
    result = cli("templates")
    assert "Kommandoer:" in result.output
    assert english_in(result.output) == []


def test_numbers_accept_a_decimal_comma(cli: CLI, tmp_path: Path) -> None:
    result = cli("watch", tmp_path / "findes-ikke", "--poll-interval", "0,5", "--quiet-period", "1,5")
    assert result.exit_code == 2  # the values were read; the folder is what is missing
    missing = tmp_path / "findes-ikke"
    assert result.stderr.splitlines()[-1] == f"Fejl: '{missing}' findes ikke. Angiv mappen med projektmapperne."


def test_a_folder_given_as_log_file_is_refused_in_danish(cli: CLI, tmp_path: Path) -> None:
    result = cli("watch", tmp_path, "--log", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Fejl: Ugyldig værdi for '--log': Fil '{tmp_path}' er en mappe."
