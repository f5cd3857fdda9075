"""The screenshots in docs/screenshots/ are up to date: tools/screenshots.py, run again, would make the same.

Compared by what made them (a hash of the HTML, or of the PDF's words and their positions, in
sources.json) and by each picture's size, so font rasterization noise never fails the test.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from test_print import BROWSERS, _tool

from conftest import ROOT

pytestmark = pytest.mark.slow
SHOTS = ROOT / "docs" / "screenshots"
NAMES = ("checklist-html.png", "checklist-html-large.png", "checklist-pdf.png", "checklist-pdf-large.png", "slide.png")


def png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_screenshots_are_up_to_date(tmp_path: Path) -> None:
    _tool(*BROWSERS)
    _tool("pdftoppm")
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "screenshots.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    fresh = json.loads((tmp_path / "sources.json").read_text(encoding="utf-8"))
    committed = json.loads((SHOTS / "sources.json").read_text(encoding="utf-8"))
    assert sorted(fresh) == sorted(NAMES)
    stale = [name for name in NAMES if fresh[name] != committed.get(name)]
    assert not stale, f"run `python tools/screenshots.py` and commit docs/screenshots: {stale} changed"
    for name in NAMES:
        assert png_size(SHOTS / name) == png_size(tmp_path / name), name
