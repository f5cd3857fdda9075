"""The drug-name sets of tests/data/search/ scored through `dmtx drug NAME` (issue #20).

    python tests/name_sets.py

Look-alikes are real drugs that are not ours: a safe answer never offers one of ours for
them and never shows one of ours as if it were theirs (a page that says plainly "X is not
ours" is safe). Misspellings are of our names: found when `dmtx drug` shows the right
drug or offers it first. Look-alike pairs (lookalike-pairs.yaml) are two real drugs,
neither ours: the slip rule alone must not take one for a slip of the other.

Every item falls in one of two halves by a hash of its name, fixed before any tuning
(`half`): tune the rule on "dev" only, and look at "held-out" to see if it holds.
"""

from __future__ import annotations

import hashlib
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
    """The look-alikes that are still not ours: an `ours_soon` name has since become a drug of this guide.

    With the brand look-alikes added by hand (lookalikes-added.yaml) after build_lookalikes.py.
    """
    items = entries("lookalikes")
    with (SETS / "lookalikes-added.yaml").open(encoding="utf-8") as handle:
        items += yaml.safe_load(handle)["lookalikes"]
    return [item for item in items if not item.get("ours_soon")]


def lookalike_pairs() -> list[tuple[str, str]]:
    """Pairs of different real drugs whose names are confused (FDA tall-man list)."""
    with (SETS / "lookalike-pairs.yaml").open(encoding="utf-8") as handle:
        return [(one, other) for one, other in yaml.safe_load(handle)["pairs"]]


def half(name: str) -> str:
    """'dev' or 'held-out', by a hash of the folded name: the same half on every run."""
    from dmtx.lookup import normalize

    return "dev" if hashlib.sha256(normalize(name).encode()).digest()[0] % 2 == 0 else "held-out"


def pair_taken_for_a_slip(one: str, other: str) -> bool:
    """True when the slip rule would read either name of a pair as a slip of the other."""
    from dmtx.lookup import normalize, slip_edits

    a, b = normalize(one), normalize(other)
    return slip_edits(a, b) is not None or slip_edits(b, a) is not None


def score(which: str | None = None) -> NameScore:
    """The scores of one half ('dev' or 'held-out'), or of every item when `which` is None."""
    looks = [item for item in lookalikes() if which in (None, half(item["name"]))]
    bad = [f"{item['name']}: {why}" for item in looks if (why := unsafe(item["name"], drug(item["name"])))]
    pairs = [pair for pair in lookalike_pairs() if which in (None, half(pair[0]))]
    bad += [f"{one} / {other}: read as a slip" for one, other in pairs if pair_taken_for_a_slip(one, other)]
    names = ours_by_name()
    counts = {True: [0, 0], False: [0, 0]}
    missed = []
    for item in entries("misspellings"):
        if which not in (None, half(item["text"])):
            continue
        synthetic = bool(item.get("synthetic"))
        ok = found_right(item["text"], item["drug"], drug(item["text"]), names)
        counts[synthetic][0] += 1
        counts[synthetic][1] += ok
        if not ok:
            missed.append(f"{item['text']} -> {item['drug']} ({item['kind']}{', synthetic' if synthetic else ''})")
    return NameScore(len(looks) + len(pairs), bad, *counts[False], *counts[True], missed)


def main() -> int:
    for which in ("dev", "held-out"):
        print(f"== {which}")
        report(score(which))
    return 0


def report(result: NameScore) -> None:
    print(f"look-alikes and pairs: {len(result.unsafe)} unsafe of {result.lookalikes}")
    for line in result.unsafe:
        print("  unsafe:", line)
    print(
        f"misspellings found: real {result.real_found}/{result.real}, "
        f"synthetic {result.synthetic_found}/{result.synthetic}"
    )
    for line in result.missed:
        print("  missed:", line)


if __name__ == "__main__":
    sys.exit(main())
