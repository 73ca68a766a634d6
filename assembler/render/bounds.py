"""What a template may make: numbers, ranges, texts, lists and printed output, each within a bound.

A template is code a colleague writes; these bounds keep one from exhausting memory or writing an
absurd report, and say in Danish what was too big (`TooBig`). They act through Jinja's sandbox hooks
(the intercepted operators, the callables and attributes a template reaches; see environment) and
through the environment's globals and filters, which are replaced here by bounded ones. Where Jinja
has no hook (texts joined with `~`, fixed text repeated by a loop, a macro calling itself), the
printed output's bound, Python's recursion limit and the worker's time limit end the template.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from numbers import Real
from typing import Any

from jinja2 import pass_environment, pass_eval_context
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext

from assembler.danish import format_integer

MAX_NUMBER = 10**15  # no figure of a plan comes near: budgets are millions of kroner
MAX_TEXT = 1_000_000  # characters in one text a template makes (a cell holds at most 32.767)
MAX_ITEMS = 100_000  # elements in one list a template makes
MAX_RANGE = 10_000  # numbers in one range(…)
MAX_WIDTH = 1_000  # characters of a width or a precision in a formatting (%10s, |center(10))
MAX_OUTPUT = 5_000_000  # characters a template prints into one report (a large report prints ~300.000)
MAX_LIPSUM = (20, 100)  # paragraphs and words per paragraph of lipsum(…)
# The text methods a template may call: none of them makes a text much longer than the one it is called on.
TEXT_METHODS = frozenset(
    {
        *("capitalize", "casefold", "count", "decode", "encode", "endswith", "escape", "find", "index", "lower"),
        *("isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric"),
        *("isprintable", "isspace", "istitle", "isupper", "lstrip", "partition", "removeprefix", "removesuffix"),
        *("rfind", "rindex", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip"),
        *("striptags", "swapcase", "title", "unescape", "upper"),
    }
)
# Checked for every attribute a template reads: as tuples, made once (a union in isinstance() is made on each call).
_TEXTS = (str, bytes)
_COLLECTIONS = (list, tuple, dict, set)
_NUMBERS = (Real, Decimal)
_NUMBER_TYPES: dict[type, bool] = {}
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)", re.DOTALL)


class TooBig(SecurityError):
    """A template made, or was about to make, something beyond its bound; the message says what, in Danish."""


def too_big_number() -> TooBig:
    return TooBig(f"et regnestykke giver et tal over {format_integer(MAX_NUMBER)}")


def too_long_text() -> TooBig:
    return TooBig(f"en tekst bliver over {format_integer(MAX_TEXT)} tegn lang")


def too_long_list() -> TooBig:
    return TooBig(f"en liste bliver over {format_integer(MAX_ITEMS)} elementer lang")


def too_wide(width: object) -> TooBig:
    return TooBig(f"bredden {width} i en formatering er for stor (højst {format_integer(MAX_WIDTH)} tegn)")


def too_much_output() -> TooBig:
    return TooBig(f"skabelonen skriver over {format_integer(MAX_OUTPUT)} tegn i rapporten")


def is_number(value: object) -> bool:
    """True for a number a template computes with (not a truth value).

    Known per type: the sandbox asks for thousands of values of a few types, and asking the numeric
    ABCs costs several times a lookup.
    """
    kind = type(value)
    known = _NUMBER_TYPES.get(kind)
    if known is None:
        known = _NUMBER_TYPES[kind] = issubclass(kind, _NUMBERS) and not issubclass(kind, bool)
    return known


def refuse_big_number(value: Any) -> None:
    """Raise TooBig for a number beyond MAX_NUMBER, infinite or not a number."""
    if is_number(value) and not abs(value) <= MAX_NUMBER:  # NaN compares false
        raise too_big_number()


def refuse_big(value: Any) -> Any:
    """Return a value a template made, after refusing a number, text or list beyond its bound."""
    if isinstance(value, _TEXTS):
        if len(value) > MAX_TEXT:
            raise too_long_text()
    elif isinstance(value, _COLLECTIONS):
        if len(value) > MAX_ITEMS:
            raise too_long_list()
    else:
        refuse_big_number(value)
    return value


def text_size(value: Any, limit: int = MAX_TEXT) -> int:
    """Return about how many characters a value is when printed, or limit + 1 when it is more than limit.

    A list holds references: a list of a thousand references to one long text prints it a thousand
    times, so the size is counted (each object once) before the text is made.
    """
    sizes: dict[int, int] = {}

    def size(item: Any) -> int:
        if isinstance(item, str):
            return len(item)
        known = sizes.get(id(item))
        if known is not None:
            return known
        sizes[id(item)] = 0  # a list that holds itself prints as [...]
        if isinstance(item, Mapping):
            total = 2 + sum(size(key) + size(element) + 4 for key, element in item.items())
        elif isinstance(item, list | tuple | set | frozenset):
            total = 2 + sum(size(element) + 2 for element in item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total = math.ceil(item.bit_length() * math.log10(2)) + 1
        else:
            total = len(str(item))
        sizes[id(item)] = total = min(total, limit + 1)
        return total

    return size(value)


def refuse_big_text(value: Any) -> None:
    """Raise TooBig when a value would print as a text beyond MAX_TEXT (a list of long texts, a huge number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        refuse_big_number(value)
    elif text_size(value) > MAX_TEXT:
        raise too_long_text()


def operate(operator: str, apply: Callable[[Any, Any], Any], left: Any, right: Any) -> Any:
    """Return `left <operator> right`, refusing before it is made what would be too big."""
    if operator == "**":
        refuse_big_power(left, right)
    elif operator == "*":
        refuse_big_repetition(left, right)
    elif operator == "+":
        refuse_big_sum(left, right)
    elif operator == "%" and isinstance(left, str):
        refuse_big_format(left, right)
        return refuse_big(apply(left, right))
    refuse_big_number(left)
    refuse_big_number(right)
    return refuse_big(apply(left, right))


def refuse_big_power(base: Any, exponent: Any) -> None:
    """Refuse a power whose result has more digits than MAX_NUMBER, before computing it (9 ** 9 ** 9 takes hours)."""
    if not (is_number(base) and is_number(exponent)):
        return
    refuse_big_number(base)
    refuse_big_number(exponent)
    if base == 0 or exponent == 0:
        return
    digits = float(exponent) * math.log10(abs(float(base)))  # the result's size in powers of ten
    if digits > math.log10(MAX_NUMBER):
        raise TooBig(f"en potens (**) giver et tal over {format_integer(MAX_NUMBER)}")


def refuse_big_repetition(left: Any, right: Any) -> None:
    """Refuse a text or list repeated beyond its bound ('x' * 10 ** 9), before making it."""
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int) and times > 0:
            if isinstance(sequence, str) and len(sequence) * times > MAX_TEXT:
                raise too_long_text()
            if not isinstance(sequence, str) and len(sequence) * times > MAX_ITEMS:
                raise too_long_list()
            if not isinstance(sequence, str) and text_size(sequence) * times > MAX_TEXT:
                raise too_long_text()


