"""The boundary with the file system: names shown safely, and OS errors turned into Danish reasons.

Every read of an input path and every write of an output goes through the functions here or
through a module that uses them (sources, sniff, workbook, output), so an `OSError` or a
`UnicodeError` becomes a located problem naming the file, never a traceback.
"""

from __future__ import annotations

import errno
import re
import unicodedata
from pathlib import Path

# Characters that would move the cursor, change colours or split a line in a terminal, a log or
# FEJL.txt: C0 and C1 controls, DEL, and the marks that reverse the direction of the text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# A byte of a file name that is not UTF-8 reaches Python as a lone surrogate U+DC80-U+DCFF.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

_READ_REASONS = {
    errno.EACCES: "der er ikke læseadgang til den",
    errno.EPERM: "der er ikke læseadgang til den",
    errno.EISDIR: "det er en mappe, ikke en fil",
    errno.ENOENT: "den findes ikke (længere)",
    errno.ELOOP: "den er en genvej (symbolsk link), der peger på sig selv",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EIO: "drevet kunne ikke læse den (I/O-fejl)",
}
_WRITE_REASONS = {
    errno.ENOSPC: "disken er fuld",
    errno.EDQUOT: "der er ikke mere plads til jer på drevet",
    errno.EACCES: "der er ikke skriveadgang, eller filen er åben i et andet program (så luk den)",
    errno.EPERM: "der er ikke skriveadgang",
    errno.EROFS: "drevet er skrivebeskyttet",
    errno.EEXIST: "der ligger en fil med samme navn som mappen",
    errno.ENOTDIR: "der ligger en fil med samme navn som mappen",
    errno.EISDIR: "der ligger en mappe med samme navn",
    errno.ENAMETOOLONG: "navnet er for langt",
}


def printable(text: str) -> str:
    """Return text safe for a terminal, a log line or FEJL.txt: controls escaped, undecodable bytes shown as bytes."""
    text = _ESCAPED_BYTE.sub(lambda m: "".join(f"\\x{ord(c) - 0xDC00:02x}" for c in m.group()), text)
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def decoded_name(name: str) -> str:
    """Return a name, its non-UTF-8 bytes read as Windows' Latin-1 (cp1252), as old shares wrote them."""

    def latin(match: re.Match[str]) -> str:
        raw = match.group().encode("utf-8", "surrogateescape")
        return raw.decode("cp1252", errors="replace")

    return unicodedata.normalize("NFC", _LONE_SURROGATE.sub("\ufffd", _ESCAPED_BYTE.sub(latin, name)))


def name_bytes(name: str) -> bytes:
    """Return a name as the bytes the file system holds (undecodable bytes kept as they were)."""
    return name.encode("utf-8", "surrogateescape")


def read_reason(err: OSError) -> str:
    """Return, in Danish, why a file or folder could not be read."""
    return _READ_REASONS.get(err.errno or 0, err.strerror or type(err).__name__)


def write_reason(err: OSError) -> str:
    """Return, in Danish, why a file could not be written."""
    return _WRITE_REASONS.get(err.errno or 0, err.strerror or type(err).__name__)


def describe_read_error(err: OSError) -> str:
    """Return the message for an input that could not be read."""
    return f"filen kan ikke læses: {read_reason(err)}. Ret adgangen (eller flyt filen), og prøv igen."


def describe_input_error(path: Path, err: OSError) -> str:
    """Return the message for an input file that could not be read; a dangling link is named as one."""
    if path.is_symlink() and not path.exists():
        try:
            target = printable(str(path.readlink()))
        except OSError:
            target = "en fil"
        return (
            f"filen er en genvej (symbolsk link) til {target}, som ikke findes. "
            "Læg selve projektmappen i mappen, eller ret genvejen."
        )
    return describe_read_error(err)


def describe_folder_error(err: OSError) -> str:
    """Return the message for a plan folder whose list of files could not be read."""
    return f"mappen kan ikke læses: {read_reason(err)}. Ret adgangen (eller flyt mappen), og prøv igen."


def describe_write_error(path: Path, err: OSError) -> str:
    """Return a Danish message for a failed write, saying that the file there is as it was."""
    name = printable(path.name)
    return f"kunne ikke skrive {name}: {write_reason(err)}. {name} er ikke ændret."


def describe_existing_error(path: Path, err: OSError) -> str:
    """Return a Danish message for an existing report that could not be read to see whether it was edited."""
    name = printable(path.name)
    return (
        f"kunne ikke læse den eksisterende {name} for at se, om den er redigeret: {read_reason(err)}. "
        f"{name} er ikke ændret."
    )
