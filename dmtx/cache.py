"""dmtx's private cache: one folder, one trust check, one seal, one writer.

A cache is input too: whatever is in it is shown as if it came from the knowledge file.
So the folder is used only when it is a real folder of this user that nobody else can
write (a 0755 folder of ours is tightened to 0700), and a file in it is believed only when:

- it is a regular file of this user (opened with O_NOFOLLOW | O_NONBLOCK, so a link or a
  FIFO is refused without waiting), of a bounded size, that nobody else can write (or,
  for private files such as the search index, read);
- for sealed entries (the validated knowledge), it carries a keyed BLAKE2b of its key and
  payload made with a per-user secret kept in the same folder (0600), so an entry cannot be
  forged even by someone who can compute the key of the bundled file.

Anything else is a miss: a damaged or hostile cache makes dmtx slower, never wrong.
Keys come from `content_key`: the bytes the entry was made from and the stamp of every source file of
dmtx (found by walking the package, never listed by hand), so an edited file or a new dmtx
never sees a stale entry. This module imports nothing of dmtx but dmtx.locations.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable
from typing import Any

from dmtx.locations import (
    APP_NAME,
    CACHE_ENV,
    NO_CACHE_ENV,
    known_cache_folder,
    package_folder,
    plain_path,
    usable_folder,
)

try:  # the C type behind hashlib.blake2b: `import hashlib` also loads OpenSSL, which costs start-up time
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons built without it
    from hashlib import blake2b
try:  # what hmac.compare_digest is, without hmac's own imports (hashlib again)
    from _operator import _compare_digest as same_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest as same_digest  # type: ignore[no-redef]

MAGIC = b"DMTXKC4\n"
SECRET_NAME = "secret.key"
SECRET_BYTES = 32
SEAL_BYTES = 32
KEEP_ENTRIES = 8
MAX_ENTRY_BYTES = 64 * 1024 * 1024
STALE_TEMP_SECONDS = 15 * 60
FOLDER_MODE = 0o700
FILE_MODE = 0o600
TEMP_PREFIX, TEMP_SUFFIX = ".cache-", ".tmp"
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


# --------------------------------------------------------------------------- the one trust check


def expected_uid() -> int | None:
    """The user who must own the cache folder and its files (None where the OS has no uids).

    Tests monkeypatch this to point the ownership checks at another uid, since they run as root.
    """
    return os.geteuid() if hasattr(os, "geteuid") else None


def trusted(info: os.stat_result, *, private: bool = False) -> bool:
    """Owned by the expected user; nobody else can write it (or, when private, read it either)."""
    owner = expected_uid()
    if owner is None:
        return True
    forbidden = 0o077 if private else 0o022
    return info.st_uid == owner and not info.st_mode & forbidden


def trusted_folder(folder: str | os.PathLike[str]) -> bool:
    """True when folder is a real folder (not a link) of this user that nobody else can write."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and trusted(info)


def trusted_file(path: str | os.PathLike[str], *, private: bool = False) -> bool:
    """True when path is a regular file (not a link) of this user that the trust rule allows."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and trusted(info, private=private)


def read_trusted(path: str | os.PathLike[str], limit: int, *, private: bool = False) -> bytes | None:
    """The bytes of a regular file of ours of at most limit bytes, without following links or blocking."""
    try:
        fd = os.open(path, READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not trusted(info, private=private) or info.st_size > limit:
            return None
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- keys


def fingerprint(*parts: bytes) -> str:
    """A short hex name for these bytes (BLAKE2b, 20 bytes)."""
    digest = blake2b(digest_size=20)
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


_code: bytes | None = None


def code_fingerprint() -> bytes:
    """What identifies this dmtx: every file of the package but the fonts, and the Python version.

    The list is found by walking the package, so a new module is covered without anyone
    remembering to add it; the bundled knowledge file is hashed as data, by its user.
    Each file counts by its size, times and inode, not its bytes: reading every source file
    cost about 3 ms of each start-up. The change time (ctime) cannot be set back by tools
    that copy or unpack files (reproducible wheels give every file the same mtime), so an
    edit or a reinstall is always a new key; a needless miss (a chmod) only costs a re-check.
    """
    global _code
    if _code is None:
        digest = blake2b(digest_size=20)
        digest.update(sys.version.encode())
        root = package_folder()
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if d not in ("__pycache__", "fonts", "data"))
            for name in sorted(files):
                if name.endswith((".py", ".json")):
                    path = os.path.join(folder, name)
                    digest.update(path[len(root) :].encode())  # the name inside the package
                    with contextlib.suppress(OSError):
                        info = os.stat(path)
                        stamp = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
                        digest.update(repr(stamp).encode())
                    digest.update(b"\0")
        _code = digest.hexdigest().encode("ascii")
    return _code


def library_stamp(name: str) -> str:
    """What identifies the installed version of a library, found without importing it: its file's size and time.

    Looked up along sys.path by hand: importlib.util costs more start-up time than the lookup it does.
    """
    for folder in sys.path:
        for candidate in (os.path.join(folder or ".", name, "__init__.py"), os.path.join(folder or ".", name + ".py")):
            try:
                info = os.stat(candidate)
            except OSError:
                continue
            return f"{name}:{info.st_size}:{info.st_mtime_ns}"
    return f"{name}:none"


def content_key(kind: str, data: bytes, *versions: str) -> str:
    """The name of a cache entry of this kind made from data by this dmtx with these library versions."""
    return fingerprint(kind.encode(), code_fingerprint(), *(v.encode() for v in versions), data)


# --------------------------------------------------------------------------- the folder


def _candidate() -> tuple[str, int] | None:
    """The cache folder to use and how many of its last levels dmtx may create; None if there is none."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return plain_path(explicit), 1
    try:
        import platformdirs

        # On Linux: $XDG_CACHE_HOME/dmtx when that is absolute (an empty or relative one is
        # ignored, as the XDG spec says), else ~/.cache/dmtx; ~/Library/Caches/dmtx on macOS;
        # %LOCALAPPDATA%\dmtx\Cache on Windows.
        found = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    except Exception:  # platformdirs raises RuntimeError when there is no usable home
        return None
    # Create at most the cache home (e.g. ~/.cache) and dmtx's folder: never a missing HOME.
    return plain_path(found), 2


