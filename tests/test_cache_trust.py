"""dmtx.cache's trust rules, called in process: who may own a file, what a seal binds, what pruning removes.

tests/test_hardening.py drives the same rules through whole dmtx processes (links, FIFOs,
other users' folders); these in-process tests pin each rule and its boundaries on its own,
so that a changed comparison or a dropped check fails here (mutmut counts only in-process tests).
The tests run as root, so "another user" is made by pointing `expected_uid` elsewhere.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
from pathlib import Path

import pytest

from dmtx import cache

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

ME = os.geteuid()
SECRET = bytes(range(32))
KEY = "ab" * 20


def stat_of(mode: int, uid: int = ME, kind: int = stat.S_IFREG) -> os.stat_result:
    """A stat result with this file type, permission bits and owner (the other fields are zero)."""
    return os.stat_result((kind | mode, 0, 0, 1, uid, 0, 0, 0, 0, 0))


# --------------------------------------------------------------------------- who may own and write


@pytest.mark.parametrize(
    ("mode", "private", "trusted"),
    [
        (0o600, False, True),
        (0o644, False, True),  # readable by others: fine for a shared entry
        (0o664, False, False),  # group can write it
        (0o646, False, False),  # others can write it
        (0o600, True, True),
        (0o640, True, False),  # a private file readable by the group
        (0o604, True, False),  # a private file readable by others
        (0o700, True, True),
    ],
)
def test_trusted_judges_the_mode_bits(mode: int, private: bool, trusted: bool) -> None:
    assert cache.trusted(stat_of(mode), private=private) is trusted


def test_trusted_refuses_another_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cache.trusted(stat_of(0o600, uid=ME))
    assert not cache.trusted(stat_of(0o600, uid=ME + 4242))
    monkeypatch.setattr(cache, "expected_uid", lambda: 4242)
    assert cache.trusted(stat_of(0o600, uid=4242))
    assert not cache.trusted(stat_of(0o600, uid=ME))


def test_without_user_ids_everything_is_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system has no uids (Windows), there is no owner to compare: the folder's place is the guard."""
    monkeypatch.setattr(cache, "expected_uid", lambda: None)
    assert cache.trusted(stat_of(0o666, uid=12345), private=True)


def test_trusted_file_wants_a_regular_file_of_ours(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = tmp_path / "entry"
    plain.write_bytes(b"x")
    plain.chmod(0o644)
    assert cache.trusted_file(plain)
    assert not cache.trusted_file(plain, private=True), "0644 is not private"
    plain.chmod(0o600)
    assert cache.trusted_file(plain, private=True)
    plain.chmod(0o666)
    assert not cache.trusted_file(plain)
    plain.chmod(0o600)
    link = tmp_path / "link"
    link.symlink_to(plain)
    assert not cache.trusted_file(link), "a link is never followed"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo, 0o600)
    assert not cache.trusted_file(fifo)
    assert not cache.trusted_file(tmp_path), "a folder is not a file"
    assert not cache.trusted_file(tmp_path / "missing")
    monkeypatch.setattr(cache, "expected_uid", lambda: ME + 4242)
    assert not cache.trusted_file(plain), "another user's file"


