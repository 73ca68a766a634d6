"""Values printed by the finalize alone (no escape() around it) give the text Jinja's escape() gives."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from jinja2 import StrictUndefined
from markupsafe import Markup

from assembler.render.cache import EscapingRecordsEnvironment, RecordsEnvironment
from assembler.render.engine import jinja_environment, printed_literally

SOURCES = [
    "{{ text }}",
    "<w:t>{{ text }}</w:t><w:t>{{ number }} {{ markup }} {{ amount }}</w:t>",
    "{% for item in items %}<w:p>{{ item }}{{ loop.index }}</w:p>{% endfor %}",
    "{% if text %}{{ text|upper }}{% else %}{{ missing|default('&') }}{% endif %}",
    "{% set joined %}{{ text }}|{{ markup }}{% endset %}{{ joined }}",
    "{% macro cell(v) %}<w:tc>{{ v }}</w:tc>{% endmacro %}{{ cell(text) }}{{ cell(markup) }}",
    "{% autoescape false %}{{ text }}{% endautoescape %}{{ text }}",
    "{% autoescape flag %}{{ text }}{% endautoescape %}",
    "{{ '<&>' }}{{ 'a' ~ text }}{{ text|e }}{{ text|safe }}{{ items|join(', ') }}",
    "{{ text }}{{ '{{' }}{{ braces }}",
]
CONTEXT: dict[str, Any] = {
    "text": "Tom & Jerry <3 «»",
    "number": 12,
    "amount": Decimal("1.50"),
    "markup": Markup("<b>fed</b>"),
    "items": ["a<b", Markup("c&amp;d"), 3],
    "flag": True,
    "braces": "{x} }}",
}


def _environment(kind: type[RecordsEnvironment], printed: list[str]) -> RecordsEnvironment:
    return kind(undefined=StrictUndefined, autoescape=True, finalize=lambda v: printed_literally(v, printed))


@pytest.mark.parametrize("source", SOURCES)
def test_values_print_as_with_jinjas_escape_around_the_finalize(source: str) -> None:
    theirs: list[str] = []
    ours: list[str] = []
    expected = _environment(RecordsEnvironment, theirs).from_string(source).render(CONTEXT)
    assert _environment(EscapingRecordsEnvironment, ours).from_string(source).render(CONTEXT) == expected
    assert ours == theirs


def test_the_documents_environment_prints_without_escape_around_the_finalize() -> None:
    code = jinja_environment().compile("<w:t>{{ text }}</w:t>", raw=True)
    assert "(environment.finalize(" in code
    assert "escape(environment.finalize(" not in code