def refuse_big_sum(left: Any, right: Any) -> None:
    """Refuse texts or lists added beyond their bound, before making them."""
    if isinstance(left, str) and isinstance(right, str) and len(left) + len(right) > MAX_TEXT:
        raise too_long_text()
    if isinstance(left, list | tuple) and isinstance(right, list | tuple) and len(left) + len(right) > MAX_ITEMS:
        raise too_long_list()


def refuse_big_format(text: str, values: Any) -> None:
    """Refuse a %-formatting with a width or precision beyond MAX_WIDTH, or whose result would be too long."""
    conversions = 0
    for match in _PRINTF.finditer(text):
        for size in match.group(1, 2):
            if size == "*" or (size and int(size) > MAX_WIDTH):
                raise too_wide(size)
        conversions += 1
    if isinstance(values, Mapping):
        items: Iterable[Any] = values.values()
    else:
        items = values if isinstance(values, tuple) else (values,)
    longest = max((text_size(item) for item in items), default=0)
    if len(text) + conversions * (MAX_WIDTH + longest) > MAX_TEXT:
        raise too_long_text()


def bounded_range(*arguments: int) -> range:
    """Return range(…) as Python makes it, refused when it has more than MAX_RANGE numbers."""
    numbers = range(*arguments)
    try:
        count = len(numbers)
    except OverflowError:  # more numbers than Python can count
        count = MAX_RANGE + 1
    if count > MAX_RANGE:
        raise TooBig(f"range(…) giver over {format_integer(MAX_RANGE)} tal")
    return numbers


def bounded_lipsum(lipsum: Callable[..., str]) -> Callable[..., str]:
    """Return Jinja's lipsum(…), refused beyond MAX_LIPSUM paragraphs and words."""

    def bounded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        paragraphs, words = MAX_LIPSUM
        if n > paragraphs or max > words or min > words:
            raise TooBig(f"lipsum(…) giver højst {paragraphs} afsnit på højst {words} ord")
        return lipsum(n, html, min, max)

    return bounded


def refused_call(owner: Any, name: str) -> TooBig | None:
    """Return why a template may not call a method of an object (a text's .ljust(10 ** 9)), or None when it may."""
    if isinstance(owner, str | bytes | bytearray) and name not in TEXT_METHODS:
        return TooBig(
            f"tekstmetoden .{name}(…) kan ikke bruges i skabeloner, fordi den kan lave meget lange tekster; brug et "
            "filter som |center, |replace, |join eller |format"
        )
    if isinstance(owner, int) and name == "to_bytes":
        return too_long_text()
    if isinstance(owner, list | dict | set) and len(owner) >= MAX_ITEMS:
        return too_long_list()
    return None