def test_trusted_folder_wants_a_real_folder_nobody_else_can_write(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    folder.chmod(0o755)
    assert cache.trusted_folder(folder)
    folder.chmod(0o775)
    assert not cache.trusted_folder(folder)
    folder.chmod(0o700)
    link = tmp_path / "l"
    link.symlink_to(folder)
    assert not cache.trusted_folder(link)
    (tmp_path / "file").write_bytes(b"")
    assert not cache.trusted_folder(tmp_path / "file")


# --------------------------------------------------------------------------- the seal


def test_the_seal_is_a_keyed_blake2b_of_key_and_payload() -> None:
    """A known answer: the user's secret keys it, the entry's key and a separator come before the payload."""
    expected = blake2b(KEY.encode("ascii") + b"\0" + b"payload", key=SECRET, digest_size=32).digest()
    assert cache.seal(SECRET, KEY, b"payload") == expected


def test_the_seal_changes_with_each_of_its_inputs() -> None:
    base = cache.seal(SECRET, KEY, b"payload")
    assert len(base) == cache.SEAL_BYTES == 32
    assert cache.seal(bytes(32), KEY, b"payload") != base, "another user's secret"
    assert cache.seal(SECRET, "cd" * 20, b"payload") != base, "another entry's key"
    assert cache.seal(SECRET, KEY, b"payloaD") != base


def sealed(payload: bytes, secret: bytes = SECRET, key: str = KEY) -> bytes:
    return cache.MAGIC + cache.seal(secret, key, payload) + payload


def test_unsealed_gives_back_the_payload_only_when_everything_matches() -> None:
    blob = sealed(b"the document")
    assert cache.unsealed(blob, cache.MAGIC, SECRET, KEY) == b"the document"
    assert cache.unsealed(sealed(b""), cache.MAGIC, SECRET, KEY) == b"", "an empty payload is still an entry"
    assert cache.unsealed(blob, cache.MAGIC, bytes(32), KEY) is None, "sealed with another secret"
    assert cache.unsealed(blob, cache.MAGIC, SECRET, "cd" * 20) is None, "another entry's key"
    assert cache.unsealed(blob[:-1] + b"X", cache.MAGIC, SECRET, KEY) is None, "a changed payload"
    assert cache.unsealed(b"OTHERMG\n" + blob[8:], cache.MAGIC, SECRET, KEY) is None, "another magic"
    assert cache.unsealed(blob[: len(cache.MAGIC) + 31], cache.MAGIC, SECRET, KEY) is None, "too short to hold a seal"


def test_a_forged_entry_is_refused_even_with_the_right_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone who can compute the key of the bundled file but not the user's secret cannot plant an entry."""
    folder = str(tmp_path)
    secret = cache.user_secret(folder)
    assert secret is not None and len(secret) == 32
    payload = marshal.dumps({"forged": True})
    unkeyed = blake2b(KEY.encode("ascii") + b"\0" + payload, digest_size=32).digest()
    (tmp_path / f"knowledge-{KEY}.bin").write_bytes(cache.MAGIC + unkeyed + payload)
    (tmp_path / f"knowledge-{KEY}.bin").chmod(0o600)
    assert cache.read_entry(folder, KEY) is None
    cache.write_entry(folder, KEY, {"real": 1})
    assert cache.read_entry(folder, KEY) == {"real": 1}


def test_an_entry_that_is_not_a_mapping_is_a_miss(tmp_path: Path) -> None:
    folder = str(tmp_path)
    secret = cache.user_secret(folder)
    assert secret is not None
    for value in ([1, 2], "text", 7):
        payload = marshal.dumps(value)
        path = tmp_path / f"knowledge-{KEY}.bin"
        path.write_bytes(cache.MAGIC + cache.seal(secret, KEY, payload) + payload)
        path.chmod(0o600)
        assert cache.read_entry(folder, KEY) is None, value


# --------------------------------------------------------------------------- the secret


def test_the_secret_is_made_once_private_and_kept(tmp_path: Path) -> None:
    folder = str(tmp_path)
    first = cache.user_secret(folder)
    assert first is not None and len(first) == cache.SECRET_BYTES
    path = tmp_path / cache.SECRET_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cache.user_secret(folder) == first
    assert cache.read_secret(folder) == first


def test_a_damaged_secret_of_ours_is_replaced(tmp_path: Path) -> None:
    folder = str(tmp_path)
    path = tmp_path / cache.SECRET_NAME
    path.write_bytes(b"short")
    path.chmod(0o600)
    assert cache.read_secret(folder) is None
    fresh = cache.user_secret(folder)
    assert fresh is not None and len(fresh) == cache.SECRET_BYTES
    assert path.read_bytes() == fresh
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_secret_others_can_read_is_replaced(tmp_path: Path) -> None:
    folder = str(tmp_path)
    path = tmp_path / cache.SECRET_NAME
    path.write_bytes(bytes(32))
    path.chmod(0o644)
    assert cache.read_secret(folder) is None, "a readable secret seals nothing"
    fresh = cache.user_secret(folder)
    assert fresh is not None and fresh != bytes(32)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_secret_that_is_not_ours_is_neither_trusted_nor_overwritten(tmp_path: Path) -> None:
    folder = str(tmp_path)
    target = tmp_path / "elsewhere"
    target.write_bytes(bytes(32))
    target.chmod(0o600)
    (tmp_path / cache.SECRET_NAME).symlink_to(target)
    assert cache.user_secret(folder) is None
    assert (tmp_path / cache.SECRET_NAME).is_symlink()
    assert target.read_bytes() == bytes(32)
    dangling = tmp_path / "d"
    dangling.mkdir()
    (dangling / cache.SECRET_NAME).symlink_to(tmp_path / "nowhere")
    assert cache.user_secret(str(dangling)) is None, "a dangling link is not a missing secret"
    assert not (tmp_path / "nowhere").exists()


def test_another_users_secret_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = str(tmp_path)
    path = tmp_path / cache.SECRET_NAME
    path.write_bytes(bytes(32))
    path.chmod(0o600)
    monkeypatch.setattr(cache, "expected_uid", lambda: ME + 4242)
    assert cache.user_secret(folder) is None
    assert path.read_bytes() == bytes(32)


def test_two_first_uses_agree_on_one_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dmtx that loses the race to create the secret reads the winner's, never replaces it."""
    folder = str(tmp_path)
    real_write = cache.write_private_file
    calls: list[bool] = []

    def racing(where: str, name: str, data: bytes, *, replace: bool = True) -> bool:
        calls.append(replace)
        real_write(where, name, b"W" * 32)  # the other dmtx wins just before us
        return real_write(where, name, data, replace=replace)

    monkeypatch.setattr(cache, "write_private_file", racing)
    assert cache.user_secret(folder) == b"W" * 32
    assert calls == [False]


# --------------------------------------------------------------------------- the writer


def test_store_moves_a_full_private_file_in_and_leaves_no_temp(tmp_path: Path) -> None:
    seen: list[str] = []

    def fill(fd: int, temp: str) -> None:
        seen.append(temp)
        os.write(fd, b"content")

    assert cache.store(str(tmp_path), "entry", fill)
    assert (tmp_path / "entry").read_bytes() == b"content"
    assert stat.S_IMODE((tmp_path / "entry").stat().st_mode) == 0o600
    assert os.path.dirname(seen[0]) == str(tmp_path)
    name = os.path.basename(seen[0])
    assert name.startswith(cache.TEMP_PREFIX) and name.endswith(cache.TEMP_SUFFIX)
    assert len(name) == len(cache.TEMP_PREFIX) + 16 + len(cache.TEMP_SUFFIX)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry"]


def test_store_never_replaces_without_replace_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "entry").write_bytes(b"old")
    assert not cache.write_private_file(str(tmp_path), "entry", b"new", replace=False)
    assert (tmp_path / "entry").read_bytes() == b"old"
    assert cache.write_private_file(str(tmp_path), "entry", b"new")
    assert (tmp_path / "entry").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry"]


