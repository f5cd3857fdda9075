"""The knowledge cache only ever saves time: stale, corrupt or unwritable caches change no answer."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dmtx import cache, knowledge
from dmtx.knowledge import load

from conftest import BUNDLED, run_process


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DMTX_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def own_copy(tmp_path: Path) -> Path:
    path = tmp_path / "guidelines.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("knowledge-*.bin"))


def test_first_load_fills_the_cache_and_second_uses_it(cache_dir: Path, own_copy: Path, monkeypatch) -> None:
    first = load(own_copy)
    assert len(entries(cache_dir)) == 1

    def no_yaml(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr("dmtx.knowledge.parse_yaml", no_yaml)
    second = load(own_copy)
    assert second.topics == first.topics and second.drugs == first.drugs


def test_edited_file_is_never_served_stale(cache_dir: Path, own_copy: Path) -> None:
    assert load(own_copy).topic(1).title == "Prednisone, the usual drug of choice"
    own_copy.write_text(
        own_copy.read_text(encoding="utf-8").replace("Prednisone, the usual drug of choice", "Changed by a teacher"),
        encoding="utf-8",
    )
    assert load(own_copy).topic(1).title == "Changed by a teacher"
    assert len(entries(cache_dir)) == 2


def test_edited_file_that_became_invalid_is_reported(cache_dir: Path, own_copy: Path) -> None:
    from dmtx.knowledge import KnowledgeError

    load(own_copy)
    own_copy.write_text(
        own_copy.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 7"), encoding="utf-8"
    )
    with pytest.raises(KnowledgeError):
        load(own_copy)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: b"garbage",
        lambda blob: blob[:-10],
        lambda blob: cache.MAGIC + b"\0" * 32 + b"\x00\x01",
    ],
    ids=["empty", "garbage", "truncated", "bad-checksum"],
)
def test_corrupt_entry_is_ignored_and_rebuilt(cache_dir: Path, own_copy: Path, damage) -> None:
    expected = load(own_copy)
    (entry,) = entries(cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))
    again = load(own_copy)
    assert again.topics == expected.topics
    assert cache.read_entry(cache_dir, entry.name[len("knowledge-") : -len(".bin")]) is not None


TITLE = b"Prednisone, the usual drug of choice"


def _region(blob: bytes, region: str) -> int:
    """Where in a cache entry to flip a byte: the header, the checksum, or the body's start, middle or end."""
    body = len(cache.MAGIC) + 32
    where = {
        "header": 0,
        "header-end": len(cache.MAGIC) - 1,
        "checksum": len(cache.MAGIC) + 5,
        "checksum-end": body - 1,
        "body-start": body,
        # A letter of a title people see: were the checksum ignored, the damage would show.
        "body-middle": blob.index(TITLE, body) + 3,
        "body-end": len(blob) - 1,
    }
    return where[region]


@pytest.mark.parametrize(
    "region", ["header", "header-end", "checksum", "checksum-end", "body-start", "body-middle", "body-end"]
)
def test_a_damaged_byte_anywhere_in_an_entry_is_a_clean_miss(cache_dir: Path, own_copy: Path, region: str) -> None:
    env = {"DMTX_CACHE_DIR": str(cache_dir)}
    fresh = run_process("--data", str(own_copy), "topics", env=env)
    assert fresh.exit_code == 0 and fresh.stderr == ""
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    at = _region(good, region)
    entry.write_bytes(good[:at] + bytes([good[at] ^ 0x20]) + good[at + 1 :])
    for screen in cache_dir.glob("screen-*.bin"):
        screen.unlink()  # the kept screen (dmtx.screens) would answer without reading the knowledge

    again = run_process("--data", str(own_copy), "topics", env=env)
    assert (again.exit_code, again.stdout, again.stderr) == (0, fresh.stdout, "")
    assert "Prednisone, the usual drug of choice" in again.stdout
    assert entries(cache_dir) == [entry] and entry.read_bytes() == good, "the damaged entry was not rebuilt"


def test_entry_of_the_wrong_shape_falls_back_to_the_file(cache_dir: Path, own_copy: Path) -> None:
    expected = load(own_copy)
    (entry,) = entries(cache_dir)
    key = entry.name[len("knowledge-") : -len(".bin")]
    cache.write_entry(cache_dir, key, {"schema_version": 1})
    assert load(own_copy).topics == expected.topics


