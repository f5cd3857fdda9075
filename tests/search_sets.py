"""The search evaluation sets of tests/data/search/ scored through the real CLI (issue #20).

    python tests/search_sets.py dev        # tune on this one
    python tests/search_sets.py test       # the held-out set: measure, never tune

For each answerable question: is one of its places in the top 3, or did search end in
"nothing matches"? For each question the guide does not cover: did it end in an honest
pointer (the guide says it does not cover the words, and where to ask instead)?
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, NamedTuple

import yaml

SETS = Path(__file__).resolve().parent / "data" / "search"
BUNDLED = Path(__file__).resolve().parent.parent / "data" / "guidelines.yaml"
PLACE = re.compile(r"^((?:topic|drug|term|beyond) \S+?):", flags=re.M)
HONEST = ("does not cover", "MedlinePlus")


def questions(name: str) -> list[dict[str, Any]]:
    """The questions of one set ('dev' or 'test'), as written in the file."""
    with (SETS / f"questions-{name}.yaml").open(encoding="utf-8") as handle:
        found: list[dict[str, Any]] = yaml.safe_load(handle)["questions"]
    return found


def known_places() -> set[str]:
    """Every place of the bundled guide, as the sets write them ('drug:prednisone')."""
    from dmtx.knowledge import load

    knowledge = load(BUNDLED)
    places = {f"topic:{t.number}" for t in knowledge.topics}
    places |= {f"drug:{d.id}" for d in knowledge.drugs} | {f"term:{t.id}" for t in knowledge.terms}
    return places | {f"beyond:{b.id}" for b in knowledge.beyond}


class Outcome(NamedTuple):
    """What search showed for one question."""

    exit_code: int
    places: list[str]
    text: str


def ask(question: str) -> Outcome:
    """`dmtx search --all QUESTION`, in process, as a reader sees it (stdout then stderr)."""
    from typer.testing import CliRunner

    from dmtx.cli import app

    result = CliRunner().invoke(app, ["search", "--all", question], catch_exceptions=False)
    places = [p.replace(" ", ":", 1) for p in PLACE.findall(result.stdout)]
    return Outcome(result.exit_code, places, result.stdout + result.stderr)


class Score(NamedTuple):
    answerable: int
    top3: int
    nothing: int
    not_covered: int
    honest: int
    misses: list[str]


def score(name: str) -> Score:
    """The figures of one set: top-3 hits and dead ends of answerable questions, honest pointers of the rest."""
    places = known_places()
    answerable = top3 = nothing = not_covered = honest = 0
    misses: list[str] = []
    for item in questions(name):
        outcome = ask(item["q"])
        if item["covered"]:
            wanted = [a for a in item["answers"] if a in places]
            if not wanted:
                continue  # its only answer is a drug the guide does not have yet
            answerable += 1
            hit = any(a in outcome.places[:3] for a in wanted)
            top3 += hit
            nothing += outcome.exit_code != 0
            if not hit:
                misses.append(f"{item['id']} {item['q']!r}: want {wanted}, got {outcome.places[:3]}")
        else:
            not_covered += 1
            fair = all(word in outcome.text for word in HONEST)
            honest += fair
            if not fair:
                misses.append(f"{item['id']} {item['q']!r}: not covered, got {outcome.places[:3]}")
    return Score(answerable, top3, nothing, not_covered, honest, misses)


def main(argv: list[str]) -> int:
    for name in argv or ["dev"]:
        result = score(name)
        print(
            f"{name}: top-3 {result.top3}/{result.answerable} answerable, "
            f"nothing matches {result.nothing}, honest pointer {result.honest}/{result.not_covered} not covered"
        )
        # The held-out set's misses stay unread: reading them would be tuning on it.
        for miss in result.misses if name != "test" else ():
            print("  miss:", miss)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