def test_a_failing_fill_is_false_and_leaves_nothing(tmp_path: Path) -> None:
    def fill(fd: int, temp: str) -> None:
        raise OSError("disk full")

    assert cache.store(str(tmp_path), "entry", fill) is False
    assert list(tmp_path.iterdir()) == []


def test_writing_into_a_missing_folder_is_false(tmp_path: Path) -> None:
    assert cache.write_private_file(str(tmp_path / "missing"), "entry", b"x") is False


# --------------------------------------------------------------------------- pruning


def test_prune_keeps_the_newest_entries_and_only_touches_its_own_names(tmp_path: Path) -> None:
    now = time.time()
    for age, name in enumerate(["knowledge-a.bin", "knowledge-b.bin", "knowledge-c.bin", "knowledge-d.bin"]):
        path = tmp_path / name
        path.write_bytes(b"x")
        os.utime(path, (now - 100 * age, now - 100 * age))
    for other in ("search-a.sqlite", "knowledge-e.txt", "notes.bin", cache.SECRET_NAME):
        (tmp_path / other).write_bytes(b"x")
        os.utime(tmp_path / other, (now - 10_000, now - 10_000))
    cache.prune(str(tmp_path), "knowledge-", ".bin", 2)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(
        ["knowledge-a.bin", "knowledge-b.bin", "search-a.sqlite", "knowledge-e.txt", "notes.bin", cache.SECRET_NAME]
    )


