"""Text as a workbook stores it: the shared string table, and the rich text of a string (an <si> or an <is>)."""

from __future__ import annotations

import zipfile

from assembler.read.xmlparts import main, new_parser

_STRING = main("si")
_TEXT = main("t")
_PHONETIC = main("rPh")


class RichText:
    """The characters of a rich text as it reads: its <t> and its runs' <t>, not the phonetic guide's (<rPh>)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self._phonetic = 0

    def collector(self, name: str) -> list[str] | None:
        """Note an element's start inside the text; return where its characters go, if they are the text's."""
        if name == _PHONETIC:
            self._phonetic += 1
        elif name == _TEXT and not self._phonetic:
            return self.pieces
        return None

    def closed(self, name: str) -> None:
        """Note an element's end inside the text."""
        if name == _PHONETIC:
            self._phonetic -= 1

    def text(self) -> str:
        """Return the text read so far."""
        return "".join(self.pieces)


def read_shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    """Return the workbook's shared strings in their order, as written (Excel's _xHHHH_ escapes kept).

    openpyxl drops 'x005F_' from shared strings (not from inline ones), so Excel's escaped
    underscore in a literal '_x000B_' would read as an escaped control character.
    """
    if part is None:
        return []
    table = _StringTable()
    parser = new_parser()
    parser.StartElementHandler = table.start
    parser.EndElementHandler = table.end
    parser.CharacterDataHandler = table.characters
    with archive.open(part) as stream:
        parser.ParseFile(stream)
    return table.strings


class _StringTable:
    """The parser's handlers for sharedStrings.xml: one string per <si>."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._current: RichText | None = None
        self._collecting: list[str] | None = None

    def start(self, name: str, _: object) -> None:
        if name == _STRING:
            self._current = RichText()
        elif self._current is not None:
            self._collecting = self._current.collector(name)

    def end(self, name: str) -> None:
        if self._current is None:
            return
        if name == _STRING:
            self.strings.append(self._current.text())
            self._current = None
        else:
            self._current.closed(name)
        self._collecting = None

    def characters(self, data: str) -> None:
        if self._collecting is not None:
            self._collecting.append(data)
