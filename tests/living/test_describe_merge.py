"""The line about an updated report: every count with its noun in the form the number takes."""

from __future__ import annotations

import pytest

from assembler.living.merge import Merge
from assembler.living.write import describe_merge


@pytest.mark.parametrize(
    ("counts", "note"),
    [
        ({}, "0 felter ændret, jeres tekst bevaret"),
        (
            {"changed": 1, "added": 1, "removed": 1, "conflicts": 1},
            "1 felt ændret, jeres tekst bevaret; 1 nyt afsnit indsat; 1 afsnit fjernet, som projektmappen ikke "
            "længere giver; 1 felt, som I har rettet, er ikke opdateret (se kommentaren i dokumentet)",
        ),
        (
            {"changed": 7, "added": 2, "removed": 3, "conflicts": 2},
            "7 felter ændret, jeres tekst bevaret; 2 nye afsnit indsat; 3 afsnit fjernet, som projektmappen ikke "
            "længere giver; 2 felter, som I har rettet, er ikke opdateret (se kommentarerne i dokumentet)",
        ),
    ],
)
def test_an_update_counts_with_the_nouns_right_form(counts: dict[str, int], note: str) -> None:
    assert describe_merge(Merge(b"updated", {}, **counts)) == note


def test_an_update_that_changed_nothing_says_so() -> None:
    assert describe_merge(Merge(None, {})) == "ingen nye tal fra projektmappen, og jeres tekst er urørt"
