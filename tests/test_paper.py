"""Printouts written for paper (issue #25): type sizes measured as drawn, footers, no terminal commands,
lists, a last page worth printing, large print for the quiz, the answer sheet's tick, the slides."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from test_print import _tool, flat, pdf_info, pdf_text, print_to_pdf

from dmtx.classroom.slides import build_deck
from dmtx.classroom.slideshow import Look, Navigator, layout_frame, make_console
from dmtx.knowledge import load

from conftest import Dmtx

KNOWLEDGE = load()
DISCLAIMER = flat(KNOWLEDGE.meta.disclaimer)
LARGE_PX = 14 * 96 / 72  # 14 pt in CSS pixels: 18.67
DEJAVU_HEIGHT = 1.1641  # DejaVu Sans: a word's box (ascent + descent) over its type size
# A command to type: "run: ...", or `dmtx` and one of its commands ("your dmtx journal." is a phrase).
COMMAND = re.compile(
    r"\brun:|\bdmtx (checklist|topic|topics|drug|drugs|search|references|quiz|present|about|beyond|help)\b"
    r"|\bdmtx journal \w|\s--[a-z]"
)

# Every visible text node's font size as drawn, in CSS px; SVG text is scaled as the SVG is drawn.
MEASURE = r"""
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || !el || el.closest('script')) continue;
  const style = getComputedStyle(el);
  if (style.display === 'none' || style.visibility === 'hidden' || !el.getClientRects().length) continue;
  let px = parseFloat(style.fontSize);
  const svg = el.closest('svg');
  if (svg) px *= svg.getScreenCTM().a;
  out.push([px, node.textContent.trim().slice(0, 60), !!svg]);
}
const pre = document.createElement('pre');
pre.id = 'dmtx-sizes';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
"""


def drawn_sizes(page: Path, tmp_path: Path) -> list[tuple[float, str, bool]]:
    """(px, text, in an SVG) for every visible text of the HTML file, as headless Chromium draws it at Letter width."""
    source = page.read_text(encoding="utf-8")
    source = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", source)  # let the probe run
    probe = tmp_path / f"probe-{page.stem}.html"
    probe.write_text(source.replace("</body>", f"<script>{MEASURE}</script></body>"), encoding="utf-8")
    dom = subprocess.run(
        [
            _tool("chromium", "chromium-browser"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=816,1056",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout
    found = re.search(r'<pre id="dmtx-sizes">(.*?)</pre>', dom, re.S)
    assert found, "Chromium ran no probe"
    return [(float(px), text, svg) for px, text, svg in json.loads(html.unescape(found.group(1)))]


def word_sizes(pdf: Path) -> list[tuple[float, str]]:
    """(type size in pt, word) for every word of a dmtx PDF (DejaVu Sans), from its drawn height."""
    xml = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    boxes = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', xml)
    return [((float(bottom) - float(top)) / DEJAVU_HEIGHT, html.unescape(word)) for top, bottom, word in boxes]


def footer_lines(pdf: Path, footer_mm: float) -> list[list[str]]:
    """For each page, the footer's lines: the words in the bottom `footer_mm` of the page, by line."""
    xml = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    pages = []
    for page in xml.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        rows: dict[int, list[str]] = {}
        for top, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</word>', page):
            if float(top) > height - footer_mm * 72 / 25.4:
                rows.setdefault(round(float(top)), []).append(html.unescape(word))
        pages.append([" ".join(rows[key]) for key in sorted(rows)])
    return pages