def _may_create_in(parent: str) -> bool:
    """True when dmtx may make folders in parent: it is this user's (or root's).

    Root whose HOME is another user's (sudo keeping HOME, `su` without `-`) creates nothing
    there: the lookup runs without a cache instead.
    """
    owner = expected_uid()
    if owner is None:
        return True
    try:
        return os.stat(parent).st_uid in (owner, 0)
    except OSError:
        return False


def _make_private(folder: str, levels: int) -> bool:
    """Create the last `levels` levels of folder (0700 whatever the umask) when they are missing.

    Only inside a folder of this user (or root's); False when that is not so.
    """
    missing: list[str] = []
    current = folder
    while not os.path.lexists(current):
        missing.append(current)
        if len(missing) > levels:
            return False
        current = os.path.dirname(current)
    if missing and not _may_create_in(current):
        return False
    for path in reversed(missing):
        try:
            os.mkdir(path, FOLDER_MODE)
        except FileExistsError:
            pass  # another dmtx made it: it is checked below like any existing folder
        except OSError:
            return False
        with contextlib.suppress(OSError):
            os.chmod(path, FOLDER_MODE, follow_symlinks=False)
    return True


def _checked_folder(folder: str) -> bool:
    """True when folder is a real folder of ours that nobody else can write; tightens 0755 to 0700."""
    if not trusted_folder(folder):
        return False
    with contextlib.suppress(OSError):
        if os.lstat(folder).st_mode & 0o077 and expected_uid() is not None:
            os.chmod(folder, FOLDER_MODE, follow_symlinks=False)
    return True


def _established() -> str | None:
    """The folder dmtx.locations guesses, when it is already set up: ours, safe, and holding our secret.

    platformdirs names the folder when dmtx first makes it; after that, this finds it
    without importing platformdirs (and tempfile, which it imports) on every run.
    """
    guess = known_cache_folder()
    if guess is None or read_secret(guess) is None:
        return None
    folder = plain_path(guess)
    return folder if usable_folder(folder) and _checked_folder(folder) else None


def private_dir() -> str | None:
    """dmtx's private cache folder (created 0700 if missing), or None when caching is off or unsafe.

    The folder is $DMTX_CACHE_DIR, else the platform's user cache folder for dmtx (platformdirs).
    It is refused (None) when it is not a real folder owned by this user, or others can write it.
    """
    established = _established()
    if established is not None:
        return established
    candidate = _candidate()
    if candidate is None:
        return None
    folder, levels = candidate
    if not usable_folder(folder) or not _make_private(folder, levels) or not _checked_folder(folder):
        return None
    return folder


# --------------------------------------------------------------------------- the one writer


def _new_temp(folder: str) -> tuple[int, str]:
    """A new 0600 file with a random name in folder, made as tempfile.mkstemp does, without importing it."""
    name = os.path.join(folder, f"{TEMP_PREFIX}{os.urandom(8).hex()}{TEMP_SUFFIX}")
    return os.open(name, _CREATE_FLAGS, FILE_MODE), name