def test_unwritable_cache_folder_changes_nothing(tmp_path: Path, monkeypatch, own_copy: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DMTX_CACHE_DIR", str(blocker / "cache"))
    assert load(own_copy).topic(6).slug == "ivig"
    result = run_process("drug", "Imuran", env={"DMTX_CACHE_DIR": str(blocker / "cache")})
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("azathioprine")


def test_no_cache_env_disables_it(cache_dir: Path, own_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("DMTX_NO_CACHE", "1")
    load(own_copy)
    assert not cache_dir.exists()


def test_old_entries_are_pruned(cache_dir: Path, tmp_path: Path) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    for number in range(cache.KEEP_ENTRIES + 3):
        path = tmp_path / f"copy{number}.yaml"
        path.write_text(text.replace("Prednisone, the usual", f"Copy {number}:"), encoding="utf-8")
        load(path)
    assert len(entries(cache_dir)) == cache.KEEP_ENTRIES


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the dmtx package's code that the cache keys are computed from."""
    import shutil

    import dmtx

    copy = tmp_path / "dmtx"
    shutil.copytree(Path(dmtx.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "fonts", "data"))
    monkeypatch.setattr(cache, "package_folder", lambda: str(copy))
    monkeypatch.setattr(cache, "_code", None)
    return copy


@pytest.mark.parametrize("module", ["lookup.py", "model.py", "searchindex.py", "render/text.py", "new_module.py"])
def test_every_source_file_of_dmtx_shapes_the_cache_keys(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    """The keys cover every file of the package, found by walking it: an upgrade never meets a stale entry."""
    from dmtx import knowledge, searchindex

    data = BUNDLED.read_bytes()
    before = (knowledge.cache_key(data), searchindex.index_key(data))
    assert before == (knowledge.cache_key(data), searchindex.index_key(data))
    path = package_copy / module
    path.write_text((path.read_text("utf-8") if path.exists() else "") + "\n# changed\n", "utf-8")
    monkeypatch.setattr(cache, "_code", None)
    after = (knowledge.cache_key(data), searchindex.index_key(data))
    assert after[0] != before[0] and after[1] != before[1]


def test_an_edit_of_the_same_size_and_time_still_changes_the_keys(package_copy: Path) -> None:
    """One character changed in place, size and mtime put back (as a reproducible wheel's files share one
    mtime): the key still changes, because the file's change time does."""
    from dmtx import knowledge

    data = BUNDLED.read_bytes()
    before = knowledge.cache_key(data)
    path = package_copy / "knowledge" / "shape.py"
    info = path.stat()
    text = path.read_text("utf-8")
    assert "<" in text
    path.write_text(text.replace("<", ">", 1), "utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    cache._code = None
    assert knowledge.cache_key(data) != before


def test_the_code_fingerprint_does_not_read_the_source_files(package_copy: Path, monkeypatch) -> None:
    """Start-up speed: the fingerprint is made from each file's stat, never by opening the files."""
    import builtins

    opened: list[str] = []
    real_open = builtins.open

    def watching(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching)
    assert len(cache.code_fingerprint()) == 40
    assert opened == []


def test_library_versions_shape_the_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    from dmtx import knowledge, searchindex

    data = BUNDLED.read_bytes()
    before = (knowledge.cache_key(data), searchindex.index_key(data))
    monkeypatch.setattr(cache, "library_stamp", lambda name: f"{name}:another version")
    assert knowledge.cache_key(data) != before[0]
    assert searchindex.index_key(data) != before[1]
    monkeypatch.undo()
    monkeypatch.setattr(searchindex.sqlite3, "sqlite_version", "9.99.0")
    assert searchindex.index_key(data) != before[1]


def test_a_new_loader_is_a_cache_miss(cache_dir: Path, own_copy: Path, monkeypatch) -> None:
    """The same file read by a changed loader is validated again, never served from the old loader's entry."""
    load(own_copy)
    assert len(entries(cache_dir)) == 1
    validated: list[str] = []
    real = knowledge._validate_bytes

    def counting(data: bytes, name: str):
        validated.append(name)
        return real(data, name)

    monkeypatch.setattr(knowledge, "_validate_bytes", counting)
    load(own_copy)
    assert validated == [], "the same loader and file: a hit"
    monkeypatch.setattr(cache, "_code", b"a newer dmtx")
    load(own_copy)
    assert validated == [str(own_copy)], "a new loader: a miss, so the file is validated again"
    assert len(entries(cache_dir)) == 2
    load(own_copy)
    assert validated == [str(own_copy)], "the new loader's own entry is then a hit"


def test_every_input_of_the_content_key_changes_it() -> None:
    key = cache.content_key("kind", b"file", "lib:1")
    assert key == cache.content_key("kind", b"file", "lib:1")
    assert cache.content_key("kind", b"file", "lib:2") != key
    assert cache.content_key("other", b"file", "lib:1") != key
    assert cache.content_key("kind", b"file 2", "lib:1") != key
    assert cache.content_key("kind", b"file") != key
    assert cache.fingerprint(b"fileloader", b"") != cache.fingerprint(b"file", b"loader")


def test_an_existing_0755_cache_folder_is_tightened_to_0700(cache_dir: Path, own_copy: Path) -> None:
    cache_dir.mkdir(mode=0o755)
    cache_dir.chmod(0o755)  # whatever the umask
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o755
    assert cache.private_dir() == str(cache_dir)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    load(own_copy)
    assert len(entries(cache_dir)) == 1 and stat.S_IMODE(cache_dir.stat().st_mode) == 0o700


def test_a_new_cache_folder_is_0700_whatever_the_umask(cache_dir: Path) -> None:
    old = os.umask(0o022)
    try:
        assert cache.private_dir() == str(cache_dir)
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