def temp_file(folder: Path, name: str, age: float, mode: int = 0o600) -> Path:
    path = folder / name
    path.write_bytes(b"half written")
    path.chmod(mode)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_prune_removes_only_old_temp_files_of_ours(tmp_path: Path) -> None:
    limit = cache.STALE_TEMP_SECONDS
    old = temp_file(tmp_path, f"{cache.TEMP_PREFIX}old{cache.TEMP_SUFFIX}", limit + 60)
    fresh = temp_file(tmp_path, f"{cache.TEMP_PREFIX}fresh{cache.TEMP_SUFFIX}", limit - 60)
    shared = temp_file(tmp_path, f"{cache.TEMP_PREFIX}shared{cache.TEMP_SUFFIX}", limit + 60, mode=0o666)
    no_suffix = temp_file(tmp_path, f"{cache.TEMP_PREFIX}old.bin", limit + 60)
    no_prefix = temp_file(tmp_path, f"other{cache.TEMP_SUFFIX}", limit + 60)
    folder = tmp_path / f"{cache.TEMP_PREFIX}dir{cache.TEMP_SUFFIX}"
    folder.mkdir()
    then = time.time() - limit - 60
    os.utime(folder, (then, then))
    cache.prune(str(tmp_path), "knowledge-", ".bin", 8)
    assert not old.exists()
    assert fresh.exists(), "a temp file younger than the limit may belong to a dmtx still writing it"
    assert shared.exists(), "not trusted as ours"
    assert no_suffix.exists() and no_prefix.exists() and folder.exists()


def test_stale_temp_boundary_is_strictly_older_than_the_limit() -> None:
    name = f"{cache.TEMP_PREFIX}x{cache.TEMP_SUFFIX}"
    now = 1_000_000.0
    at = os.stat_result((stat.S_IFREG | 0o600, 0, 0, 1, ME, 0, 0, 0, now - cache.STALE_TEMP_SECONDS, 0))
    just_over = os.stat_result((stat.S_IFREG | 0o600, 0, 0, 1, ME, 0, 0, 0, now - cache.STALE_TEMP_SECONDS - 1, 0))
    assert not cache._stale_temp(name, at, now)
    assert cache._stale_temp(name, just_over, now)
    assert not cache._stale_temp(name, stat_of(0o600, kind=stat.S_IFDIR), now + 10**9)
    future = os.stat_result((stat.S_IFREG | 0o600, 0, 0, 1, ME, 0, 0, 0, now + cache.STALE_TEMP_SECONDS + 1, 0))
    assert not cache._stale_temp(name, future, now), "a file dated in the future is not old"


def test_prune_of_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    cache.prune(str(tmp_path / "missing"), "knowledge-", ".bin", 1)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- folders and keys


def test_a_missing_folder_is_not_trusted(tmp_path: Path) -> None:
    assert not cache.trusted_folder(tmp_path / "missing")
    assert not cache._checked_folder(str(tmp_path / "missing"))


