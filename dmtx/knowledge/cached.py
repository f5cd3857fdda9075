"""The validated-knowledge cache: a file validated once is served from dmtx.cache next time.

The only part of the loader that touches the cache; `dmtx.cache` keeps the entries.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dmtx import private
from dmtx.knowledge.yamlread import read_bytes

Validate = Callable[[bytes, str], dict[str, Any]]


def loader_fingerprint() -> bytes:
    """What identifies this version of the loader for the cache: a hash of its sources and the records'."""
    from dmtx import model

    folder = Path(__file__).parent
    try:
        sources = [path.read_bytes() for path in (*sorted(folder.glob("*.py")), Path(model.__file__))]
    except OSError:
        return b"unknown loader"
    return private.fingerprint(*sources).encode("ascii")


def cached_document(path: Path, validate: Validate) -> dict[str, Any]:
    """Like validated_document, but served from the cache when this exact file was validated before."""
    from dmtx import cache

    data = read_bytes(path)
    folder = cache.private_dir()
    if folder is None:
        return validate(data, str(path))
    key = cache.cache_key(data, loader_fingerprint())
    document = cache.read_entry(folder, key)
    if document is None:
        document = validate(data, str(path))
        cache.write_entry(folder, key, document)
    return document
