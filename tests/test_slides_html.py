"""`dmtx present --format html`: one self-contained file, printed by a real Chromium, driven by a real browser."""

from __future__ import annotations

import re
import shutil
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_print import _tool, flat, pdf_info, pdf_text, print_to_pdf

from dmtx.classroom.slides import build_deck
from dmtx.document.slides import paper_slides, without_commands
from dmtx.knowledge import load

from conftest import Dmtx, assert_clean_error, on_ci

KNOWLEDGE = load()
TOPIC_2_SLIDES = len(build_deck(KNOWLEDGE, [KNOWLEDGE.topic(2)]))
DECK = paper_slides(build_deck(KNOWLEDGE))  # as a file holds it: no sentence names a command
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture
def slides(dmtx: Dmtx, tmp_path: Path) -> Path:
    target = tmp_path / "slides.html"
    result = dmtx("present", "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert f"Wrote {target} ({len(DECK)} slides, html)" in result.stderr
    return target


def test_one_self_contained_file_with_a_slide_per_screen(slides: Path) -> None:
    html = slides.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    assert [(a.get("class") or "").split()[1] for t, a in parser.tags if t == "section"] == [s.kind for s in DECK]
    assert not any(t in ("link", "img", "iframe") for t, _ in parser.tags)
    assert not any(a.get("src") or a.get("href") for _, a in parser.tags)
    assert [t for t, _ in parser.tags].count("script") == 1
    assert "default-src 'none'" in html and "http://" not in html and "https://" not in html
    assert html.count(f'<p class="disclaimer">{KNOWLEDGE.meta.disclaimer}</p>') == len(DECK)
    source = KNOWLEDGE.meta.source.attribution().replace("'", "&#x27;")
    assert html.count(f'<p class="source">{source}</p>') == len(DECK)
    assert "size: letter landscape" in html


def test_notes_and_corrections_reach_the_html(slides: Path) -> None:
    html = flat(slides.read_text(encoding="utf-8")).replace("&#x27;", "'")
    for point in KNOWLEDGE.topics:
        for note in point.notes:  # as printed: a sentence pointing to a dmtx command is left out
            assert flat(without_commands(note.text)) in html, note.text
    assert "17th edition" in html


def test_existing_file_needs_force(dmtx: Dmtx, slides: Path) -> None:
    whole_deck = slides.read_bytes()
    assert_clean_error(dmtx("present", "-t", "2", "--format", "html", "-o", str(slides)), 4, "already exists")
    assert slides.read_bytes() == whole_deck  # refused: the old file is untouched
    forced = dmtx("present", "-t", "2", "--format", "html", "-o", str(slides), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert forced.stdout == "" and f"Wrote {slides} ({TOPIC_2_SLIDES} slides, html)" in forced.stderr
    html = slides.read_text(encoding="utf-8")  # replaced by point 2's slides
    assert html.startswith("<!DOCTYPE html>") and html.count('<section class="slide') == TOPIC_2_SLIDES
    assert flat(KNOWLEDGE.topic(2).summary) in flat(html).replace("&#x27;", "'")


def test_html_name_chooses_html_and_stdout_works(dmtx: Dmtx, tmp_path: Path) -> None:
    assert dmtx("present", "-t", "2", "-o", str(tmp_path / "two.htm")).exit_code == 0
    assert (tmp_path / "two.htm").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out = dmtx("present", "-t", "2", "--format", "html").stdout
    assert out.startswith("<!DOCTYPE html>") and out.count('<section class="slide') == TOPIC_2_SLIDES


def _joined(text: str) -> str:
    """Text as pdftotext gives it back: whitespace flattened, a line broken after a hyphen joined."""
    return flat(text).replace("- ", "-")


@pytest.mark.slow
def test_printed_slides_are_one_page_each_with_every_title(slides: Path, tmp_path: Path) -> None:
    _tool("chromium")
    _tool("pdftotext")
    pdf = tmp_path / "slides.pdf"
    print_to_pdf(slides, pdf, tmp_path / "profile")
    info = pdf_info(pdf)
    assert info["Pages"] == str(len(DECK))
    width, height = (float(n) for n in info["Page size"].split()[:3:2])
    assert width > height  # landscape
    for page, slide in enumerate(DECK, 1):
        one = _joined(pdf_text(pdf, page=page))
        assert _joined(slide.title) in one, slide.title
        texts = [*slide.lead, *(t for section in slide.sections for t in (*section.bullets, *section.lines))]
        for part in (line for text in texts for line in text.split("\n")):
            assert _joined(part) in one, (page, part)  # on its own page, nothing cut off at the foot
        assert KNOWLEDGE.meta.disclaimer in one and "last modified 2014-08-18" in one, page


def _browser():
    """A real Chromium through the DevTools protocol (Playwright, the system browser; never downloads one)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if on_ci():
            pytest.fail("playwright is missing on CI: it is in the test extras")
        pytest.skip("playwright is not installed")
    executable = shutil.which("chromium") or shutil.which("chromium-browser") or _tool("chromium")
    return sync_playwright(), executable


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.slow
def test_a_browser_shows_slide_one_then_arrow_right_shows_slide_two(slides: Path, tmp_path: Path) -> None:
    manager, executable = _browser()
    with manager as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(slides.as_uri())
            current = page.locator(".slide.current")
            assert current.count() == 1
            assert current.get_attribute("id") == "slide-1"
            assert KNOWLEDGE.meta.title in current.inner_text()
            assert page.locator("#slide-2").is_hidden()
            shot = page.screenshot(path=str(tmp_path / "slide-1.png"))
            assert _png_size(shot) == (1280, 720)
            assert (tmp_path / "slide-1.png").stat().st_size > 5_000  # a drawn slide, not a blank page
            page.keyboard.press("ArrowRight")
            assert page.locator(".slide.current").get_attribute("id") == "slide-2"
            assert page.locator("#slide-2").is_visible() and page.locator("#slide-1").is_hidden()
            assert DECK[1].title in page.locator(".slide.current h1").inner_text()
            page.keyboard.press("Space")
            assert page.locator(".slide.current").get_attribute("id") == "slide-3"
            page.keyboard.press("ArrowLeft")
            page.keyboard.press("ArrowLeft")
            page.keyboard.press("ArrowLeft")
            assert page.locator(".slide.current").get_attribute("id") == "slide-1"
            page.keyboard.press("End")
            assert page.locator(".slide.current").get_attribute("id") == f"slide-{len(DECK)}"
            assert requests == [slides.as_uri()]  # nothing else fetched
        finally:
            browser.close()


@pytest.mark.slow
def test_every_printed_slide_fits_its_page_in_large_type(slides: Path) -> None:
    """Laid out for print by a real Chromium: no slide overflows its page, and none is below 14pt."""
    manager, executable = _browser()
    with manager as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS, headless=True)
        try:
            # A landscape Letter page inside the 10 x 12 mm margins, at 96 px per inch.
            page = browser.new_page(viewport={"width": 965, "height": 740})
            page.goto(slides.as_uri())
            page.emulate_media(media="print")
            measured = page.evaluate(
                """() => Array.from(document.querySelectorAll(".slide"), (slide) =>
                    [slide.scrollHeight - slide.clientHeight, parseFloat(getComputedStyle(slide).fontSize) * 0.75])"""
            )
        finally:
            browser.close()
    assert len(measured) == len(DECK)
    for number, (overflow, points) in enumerate(measured, 1):
        assert overflow <= 0, f"slide {number} ({DECK[number - 1].title}) runs {overflow}px past its page"
        assert points >= 13.99, f"slide {number} ({DECK[number - 1].title}) prints at {points}pt"
    assert max(points for _, points in measured) == pytest.approx(17, abs=0.01)  # short slides keep the largest type


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_slides_in_a_file_name_no_command_to_type(dmtx: Dmtx, tmp_path: Path, fmt: str) -> None:
    """A third red team found 'One in full: dmtx present -t ID', 'More: dmtx topic NUMBER', "See 'dmtx
    beyond cancer-screening'" and 'All sources: dmtx references' on printed or projected slides."""
    out = tmp_path / f"slides.{fmt}"
    assert dmtx("present", "-o", str(out)).exit_code == 0
    text = pdf_text(out, layout=False) if fmt == "pdf" else out.read_text(encoding="utf-8")
    found = re.findall(r"dmtx (?:present|beyond|topic|references)\b", text)
    assert found == [], found
    assert "Each is dated and cited." in " ".join(text.split())
    on_screen = dmtx("present", "--format", "text").stdout
    assert "All sources: dmtx references" in on_screen  # a screen may name commands
