"""The fuzzer, at the boundary: any bytes in a file name, any value in a zip header field.

The result is always reports or located one-line messages, never an exception; inputs are never
changed and every output stays inside outputs/ under a name that is valid UTF-8. Same profiles as
test_fuzz.py (`make fuzz` runs many more examples).
"""

from __future__ import annotations

import os
import re
import struct
import tempfile
import zipfile
from functools import cache
from io import BytesIO
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from assembler.pipeline import PlanResult, build, check
from tests.bad_inputs.corpus import snapshot, workbook_bytes
from tests.bad_inputs.test_fuzz import PROFILE

CONTENTS = {"workbook": None, "empty": b"", "garbage": b"PK\x03\x04 ikke en zip"}
SUFFIXES = [b".xlsx", b".xlsx ", b".XLSX", b".xltx", b".xls", b""]
name_bytes = st.binary(min_size=1, max_size=16).filter(lambda b: b"/" not in b and b"\0" not in b)
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@cache
def plan_bytes() -> bytes:
    return workbook_bytes()


def content(kind: str) -> bytes:
    data = CONTENTS[kind]
    return plan_bytes() if data is None else data


def assert_printable(results: list[PlanResult]) -> None:
    for result in results:
        for problem in result.problems:
            line = str(problem)
            line.encode("utf-8")  # no lone surrogates
            assert not UNPRINTABLE.search(line), line


@settings(PROFILE, max_examples=PROFILE.max_examples // 4)  # each example renders a report per plan
@given(
    st.lists(
        st.tuples(name_bytes, st.sampled_from(SUFFIXES), st.sampled_from(sorted(CONTENTS)), st.booleans()),
        min_size=1,
        max_size=3,
        unique_by=lambda entry: (entry[0] + entry[1]).rstrip(b" .").lower(),
    )
)
def test_any_file_name_gives_reports_or_located_messages(entries: list[tuple[bytes, bytes, str, bool]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inputs, out = Path(folder) / "inputs", Path(folder) / "outputs"
        inputs.mkdir()
        kinds = {}
        for stem, suffix, kind, in_folder in entries:
            name = os.fsdecode(stem + suffix)
            if name in (".", ".."):
                continue
            path = inputs / name / "plan.xlsx" if in_folder else inputs / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(content(kind))
            kinds[path] = kind
        before = snapshot(inputs)
        results = list(build(inputs, out, reports=("oekonomi",)))
        assert snapshot(inputs) == before
        assert_printable(results)
        for result in results:
            if all(kinds.get(file) == "workbook" for file in result.source.files) and result.source.files:
                assert result.ok, [str(p) for p in result.problems]
        for path in out.rglob("*") if out.exists() else []:
            assert path.resolve().is_relative_to(out.resolve())
            path.relative_to(out).as_posix().encode("utf-8")  # output names are valid UTF-8


# (offset in a local file header, offset in a central directory entry, struct format)
HEADER_FIELDS = {
    "flags": (6, 8, "<H"),
    "method": (8, 10, "<H"),
    "crc": (14, 16, "<I"),
    "compressed size": (18, 20, "<I"),
    "uncompressed size": (22, 24, "<I"),
}
field_values = st.one_of(
    st.sampled_from([0, 1, 8, 9, 12, 14, 93, 99, 0x800, 0x801, 0xFFFF, 0xFFFFFFFF]),
    st.integers(min_value=0, max_value=0xFFFFFFFF),
)


def header_offsets(data: bytes) -> list[tuple[int, int]]:
    """Return each member's local header offset and central directory entry offset."""
    infos = zipfile.ZipFile(BytesIO(data)).infolist()
    central = [m.start() for m in re.finditer(b"PK\x01\x02", data)]
    return [(info.header_offset, central[i]) for i, info in enumerate(infos)]


@settings(PROFILE)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0), st.sampled_from(sorted(HEADER_FIELDS)), st.booleans(), field_values),
        min_size=1,
        max_size=3,
    )
)
def test_any_zip_header_value_gives_a_plan_or_a_located_message(changes: list[tuple[int, str, bool, int]]) -> None:
    data = bytearray(plan_bytes())
    offsets = header_offsets(plan_bytes())
    for member, field, local, value in changes:
        local_header, central_entry = offsets[member % len(offsets)]
        local_offset, central_offset, layout = HEADER_FIELDS[field]
        start = local_header + local_offset if local else central_entry + central_offset
        struct.pack_into(layout, data, start, value % (1 << (8 * struct.calcsize(layout))))
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder)
        (inputs / "solbakken.xlsx").write_bytes(bytes(data))
        results = check(inputs)
        assert len(results) == 1
        assert_printable(results)
        assert all(problem.location.file == "solbakken.xlsx" for problem in results[0].problems)