def bounded_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Return the filters that can make big texts or lists, each refusing beyond its bound before it does."""
    original = dict(filters)

    def printing(name: str) -> Callable[..., Any]:
        def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
            refuse_big_text(value)
            return original[name](value, *args, **kwargs)

        return bounded

    @pass_eval_context
    def tojson(eval_ctx: EvalContext, value: Any, indent: int | None = None) -> Any:
        refuse_big_text(value)
        if indent is not None and indent > MAX_WIDTH:
            raise too_wide(indent)
        return original["tojson"](eval_ctx, value, indent)

    @pass_eval_context
    def xmlattr(eval_ctx: EvalContext, d: Mapping[str, Any], autospace: bool = True) -> Any:
        refuse_big_text(d)
        return original["xmlattr"](eval_ctx, d, autospace)

    def center(value: Any, width: int = 80) -> Any:
        if width > MAX_WIDTH:
            raise too_wide(width)
        return original["center"](value, width)

    def indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> Any:
        if isinstance(width, int) and width > MAX_WIDTH:
            raise too_wide(width)
        text, step = str(s), width if isinstance(width, int) else len(str(width))
        if len(text) + (text.count("\n") + 1) * step > MAX_TEXT:
            raise too_long_text()
        return original["indent"](s, width, first, blank)

    @pass_environment
    def wordwrap(
        environment: Environment,
        s: Any,
        width: int = 79,
        break_long_words: bool = True,
        wrapstring: str | None = None,
        break_on_hyphens: bool = True,
    ) -> Any:
        text = str(s)
        lines = len(text) // max(width, 1) + text.count("\n") + 1
        if len(text) + lines * len(wrapstring or environment.newline_sequence) > MAX_TEXT:
            raise too_long_text()
        return original["wordwrap"](environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def format_(value: Any, *args: Any, **kwargs: Any) -> Any:
        refuse_big_format(str(value), kwargs or args)
        return refuse_big(original["format"](value, *args, **kwargs))

    @pass_eval_context
    def join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> Any:
        items = list(value)
        parts = items if attribute is None else [attribute_of(eval_ctx.environment, item, attribute) for item in items]
        if sum(text_size(part) for part in parts) + len(str(d)) * len(parts) > MAX_TEXT:
            raise too_long_text()
        return original["join"](eval_ctx, items, d, attribute)

    @pass_eval_context
    def replace(eval_ctx: EvalContext, s: Any, old: Any, new: Any, count: int | None = None) -> Any:
        text, old_text, new_text = str(s), str(old), str(new)
        times = text.count(old_text) if old_text else len(text) + 1
        if count is not None and count >= 0:
            times = min(times, count)
        if len(text) + times * (len(new_text) - len(old_text)) > MAX_TEXT:
            raise too_long_text()
        return original["replace"](eval_ctx, s, old, new, count)

    def batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        if linecount > MAX_ITEMS:
            raise too_long_list()
        return original["batch"](value, linecount, fill_with)

    @pass_eval_context
    def slice_(eval_ctx: EvalContext, value: Any, slices: int, fill_with: Any = None) -> Any:
        if slices > MAX_ITEMS:
            raise too_long_list()
        return original["slice"](eval_ctx, value, slices, fill_with)

    @pass_environment
    def sum_(
        environment: Environment, iterable: Iterable[Any], attribute: str | int | None = None, start: Any = 0
    ) -> Any:
        items = list(iterable)
        parts = items if attribute is None else [attribute_of(environment, item, attribute) for item in items]
        if isinstance(start, list | tuple) and len(start) + sum(map(length_of, parts)) > MAX_ITEMS:
            raise too_long_list()
        return refuse_big(original["sum"](environment, items, attribute, start))

    replaced: dict[str, Callable[..., Any]] = {
        name: printing(name) for name in ("string", "e", "escape", "forceescape", "pprint", "urlencode")
    }
    replaced |= {"tojson": tojson, "xmlattr": xmlattr, "center": center, "indent": indent, "wordwrap": wordwrap}
    replaced |= {"format": format_, "join": join, "replace": replace, "batch": batch, "slice": slice_, "sum": sum_}
    return replaced


def attribute_of(environment: Environment, item: Any, attribute: str | int) -> Any:
    """Return an item's attribute as Jinja's filters look it up ("navn", "adresse.by", 0)."""
    for part in str(attribute).split(".") if isinstance(attribute, str) else [attribute]:
        item = environment.getitem(item, int(part) if isinstance(part, str) and part.isdigit() else part)
    return item


def length_of(value: Any) -> int:
    """Return a list's length, and 0 for what is not one."""
    return len(value) if isinstance(value, list | tuple) else 0
