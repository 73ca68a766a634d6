"""The fields listing: every variable and loop of a context tree, with its description, example or loop to write."""

from __future__ import annotations

from dataclasses import dataclass

from assembler.context import Chart
from assembler.context.base import felt
from assembler.render.fields import describe_fields, format_fields


@dataclass(frozen=True)
class Deltager:
    navn: str = felt("Navn", "Lars Holm")


@dataclass(frozen=True)
class Gruppe:
    titel: str = felt("Titel", "Bestyrelsen")
    deltagere: list[Deltager] = felt("Deltagerne")


@dataclass(frozen=True)
class Rod:
    gruppe: Gruppe = felt("Gruppen")
    noter: list[str] = felt("Noterne")
    diagram: Chart = felt("Et diagram")


def test_fields_list_variables_loops_and_their_items_depth_first() -> None:
    assert [(d.path, d.depth, d.loop) for d in describe_fields(Rod)] == [
        ("gruppe", 0, ""),
        ("gruppe.titel", 1, ""),
        ("gruppe.deltagere", 1, "{% for deltager in gruppe.deltagere %} … {% endfor %}"),
        ("deltager.navn", 2, ""),
        ("noter", 0, "{% for tekst in noter %} … {% endfor %}"),
        ("diagram", 0, ""),
    ]


def test_fields_format_aligns_paths_and_shows_the_example_or_the_loop() -> None:
    assert format_fields(describe_fields(Rod)) == [
        "gruppe              Gruppen",
        "  gruppe.titel      Titel (fx Bestyrelsen)",
        "  gruppe.deltagere  Deltagerne – løkke: {% for deltager in gruppe.deltagere %} … {% endfor %}",
        "    deltager.navn   Navn (fx Lars Holm)",
        "noter               Noterne – løkke: {% for tekst in noter %} … {% endfor %}",
        "diagram             Et diagram (skriv feltet alene i et afsnit)",
    ]
