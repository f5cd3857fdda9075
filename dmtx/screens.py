"""Finished screens, kept so that the same lookup asked again is shown at once.

A lookup spends most of its time importing modules (the loader, YAML, Rich), not looking
up. So once a lookup screen has been drawn, its text (with Rich's colour codes when it
was drawn for a terminal) is kept in the private cache folder, and the next identical
lookup writes that text without importing any of them. The renderers stay the only
place that draws: a kept screen is their own output, byte for byte.

Identical means every input that can change a byte of the screen is the same (screen_key):
the command words; the knowledge file (its name, and its size, times and inode, so any
edit makes it a new file); each of dmtx's .py files and Rich's, the same way; the Python
version; today's date; whether stdout is a terminal, how wide, and its encoding; and the
variables dmtx and Rich read for colour and size. main.py keeps only the lookups it runs
without Typer (no journal), and only when they succeed without a word on stderr.

Entries are trusted like the knowledge cache's (dmtx.private): our folder, our 0600 file,
no links, bounded size, and a keyed BLAKE2b of key and text made with the per-user
secret. Anything else is a miss, and the screen is drawn the normal way. This module
imports nothing heavy: it runs before anything else does.
"""

from __future__ import annotations

import os
import stat
import sys
import time

from dmtx import private
from dmtx.locations import chosen_data_file, known_cache_folder, package_folder
from dmtx.terminal import encoding_is_utf, is_tty, tty_columns

FORMAT = b"DMTXSC1\n"
PREFIX = "screen-"
KEEP_SCREENS = 64
MAX_SCREEN_BYTES = 4 * 1024 * 1024
# The libraries whose version can change a screen (see _code_identity).
SCREEN_LIBRARIES = ("rich", "jellyfish")
# What dmtx (terminal, output) or Rich (console) read to choose colours, width and layout.
SCREEN_ENV = (
    "ACCESSIBLE",
    "COLORTERM",
    "COLUMNS",
    "DATABRICKS_RUNTIME_VERSION",
    "FORCE_COLOR",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
    "LINES",
    "NO_COLOR",
    "TERM",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "UNICODE_VERSION",
)
# A file changed less than this long ago may change again within the same timestamp
# (coarse clocks: 2 s on FAT, stale attributes on NFS), so its screens are not kept yet.
SETTLED_SECONDS = 3.0


def screen_key(argv: list[str], data: str | None) -> str | None:
    """The name of the screen these arguments draw here and now; None when it must not be kept.

    `argv` are the command words (after a leading --data, which is `data`).
    """
    out = sys.stdout
    if out is None or not encoding_is_utf(out):
        return None
    data_file = chosen_data_file(data)
    knowledge = _file_identity(data_file)
    code = _code_identity()
    if knowledge is None or code is None:
        return None
    tty = is_tty(out)
    facts = (
        FORMAT,
        argv,
        data_file,
        knowledge,
        code,
        sys.version,
        time.strftime("%Y-%m-%d"),
        tty,
        tty_columns(out) if tty else 0,
        getattr(out, "encoding", None),
        getattr(out, "errors", None),
        tuple(os.environ.get(name) for name in SCREEN_ENV),
    )
    # repr, not marshal: marshal's bytes depend on which strings happen to be shared objects.
    return private.fingerprint(repr(facts).encode("utf-8"))


def _file_identity(path: str) -> tuple[int, ...] | None:
    """What changes whenever a regular file's content does (inode, size, change times); None for anything else."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _code_identity() -> tuple[object, ...] | None:
    """The identity of every .py file of dmtx and of each library that shapes a screen.

    For a library, its __init__.py (rewritten by any upgrade): Rich draws the screen, and
    jellyfish picks the name a misspelling is shown as.
    """
    found: list[object] = []
    for library in SCREEN_LIBRARIES:
        init = _library_init(library)
        if init is None:
            return None
        found.append(_file_identity(init))
    libraries = len(found)
    root = package_folder()
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                found.append((os.path.relpath(path, root), _file_identity(path)))
    # No sources (a .pyc-only install): nothing tells two versions apart, so nothing is kept.
    return tuple(found) if len(found) > libraries else None


def _settled(path: str) -> bool:
    """True when the file last changed long enough ago for its times to say whether it changes again."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return time.time() - max(info.st_mtime, info.st_ctime) >= SETTLED_SECONDS


def _library_init(name: str) -> str | None:
    """Where `import name` would find the package's __init__.py, looked up without importing it."""
    for entry in sys.path:
        candidate = os.path.join(entry or os.curdir, name, "__init__.py")
        if os.path.isfile(candidate):
            return candidate
    return None


def _entry_name(key: str) -> str:
    return f"{PREFIX}{key}.bin"


def kept(key: str) -> str | None:
    """The screen kept under key, or None for anything unexpected (missing, foreign, forged, damaged)."""
    folder = known_cache_folder()
    if folder is None or not private.trusted_folder(folder):
        return None
    secret = private.read_secret(folder)
    if secret is None:
        return None
    limit = len(FORMAT) + private.SEAL_BYTES + MAX_SCREEN_BYTES
    blob = private.read_trusted(os.path.join(folder, _entry_name(key)), limit, private=True)
    payload = None if blob is None else private.unsealed(blob, FORMAT, secret, key)
    if payload is None:
        return None
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return None


def keep(key: str, text: str, argv: list[str], data: str | None) -> None:
    """Keep a finished screen for replay, sealed with the user's secret; silently gives up on any problem.

    Only when the key is still what it was before the run (no file edited, no midnight
    passed while it ran) and the knowledge file has settled (see SETTLED_SECONDS); only
    in the folder dmtx.cache uses, and only when that is the folder kept() looks in.
    """
    guess = known_cache_folder()
    if guess is None or screen_key(argv, data) != key or not _settled(chosen_data_file(data)):
        return
    from dmtx import cache

    folder = cache.private_dir()
    if folder is None or os.path.normpath(folder) != os.path.normpath(guess):
        return
    secret = cache.user_secret(folder)
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError:
        return
    if secret is None or len(payload) > MAX_SCREEN_BYTES:
        return
    if cache.write_private_file(folder, _entry_name(key), FORMAT + private.seal(secret, key, payload) + payload):
        cache.prune(folder, PREFIX, KEEP_SCREENS)