def test_checked_folder_refuses_what_others_can_write_and_tightens_what_they_can_read(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    folder.chmod(0o777)
    assert not cache._checked_folder(str(folder))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777, "not ours to change"
    for mode in (0o755, 0o655, 0o710, 0o701):
        folder.chmod(mode)
        assert cache._checked_folder(str(folder))
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, oct(mode)


def test_without_user_ids_a_folder_is_left_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    folder.chmod(0o755)
    monkeypatch.setattr(cache, "expected_uid", lambda: None)
    assert cache._checked_folder(str(folder))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_fingerprint_is_a_known_blake2b_of_its_parts() -> None:
    expected = blake2b(b"one\0two\0", digest_size=20).hexdigest()
    assert cache.fingerprint(b"one", b"two") == expected
    assert len(expected) == 40


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small package for code_fingerprint to walk: a module, a schema, fonts, data, compiled files."""
    root = tmp_path / "dmtx"
    for name in ("__init__.py", "mod.py", "sub/__init__.py", "sub/schema.json", "README.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n", "utf-8")
    for name in ("__pycache__/mod.cpython-311.pyc", "fonts/font.py", "data/guidelines.py", "sub/__pycache__/x.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("compiled\n", "utf-8")
    monkeypatch.setattr(cache, "package_folder", lambda: str(root))
    monkeypatch.setattr(cache, "_code", None)
    return root


def fresh_fingerprint() -> bytes:
    cache._code = None
    return cache.code_fingerprint()


@pytest.mark.parametrize("name", ["mod.py", "sub/__init__.py", "sub/schema.json", "new.py", "sub/new.json"])
def test_code_fingerprint_counts_modules_and_schemas(package_copy: Path, name: str) -> None:
    before = fresh_fingerprint()
    path = package_copy / name
    path.write_text((path.read_text("utf-8") if path.exists() else "") + "y = 2\n", "utf-8")
    assert fresh_fingerprint() != before


@pytest.mark.parametrize(
    "name",
    ["README.txt", "__pycache__/mod.cpython-311.pyc", "fonts/font.py", "data/guidelines.py", "sub/__pycache__/x.py"],
)
def test_code_fingerprint_ignores_compiled_files_fonts_and_data(package_copy: Path, name: str) -> None:
    """Python rewriting its compiled files, or the bundled data (hashed as data), must not empty the cache."""
    before = fresh_fingerprint()
    path = package_copy / name
    path.write_text(path.read_text("utf-8") + "changed\n", "utf-8")
    assert fresh_fingerprint() == before


def test_code_fingerprint_is_kept_for_the_run(package_copy: Path) -> None:
    first = fresh_fingerprint()
    (package_copy / "mod.py").write_text("changed\n", "utf-8")
    assert cache.code_fingerprint() == first, "worked out once per process"


def test_library_stamp_finds_a_package_or_a_module_by_hand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("abc", "utf-8")
    (tmp_path / "single.py").write_text("abcdef", "utf-8")
    os.utime(tmp_path / "pkg" / "__init__.py", ns=(1, 111))
    os.utime(tmp_path / "single.py", ns=(1, 222))
    monkeypatch.setattr("sys.path", [str(tmp_path / "nowhere"), str(tmp_path)])
    assert cache.library_stamp("pkg") == "pkg:3:111"
    assert cache.library_stamp("single") == "single:6:222"
    assert cache.library_stamp("absent") == "absent:none"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.path", ["", str(tmp_path / "nowhere")])
    assert cache.library_stamp("single") == "single:6:222", "an empty sys.path entry is the current folder"


def test_prune_goes_on_past_a_name_that_vanished_or_cannot_be_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = time.time()
    for age, name in enumerate(["knowledge-a.bin", "knowledge-b.bin", "knowledge-c.bin"]):
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (now - 100 * age, now - 100 * age))
    stale = temp_file(tmp_path, f"{cache.TEMP_PREFIX}old{cache.TEMP_SUFFIX}", cache.STALE_TEMP_SECONDS + 60)
    real_listdir, real_unlink = os.listdir, os.unlink

    def listing(folder: str) -> list[str]:
        return ["gone-before-lstat", *sorted(real_listdir(folder)), "knowledge-locked.bin"]

    def unlink(path: str) -> None:
        if path.endswith("locked.bin") or path.endswith("-b.bin"):
            raise PermissionError(13, "busy")
        real_unlink(path)

    real_lstat = os.lstat

    def lstat(path: str) -> os.stat_result:
        if path.endswith("locked.bin"):
            return os.stat_result((stat.S_IFREG | 0o600, 0, 0, 1, ME, 0, 1, 0, now - 10_000, 0))
        return real_lstat(path)

    monkeypatch.setattr(os, "listdir", listing)
    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "lstat", lstat)
    cache.prune(str(tmp_path), "knowledge-", ".bin", 1)
    monkeypatch.undo()
    assert not stale.exists(), "the stale temp file after the vanished name is still removed"
    assert not (tmp_path / "knowledge-c.bin").exists(), "removing goes on after one that cannot be removed"
    assert (tmp_path / "knowledge-a.bin").exists()


# --------------------------------------------------------------------------- reading, and making the folder


def test_read_trusted_takes_exactly_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "entry"
    path.write_bytes(b"x" * 100)
    path.chmod(0o600)
    assert cache.read_trusted(path, 100) == b"x" * 100
    assert cache.read_trusted(path, 99) is None


def test_read_trusted_stops_a_file_that_grows_past_its_size() -> None:
    """/proc files say they are 0 bytes long and then give more: the read itself must stop at the limit."""
    status = "/proc/self/status"
    if not os.path.exists(status) or os.stat(status).st_size != 0:
        pytest.skip("needs Linux /proc")  # pragma: no cover
    whole = cache.read_trusted(status, 1 << 20)
    assert whole is not None and len(whole) > 100
    assert cache.read_trusted(status, 100) is None


def test_read_trusted_joins_a_large_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "big"
    data = os.urandom((1 << 20) + 10)
    path.write_bytes(data)
    path.chmod(0o600)
    assert cache.read_trusted(path, 2 << 20) == data


@pytest.mark.parametrize(
    ("folder", "usable"),
    [("/home/a/.cache/dmtx", True), ("/home/a~b/dmtx", True), ("relative/dmtx", False), ("/home/~/dmtx", False)],
)
def test_usable_wants_an_absolute_path_without_a_bare_tilde(
    folder: str, usable: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dmtx.locations import known_cache_folder, usable_folder

    assert usable_folder(folder) is usable
    monkeypatch.delenv("DMTX_NO_CACHE", raising=False)
    monkeypatch.setenv("DMTX_CACHE_DIR", folder)
    assert (known_cache_folder() == folder) is usable, "the start-up guess applies the same rule"


def test_may_create_only_in_a_folder_of_ours_or_roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    os.chown(mine, 4242, 4242)
    monkeypatch.setattr(cache, "expected_uid", lambda: 4242)
    assert cache._may_create_in(str(mine))
    assert cache._may_create_in("/"), "root's folder"
    os.chown(mine, 4343, 4343)
    assert not cache._may_create_in(str(mine)), "another user's"
    assert not cache._may_create_in(str(tmp_path / "missing"))
    monkeypatch.setattr(cache, "expected_uid", lambda: None)
    assert cache._may_create_in(str(mine)), "no uids to compare"


def test_make_private_makes_the_missing_levels_0700_whatever_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "home" / "dmtx"
    (tmp_path / "home").mkdir()
    old = os.umask(0o002)
    try:
        assert cache._make_private(str(target), 1)
        deeper = tmp_path / "cache" / "dmtx"
        assert cache._make_private(str(deeper), 2)
    finally:
        os.umask(old)
    for folder in (target, deeper, deeper.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert cache._make_private(str(target), 1), "already there: nothing to do"


def test_make_private_refuses_more_missing_levels_than_allowed(tmp_path: Path) -> None:
    target = tmp_path / "no-home" / "cache" / "dmtx"
    assert not cache._make_private(str(target), 2)
    assert not (tmp_path / "no-home").exists(), "nothing made: a missing home is never created"


def test_make_private_refuses_another_users_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chown(home, 4343, 4343)
    monkeypatch.setattr(cache, "expected_uid", lambda: 4242)
    assert not cache._make_private(str(home / "dmtx"), 1)
    assert not (home / "dmtx").exists()


def test_make_private_fails_cleanly_where_no_folder_can_be_made(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    assert not cache._make_private(str(tmp_path / "file" / "dmtx"), 1)


# --------------------------------------------------------------------------- which folder


@pytest.fixture
def no_cache_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No DMTX_* cache settings; XDG_CACHE_HOME in a temporary folder (returned)."""
    for name in ("DMTX_NO_CACHE", "DMTX_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def test_candidate_is_the_named_folder_then_the_platforms(no_cache_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    assert cache._candidate() == (platformdirs.user_cache_dir("dmtx", appauthor=False), 2)
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert cache._candidate() == (str(no_cache_env / "dmtx"), 2)
    monkeypatch.setenv("DMTX_CACHE_DIR", "/somewhere/./mine/")
    assert cache._candidate() == ("/somewhere/mine", 1), "only the named folder itself may be made"
    monkeypatch.setenv("DMTX_NO_CACHE", "1")
    assert cache._candidate() is None


def test_candidate_is_none_when_platformdirs_finds_no_home(no_cache_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    def no_home(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("no home")

    monkeypatch.setattr(platformdirs, "user_cache_dir", no_home)
    assert cache._candidate() is None
    assert cache.private_dir() is None


def test_a_folder_set_up_before_is_found_without_platformdirs(
    no_cache_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start-up shortcut: once the folder holds our secret, the platform rule is not asked again."""
    first = cache.private_dir()
    assert first == str(no_cache_env / "dmtx")
    assert cache.user_secret(first) is not None
    asked: list[bool] = []
    monkeypatch.setattr(cache, "_candidate", lambda: asked.append(True))
    assert cache._established() == first
    assert cache.private_dir() == first
    assert asked == []


def test_an_established_folder_is_still_checked(no_cache_env: Path) -> None:
    folder = cache.private_dir()
    assert folder is not None and cache.user_secret(folder) is not None
    os.chmod(folder, 0o777)
    assert cache._established() is None, "others can write it now"
    assert cache.private_dir() is None
    os.chmod(folder, 0o700)
    os.unlink(os.path.join(folder, cache.SECRET_NAME))
    assert cache._established() is None, "no secret: not set up yet"
    assert cache.private_dir() == folder


def test_nothing_is_established_when_caching_is_off(no_cache_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = cache.private_dir()
    assert folder is not None and cache.user_secret(folder) is not None
    monkeypatch.setenv("DMTX_NO_CACHE", "1")
    assert cache._established() is None
    assert cache.private_dir() is None


def test_the_expected_user_is_the_effective_one() -> None:
    assert cache.expected_uid() == os.geteuid()
