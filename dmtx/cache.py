"""A private cache of validated knowledge, so a lookup does not parse YAML on every run.

A cache is input too: whatever is in it is shown as if it came from the knowledge file.
So every entry is kept in a folder only this user can reach, and is trusted only when:

- the folder and the entry belong to this user and nobody else can write them;
- the entry is a regular file (opened with O_NOFOLLOW | O_NONBLOCK, so a link or a FIFO
  is refused without waiting) of a bounded size;
- it carries a seal (a keyed BLAKE2b, see dmtx.private) of its key and payload made with
  a per-user secret kept in the same folder (0600), so an entry cannot be forged even
  by someone who can compute the key of the bundled file.

Anything else is a cache miss: a damaged or hostile cache makes dmtx slower, never wrong.

Entries are keyed by a hash of the knowledge file's bytes and of a fingerprint the
loader passes in (a hash of its own source), so an edited file or a new dmtx never sees
a stale entry. This module knows nothing about the loader (no import circle).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import time
from pathlib import Path
from typing import Any

from dmtx import private
from dmtx.locations import APP_NAME, CACHE_ENV, NO_CACHE_ENV, known_cache_folder
from dmtx.private import SECRET_BYTES, SECRET_NAME

MAGIC = b"DMTXKC3\n"
KEEP_ENTRIES = 8
MAX_ENTRY_BYTES = 64 * 1024 * 1024
STALE_TEMP_SECONDS = 15 * 60
_FOLDER_MODE = 0o700
_FILE_MODE = 0o600
_TEMP_PREFIX = ".knowledge-"
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


# --------------------------------------------------------------------------- the folder


def _candidate() -> tuple[Path, int] | None:
    """The cache folder to use and how many of its last levels dmtx may create; None if there is none."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit), 1
    try:
        import platformdirs

        # On Linux: $XDG_CACHE_HOME/dmtx when that is absolute (an empty or relative one is
        # ignored, as the XDG spec says), else ~/.cache/dmtx; ~/Library/Caches/dmtx on macOS;
        # %LOCALAPPDATA%\dmtx\Cache on Windows.
        found = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    except Exception:  # platformdirs raises RuntimeError when there is no usable home
        return None
    # Create at most the cache home (e.g. ~/.cache) and dmtx's folder: never a missing HOME.
    return Path(found), 2


def _usable(folder: Path) -> bool:
    """An absolute path with no `~` left in it (an unexpanded home would land in the current folder)."""
    return folder.is_absolute() and "~" not in folder.parts


