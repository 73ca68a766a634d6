"""Who has a report open: Word's owner file '~$…' and LibreOffice's lock file '.~lock.…#' beside it.

A report open in a program is not updated: the program would save its own copy over the update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LIBREOFFICE_PREFIX, LIBREOFFICE_SUFFIX = ".~lock.", "#"
# A LibreOffice lock file's fields: the name from Tools › Options › User Data, then the system user.
_OFFICE_NAME, _SYSTEM_USER = 0, 1


@dataclass(frozen=True)
class Holder:
    """A program that has a report open, and who (as the program's lock file names them)."""

    program: str
    person: str


def who_has_open(path: Path) -> Holder | None:
    """Return who has a document open in Word or LibreOffice (from their lock files), or None when nobody has."""
    for owner in word_owner_files(path):
        if owner.is_file():
            return Holder("Word", _read_name(owner, owner_name))
    lock = path.with_name(f"{LIBREOFFICE_PREFIX}{path.name}{LIBREOFFICE_SUFFIX}")
    if lock.is_file():
        return Holder("LibreOffice", _read_name(lock, lock_name))
    return None


def word_owner_files(path: Path) -> list[Path]:
    """Return the names Word may give the owner file of a document (it replaces up to two first letters)."""
    name = path.name
    return [path.with_name(f"~${rest}") for rest in dict.fromkeys((name, name[1:], name[2:]))]


def _read_name(path: Path, name_of: Callable[[bytes], str]) -> str:
    try:
        return name_of(path.read_bytes())
    except OSError:
        return "en anden"


def owner_name(data: bytes) -> str:
    """Return the user name Word writes into an owner file (a length byte, then the name)."""
    length = data[0] if data else 0
    ansi = data[1 : 1 + length].decode("cp1252", errors="replace")
    # The same name follows in UTF-16 (exact for names outside Windows's code page); where, varies.
    for start in (54, 55, 56):
        try:
            wide = data[start : start + 2 * length].decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if len(wide) == length and all(a in (w, "?") for a, w in zip(ansi, wide, strict=True)):
            return wide.strip() or "en anden"
    return ansi.strip() if ansi.isprintable() and ansi.strip() else "en anden"


def lock_name(data: bytes) -> str:
    """Return who LibreOffice's lock file names: 'name,user,host,time,profile;', with ',' ';' '\\' escaped by '\\'."""
    fields, current, escaped = [], [], False
    for char in data.decode("utf-8", errors="replace"):
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ",;":
            fields.append("".join(current))
            current = []
            if char == ";":
                break
        else:
            current.append(char)
    for index in (_OFFICE_NAME, _SYSTEM_USER):
        if index < len(fields) and fields[index].strip().isprintable() and fields[index].strip():
            return fields[index].strip()
    return "en anden"