@pytest.fixture
def journal(dmtx: Dmtx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A journal with a visit, CK values and a weakness score: the checklist's charts."""
    monkeypatch.setenv("DMTX_JOURNAL", str(tmp_path / "j.sqlite3"))
    for entry in (
        ("visit", "--date", "2026-09-20"),
        ("ck", "300", "--date", "2026-10-01"),
        ("ck", "520", "--date", "2026-11-20"),
        ("score", "weakness", "3", "--date", "2026-10-02"),
        ("score", "weakness", "6", "--date", "2026-11-21"),
        ("dose", "prednisone", "40", "mg", "--per", "day", "--date", "2026-06-01"),
        ("dose", "prednisone", "30", "mg", "--per", "day", "--date", "2026-11-01"),
    ):
        assert dmtx("journal", "add", *entry).exit_code == 0


def write(dmtx: Dmtx, path: Path, *args: str, command: str = "checklist") -> Path:
    result = dmtx(command, *args, "-o", str(path), "--force")
    assert result.exit_code == 0, result.stderr
    return path


# --------------------------------------------------------------------------- type sizes


@pytest.mark.slow
def test_large_print_html_draws_every_text_at_14pt_or_more(dmtx: Dmtx, tmp_path: Path, journal: None) -> None:
    large = drawn_sizes(write(dmtx, tmp_path / "large.html", "--journal", "--large"), tmp_path)
    charts = [size for size in large if size[2]]
    assert len(charts) >= 8, "no chart labels measured"
    small = [(round(px, 2), text) for px, text, _ in large if px < LARGE_PX - 0.01]
    assert not small, small
    # The same check on normal print finds smaller text: it would catch a regression.
    normal = drawn_sizes(write(dmtx, tmp_path / "normal.html", "--journal"), tmp_path)
    assert min(px for px, _, _ in normal) < LARGE_PX - 1


@pytest.mark.slow
@pytest.mark.parametrize("sheet", [(), ("--answers",)])
def test_large_print_quiz_html_draws_every_text_at_14pt_or_more(dmtx: Dmtx, tmp_path: Path, sheet) -> None:
    page = write(dmtx, tmp_path / "quiz.html", *sheet, "--large", command="quiz")
    small = [(round(px, 2), text) for px, text, _ in drawn_sizes(page, tmp_path) if px < LARGE_PX - 0.01]
    assert not small, small


@pytest.mark.parametrize("args", [("-t", "1"), (), ("--journal",), ("--all",)])
def test_normal_pdf_prints_every_word_at_11pt_or_more(dmtx: Dmtx, tmp_path: Path, journal: None, args) -> None:
    sizes = word_sizes(write(dmtx, tmp_path / "list.pdf", *args))
    assert sizes
    small = sorted((round(pt, 1), word) for pt, word in sizes if pt < 10.95)
    assert not small, small[:10]
    body = [pt for pt, word in sizes if word == "questions"]
    assert body and max(body) > 11.9, "the body is 12 pt"


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("checklist", ("-t", "1", "--large")),
        ("checklist", ("--journal", "--large")),
        ("quiz", ("--large",)),
        ("quiz", ("--answers", "--large")),
    ],
)
def test_large_pdf_prints_every_word_at_14pt_or_more(
    dmtx: Dmtx, tmp_path: Path, journal: None, command: str, args
) -> None:
    sizes = word_sizes(write(dmtx, tmp_path / "large.pdf", *args, command=command))
    small = sorted((round(pt, 1), word) for pt, word in sizes if pt < 13.95)
    assert sizes and not small, small[:10]
    normal = word_sizes(write(dmtx, tmp_path / "normal.pdf", *args[:-1], command=command))
    assert min(pt for pt, _ in normal) < 13.9, "the check would not tell large print from normal print"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_large_on_a_screen_format_says_it_is_for_paper(dmtx: Dmtx, fmt: str) -> None:
    result = dmtx("checklist", "-t", "1", "--format", fmt, "--large")
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines() == [
        f"dmtx: Large print (--large) applies to paper, html and pdf; this {fmt} is in the usual size."
    ]
    assert dmtx("checklist", "-t", "1", "--format", fmt).stderr == ""


# --------------------------------------------------------------------------- paper, not a terminal


@pytest.mark.parametrize("args", [("--limit", "1"), ("-s", "flare"), ("--journal",), ("--all", "--patient", "child")])
def test_paper_has_no_terminal_command(dmtx: Dmtx, tmp_path: Path, journal: None, args) -> None:
    page = write(dmtx, tmp_path / "list.html", *args).read_text(encoding="utf-8")
    visible = html.unescape(re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1]))
    assert not COMMAND.search(visible), COMMAND.search(visible)
    text = flat(pdf_text(write(dmtx, tmp_path / "list.pdf", *args), layout=False))
    assert not COMMAND.search(text), COMMAND.search(text)
    if args[0] == "--limit":  # the list still says what it leaves out, in words
        assert "This is a short list." in text
        assert "run: dmtx checklist --all" in dmtx("checklist", *args, "--format", "text").stdout  # screens keep it