def _make_private(folder: Path, levels: int) -> bool:
    """Create the last `levels` levels of folder (0700 whatever the umask) when they are missing."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and not current.is_symlink():
        missing.append(current)
        if len(missing) > levels:
            return False
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=_FOLDER_MODE)
        except FileExistsError:
            pass  # another dmtx made it: it is checked below like any existing folder
        except OSError:
            return False
        with contextlib.suppress(OSError):
            os.chmod(path, _FOLDER_MODE, follow_symlinks=False)
    return True


def _checked_folder(folder: Path) -> bool:
    """True when folder is a real folder of ours that nobody else can write; tightens 0755 to 0700."""
    if not private.trusted_folder(folder):
        return False
    with contextlib.suppress(OSError):
        if os.lstat(folder).st_mode & 0o077 and private.expected_uid() is not None:
            os.chmod(folder, _FOLDER_MODE, follow_symlinks=False)
    return True


def _established() -> Path | None:
    """The folder dmtx.locations guesses, when it is already set up: ours, safe, and holding our secret.

    platformdirs names the folder when dmtx first makes it; after that, this finds it
    without importing platformdirs (and tempfile, which it imports), a cost paid on
    every run that reads the cache.
    """
    guess = known_cache_folder()
    if guess is None or private.read_secret(guess) is None:
        return None
    folder = Path(guess)
    return folder if _usable(folder) and _checked_folder(folder) else None


def private_dir() -> Path | None:
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
    if not _usable(folder) or not _make_private(folder, levels) or not _checked_folder(folder):
        return None
    return folder


# --------------------------------------------------------------------------- files in the folder


def _write_new(folder: Path, name: str, data: bytes, *, replace: bool) -> bool:
    """Write data to folder/name (0600) through a temp file; without replace, never over an existing name.

    The temp file is made like tempfile.mkstemp does (a random name, O_CREAT | O_EXCL,
    0600), without importing tempfile, which costs start-up time on every first showing.
    """
    temp_name = ""
    try:
        candidate = str(folder / f"{_TEMP_PREFIX}{os.urandom(8).hex()}.tmp")
        fd = os.open(candidate, _CREATE_FLAGS, _FILE_MODE)
        temp_name = candidate  # only now ours to remove
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if replace:
            os.replace(temp_name, folder / name)
        else:
            os.link(temp_name, folder / name)
        return True
    except OSError:
        return False
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def write_private_file(folder: Path, name: str, data: bytes) -> bool:
    """Put data in folder/name (0600) atomically, replacing an older copy; False on any problem."""
    return _write_new(folder, name, data, replace=True)


def user_secret(folder: Path) -> bytes | None:
    """The per-user sealing key kept in the folder (made on first use); None when there is no trustworthy one."""
    secret = private.read_secret(folder)
    if secret is not None:
        return secret
    path = folder / SECRET_NAME
    if _is_ours(path):
        # Ours but damaged, or readable by others: replace it (every entry becomes a miss).
        _write_new(folder, SECRET_NAME, os.urandom(SECRET_BYTES), replace=True)
    elif not (path.exists() or path.is_symlink()):
        # First use. A dmtx running at the same time may win: then its secret is read below.
        _write_new(folder, SECRET_NAME, os.urandom(SECRET_BYTES), replace=False)
    else:
        return None  # not ours: never trusted, never overwritten
    return private.read_secret(folder)


def _is_ours(path: Path) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and private.trusted(info)


# --------------------------------------------------------------------------- entries


def cache_key(source: bytes, fingerprint: bytes) -> str:
    """The entry name for these knowledge-file bytes, read by the loader with this fingerprint."""
    return private.fingerprint(fingerprint, source)


def _entry_path(folder: Path, key: str) -> Path:
    return folder / f"knowledge-{key}.bin"


def read_entry(folder: Path, key: str) -> dict[str, Any] | None:
    """The cached document for key, or None for anything unexpected (missing, foreign, forged, damaged)."""
    secret = user_secret(folder)
    if secret is None:
        return None
    blob = private.read_trusted(_entry_path(folder, key), MAX_ENTRY_BYTES)
    payload = None if blob is None else private.unsealed(blob, MAGIC, secret, key)
    if payload is None:
        return None
    try:
        value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def write_entry(folder: Path, key: str, document: dict[str, Any]) -> None:
    """Store a validated document, sealed with the user's secret; silently gives up on any problem."""
    secret = user_secret(folder)
    if secret is None:
        return
    try:
        payload = marshal.dumps(document)
    except ValueError:
        return
    if _write_new(
        folder, _entry_path(folder, key).name, MAGIC + private.seal(secret, key, payload) + payload, replace=True
    ):
        _prune(folder)


def _prune(folder: Path) -> None:
    prune(folder, "knowledge-", KEEP_ENTRIES)


def prune(folder: Path, prefix: str, keep: int) -> None:
    """Keep the newest `keep` entries named prefix*.bin; remove temp files that a killed dmtx left behind."""
    now = time.time()
    entries: list[tuple[float, Path]] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = folder / name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if name.startswith(prefix) and name.endswith(".bin"):
            entries.append((info.st_mtime, path))
        elif name.startswith(_TEMP_PREFIX) and name.endswith(".tmp") and now - info.st_mtime > STALE_TEMP_SECONDS:
            with contextlib.suppress(OSError):
                path.unlink()
    entries.sort(reverse=True)
    for _, old in entries[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
