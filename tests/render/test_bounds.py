"""The bounds on what a template makes: what staff write still works, what grows without bound is refused first."""

from __future__ import annotations

import pickle
from decimal import Decimal
from enum import IntEnum
from fractions import Fraction
from numbers import Real

import pytest

from assembler.render.bounds import MAX_ITEMS, MAX_OUTPUT, MAX_TEXT, TooBig, is_number, text_size
from assembler.render.environment import jinja_environment, rendering
from assembler.render.faults import TemplateFault

TEXT = "en tekst bliver over 1.000.000 tegn lang"
LIST = "en liste bliver over 100.000 elementer lang"
NUMBER = "et regnestykke giver et tal over 1.000.000.000.000.000"


def rendered(source: str, **values: object) -> str:
    """Return a source rendered in the templates' environment (as a document property: plain text)."""
    return jinja_environment().from_string(source).render(values)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 2 ** 10 }} {{ 1.5 ** 2 }} {{ 10 ** -2 }} {{ (-2) ** 3 }}", "1024 2.25 0.01 -8"),
        ("{{ 7 * 6 }} {{ 'ab' * 3 }} {{ [1, 2] * 2 }} {{ 3 * 'x' }}", "42 ababab [1, 2, 1, 2] xxx"),
        ("{{ 'a' + 'b' }} {{ [1] + [2] }} {{ 1 + 2.5 }} {{ 7 // 2 }} {{ 7 % 4 }} {{ 7 - 9 }}", "ab [1, 2] 3.5 3 3 -2"),
        ("{{ '%5.1f|%-4s|%03d' % (3.14159, 'ab', 7) }} {{ '%(n)s' % {'n': 1} }}", "  3.1|ab  |007 1"),
        ("{{ '%s og %s'|format('a', 'b') }} {{ 'x'|center(5) }}|", "a og b   x  |"),
        ("{{ 'a b'|replace(' ', '-') }} {{ ['a', 'b']|join(', ') }}", "a-b a, b"),
        ("{{ [{'n': 'x'}, {'n': 'y'}]|join(attribute='n') }}", "xy"),
        ("{{ 'a\nb'|indent(2) }} {{ [1, 2, 3]|sum }} {{ [[1], [2]]|sum(start=[]) }}", "a\n  b 6 [1, 2]"),
        ("{{ range(3)|list }} {{ [1, 2, 3]|batch(2)|list }}", "[0, 1, 2] [[1, 2], [3]]"),
        ("{{ [1, 2]|slice(2)|list }}", "[[1], [2]]"),
        ("{{ 'Ab'.lower() }} {{ 'a,b'.split(',') }}", "ab ['a', 'b']"),
        ("{{ ' x '.strip() }} {{ 'ab'.startswith('a') }}", "x True"),
        ("{% set l = [] %}{% if l.append(1) %}{% endif %}{{ l }} {{ lipsum(1, False, 5, 6)|length > 0 }}", "[1] True"),
        ("{{ {'a': 1}|tojson }} {{ 'æ ø'|urlencode }} {{ 'a'|string }}", '{"a": 1} %C3%A6%20%C3%B8 a'),
    ],
)
def test_what_templates_write_still_renders(source: str, expected: str) -> None:
    assert rendered(source) == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ 10 ** 5000 }}", "en potens (**) giver et tal over 1.000.000.000.000.000"),
        ("{{ 9 ** 9 ** 9 }}", "en potens (**) giver et tal over 1.000.000.000.000.000"),
        ("{{ 0.1 ** -20 }}", "en potens (**) giver et tal over 1.000.000.000.000.000"),
        ("{{ 10 ** 15 * 10 }}", NUMBER),
        ("{{ 99999999999999999999 + 1 }}", NUMBER),
        ("{{ 1e308 * 10 }}", NUMBER),
        ("{{ 'x' * 1000001 }}", TEXT),
        ("{{ 1000001 * 'x' }}", TEXT),
        ("{{ t + t }}", TEXT),
        ("{{ [0] * 100001 }}", LIST),
        ("{{ l + l }}", LIST),
        ("{{ [t] * 2 }}", TEXT),  # a list of references to one long text prints it each time
        ("{{ range(10001)|length }}", "range(…) giver over 10.000 tal"),
        ("{{ range(10 ** 15)|length }}", "range(…) giver over 10.000 tal"),
        ("{{ lipsum(21) }}", "lipsum(…) giver højst 20 afsnit på højst 100 ord"),
        ("{{ lipsum(1, max=1000) }}", "lipsum(…) giver højst 20 afsnit på højst 100 ord"),
        ("{{ '%1001s' % 'x' }}", "bredden 1001 i en formatering er for stor (højst 1.000 tegn)"),
        ("{{ '%.2000f' % 1 }}", "bredden 2000 i en formatering er for stor (højst 1.000 tegn)"),
        ("{{ '%*d' % (5, 1) }}", "bredden * i en formatering er for stor (højst 1.000 tegn)"),
        ("{{ '%s%s' % (t, t) }}", TEXT),
        ("{{ '%99999d'|format(1) }}", "bredden 99999 i en formatering er for stor (højst 1.000 tegn)"),
        ("{{ 'x'|center(1001) }}", "bredden 1001 i en formatering er for stor (højst 1.000 tegn)"),
        ("{{ 'x'|indent(1001) }}", "bredden 1001 i en formatering er for stor (højst 1.000 tegn)"),
        ("{{ ('a\n' * 400000)|indent('   ') }}", TEXT),
        ("{{ ('a ' * 400000)|wordwrap(1, wrapstring='---') }}", TEXT),
        ("{{ [t, t]|join }}", TEXT),
        ("{{ 'abc'|replace('', t) }}", TEXT),
        ("{{ [1]|batch(100001, 0)|list }}", LIST),
        ("{{ [1]|slice(100001)|list }}", LIST),
        ("{{ [l, l]|sum(start=[]) }}", LIST),
        ("{{ [t, t]|string }}", TEXT),
        ("{{ [t, t]|tojson }}", TEXT),
        ("{{ [t, t] }}", TEXT),
        ("{{ 'x'.ljust(10) }}", "tekstmetoden .ljust(…) kan ikke bruges i skabeloner"),
        ("{{ '{:>9}'.format(1) }}", "tekstmetoden .format(…) kan ikke bruges i skabeloner"),
        ("{{ 'x'.encode().center(10) }}", "tekstmetoden .center(…) kan ikke bruges i skabeloner"),
        ("{{ (1).to_bytes(10 ** 9, 'big') }}", TEXT),
        ("{% for i in range(3) %}{% if l.extend(l) %}{% endif %}{% endfor %}", LIST),
        ("{% set n = namespace(t='x') %}{% for i in range(25) %}{% set n.t = n.t ~ n.t %}{% endfor %}", TEXT),
    ],
)
def test_what_grows_without_bound_is_refused_before_it_is_made(source: str, message: str) -> None:
    with pytest.raises(TooBig) as caught:
        rendered(source, t="x" * (MAX_TEXT // 2 + 1), l=[0] * (MAX_ITEMS // 2 + 1))
    assert str(caught.value).startswith(message)


def test_a_rendering_prints_at_most_max_output_characters() -> None:
    template = jinja_environment().from_string("{% for i in range(10000) %}{{ t }}{% endfor %}")
    with rendering(None) as current, pytest.raises(TooBig) as caught:
        template.render(t="x" * 1000)
    assert str(caught.value) == "skabelonen skriver over 5.000.000 tegn i rapporten"
    assert MAX_OUTPUT < current.characters <= MAX_OUTPUT + 1000


def test_text_size_counts_a_list_of_references_once_per_reference_and_stops_at_its_limit() -> None:
    text = "x" * 1000
    assert text_size([text] * 3) == 2 + 3 * 1002
    assert text_size([text] * 10**5, limit=10**4) == 10**4 + 1
    looped: list[object] = []
    looped.append(looped)
    assert text_size(looped) == 4  # printed as [[...]]: no endless walk


def test_a_template_fault_crosses_from_a_worker_whole() -> None:
    fault = TemplateFault("etaarsstatus.docx", "{{ 1 / 0 }}", "der deles med 0", " (Python: division by zero)")
    copy = pickle.loads(pickle.dumps(fault))
    assert (copy.template, copy.paragraph, copy.what, copy.detail) == (
        fault.template,
        fault.paragraph,
        fault.what,
        fault.detail,
    )
    assert copy.issues == [
        "skabelonen etaarsstatus.docx kan ikke bruges: der deles med 0, i afsnittet »{{ 1 / 0 }}« "
        "(Python: division by zero)"
    ]


class Registered:
    """A class the numeric ABCs know only by registration."""


Real.register(Registered)


@pytest.mark.parametrize(
    "value",
    [
        *(0, -7, 2.5, float("nan"), Decimal("1.5"), Fraction(1, 3), True, False, IntEnum("E", "A").A, Registered()),
        *("1", b"1", None, [1], (1,), {1: 2}, object(), complex(1, 2)),
    ],
    ids=repr,
)
def test_bounds_a_number_is_known_by_its_type_as_the_numeric_abcs_know_it(value: object) -> None:
    assert is_number(value) == (isinstance(value, Real | Decimal) and not isinstance(value, bool))