def test_the_answer_sheet_on_paper_has_no_terminal_command(dmtx: Dmtx, tmp_path: Path) -> None:
    for name in ("answers.html", "answers.pdf"):
        path = write(dmtx, tmp_path / name, "--answers", command="quiz")
        text = path.read_text(encoding="utf-8") if name.endswith("html") else flat(pdf_text(path, layout=False))
        assert not COMMAND.search(text.split("<body>")[-1]), name


def test_pdf_footer_is_two_lines_with_the_page_number_and_the_disclaimer_once_a_page(
    dmtx: Dmtx, tmp_path: Path
) -> None:
    made = write(dmtx, tmp_path / "list.pdf", "-d", "methotrexate", "-d", "ivig", "--paper", "a4")
    pages = int(pdf_info(made)["Pages"])
    assert pages >= 2
    for number, lines in enumerate(footer_lines(made, 16), 1):
        assert 1 <= len(lines) <= 2, lines
        assert re.search(rf"Page {number} of {pages}$", lines[-1]), lines
        text = flat(pdf_text(made, number, layout=False))
        assert text.count(DISCLAIMER) == 1, number
    # Sources: the full ones stay in `dmtx references`; page 1 names the page and its date.
    assert "last modified 2014-08-18" in " ".join(footer_lines(made, 16)[0])


@pytest.mark.slow
def test_printed_html_footer_is_two_lines_on_every_page(dmtx: Dmtx, tmp_path: Path) -> None:
    page = write(dmtx, tmp_path / "list.html", "-d", "methotrexate", "-d", "ivig", "--paper", "letter")
    pdf = tmp_path / "list-printed.pdf"
    print_to_pdf(page, pdf, tmp_path / "profile")
    pages = int(pdf_info(pdf)["Pages"])
    assert pages >= 2
    for number, lines in enumerate(footer_lines(pdf, 14), 1):
        assert 1 <= len(lines) <= 2, lines
        assert re.search(rf"Page {number} of {pages}$", lines[-1]), lines
        assert flat(pdf_text(pdf, number, layout=False)).count(DISCLAIMER) == 1, number


def test_tips_and_words_are_lists_on_paper(dmtx: Dmtx, tmp_path: Path) -> None:
    text = pdf_text(write(dmtx, tmp_path / "list.pdf", "-t", "1"), layout=False)
    lines = [line.strip() for line in text.splitlines()]
    for block in KNOWLEDGE.visit.tips:
        assert block.title in lines
        for item in block.items:  # each tip starts its own line, after a bullet
            assert any(line.startswith("\u2022 " + item.split()[0]) for line in lines), item
    assert "Words on this list" in lines and any(line.startswith("- creatine kinase (CK):") for line in lines)
    assert "; " not in " ".join(lines[lines.index("Words on this list") :][:4])
    page = write(dmtx, tmp_path / "list.html", "-t", "1").read_text(encoding="utf-8")
    tips = page.split('id="tips"', 1)[1].split("</section>", 1)[0]
    assert tips.count("<li>") == sum(len(block.items) for block in KNOWLEDGE.visit.tips)


