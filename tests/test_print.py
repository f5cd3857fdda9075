"""A real browser prints the HTML checklist: every question reaches the PDF; one topic fits one page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dmtx.knowledge import load

from conftest import Dmtx

pytestmark = pytest.mark.slow
KNOWLEDGE = load()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is missing on CI: .ci/run must install it")
        pytest.skip(f"{name} is not installed (Debian packages chromium and poppler-utils)")
    return found


def print_to_pdf(html: Path, pdf: Path, profile: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    browser = browser or _tool("chromium")
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html.as_uri(),
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert pdf.is_file() and pdf.stat().st_size > 0, "Chromium made no PDF"


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        [_tool("pdftotext"), "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


@pytest.fixture
def printed(dmtx: Dmtx, tmp_path: Path):
    _tool("chromium")
    _tool("pdftotext")

    def make(*args: str) -> Path:
        html = tmp_path / "visit.html"
        pdf = tmp_path / "visit.pdf"
        for stale in (html, pdf):
            stale.unlink(missing_ok=True)
        result = dmtx("checklist", "--format", "html", "-o", str(html), *args)
        assert result.exit_code == 0, result.stderr
        print_to_pdf(html, pdf, tmp_path / "profile")
        return pdf

    return make


def test_every_question_reaches_the_pdf(printed) -> None:
    pdf = printed("-a", "Can I <still> garden [bold]outside[/]?")
    text = flat(pdf_text(pdf))
    for point in KNOWLEDGE.topics:
        for question in point.questions:
            assert flat(question.text) in text, question.text
    assert "Can I <still> garden [bold]outside[/]?" in text
    assert flat(KNOWLEDGE.meta.disclaimer) in text
    assert "last modified 2014-08-18" in text


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, 6])
def test_one_topic_fits_on_one_letter_page(printed, number: int) -> None:
    pdf = printed("-t", str(number), "--name", "Ann Lee", "--visit-date", "2026-12-01", "--doctor", "Dr. Ray")
    info = pdf_info(pdf)
    assert re.match(r"612(\.\d+)? x 792", info["Page size"]), info["Page size"]
    assert info["Pages"] == "1"


def test_a4_paper_is_a4(printed) -> None:
    info = pdf_info(printed("-t", "1", "--paper", "a4"))
    assert re.match(r"59[45](\.\d+)? x 841", info["Page size"]), info["Page size"]
