"""The default templates' one source: tools/build_templates.py writes templates/docx/ exactly.

The committed templates are compared with what the builder makes now, member by member: the zip's
member names in order, their times and their uncompressed bytes. Not the zip's bytes: how deflate
compresses depends on the zlib Python is built with (zlib-ng on some systems), so a template that
is the same part for part could differ in bytes on another machine. On one machine the builder's
bytes are the same from run to run (tested below), so `make templates` leaves unchanged files alone.
"""

from __future__ import annotations

import io
import re
import tokenize
import zipfile
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from assembler.documents import DOCUMENTS
from tools.build_templates import TEMPLATES, build_templates

TOOLS = Path(__file__).resolve().parent.parent / "tools"
# The files that hold the templates' text (docx_builder.py holds how Word is written: style names, fonts).
TEXT_SOURCES = ("build_templates.py", "drafted_text.py")
REGENERATE = "run `make templates` (never edit templates/docx/ by hand; staff edit exported copies)"

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
# A literal that is Jinja code, not text: a statement for a {%p … %} tag or a dotted expression.
JINJA_CODE = re.compile(r"(?:if|elif|for|else|endif|endfor|not)\b.*|\w+(?:\.[\w\[\]]+)+")
QUOTES = re.compile(r"^[a-zA-Z]*(\"\"\"|'''|\"|')(?P<body>.*)\1$", re.DOTALL)
WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def built() -> dict[str, bytes]:
    return build_templates()


def members(docx: bytes) -> list[tuple[str, tuple[int, ...], bytes]]:
    """Return a .docx's zip members in order: name, time and uncompressed bytes."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return [(info.filename, info.date_time, package.read(info)) for info in package.infolist()]


def test_template_source_builds_the_declared_templates_and_no_other() -> None:
    assert sorted(built()) == sorted(spec.template for spec in DOCUMENTS)
    committed = sorted(path.name for path in TEMPLATES.glob("*.docx"))
    assert committed == sorted(built()), f"templates/docx/ holds other templates than the documents': {REGENERATE}"


@pytest.mark.parametrize("name", [spec.template for spec in DOCUMENTS])
def test_template_source_committed_template_is_what_the_builder_writes(name: str) -> None:
    committed = members((TEMPLATES / name).read_bytes())
    expected = members(built()[name])
    assert [m[0] for m in committed] == [m[0] for m in expected], f"{name}: other zip members: {REGENERATE}"
    for (member, time, content), (_, expected_time, expected_content) in zip(committed, expected, strict=True):
        assert content == expected_content, f"{name} › {member} differs from its source: {REGENERATE}"
        assert time == expected_time, f"{name} › {member} was written by another program: {REGENERATE}"


def test_template_source_builds_the_same_bytes_every_time() -> None:
    assert build_templates() == built()


def string_literals(source: str) -> list[tuple[str, int]]:
    """Return each string literal as written in Python source, with its line (f-strings whole)."""
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def at(position: tuple[int, int]) -> int:
        return offsets[position[0] - 1] + position[1]

    found: list[tuple[str, int]] = []
    fstring_start = getattr(tokenize, "FSTRING_START", None)  # Python 3.12 splits f-strings into tokens
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    opened: list[tokenize.TokenInfo] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and not opened:
            found.append((token.string, token.start[0]))
        elif token.type == fstring_start:
            opened.append(token)
        elif token.type == fstring_end:
            start = opened.pop()
            if not opened:
                found.append((source[at(start.start) : at(token.end)], start.start[0]))
    return found


def is_text(literal: str) -> bool:
    """True when a literal holds words a document shows (not only Jinja code, a name or punctuation)."""
    quoted = QUOTES.match(literal)
    body = quoted.group("body") if quoted else literal
    return not JINJA_CODE.fullmatch(body) and WORD.search(JINJA.sub("", body)) is not None


def texts_written_twice(sources: dict[str, str]) -> dict[str, list[str]]:
    """Return each text literal written more than once in the sources, with where it stands."""
    places: defaultdict[str, list[str]] = defaultdict(list)
    for name, source in sources.items():
        for literal, line in string_literals(source):
            if is_text(literal):
                places[literal].append(f"{name}:{line}")
    return {literal: where for literal, where in places.items() if len(where) > 1}


def test_template_source_writes_each_text_once() -> None:
    sources = {name: (TOOLS / name).read_text(encoding="utf-8") for name in TEXT_SOURCES}
    assert texts_written_twice(sources) == {}


def test_template_source_finds_a_text_written_twice() -> None:
    sources = {
        "a.py": 'w.para("Der er ikke lagt budget for perioden.")\nw.tag("endif")\n',
        "b.py": 'w.tag("endif")\nX = f"{A} {{{{ x.y }}}}"\nw.para("Der er ikke lagt budget for perioden.")\n',
    }
    assert texts_written_twice(sources) == {'"Der er ikke lagt budget for perioden."': ["a.py:1", "b.py:3"]}