@pytest.mark.parametrize("args", [("--large",), ("--large", "-t", "1"), (), ("-t", "6"), ("--all",)])
def test_no_last_page_is_less_than_a_quarter_full(dmtx: Dmtx, tmp_path: Path, args) -> None:
    made = write(dmtx, tmp_path / "list.pdf", *args)
    xml = subprocess.run(
        [_tool("pdftotext"), "-bbox", str(made), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    last = xml.split("<page ")[-1]
    height = float(re.search(r'height="([\d.]+)"', last).group(1))  # type: ignore[union-attr]
    body = [float(y) for y in re.findall(r'yMax="([\d.]+)"', last) if float(y) < height * 0.8]
    if int(pdf_info(made)["Pages"]) > 1:
        assert max(body) > height * 0.25, (args, max(body) / height)


def test_sources_on_paper_are_short_numbered_lines_at_the_body_size(dmtx: Dmtx, tmp_path: Path, journal: None) -> None:
    made = write(dmtx, tmp_path / "list.pdf", "--journal")
    lines = [line.strip() for line in pdf_text(made, layout=False).splitlines()]
    start = lines.index("Why these questions (sources):")
    sources = [line for line in lines[start + 1 :] if line.startswith("[")]
    assert len(sources) >= 2 and all(re.match(r"\[\d+\] \S", line) for line in sources), lines[start : start + 6]
    assert all(len(line) <= 70 for line in sources), sources
    assert "Clin Rheumatol" not in " ".join(lines) and ";" not in " ".join(sources)  # no volumes and pages
    sizes = dict((word, pt) for pt, word in word_sizes(made))
    assert sizes[sources[0].split()[0]] > 11.9  # the number, at the 12 pt body size
    page = write(dmtx, tmp_path / "list.html", "--journal").read_text(encoding="utf-8")
    assert page.count('<div class="sources">') == 1 and "<li>[" in page


def test_short_citation() -> None:
    from dmtx.document.checklist import short_citation

    assert short_citation("[18] Loh K, Needham M, Paramalingam S. Idiopathic myopathies. J 2019;1:2.") == (
        "[18] Loh K et al. (2019)"
    )
    assert (
        short_citation("[1] The Merck Manual, 7th edition, by M. H. Beers, N.J., 1999.")
        == "[1] The Merck Manual (1999)"
    )
    assert short_citation(
        "[9] A very long title with no year in it at all, going on and on and on and on for a long while; 2:3"
    ) == ("[9] A very long title with no year in it at all, going on and ...")
    # A source and its title, whole when short: it was cut to "Taking medicines - what ...".
    cited = "[63] MedlinePlus Medical Encyclopedia. Taking medicines - what to ask your doctor. US National Library."
    assert short_citation(cited) == "[63] MedlinePlus Medical Encyclopedia. Taking medicines - what to ask your doctor"


# --------------------------------------------------------------------------- classroom


def test_answer_sheet_ticks_the_answer_without_a_text_marker(dmtx: Dmtx, tmp_path: Path) -> None:
    page = write(dmtx, tmp_path / "answers.html", "--answers", "-n", "3", command="quiz").read_text(encoding="utf-8")
    assert "&lt;- answer" not in page and "<- answer" not in page
    assert page.count('class="marked"><span class="tick"') == 3
    assert ".tick {" in page and "rotate(" in page
    text = flat(pdf_text(write(dmtx, tmp_path / "answers.pdf", "--answers", "-n", "3", command="quiz")))
    assert "<- answer" not in text
    assert "<- answer" in dmtx("quiz", "--answers", "-n", "3", "--format", "text").stdout  # text keeps its marker


def test_quiz_writes_an_html_handout(dmtx: Dmtx, tmp_path: Path) -> None:
    result = dmtx("quiz", "-o", str(tmp_path / "q.html"), "-n", "2")
    assert "(an HTML handout, 2 questions)" in result.stderr
    assert "(a PDF handout, 2 questions)" in dmtx("quiz", "-o", str(tmp_path / "q.pdf"), "-n", "2").stderr


def test_title_slide_has_no_bullet_before_a_number(dmtx: Dmtx, tmp_path: Path) -> None:
    page = write(dmtx, tmp_path / "slides.html", command="present").read_text(encoding="utf-8")
    assert not re.search(r"<li>\s*1\. ", page)
    assert "1. Prednisone, the usual drug of choice" in page
    assert "- 1." not in dmtx("present", "--format", "text").stdout


def test_terminal_slideshow_wraps_the_disclaimer_at_40_by_12() -> None:
    deck = build_deck(KNOWLEDGE)
    look = Look(plain=True)
    console = make_console(look)
    console.size = (40, 12)
    nav = Navigator(deck)
    for index in range(len(deck)):
        nav.go(index)
        rows = " ".join(" ".join(layout_frame(console, deck, nav=nav, look=look).rows).split())
        if deck[index].footer:
            assert DISCLAIMER in rows, index
