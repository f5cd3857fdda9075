"""A cache of validated knowledge, so a lookup does not parse YAML on every run.

Entries are keyed by a hash of the knowledge file's bytes and of the loader's own
source, so an edited file or a new dmtx never sees a stale entry. An entry carries a
checksum of its payload; a corrupt or unreadable entry is ignored and rebuilt. Any
problem with the cache folder only costs speed, never correctness.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from pathlib import Path
from typing import Any

CACHE_ENV = "DMTX_CACHE_DIR"
NO_CACHE_ENV = "DMTX_NO_CACHE"
MAGIC = b"DMTXKC1\n"
KEEP_ENTRIES = 8
_DIGEST = 32


def cache_dir() -> Path | None:
    """Where entries live: $DMTX_CACHE_DIR, else $XDG_CACHE_HOME/dmtx, else ~/.cache/dmtx; None if disabled."""
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dmtx"


def _loader_fingerprint() -> bytes:
    # Read the loader's file by its place beside this one: importing dmtx.knowledge here
    # would make an import circle (knowledge imports cache).
    try:
        return Path(__file__).with_name("knowledge.py").read_bytes()
    except OSError:
        return b"unknown loader"


def cache_key(source: bytes) -> str:
    """The entry name for these knowledge-file bytes under this version of the loader."""
    digest = hashlib.sha256(_loader_fingerprint())
    digest.update(b"\0")
    digest.update(source)
    return digest.hexdigest()[:40]


def read_entry(folder: Path, key: str) -> dict[str, Any] | None:
    """The cached document for key, or None when missing, corrupt or unreadable."""
    try:
        blob = (folder / f"knowledge-{key}.bin").read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    if blob[:head] != MAGIC or len(blob) < head + _DIGEST:
        return None
    checksum, payload = blob[head : head + _DIGEST], blob[head + _DIGEST :]
    if hashlib.sha256(payload).digest() != checksum:
        return None
    try:
        value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return value if isinstance(value, dict) else None


def write_entry(folder: Path, key: str, document: dict[str, Any]) -> None:
    """Store a validated document; silently gives up when the folder is not writable."""
    payload = marshal.dumps(document)
    blob = MAGIC + hashlib.sha256(payload).digest() + payload
    import tempfile

    temp_name = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=".knowledge-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        os.replace(temp_name, folder / f"knowledge-{key}.bin")
        temp_name = ""
        _prune(folder)
    except OSError:
        pass
    finally:
        if temp_name:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("knowledge-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()
