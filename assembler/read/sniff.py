"""Telling, from a file's bytes and zip directory alone, why it is not a workbook assembler can read safely.

Everything here runs before any XML is parsed, so a hostile or broken file is turned away in
bounded time and memory, with a message that says what the file is and what to do with it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import olefile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
SAVE_AS_XLSX = "Åbn den i Excel og vælg Gem som › Excel-projektmappe (.xlsx)."
OPEN_AND_SAVE = "Åbn den i Excel og gem den igen."
COPY_IN_PROGRESS = "Hvis den er ved at blive kopieret, så prøv igen, når kopieringen er færdig"

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# Excel's XML packs 5-30 times; deflate cannot pack more than about 1000 times.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024
PROLOG_SCAN_BYTES = 64 * 1024
HEAD_BYTES = 4096

# The zip methods Python unpacks: stored, deflate (Excel's), bzip2 and lzma.
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_ENCRYPTED_FLAG = 0x1
_METHOD_NAMES = {1: "Shrink", 6: "Implode", 9: "Deflate64", 93: "Zstandard", 95: "XZ", 98: "PPMd", 99: "AES"}

_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
# What olefile raises for a container it cannot read: it checks as it goes, with no one error type.
OLE2_ERRORS = (OSError, EOFError, ValueError, IndexError, KeyError, TypeError, struct.error, RecursionError)


def sniff_file(path: Path) -> str | None:
    """Tell why a file is not a readable .xlsx workbook, or None when it may be one."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
        if not head:
            return f"filen er tom (0 byte). {COPY_IN_PROGRESS}."
        if head.startswith(OLE2_MAGIC):
            handle.seek(0)
            return describe_ole2(ole2_names(handle))
    if not head.startswith(ZIP_MAGIC):
        return describe_non_zip(path, head)
    try:
        with zipfile.ZipFile(path) as archive:
            return describe_zip_contents(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError):
        return describe_damaged()


def describe_damaged() -> str:
    """Return the message for a zip that cannot be unpacked: half copied, or broken."""
    return f"filen er ufuldstændig eller beskadiget. {COPY_IN_PROGRESS}; ellers åbn den i Excel og gem den igen."


def describe_ole2(names: set[str] | None) -> str:
    """Tell an encrypted workbook from an old .xls or another old Office file (all OLE2 containers)."""
    if names is not None and names & {"EncryptedPackage", "EncryptionInfo"}:
        return (
            "projektmappen er beskyttet med en adgangskode (eller krypteret med en følsomhedsmærkat). "
            "Åbn den i Excel, fjern adgangskoden (Filer › Info › Beskyt projektmappe) og gem den igen."
        )
    if names is not None and names & {"Workbook", "Book"}:
        return "filen er i det gamle Excel-format (.xls). " + SAVE_AS_XLSX
    if names is not None and "WordDocument" in names:
        return "filen er et gammelt Word-dokument (.doc), ikke en Excel-projektmappe."
    return "filen er en ældre Office-fil, ikke en Excel-projektmappe (.xlsx). " + SAVE_AS_XLSX


def describe_non_zip(path: Path, head: bytes) -> str:
    """Describe a file that is neither a zip nor an OLE2 container: a PDF, a web page, a CSV file."""
    if head.startswith(b"%PDF"):
        return "filen er en PDF-fil, ikke en Excel-projektmappe."
    text = decode_text(head)
    start = (text or "").lstrip().casefold()
    if start.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in start:
            return "filen er et XML-regneark fra Excel 2003. " + SAVE_AS_XLSX
        if "<html" in start or "<table" in start or "<!doctype html" in start:
            return "filen er en webside (HTML) med en Excel-endelse, ikke en rigtig Excel-projektmappe. " + SAVE_AS_XLSX
        return "filen er en XML-fil, ikke en Excel-projektmappe. " + SAVE_AS_XLSX
    if path.suffix.lower() in {".csv", ".txt"} or text is not None:
        return "filen er en tekst- eller CSV-fil, ikke en Excel-projektmappe. " + SAVE_AS_XLSX
    return "filen er ikke en Excel-projektmappe. " + SAVE_AS_XLSX


def decode_text(head: bytes) -> str | None:
    """Return the start of a file as text when it reads as UTF-8 or UTF-16 text, else None."""
    encoding = "utf-8"
    for bom, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            head, encoding = head[len(bom) :], name
            break
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as err:
        # The head may end inside a character; a bad byte anywhere earlier means it is not text.
        if err.start < len(head) - 4:
            return None
        text = head[: err.start].decode(encoding)
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return None
    return text


