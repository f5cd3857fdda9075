"""The validated-knowledge cache: a file validated once is served from dmtx.cache next time.

The only part of the loader that touches the cache; `dmtx.cache` keeps the entries.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from dmtx.knowledge.yamlread import read_bytes

Validate = Callable[[bytes, str], dict[str, Any]]


def cache_key(data: bytes) -> str:
    """The knowledge cache's name for these file bytes: the bytes, every dmtx source file and PyYAML's own."""
    from dmtx import cache

    return cache.content_key("knowledge", data, cache.library_stamp("yaml"))


def cached_document(path: str | os.PathLike[str], validate: Validate) -> dict[str, Any]:
    """Like validated_document, but served from the cache when this exact file was validated before."""
    from dmtx import cache

    data = read_bytes(path)
    folder = cache.private_dir()
    if folder is None:
        return validate(data, os.fspath(path))
    key = cache_key(data)
    document = cache.read_entry(folder, key)
    if document is None:
        document = validate(data, os.fspath(path))
        cache.write_entry(folder, key, document)
    return document
