"""Finding assembler's parts in an edited story: its controls by tag, the rest by what assembler wrote there.

A control of assembler's is found by its tag, wherever it stands and however often (a copy keeps
its tag). A bare block is compared with what assembler last wrote (the base), in order: where it
shows exactly what a template block or the content of a control showed, it is that block (left
alone, or a frame's content after »Fjern indholdskontrol«); where it stands in the same place as
one and reads much like it, it is that block as the person changed it. Every other bare block is
the person's own.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from lxml import etree

from assembler.living.stories import Part, Story, control_tag, outer_controls
from assembler.living.visible import Shown, combined

SIMILAR = 0.6  # how alike (difflib's ratio) an edited block must read to the one it stands in for


@dataclass
class Instance:
    """Where a part stands in the edited story, what it shows there, and whether the person changed it.

    `kind` is 'control' (one of assembler's, by tag), 'unwrapped' (a frame's content without the
    frame) or 'template' (template text). `touched` is None when the base has nothing to compare with.
    """

    identity: str
    elements: list[etree._Element]
    seen: Part  # what it shows, as a part of the edited story
    kind: str
    touched: bool | None
    placeholder: bool = False
    body_level: bool = True

    @property
    def shown(self) -> Shown:
        """What it shows."""
        return self.seen.shown

    @property
    def holds_own_text(self) -> bool:
        """True when the person wrote in it: changed since assembler wrote it, and not emptied."""
        return bool(self.touched) and not (self.placeholder or self.shown.empty)


@dataclass(frozen=True)
class _Bare:
    """A bare block of the base, as an unwrapped part may show it: its part, its place in the part, what it shows."""

    part: Part
    index: int
    shown: Shown


def find_parts(mine: Story, base: list[Part]) -> dict[str, list[Instance]]:
    """Return where each of assembler's parts stands in the edited story (see the module's description)."""
    known = {part.identity: part for part in base}
    found: dict[str, list[Instance]] = {}
    for sdt in outer_controls(mine.container):
        tag = str(control_tag(sdt))
        now = mine.control_part(tag, sdt)
        last = known.get(tag)
        if last is not None and last.story is not None and now.same_as(last):
            now.twin = last  # as assembler wrote it, to the byte: no walk needed
        touched = None if last is None else not now.shows_same(last)
        body_level = sdt.getparent() is mine.container
        instance = Instance(tag, [sdt], now, "control", touched, now.placeholder, body_level)
        found.setdefault(tag, []).append(instance)
    at_body_level = {tag for tag, instances in found.items() if any(i.body_level for i in instances)}
    blocks = mine.blocks()
    mine_keys: list[str] = []
    bare: dict[int, Shown] = {}
    for number, block in enumerate(blocks):
        name = control_tag(block)
        if name is None:
            bare[number] = mine.block(block)
            mine_keys.append("b" + bare[number].signature)
        else:
            mine_keys.append("c" + name)
    base_keys: list[str] = []
    base_items: list[_Bare | None] = []
    for part in base:
        if part.control and part.identity in at_body_level:
            base_keys.append("c" + part.identity)
            base_items.append(None)
        else:
            for index, shows in enumerate(part.inner):
                base_keys.append("b" + shows.signature)
                base_items.append(_Bare(part, index, shows))
    matched: dict[int, tuple[_Bare, bool]] = {}
    matcher = difflib.SequenceMatcher(None, mine_keys, base_keys, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            for offset in range(i2 - i1):
                item = base_items[j1 + offset]
                if item is not None:
                    matched[i1 + offset] = (item, True)
        elif operation == "replace":
            pairs = _similar_pairs([(i, bare[i]) for i in range(i1, i2) if i in bare], base_items[j1:j2])
            matched.update((i, (item, False)) for i, item in pairs)
    _add_found(found, blocks, matched, bare, mine)
    return found


def given(identity: str, elements: list[etree._Element], inner: tuple[Shown, ...]) -> Part:
    """Return bare blocks of the edited story as a part that shows what its blocks were found to show."""
    return Part(identity, elements, None, control=False, given_inner=inner, given_shown=combined(inner))


def _similar_pairs(mine: list[tuple[int, Shown]], base: list[_Bare | None]) -> list[tuple[int, _Bare]]:
    """Pair the edited blocks with the base's blocks they read much like, keeping both in order."""
    pairs: list[tuple[int, _Bare]] = []
    start = 0
    for number, shows in mine:
        if shows.empty:
            continue
        best, best_at, best_ratio = None, start, SIMILAR
        for at in range(start, len(base)):
            item = base[at]
            if item is None or item.shown.empty:
                continue
            matcher = difflib.SequenceMatcher(None, shows.text, item.shown.text, autojunk=False)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_at, best_ratio = item, at, ratio
        if best is not None:
            pairs.append((number, best))
            start = best_at + 1
    return pairs


def _add_found(
    found: dict[str, list[Instance]],
    blocks: list[etree._Element],
    matched: dict[int, tuple[_Bare, bool]],
    bare: dict[int, Shown],
    mine: Story,
) -> None:
    """Add the bare blocks found again: template text, and frames' content by the frame they came from."""
    unwrapped: dict[str, list[tuple[int, _Bare, bool]]] = {}
    for number in sorted(matched):
        item, exact = matched[number]
        if item.part.control:
            unwrapped.setdefault(item.part.identity, []).append((number, item, exact))
        else:
            seen = given(item.part.identity, [blocks[number]], (bare[number],))
            instance = Instance(item.part.identity, [blocks[number]], seen, "template", not exact)
            found.setdefault(item.part.identity, []).append(instance)
    for identity, pieces in unwrapped.items():
        numbers = [number for number, _, _ in pieces]
        elements = [blocks[number] for number in numbers]
        whole = (
            all(exact for _, _, exact in pieces)
            and [item.index for _, item, _ in pieces] == list(range(len(pieces[0][1].part.inner)))
            and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        )
        seen = given(identity, elements, tuple(bare[number] for number in numbers))
        instance = Instance(identity, elements, seen, "unwrapped", not whole)
        found.setdefault(identity, []).append(instance)