def describe_zip_contents(archive: zipfile.ZipFile) -> str | None:
    """Describe a zip that is not an .xlsx workbook, or one that is unsafe to unpack; None if it is fine."""
    names = set(archive.namelist())
    if "xl/workbook.bin" in names:
        return "filen er en binær Excel-projektmappe (.xlsb). " + SAVE_AS_XLSX
    if "word/document.xml" in names:
        return "filen er et Word-dokument, ikke en Excel-projektmappe. Læg projektmappen (.xlsx) i stedet."
    if "content.xml" in names and "mimetype" in names:
        return "filen er et OpenDocument-regneark (.ods). " + SAVE_AS_XLSX
    if any(name.startswith("Index/") and name.endswith(".iwa") for name in names) or "Index.zip" in names:
        return "filen er et Numbers-regneark. Eksportér det fra Numbers som Excel-projektmappe (.xlsx)."
    if "xl/workbook.xml" not in names:
        return "filen er en zip-fil, men ikke en Excel-projektmappe. " + SAVE_AS_XLSX
    problem = describe_unreadable_members(archive.infolist()) or describe_unsafe_sizes(archive.infolist())
    if problem is not None:
        return problem
    for info in archive.infolist():
        if not info.is_dir() and part_declares_dtd(archive, info):
            return (
                f"filen indeholder XML-definitioner (DTD eller entiteter) i {info.filename}, som Excel aldrig "
                "skriver; den afvises af sikkerhedshensyn. " + OPEN_AND_SAVE
            )
    if b"purl.oclc.org/ooxml" in read_head(archive, archive.getinfo("xl/workbook.xml"), HEAD_BYTES):
        return "filen er gemt som »Strict Open XML-regneark«, som assembler ikke kan læse. " + SAVE_AS_XLSX
    return None


def describe_unreadable_members(members: list[zipfile.ZipInfo]) -> str | None:
    """Refuse, from the zip directory alone, parts that are encrypted or packed in a way zipfile cannot unpack."""
    for info in members:
        if info.flag_bits & _ENCRYPTED_FLAG:
            return (
                f"delen {info.filename} i filen er krypteret (zip-kryptering), som Excel aldrig bruger. "
                "Er den pakket med en adgangskode i et zip-program, så pak den ud; "
                "ellers åbn den i Excel og gem den igen."
            )
        if info.compress_type not in SUPPORTED_COMPRESSION:
            method = _METHOD_NAMES.get(info.compress_type, f"nr. {info.compress_type}")
            return (
                f"delen {info.filename} er pakket med en metode ({method}), som assembler ikke kan pakke ud. "
                + OPEN_AND_SAVE
            )
    return None


def describe_unsafe_sizes(members: list[zipfile.ZipInfo]) -> str | None:
    """Refuse, from the zip directory alone, a file that would unpack to more than assembler reads."""
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED_BYTES:
        return (
            f"filen fylder {megabytes(unpacked)} MB udpakket; assembler læser højst "
            f"{megabytes(MAX_UNPACKED_BYTES)} MB. Er det den rigtige fil?"
        )
    for info in members:
        packed = max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM_BYTES and info.file_size > MAX_COMPRESSION_RATIO * packed:
            return (
                f"delen {info.filename} pakker sig ud fra {kilobytes(packed)} KB til {megabytes(info.file_size)} MB, "
                "langt mere end en Excel-projektmappe gør (en såkaldt zip-bombe); den afvises af sikkerhedshensyn. "
                "Er det den rigtige fil?"
            )
    return None


def megabytes(size: int) -> int:
    """Return a size in whole megabytes, rounded up."""
    return -(-size // (1024 * 1024))


def kilobytes(size: int) -> int:
    """Return a size in whole kilobytes, rounded up."""
    return -(-size // 1024)


def read_head(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """Return the first bytes of a zip member, unpacking no more than needed."""
    with archive.open(info) as part:
        return part.read(size)


def part_declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """declares_dtd of a zip member's head, unpacking only its first bytes when its prolog ends there."""
    _, rest = split_prolog(read_head(archive, info, HEAD_BYTES))
    if rest[:1] == b"<" and rest[1:2] not in (b"?", b"!", b""):
        return False  # an element follows the whole prolog: more bytes would be read the same way
    return declares_dtd(read_head(archive, info, PROLOG_SCAN_BYTES))


def declares_dtd(head: bytes) -> bool:
    """True when XML declares a DTD (where entity bombs live) or has a prolog too long to be Excel's."""
    text, rest = split_prolog(head)
    return rest.startswith(b"<!") or (not rest and len(text) >= PROLOG_SCAN_BYTES)


def split_prolog(head: bytes) -> tuple[bytes, bytes]:
    """Return the head as UTF-8 without a byte order mark, and what follows its prolog (the XML
    declaration, processing instructions, comments and spaces at the start)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    position = 0
    while match := _PROLOG_ITEM.match(head, position):
        position = match.end()
    return head, head[position:]


def ole2_names(handle: BinaryIO) -> set[str] | None:
    """Return the names of the streams and storages in an OLE2 file's directory, or None if unreadable."""
    try:
        with olefile.OleFileIO(handle) as container:
            names = {path[-1] for path in container.listdir(streams=True, storages=True)}
    except OLE2_ERRORS:  # a broken or truncated container: still an old Office file, just not which kind
        return None
    return names or None
