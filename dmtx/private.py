"""Trusting files in dmtx's private cache folder: the checks, with nothing heavy imported.

A cache is input too: whatever is in it is shown as if it came from the knowledge file.
So a folder is used only when it is a real folder of this user that nobody else can
write, and a file in it is read only when it is a regular file of this user (opened
with O_NOFOLLOW | O_NONBLOCK, so a link or a FIFO is refused without waiting) of a
bounded size; and an entry is believed only with a seal (a keyed BLAKE2b, a MAC by
design) made with the per-user secret kept in the folder. dmtx.cache (knowledge) and
dmtx.screens (finished screens) both read and seal through here; this module imports
only what Python has already loaded at start-up, and the BLAKE2 C module.
"""

from __future__ import annotations

import os
import stat

try:  # the C type behind hashlib.blake2b: `import hashlib` also loads OpenSSL, which costs start-up time
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons built without it
    from hashlib import blake2b
try:  # what hmac.compare_digest is, without hmac's own imports (hashlib again)
    from _operator import _compare_digest as same_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest as same_digest  # type: ignore[no-redef]

SECRET_NAME = "secret.key"
SECRET_BYTES = 32
SEAL_BYTES = 32
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


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


def read_secret(folder: str | os.PathLike[str]) -> bytes | None:
    """The per-user key kept in the folder (0600), or None when there is no trustworthy one yet."""
    secret = read_trusted(os.path.join(folder, SECRET_NAME), SECRET_BYTES, private=True)
    return secret if secret is not None and len(secret) == SECRET_BYTES else None


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


def fingerprint(*parts: bytes) -> str:
    """A short hex name for these bytes (BLAKE2b, 20 bytes), e.g. of a cache entry."""
    digest = blake2b(digest_size=20)
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()
