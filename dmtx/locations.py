"""Where dmtx's files are, worked out with `os.path` alone (no pathlib, no platformdirs).

Every lookup imports it on its way to the knowledge file and the cache, where every
import counts, so it imports nothing that Python has not already loaded at start-up.
"""

from __future__ import annotations

import os
import sys

DATA_ENV = "DMTX_DATA"
CACHE_ENV = "DMTX_CACHE_DIR"
NO_CACHE_ENV = "DMTX_NO_CACHE"
APP_NAME = "dmtx"
# Where platformdirs puts user caches when $XDG_CACHE_HOME is not an absolute path.
_PLAIN_DEFAULTS = {"linux": (".cache",), "darwin": ("Library", "Caches")}


def package_folder() -> str:
    """The folder of the dmtx package itself, with links resolved."""
    return os.path.dirname(os.path.realpath(__file__))


def plain_path(path: str) -> str:
    """The path as pathlib spells it (no empty or "." parts, no trailing separator), without importing pathlib.

    pathlib and the modules it pulls in (urllib.parse, ipaddress) cost about 5 ms of each start-up.
    Names in messages stay as they always were, and lstat on a folder never follows its last link.
    """
    if os.altsep:
        path = path.replace(os.altsep, os.sep)
    head = os.sep if path.startswith(os.sep) else ""
    return head + os.sep.join(part for part in path.split(os.sep) if part not in ("", ".")) or "."


def bundled_data_file() -> str:
    """Where the shipped guidelines.yaml is, for wheel, editable and checkout runs.

    A wheel carries it inside the package (`dmtx/data/`); an editable install and
    a checkout run find it in the project's top-level `data/` folder beside `dmtx/`.
    """
    package = package_folder()
    inside = os.path.join(package, "data", "guidelines.yaml")
    if os.path.isfile(inside):
        return inside
    return os.path.join(os.path.dirname(package), "data", "guidelines.yaml")


def chosen_data_file(explicit: str | None = None) -> str:
    """The knowledge file a run reads: `--data`, else `$DMTX_DATA`, else the bundled one (not checked)."""
    return explicit or os.environ.get(DATA_ENV) or bundled_data_file()


def usable_folder(path: str) -> bool:
    """An absolute path with no bare `~` in it (an unexpanded home would land in the current folder)."""
    return os.path.isabs(path) and "~" not in path.split(os.sep)


def known_cache_folder() -> str | None:
    """dmtx's cache folder where it can be named without platformdirs; None when caching is off or it cannot.

    $DMTX_CACHE_DIR when it is absolute. Otherwise, on Linux and macOS, the rule that
    platformdirs follows there: $XDG_CACHE_HOME/dmtx when that is absolute, else
    $HOME/.cache/dmtx (Linux) or $HOME/Library/Caches/dmtx (macOS) when HOME is absolute.
    Anything less plain (Windows, no HOME) gives None. This is only a guess made for
    speed: dmtx.cache uses it only for a folder it already set up.
    """
    if os.environ.get(NO_CACHE_ENV):
        return None
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return explicit if usable_folder(explicit) else None
    default = _PLAIN_DEFAULTS.get(sys.platform)
    if default is None:
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, *default)
    return os.path.join(base, APP_NAME)
