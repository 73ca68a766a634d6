"""A .docx held for editing is saved with the members no one changed as they were, compressed as they were."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from assembler.living.package import DOCUMENT, Package
from assembler.wordxml import W_NS as W

BODY = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>før</w:t></w:r></w:p></w:body></w:document>'.encode()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>", zipfile.ZIP_DEFLATED)
        archive.writestr(DOCUMENT, BODY, zipfile.ZIP_DEFLATED)
        archive.writestr("word/styles.xml", b"<styles>" + b"x" * 5000 + b"</styles>", zipfile.ZIP_DEFLATED)
        archive.writestr("word/media/image1.png", b"\x89PNG stored as it is", zipfile.ZIP_STORED)
        archive.writestr("docProps/app.xml", "<Properties>æøå</Properties>".encode(), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def compression(data: bytes, name: str) -> int:
    """Return how a member is compressed in a zip file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(name).compress_type


def test_unchanged_members_keep_their_bytes_and_compression_and_changed_ones_are_written_anew() -> None:
    original = docx_bytes()
    package = Package.read(original)
    package.xml(DOCUMENT).find(f".//{{{W}}}t").text = "efter"
    assert package.members["docProps/app.xml"].decode() == "<Properties>æøå</Properties>"  # read, not changed
    saved = package.to_bytes()
    with zipfile.ZipFile(io.BytesIO(saved)) as archive, zipfile.ZipFile(io.BytesIO(original)) as before:
        assert archive.testzip() is None
        assert archive.namelist() == before.namelist()
        assert etree.fromstring(archive.read(DOCUMENT)).findtext(f".//{{{W}}}t") == "efter"
        for name in ("word/styles.xml", "word/media/image1.png", "docProps/app.xml", "[Content_Types].xml"):
            assert archive.read(name) == before.read(name)
    for name in ("word/styles.xml", "word/media/image1.png", "[Content_Types].xml"):
        assert compression(saved, name) == compression(original, name)
    assert compression(saved, "word/media/image1.png") == zipfile.ZIP_STORED


def test_a_package_with_every_member_read_needs_no_copy() -> None:
    package = Package.read(docx_bytes())
    for name in list(package.members):
        package.members[name]
    with zipfile.ZipFile(io.BytesIO(package.to_bytes())) as archive:
        assert archive.read("word/styles.xml").startswith(b"<styles>x")
