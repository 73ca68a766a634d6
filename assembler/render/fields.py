"""The template context's schema, read from its dataclasses: what `templates fields` lists and
what the template check resolves names against, so the two cannot drift from what is rendered."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any

from assembler.context import Chart, Kontekst


@dataclass(frozen=True)
class ListOf:
    """The type of a list field: what each item is."""

    item: Any


Schema = Any  # a context dataclass, ListOf(...), or a plain type (str, bool, int)


@dataclass(frozen=True)
class FieldDoc:
    """One line of `templates fields`: a variable or a loop, with its description and example."""

    owner: type
    name: str
    path: str
    description: str
    example: str
    depth: int
    loop: str = ""


def is_record(schema: Schema) -> bool:
    """True for a context dataclass whose fields a template may reach (a chart is a leaf)."""
    return dataclasses.is_dataclass(schema) and schema is not Chart


@cache
def record_schema(record: type) -> dict[str, Schema]:
    """Return the schema of each field of a record (resolving annotations is slow, so once per class)."""
    hints = typing.get_type_hints(record)
    return {f.name: as_schema(hints[f.name]) for f in dataclasses.fields(record)}


def field_schema(record: type, name: str) -> Schema | None:
    """Return the schema of a record's field, or None when the record has no such field."""
    return record_schema(record).get(name)


def as_schema(annotation: Any) -> Schema:
    """Turn a type annotation into a schema: list[X] becomes ListOf(X)."""
    if typing.get_origin(annotation) is list:
        return ListOf(as_schema(typing.get_args(annotation)[0]))
    return annotation


def field_names(record: type) -> list[str]:
    """Return a record's field names, in declaration order."""
    return list(record_schema(record))


def loop_variable(item: Schema) -> str:
    """Return the name the listing uses for a loop's item: Moede → 'moede'."""
    return item.__name__.lower() if is_record(item) else "tekst"


def describe_fields(root: type = Kontekst) -> list[FieldDoc]:
    """Return every variable and loop a template may use, depth first, in declaration order."""
    docs: list[FieldDoc] = []
    _walk(root, "", 0, docs)
    return docs


def _walk(record: type, prefix: str, depth: int, docs: list[FieldDoc]) -> None:
    hints = typing.get_type_hints(record)
    for item in dataclasses.fields(record):
        path = f"{prefix}{item.name}"
        schema = as_schema(hints[item.name])
        description = str(item.metadata.get("beskrivelse", ""))
        example = str(item.metadata.get("eksempel", ""))
        if isinstance(schema, ListOf):
            variable = loop_variable(schema.item)
            loop = f"{{% for {variable} in {path} %}} … {{% endfor %}}"
            docs.append(FieldDoc(record, item.name, path, description, example, depth, loop))
            if is_record(schema.item):
                _walk(schema.item, f"{variable}.", depth + 1, docs)
        elif schema is Chart:
            docs.append(FieldDoc(record, item.name, path, f"{description} (skriv feltet alene i et afsnit)", "", depth))
        else:
            docs.append(FieldDoc(record, item.name, path, description, example, depth))
            if is_record(schema):
                _walk(schema, f"{path}.", depth + 1, docs)


def format_fields(docs: list[FieldDoc]) -> list[str]:
    """Return the listing's lines: path, description, and the example or the loop to write."""
    width = max(len("  " * d.depth + d.path) for d in docs) + 2
    lines = []
    for doc in docs:
        name = ("  " * doc.depth + doc.path).ljust(width)
        extra = f" – løkke: {doc.loop}" if doc.loop else (f" (fx {doc.example})" if doc.example else "")
        lines.append(f"{name}{doc.description}{extra}".rstrip())
    return lines