def store(folder: str, name: str, fill: Callable[[int, str], None], *, replace: bool = True) -> bool:
    """Make folder/name (0600) in one step: fill(fd, temp_path) writes a temp file, which is then moved in.

    Without replace, an existing name is never overwritten. False on any problem; the temp file never stays.
    """
    temp_name = ""
    try:
        fd, temp_name = _new_temp(folder)
        try:
            fill(fd, temp_name)
        finally:
            os.close(fd)
        os.chmod(temp_name, FILE_MODE)
        if replace:
            os.replace(temp_name, os.path.join(folder, name))
        else:
            os.link(temp_name, os.path.join(folder, name))
        return True
    except Exception:  # a cache write never fails a command (sqlite3.Error included)
        return False
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def write_private_file(folder: str, name: str, data: bytes, *, replace: bool = True) -> bool:
    """Put data in folder/name (0600) atomically; False on any problem."""

    def fill(fd: int, _temp: str) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]

    return store(folder, name, fill, replace=replace)


def _stale_temp(name: str, info: os.stat_result, now: float) -> bool:
    """A temp file of ours that a killed dmtx left behind a while ago."""
    ours = name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and stat.S_ISREG(info.st_mode)
    return ours and trusted(info) and now - info.st_mtime > STALE_TEMP_SECONDS


def prune(folder: str, prefix: str, suffix: str, keep: int) -> None:
    """Keep the newest `keep` files named prefix*suffix; remove temp files that a killed dmtx left behind."""
    now = time.time()
    entries: list[tuple[float, str]] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if name.startswith(prefix) and name.endswith(suffix):
            entries.append((info.st_mtime, path))
        elif _stale_temp(name, info, now):
            with contextlib.suppress(OSError):
                os.unlink(path)
    entries.sort(reverse=True)
    for _, old in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(old)


# --------------------------------------------------------------------------- the seal


def read_secret(folder: str | os.PathLike[str]) -> bytes | None:
    """The per-user key kept in the folder (0600), or None when there is no trustworthy one yet."""
    secret = read_trusted(os.path.join(folder, SECRET_NAME), SECRET_BYTES, private=True)
    return secret if secret is not None and len(secret) == SECRET_BYTES else None


def user_secret(folder: str) -> bytes | None:
    """The per-user sealing key kept in the folder (made on first use); None when there is no trustworthy one."""
    secret = read_secret(folder)
    if secret is not None:
        return secret
    path = os.path.join(folder, SECRET_NAME)
    if trusted_file(path):
        # Ours but damaged, or readable by others: replace it (every entry becomes a miss).
        write_private_file(folder, SECRET_NAME, os.urandom(SECRET_BYTES))
    elif not os.path.lexists(path):
        # First use. A dmtx running at the same time may win: then its secret is read below.
        write_private_file(folder, SECRET_NAME, os.urandom(SECRET_BYTES), replace=False)
    else:
        return None  # not ours: never trusted, never overwritten
    return read_secret(folder)


def seal(secret: bytes, key: str, payload: bytes) -> bytes:
    """The seal of an entry: a keyed BLAKE2b of its key and payload, made with the user's secret."""
    return blake2b(key.encode("ascii") + b"\0" + payload, key=secret, digest_size=SEAL_BYTES).digest()


def unsealed(blob: bytes, magic: bytes, secret: bytes, key: str) -> bytes | None:
    """The payload of a sealed entry (magic, seal, payload), or None when it is not one or its seal is wrong."""
    head = len(magic) + SEAL_BYTES
    if len(blob) < head or not blob.startswith(magic):
        return None
    payload = blob[head:]
    return payload if same_digest(blob[len(magic) : head], seal(secret, key, payload)) else None


# --------------------------------------------------------------------------- sealed entries


def _entry_name(key: str) -> str:
    return f"knowledge-{key}.bin"


def read_entry(folder: str, key: str) -> dict[str, Any] | None:
    """The cached document for key, or None for anything unexpected (missing, foreign, forged, damaged)."""
    secret = user_secret(folder)
    if secret is None:
        return None
    blob = read_trusted(os.path.join(folder, _entry_name(key)), MAX_ENTRY_BYTES)
    payload = None if blob is None else unsealed(blob, MAGIC, secret, key)
    if payload is None:
        return None
    try:
        value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def write_entry(folder: str, key: str, document: dict[str, Any]) -> None:
    """Store a validated document, sealed with the user's secret; silently gives up on any problem."""
    secret = user_secret(folder)
    if secret is None:
        return
    try:
        payload = marshal.dumps(document)
    except ValueError:
        return
    if write_private_file(folder, _entry_name(key), MAGIC + seal(secret, key, payload) + payload):
        prune(folder, "knowledge-", ".bin", KEEP_ENTRIES)
