"""The drug-name sets of tests/data/search/ scored through `dmtx drug NAME` (issue #20).

    python tests/name_sets.py

Look-alikes are real drugs that are not ours: a safe answer never offers one of ours for
them and never shows one of ours as if it were theirs (a page that says plainly "X is not
ours" is safe). Misspellings are of our names: found when `dmtx drug` shows the right
drug or offers it first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NamedTuple

import yaml

SETS = Path(__file__).resolve().parent / "data" / "search"


def entries(name: str) -> list[dict[str, Any]]:
    """The items of lookalikes.yaml or misspellings.yaml."""
    with (SETS / f"{name}.yaml").open(encoding="utf-8") as handle:
        found: list[dict[str, Any]] = yaml.safe_load(handle)[name]
    return found


class Answer(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str


def drug(name: str) -> Answer:
    """`dmtx drug NAME`, in process."""
    from typer.testing import CliRunner

    from dmtx.cli import app

    result = CliRunner().invoke(app, ["drug", name], catch_exceptions=False)
    return Answer(result.exit_code, result.stdout, result.stderr)


def ours_by_name() -> dict[str, str]:
    """Every name of our drugs, folded, to the drug's id."""
    from dmtx.knowledge import load
    from dmtx.lookup import drug_index

    knowledge = load(Path(__file__).resolve().parent.parent / "data" / "guidelines.yaml")
    return {key: match.drug.id for key, match in drug_index(knowledge).items() if match.related is None}


def unsafe(name: str, answer: Answer) -> str:
    """Why this answer to a look-alike name is unsafe, or '' when it is safe."""
    first = answer.stdout.splitlines()[0] if answer.stdout else ""
    if answer.exit_code == 0:
        head = " ".join(answer.stdout.split()[:40])
        if f"{name} is not " in head:
            return ""  # a related drug, said plainly not to be ours
        return f"shown as {first!r}"
    offered = [line for line in answer.stderr.splitlines() if "Did you mean" in line]
    if offered and "different drugs" not in answer.stderr:
        return f"offered: {offered[0]}"
    return ""


class NameScore(NamedTuple):
    lookalikes: int
    unsafe: list[str]
    real: int
    real_found: int
    synthetic: int
    synthetic_found: int
    missed: list[str]


def found_right(text: str, drug_id: str, answer: Answer, names: dict[str, str]) -> bool:
    """The misspelling shows the right drug, or offers one of its names first."""
    from dmtx.lookup import normalize

    if answer.exit_code == 0:
        first = answer.stdout.splitlines()[0]
        return names.get(normalize(first)) == drug_id
    for line in answer.stderr.splitlines():
        if "Did you mean: " in line:
            offered = line.split("Did you mean: ", 1)[1].split(",")[0].split("?")[0].strip()
            return names.get(normalize(offered)) == drug_id
    return False


def lookalikes() -> list[dict[str, Any]]:
    """The look-alikes that are still not ours: an `ours_soon` name has since become a drug of this guide."""
    return [item for item in entries("lookalikes") if not item.get("ours_soon")]


def score() -> NameScore:
    bad = [f"{item['name']}: {why}" for item in lookalikes() if (why := unsafe(item["name"], drug(item["name"])))]
    names = ours_by_name()
    counts = {True: [0, 0], False: [0, 0]}
    missed = []
    for item in entries("misspellings"):
        synthetic = bool(item.get("synthetic"))
        ok = found_right(item["text"], item["drug"], drug(item["text"]), names)
        counts[synthetic][0] += 1
        counts[synthetic][1] += ok
        if not ok:
            missed.append(f"{item['text']} -> {item['drug']} ({item['kind']}{', synthetic' if synthetic else ''})")
    total = len(lookalikes())
    return NameScore(total, bad, *counts[False], *counts[True], missed)


def main() -> int:
    result = score()
    print(f"look-alikes: {len(result.unsafe)} unsafe of {result.lookalikes}")
    for line in result.unsafe:
        print("  unsafe:", line)
    print(
        f"misspellings found: real {result.real_found}/{result.real}, "
        f"synthetic {result.synthetic_found}/{result.synthetic}"
    )
    for line in result.missed:
        print("  missed:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
