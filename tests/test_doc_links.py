"""Every relative link and picture in README.md and docs/*.md leads to a file in the repository.

An `#anchor` must name a heading of the page it points at (GitHub's rule for heading ids).
Links inside code (fenced blocks and `code spans`) are not links and are skipped; web
addresses are not checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

EXPECTED_ELSEWHERE: frozenset[str] = frozenset()  # every linked file is in the repository now

_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_SRC = re.compile(r"""<(?:img|a)\b[^>]*\b(?:src|href)=["']([^"']+)["']""", re.IGNORECASE)
_CODE_SPAN = re.compile(r"(`+).*?\1")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


def prose_lines(text: str, spans: bool = False) -> list[str]:
    """The page's lines outside fenced code blocks, with code spans removed unless `spans`."""
    lines: list[str] = []
    fence = ""
    for line in text.splitlines():
        marker = re.match(r"^\s*(```+|~~~+)", line)
        if marker:
            if not fence:
                fence = marker.group(1)
            elif marker.group(1).startswith(fence):
                fence = ""
            continue
        if not fence:
            lines.append(line if spans else _CODE_SPAN.sub("", line))
    return lines


def targets(text: str) -> list[str]:
    """Every link and picture target written on the page, in order."""
    found: list[str] = []
    for line in prose_lines(text):
        found += _LINK.findall(line) + _HTML_SRC.findall(line)
    return found


def slug(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The ids of a page's headings, numbered as GitHub numbers repeats (-1, -2, ...)."""
    seen: dict[str, int] = {}
    ids: set[str] = set()
    for line in prose_lines(page.read_text(encoding="utf-8"), spans=True):
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            base = slug(heading.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            ids.add(base if count == 0 else f"{base}-{count}")
    return ids


def broken_links(page: Path, root: Path = ROOT, expected: frozenset[str] = EXPECTED_ELSEWHERE) -> list[str]:
    """The page's relative links that lead to no file of the repository, or to no heading there."""
    broken: list[str] = []
    for target in targets(page.read_text(encoding="utf-8")):
        if _EXTERNAL.match(target):
            continue
        path_part, _, anchor = target.partition("#")
        destination = (page.parent / path_part).resolve() if path_part else page.resolve()
        try:
            relative = destination.relative_to(root.resolve()).as_posix()
        except ValueError:
            broken.append(f"{target} (outside the repository)")
            continue
        if not destination.exists():
            if relative not in expected:
                broken.append(f"{target} (no file {relative})")
            continue
        if anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target} (no heading #{anchor} in {relative})")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_and_picture_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_the_pages_are_linked_from_the_readme() -> None:
    linked = set(targets((ROOT / "README.md").read_text(encoding="utf-8")))
    assert {f"docs/{name}.md" for name in ("patients", "caregivers", "teachers", "content", "development")} <= linked


def test_a_broken_link_or_anchor_is_noticed(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other page\n\n## Two words: `here`\n", encoding="utf-8")
    page = tmp_path / "docs" / "page.md"
    page.write_text(
        "# Top\n\n[ok](other.md#two-words-here) [ok](#top) ![ok](other.md) [web](https://example.org/x)\n"
        "`[code](missing.md)`\n```\n[fenced](missing.md)\n```\n"
        "[gone](gone.md) ![pic](pic.png) [bad anchor](other.md#nowhere) [self](#nope) [up](../../x.md)\n",
        encoding="utf-8",
    )
    assert broken_links(page, root=tmp_path, expected=frozenset()) == [
        "gone.md (no file docs/gone.md)",
        "pic.png (no file docs/pic.png)",
        "other.md#nowhere (no heading #nowhere in docs/other.md)",
        "#nope (no heading #nope in docs/page.md)",
        "../../x.md (outside the repository)",
    ]
    assert broken_links(page, root=tmp_path, expected=frozenset({"docs/gone.md", "docs/pic.png"})) == [
        "other.md#nowhere (no heading #nowhere in docs/other.md)",
        "#nope (no heading #nope in docs/page.md)",
        "../../x.md (outside the repository)",
    ]
