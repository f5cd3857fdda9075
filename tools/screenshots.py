"""Make the screenshots in docs/screenshots/ with headless Chromium and poppler, from dmtx's own output.

    python tools/screenshots.py [--out DIR]

Writes checklist-html.png, checklist-html-large.png (the HTML checklist, normal and --large, as a
browser shows it), checklist-pdf.png, checklist-pdf-large.png (the first page of the PDF) and
slide.png (the first projector slide of `dmtx present --format html`), and sources.json: a hash of
the HTML, or of the PDF's words and their positions, that made each picture. tests/test_screenshots.py
runs this into a temporary folder and compares sources.json, so a change to what the pictures show
fails until they are made again; font rasterization noise never does. The date is fixed
(DMTX_TODAY) so the pictures do not change each day. Needs chromium and pdftoppm/pdftotext.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
DAY = "2026-12-02"
CHECKLIST = ("--paper", "letter", "--name", "Ann Lee", "--visit-date", "2026-12-15", "--doctor", "Dr. Ray")
BROWSERS = ("chromium", "chromium-browser")


def tool(*names: str) -> str:
    """The first of these programs on PATH; exits with a clear message when none is installed."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    sys.exit(f"screenshots: {' or '.join(names)} is not installed (Debian packages chromium and poppler-utils).")


def dmtx(*args: str, work: Path) -> None:
    """Run dmtx from this checkout with a fixed date and an empty journal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DMTX_", "FORCE_COLOR", "NO_COLOR"))}
    env.update(
        DMTX_TODAY=DAY,
        DMTX_JOURNAL=str(work / "none.sqlite3"),
        DMTX_CACHE_DIR=str(work / "cache"),
        PYTHONPATH=str(ROOT),
        TERM="dumb",
    )
    subprocess.run([sys.executable, "-m", "dmtx", *args], cwd=work, env=env, check=True, capture_output=True)


def screenshot(page: Path, png: Path, size: tuple[int, int], work: Path) -> None:
    """The page as headless Chromium shows it in a window of this size (CSS px)."""
    subprocess.run(
        [
            tool(*BROWSERS),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={work / 'profile'}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def first_page(pdf: Path, png: Path) -> None:
    """The PDF's first page as a PNG, 80 dpi."""
    stem = png.with_suffix("")
    subprocess.run(
        [tool("pdftoppm"), "-f", "1", "-l", "1", "-r", "80", "-png", "-singlefile", str(pdf), str(stem)],
        check=True,
        capture_output=True,
        timeout=60,
    )


def pdf_fingerprint(pdf: Path) -> str:
    """The PDF's words and where they stand (not its bytes, which hold the time it was made)."""
    boxes = subprocess.run(
        [tool("pdftotext"), "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return "\n".join(line.strip() for line in boxes.splitlines() if line.strip().startswith(("<page", "<word")))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make(out: Path) -> dict[str, str]:
    """Write every screenshot and sources.json into `out`; return {png name: hash of its source}."""
    out.mkdir(parents=True, exist_ok=True)
    sources: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="dmtx-shots-") as tmp:
        work = Path(tmp)
        for name, large in (("checklist-html", ()), ("checklist-html-large", ("--large",))):
            page = work / f"{name}.html"
            dmtx("checklist", *CHECKLIST, *large, "-o", str(page), work=work)
            screenshot(page, out / f"{name}.png", (900, 1100), work)
            sources[f"{name}.png"] = digest(page.read_text(encoding="utf-8"))
        for name, large in (("checklist-pdf", ()), ("checklist-pdf-large", ("--large",))):
            pdf = work / f"{name}.pdf"
            dmtx("checklist", *CHECKLIST, *large, "-o", str(pdf), work=work)
            first_page(pdf, out / f"{name}.png")
            sources[f"{name}.png"] = digest(pdf_fingerprint(pdf))
        slides = work / "slides.html"
        dmtx("present", "--format", "html", "-o", str(slides), work=work)
        screenshot(slides, out / "slide.png", (1280, 720), work)
        sources["slide.png"] = digest(slides.read_text(encoding="utf-8"))
    (out / "sources.json").write_text(json.dumps(sources, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder to write into (default: docs/screenshots)"
    )
    args = parser.parse_args(argv)
    for name, value in sorted(make(args.out).items()):
        print(f"{args.out / name}  {value[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
