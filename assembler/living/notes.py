"""What assembler's comments in an updated report say: what the workbook gives now, what differs, and what to do.

A comment quotes whole texts and whole words, never cut: the workbook's text, what assembler wrote
last (»før«), and the words and figures that differ; a table is quoted as the rows that differ.
Its advice is what works in Word: emptying a frame (its text deleted, the frame kept: Word then
shows its placeholder) makes the next build write the workbook's version; deleting the frame
removes the part for good.
"""

from __future__ import annotations

import difflib

from assembler.living.visible import Shown

EMPTY_FRAME = (
    "Vil I have projektmappens version her, så tøm rammen (slet teksten i den, men ikke selve rammen), og byg "
    "igen. Slet rammen, hvis delen slet ikke skal med; så kommer den ikke igen."
)
EMPTY_STORY = "Vil I have projektmappens tekst i {story}, så slet jeres tekst dér (lad linjen stå tom), og byg igen."
STORY_NAMES = {"sidefod": "sidefoden", "sidehoved": "sidehovedet"}
PROPERTY_NAMES = {
    "title": "titel",
    "subject": "emne",
    "creator": "forfatter",
    "keywords": "nøgleord",
    "description": "kommentarer",
    "category": "kategori",
    "language": "sprog",
    "identifier": "id",
}


def changed_note(now: Shown, before: Shown | None, role: str = "body") -> str:
    """Say what the workbook gives now for a part the person changed, what differs, and how to take it."""
    where = _where(role)
    kind = role.partition(":")[0]
    advice = EMPTY_STORY.format(story=STORY_NAMES[kind]) if kind in STORY_NAMES else EMPTY_FRAME
    if now.table:
        rows = _table_changes(now.lines, before.lines if before is not None else ())
        return f"{where}Projektmappen giver nu andre rækker i tabellen: {rows}. {advice}"
    text = _quoted(now.text)
    if before is None:
        return f"{where}Projektmappen giver nu: {text}. {advice}"
    changes = _word_changes(before.text, now.text)
    return f"{where}Projektmappen giver nu: {text} (før: {_quoted(before.text)}). Ændret: {changes}. {advice}"


def template_note(now: Shown, before: Shown) -> str:
    """Say that the template's text changed where the person had changed it."""
    return (
        f"Skabelonen har nu: {_quoted(now.text)} (før: {_quoted(before.text)}). I har rettet teksten her, så "
        "den er ikke ændret. Ret den selv, hvis den skal følge skabelonen."
    )


def gone_note(before: Shown, *, was_placeholder: bool, role: str = "body") -> str:
    """Say that the workbook no longer gives a part the person changed (or typed into when it was a placeholder)."""
    where = _where(role)
    if was_placeholder:
        return (
            f"{where}I skrev her, mens projektmappen ikke havde noget at sætte ind. Nu giver projektmappen selv "
            "delen, og den står efter jeres tekst. Slet det af de to, der ikke skal med."
        )
    return (
        f"{where}Projektmappen giver ikke længere denne del (assembler skrev sidst: {_quoted(before.text)}). "
        "I har rettet i den, så den står her stadig. Slet rammen, hvis den ikke skal med."
    )


def property_note(name: str, now: str, before: str | None) -> str:
    """Say what the workbook gives now for a document property the person changed in Word."""
    label = PROPERTY_NAMES.get(name, name)
    was = "" if before is None else f" (før: {_quoted(before)})"
    return (
        f"Dokumentets {label} (Filer › Oplysninger) giver projektmappen nu som {_quoted(now)}{was}, men I har "
        f"rettet den i Word, så den er ikke ændret. Slet den i Word, så skriver assembler projektmappens ved "
        "næste bygning."
    )


def _where(role: str) -> str:
    kind = role.partition(":")[0]
    return f"I {STORY_NAMES[kind]}: " if kind in STORY_NAMES else ""


def _quoted(text: str) -> str:
    return "»" + " / ".join(line for line in text.split("\n") if line.strip()) + "«"


def _word_changes(before: str, now: str) -> str:
    """Return the words and figures that differ between two texts, whole: »9.« → »14.«; »ny« tilføjet."""
    old, new = before.split(), now.split()
    changes = []
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if operation == "replace":
            changes.append(f"»{' '.join(old[i1:i2])}« → »{' '.join(new[j1:j2])}«")
        elif operation == "delete":
            changes.append(f"»{' '.join(old[i1:i2])}« udgår")
        elif operation == "insert":
            changes.append(f"»{' '.join(new[j1:j2])}« tilføjet")
    return "; ".join(changes) or "formateringen"


def _table_changes(now: tuple[str, ...], before: tuple[str, ...]) -> str:
    """Return the rows that differ: each changed row beside what it was, new rows and rows gone."""
    changes = []
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, now, autojunk=False).get_opcodes():
        if operation == "replace" and i2 - i1 == j2 - j1:
            changes += [f"»{new}« (før: »{old}«)" for old, new in zip(before[i1:i2], now[j1:j2], strict=True)]
        elif operation in ("replace", "insert", "delete"):
            changes += [f"ny række »{row}«" for row in now[j1:j2]]
            changes += [f"rækken »{row}« udgår" for row in before[i1:i2]]
    return "; ".join(changes) or "formateringen er ændret"
