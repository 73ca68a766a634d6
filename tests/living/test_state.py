"""One state per output folder: saved and read back whole, settled after a crash, refused safely, migrated."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assembler.living import write
from assembler.living.legacy import MANIFEST_NAME, RECORD_NAME
from assembler.living.state import STATE_NAME, Entry, Identity, State, UnusableState
from assembler.living.store import STORE_NAME, Store
from assembler.living.write import Memory, RenderedReport
from assembler.output.reports import sha256_of

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "release-a749f21"
ETAARSSTATUS = Identity("etaarsstatus", 2016)


def entry(name: str, data: bytes, **fields: object) -> Entry:
    return Entry(name, sha256_of(data), **fields)  # type: ignore[arg-type]


def test_a_state_is_read_back_as_it_was_saved(tmp_path: Path) -> None:
    state = State(tmp_path, inputs_hash="a" * 64)
    payload = {"merged": True, "controls": {"plan.navn": {"sha": "1", "text": "Ærø", "placeholder": False}}}
    kept = {"base": state.store.put(b"last written")}
    state.files["Etårsstatus 2016.docx"] = entry("Etårsstatus 2016.docx", b"x", identity=ETAARSSTATUS, payload=payload)
    state.files["Etårsstatus 2016 (ny).docx"] = entry("Etårsstatus 2016 (ny).docx", b"y", in_place=True, kept=kept)
    state.save()
    again = State.load(tmp_path)
    assert again.files == state.files
    assert again.inputs_hash == "a" * 64
    assert again.kept_bytes(again.files["Etårsstatus 2016 (ny).docx"], "base") == b"last written"
    assert again.kept_bytes(again.files["Etårsstatus 2016.docx"], "base") is None


def test_a_report_is_found_by_its_identity_whatever_its_name(tmp_path: Path) -> None:
    state = State(tmp_path)
    state.files["Referat 14.3.2017.docx"] = entry("Referat 14.3.2017.docx", b"x", identity=Identity("referat", 2016))
    state.files["Etårsstatus 2016.docx"] = entry("Etårsstatus 2016.docx", b"y")  # migrated: no identity yet
    assert state.entry_for(Identity("referat", 2016), "Referat 15.3.2017.docx") == state.files["Referat 14.3.2017.docx"]
    assert state.entry_for(Identity("referat", 2017), "Referat 14.3.2017.docx") is None  # another year's report
    assert state.entry_for(ETAARSSTATUS, "Etårsstatus 2016.docx") == state.files["Etårsstatus 2016.docx"]


@pytest.mark.parametrize(
    ("on_disk", "expected"),
    [("new", "new"), ("old", "old"), ("a person's", "old")],
    ids=["renamed into place", "not yet", "saved by a person meanwhile"],
)
def test_a_change_pending_at_a_crash_counts_only_when_its_bytes_are_on_disk(
    tmp_path: Path, on_disk: str, expected: str
) -> None:
    state = State(tmp_path)
    state.files["a.docx"] = entry("a.docx", b"old", identity=ETAARSSTATUS)
    state.begin("a.docx", entry("a.docx", b"new", identity=ETAARSSTATUS, in_place=True))
    state.save()
    (tmp_path / "a.docx").write_bytes(on_disk.encode())
    settled = State.load(tmp_path)
    assert settled.files["a.docx"].sha256 == sha256_of(expected.encode())
    assert settled.pending == []


@pytest.mark.parametrize(
    ("names_on_disk", "expected"),
    [
        ({"Referat 15.3.docx": b"new"}, ("Referat 15.3.docx", b"new")),
        ({"Referat 15.3.docx": b"old"}, ("Referat 15.3.docx", b"old")),
        ({"Referat 14.3.docx": b"old"}, ("Referat 14.3.docx", b"old")),
    ],
    ids=["renamed and written", "renamed only", "not renamed"],
)
def test_a_rename_pending_at_a_crash_is_settled_by_the_names_on_disk(
    tmp_path: Path, names_on_disk: dict[str, bytes], expected: tuple[str, bytes]
) -> None:
    identity = Identity("referat", 2016)
    state = State(tmp_path)
    state.files["Referat 14.3.docx"] = entry("Referat 14.3.docx", b"old", identity=identity)
    state.begin("Referat 14.3.docx", entry("Referat 15.3.docx", b"new", identity=identity, in_place=True))
    state.save()
    for name, data in names_on_disk.items():
        (tmp_path / name).write_bytes(data)
    settled = State.load(tmp_path)
    name, data = expected
    assert list(settled.files) == [name]
    assert (settled.files[name].identity, settled.files[name].sha256) == (identity, sha256_of(data))


GOOD = {"sha256": "0" * 64, "report": {"key": "referat", "year": 2016}, "in_place": False, "merge": None, "bytes": {}}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ({"version": 99, "files": {}}, "den er skrevet af en nyere udgave af assembler (version 99)"),
        ({"version": "2", "files": {}}, "den ikke har den form, assembler skriver (version)"),
        ({"version": True, "files": {}}, "den ikke har den form, assembler skriver (version)"),
        ({"version": 1, "files": {}}, "den ikke har den form, assembler skriver (version)"),
        ({"version": 2, "files": {"a.docx": {**GOOD, "sha256": 7}}}, "(files › a.docx › sha256)"),
        ({"version": 2, "files": {"a.docx": {**GOOD, "sha256": "k1"}}}, "(files › a.docx › sha256)"),
        ({"version": 2, "files": {"a.docx": {**GOOD, "in_place": "ja"}}}, "(files › a.docx › in_place)"),
        ({"version": 2, "files": {"a.docx": {**GOOD, "report": {"key": "r", "year": "16"}}}}, "(files › a.docx › rep"),
        ({"version": 2, "files": {"a.docx": {**GOOD, "report": {"key": "r"}}}}, "(files › a.docx › report)"),
        ({"version": 2, "files": {"a.docx": {**GOOD, "bytes": {"base": "../../x"}}}}, "(files › a.docx › bytes)"),
        ({"version": 2, "files": {"../uden for mappen.docx": GOOD}}, "den ikke har den form, assembler skriver (fil"),
        ({"version": 2, "files": {}, "pending": [{"from": None, "name": "/etc/x", **GOOD}]}, "(pending › 1)"),
        ({"version": 2, "files": {}, "pending": {}}, "(pending)"),
        ({"version": 2, "files": {}, "inputs_sha256": 5}, "(inputs_sha256)"),
    ],
)
def test_a_state_from_a_newer_release_or_with_wrong_types_is_refused_with_a_reason(
    tmp_path: Path, content: object, reason: str
) -> None:
    (tmp_path / STATE_NAME).write_text(json.dumps(content), "utf-8")
    with pytest.raises(UnusableState) as refused:
        State.load(tmp_path)
    assert reason in str(refused.value)


@pytest.mark.parametrize(
    "content",
    [b'{"version": 2, "files": {"a.docx": {"sha', b"\xff\xfe", b"[" * 100_000, b'{"version": 1' + b"0" * 5000 + b"}"],
    ids=["cut off", "not text", "nested too deep", "a number of 5,000 digits"],
)
def test_an_unreadable_state_is_refused_with_a_reason(tmp_path: Path, content: bytes) -> None:
    (tmp_path / STATE_NAME).write_bytes(content)
    with pytest.raises(UnusableState, match=f"^{STATE_NAME} kan ikke bruges, fordi den er beskadiget; "):
        State.load(tmp_path)


@pytest.mark.parametrize("fixture", ["edited", "updated"])
def test_release_a749f21_s_files_are_migrated_and_removed_once_the_state_is_saved(tmp_path: Path, fixture: str) -> None:
    folder = tmp_path / "solbakken"
    shutil.copytree(FIXTURES / fixture / "outputs" / "solbakken", folder)
    manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    records = json.loads((folder / RECORD_NAME).read_text("utf-8"))["reports"]
    state = State.load(folder)
    assert {name: e.sha256 for name, e in state.files.items()} == {n: f["sha256"] for n, f in manifest["files"].items()}
    assert {name: e.payload for name, e in state.files.items()} == records
    assert {name: e.in_place for name, e in state.files.items()} == {n: r["merged"] for n, r in records.items()}
    assert all(e.identity is None for e in state.files.values())  # found by name at the next build
    assert state.inputs_hash == manifest["inputs_sha256"] and state.notes == []
    assert (folder / MANIFEST_NAME).is_file() and (folder / RECORD_NAME).is_file()  # reading changes nothing
    state.save()
    assert not (folder / MANIFEST_NAME).exists() and not (folder / RECORD_NAME).exists()
    assert State.load(folder).files == state.files


def test_an_old_update_pending_at_a_crash_is_migrated_by_the_bytes_on_disk(tmp_path: Path) -> None:
    folder = tmp_path / "solbakken"
    shutil.copytree(FIXTURES / "edited" / "outputs" / "solbakken", folder)
    name = "Etårsstatus 2016.docx"
    on_disk = sha256_of((folder / name).read_bytes())
    manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
    manifest["files"][name] = {"sha256": "f" * 64, "previous": on_disk}  # the old release crashed mid-rename
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), "utf-8")
    records = json.loads((folder / RECORD_NAME).read_text("utf-8"))
    pending = {"merged": True, "controls": {}}
    records["reports"][name]["pending"] = {"sha256": on_disk, "entry": pending}
    (folder / RECORD_NAME).write_text(json.dumps(records), "utf-8")
    migrated = State.load(folder).files[name]
    assert (migrated.sha256, migrated.payload, migrated.in_place) == (on_disk, pending, True)


@pytest.mark.parametrize(
    ("broken", "content", "line"),
    [
        (MANIFEST_NAME, '{"version": 1, "files": {"Etårsstatus 2016.docx": 1}}', "rapporterne i mappen er derfor"),
        (MANIFEST_NAME, '{"version": 99, "files": {}}', "rapporterne i mappen er derfor ikke rørt"),
        (RECORD_NAME, '{"version": 1, "reports": {"Etårsstatus 2016.docx": ', "rapporter, I har rettet, kan derfor"),
    ],
    ids=["manifest with wrong types", "manifest from a newer release", "record file cut off"],
)
def test_an_unreadable_old_file_is_named_and_left_as_it_is(
    tmp_path: Path, broken: str, content: str, line: str
) -> None:
    folder = tmp_path / "solbakken"
    shutil.copytree(FIXTURES / "edited" / "outputs" / "solbakken", folder)
    (folder / broken).write_text(content, "utf-8")
    state = State.load(folder)
    (note,) = state.notes
    assert note.startswith(f"{broken} fra en tidligere udgave af assembler kan ikke læses og er ikke ændret; {line}")
    state.save()
    assert (folder / broken).read_text("utf-8") == content


def test_the_store_keeps_bytes_once_verifies_them_and_removes_what_is_not_referenced(tmp_path: Path) -> None:
    store = Store.of(tmp_path)
    first, second = store.put(b"eins"), store.put(b"zwei")
    assert store.put(b"eins") == first == sha256_of(b"eins")
    (tmp_path / STORE_NAME / second).write_bytes(b"damaged")
    assert (store.get(first), store.get(second), store.get("../" + first)) == (b"eins", None, None)
    (tmp_path / STORE_NAME / "Noter.txt").write_bytes(b"a person's file")
    store.keep_only({first})
    assert sorted(p.name for p in (tmp_path / STORE_NAME).iterdir()) == ["Noter.txt", first]


def test_the_bytes_the_merge_keeps_are_stored_with_its_payload_and_removed_when_no_longer_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def keeping_what_was_written(report: RenderedReport) -> Memory:
        return Memory({"written": report.data.decode()}, {"base": report.data})

    monkeypatch.setattr(write, "fresh_memory", keeping_what_was_written)
    folder = tmp_path / "solbakken"
    for data in (b"first", b"second"):
        write.write_living_reports(folder, {ETAARSSTATUS: RenderedReport("a.docx", data)}, "x", force=True)
        state = State.load(folder)
        (kept,) = state.files.values()
        assert (kept.payload, state.kept_bytes(kept, "base")) == ({"written": data.decode()}, data)
    assert [p.name for p in (folder / STORE_NAME).iterdir()] == [sha256_of(b"second")]
