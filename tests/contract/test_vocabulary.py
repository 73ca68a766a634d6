import pytest

from assembler.contract.vocabulary import match, normalize, strip_invisible


@pytest.mark.parametrize(
    "text",
    [
        "Budget\u200b",  # zero-width space
        "Bud\u00adget",  # soft hyphen
        "\ufeffBudget",  # byte order mark
        "Budget\u2060",  # word joiner
        "\u200eBudget",  # left-to-right mark
        "\u00a0budget\u00a0",  # non-breaking spaces
        "BUDGET",
    ],
    ids=repr,
)
def test_normalize_ignores_invisible_characters_spaces_and_case(text: str) -> None:
    assert normalize(text) == "budget"


def test_strip_invisible_keeps_visible_text_as_it_is() -> None:
    assert strip_invisible("Tryg\u00adhed og trivsel") == "Tryghed og trivsel"
    assert strip_invisible("Åbningstider ") == "Åbningstider "


def test_match_finds_a_choice_with_an_invisible_character() -> None:
    assert match("Igang\u200bsat", ("Ikke igangsat", "Igangsat")) == "Igangsat"
