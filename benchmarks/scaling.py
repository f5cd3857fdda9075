"""Scaling benchmark: does dmtx's cost grow no faster than linearly with its knowledge file?

Three knowledge files are used: 1x (a byte copy of the bundled data/guidelines.yaml) and
10x and 100x versions generated from it. A generated file holds k copies of every point,
drug, term and quiz item: copy c >= 2 gets new point numbers (7, 8, ...) and ids, slugs
and names suffixed `-cC` / ` cC` so that everything stays unique, with its points, terms
and quiz items pointing at the copies of the same index; the references are kept as they
are. Each file is checked with `dmtx validate FILE` (dmtx's own loader when there is no
such command) before it is timed.

For each size four operations run as whole processes with stdout sent to a file:
validation (`dmtx validate` when dmtx has it, else `dmtx topics`, which validates the
whole file too), lookup (`dmtx drug prednisone`) and search (`dmtx search muscle
weakness`, asked again and shown the first time), each cold (DMTX_NO_CACHE=1 and a fresh, empty XDG_CACHE_HOME per run) and
warm (one XDG_CACHE_HOME per size, primed by one run first). A `python -c pass` baseline
runs in the same rounds; every round runs every case once in a rotating order.

Growth is (time - baseline) / (time at 1x - baseline), compared with the growth in bytes
(the generated files are written by yaml.safe_dump, which quotes less than the bundled
file, so their bytes grow a little less than their content: 10x the points in about 8.6x
the bytes). "linear?" asks growth <= 1.2 x byte growth. The marginal cost per MB between
sizes is printed as well, since a constant start-up cost hides growth in the first ratio.

A last case times `dmtx validate` on a crafted, invalid file (issue #11): the bundled
file plus 4,000 drugs and 800 links to near-miss drug ids ("crafted-drug-00001x"), about
the 335 KB that took 0.1.0 45 s, because every unknown link ran difflib against every id.
It is reported as a ratio to `dmtx validate` of the 1x file in the same rounds; it must
exit 3 with one "unknown drug" problem per link.

This is a report, not a test: it exits 0 whatever the numbers, 1 only when a command fails.

Usage: python benchmarks/scaling.py [--runs 10] [--json PATH] [--data-via option|env]
"""

from __future__ import annotations

import argparse
import copy
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from common import RunResult, quiet_env, run_once

SIZES = (1, 10, 100)
CRAFTED_DRUGS, CRAFTED_LINKS = 4000, 800
LINEAR_SLACK = 1.2
SEARCH_GOAL_MS = 50.0
SEARCH_WORDS = ["muscle", "weakness"]
# The op whose warm runs are first showings: dmtx's kept screens (dmtx.screens) are removed
# before each run, so the search itself runs on the warm index, as for words never asked.
FIRST_SEARCH = "search (first showing)"
REPO = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- generating files


def bundled_file() -> Path:
    """The bundled knowledge file: data/guidelines.yaml of this checkout, else where dmtx finds it."""
    candidate = REPO / "data" / "guidelines.yaml"
    if candidate.is_file():
        return candidate
    from dmtx.knowledge import bundled_data_path

    return bundled_data_path()


def scaled(doc: dict[str, Any], copies: int) -> dict[str, Any]:
    """The document with `copies` copies of every point, drug, term and quiz item (1 = unchanged)."""
    out = copy.deepcopy(doc)
    next_number = max(p["number"] for p in doc["points"]) + 1
    for c in range(2, copies + 1):
        ids, names = f"-c{c}", f" c{c}"
        numbers: dict[int, int] = {}
        for original in doc["points"]:
            point = copy.deepcopy(original)
            numbers[point["number"]] = next_number
            point["number"] = next_number
            next_number += 1
            point["slug"] += ids
            for fact in point["facts"]:
                fact["id"] += ids
            point["drugs"] = [d + ids for d in point.get("drugs") or []]
            point["terms"] = [t + ids for t in point.get("terms") or []]
            for question in point.get("questions") or []:
                question["id"] += ids
                _suffix_list(question, "facts", ids)
            _suffix_notes(point, ids)
            out["points"].append(point)
        for original in doc["drugs"]:
            drug = copy.deepcopy(original)
            drug["id"] += ids
            drug["name"] += names
            for other in drug.get("other_names") or []:
                other["name"] += names
            for related in drug.get("related") or []:
                related["name"] += names
            for question in drug.get("questions") or []:
                question["id"] += ids
                _suffix_list(question, "facts", ids)
            _suffix_list(drug, "facts", ids)
            _suffix_notes(drug, ids)
            out["drugs"].append(drug)
        for original in doc["terms"]:
            term = copy.deepcopy(original)
            term["id"] += ids
            term["term"] += names
            if term.get("aliases"):
                term["aliases"] = [a + names for a in term["aliases"]]
            if term.get("see_also"):
                term["see_also"] = [t + ids for t in term["see_also"]]
            _suffix_list(term, "note_corrects", ids)
            out["terms"].append(term)
        for original in doc.get("quiz") or []:
            item = copy.deepcopy(original)
            item["id"] += ids
            item["point"] = numbers[item["point"]]
            _suffix_list(item, "teaches", ids)
            _suffix_list(item, "facts", ids)
            out["quiz"].append(item)
    return out


def _suffix_list(record: dict[str, Any], key: str, ids: str) -> None:
    """Point a copy's links (fact and note ids) at the same copy."""
    if record.get(key):
        record[key] = [i + ids for i in record[key]]


def _suffix_notes(record: dict[str, Any], ids: str) -> None:
    """Give a copy's notes their own ids, correcting the copy's facts (note ids are unique in a file)."""
    for note in record.get("notes") or []:
        if "id" in note:
            note["id"] += ids
        _suffix_list(note, "corrects", ids)


@dataclass(frozen=True)
class KnowledgeFile:
    """One knowledge file under test and how big it is."""

    copies: int
    path: Path
    size_bytes: int
    points: int
    questions: int
    drugs: int
    terms: int

    @property
    def label(self) -> str:
        """1x, 10x, 100x."""
        return f"{self.copies}x"


def describe(copies: int, path: Path, doc: dict[str, Any]) -> KnowledgeFile:
    """Count what a file holds (questions: those of points and of drugs, as the checklist has them)."""
    questions = sum(len(p.get("questions") or []) for p in doc["points"])
    questions += sum(len(d.get("questions") or []) for d in doc["drugs"])
    return KnowledgeFile(
        copies, path, path.stat().st_size, len(doc["points"]), questions, len(doc["drugs"]), len(doc["terms"])
    )


def make_files(folder: Path, sizes: tuple[int, ...]) -> list[KnowledgeFile]:
    """Write the knowledge files: 1x is the bundled file byte for byte, the others generated."""
    source = bundled_file()
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    files = []
    for copies in sizes:
        path = folder / f"guidelines-{copies}x.yaml"
        if copies == 1:
            shutil.copyfile(source, path)
            files.append(describe(copies, path, doc))
            continue
        big = scaled(doc, copies)
        # yaml.safe_dump's arguments, with the C emitter when PyYAML has it: the same text, five times faster.
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        text = yaml.dump(big, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(text, encoding="utf-8")
        files.append(describe(copies, path, big))
    return files


def make_crafted(folder: Path) -> Path:
    """The bundled file plus CRAFTED_DRUGS small drugs and CRAFTED_LINKS near-miss links to them."""
    doc = yaml.safe_load(bundled_file().read_text(encoding="utf-8"))
    template = {"drug_class": "a test entry", "source_says": "Nothing: made up for a benchmark."}
    for n in range(CRAFTED_DRUGS):
        doc["drugs"].append({"id": f"crafted-drug-{n:05d}", "name": f"Crafted drug {n:05d}", **template})
    doc["points"][0]["drugs"] = list(doc["points"][0]["drugs"]) + [
        f"crafted-drug-{n:05d}x" for n in range(CRAFTED_LINKS)
    ]
    path = folder / "crafted-near-miss.yaml"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path


def time_crafted(dmtx: Path, work: Path, reference: Path, runs: int) -> dict[str, Any]:
    """Median wall time of `dmtx validate` on the crafted file and on the 1x file, alternating."""
    crafted = make_crafted(work)
    env = base_env(work / "crafted-cache", cold=True)
    argv = {"crafted": [str(dmtx), "validate", str(crafted)], "1x": [str(dmtx), "validate", str(reference)]}
    times: dict[str, list[float]] = {"crafted": [], "1x": []}
    for _ in range(runs):
        for label, command in argv.items():
            result = run_once(command, env, work / "stdout.txt", work / "stderr.txt")
            wanted = 3 if label == "crafted" else 0
            if result.exit_code != wanted:
                fail(f"validate of the {label} file (expected exit {wanted})", command, result)
            times[label].append(result.ms)
    check = subprocess.run(argv["crafted"], capture_output=True, text=True, check=False, env=env)
    problems = check.stdout
    unknown = sum("unknown drug" in line for line in problems.splitlines())
    if unknown != CRAFTED_LINKS:
        print(f"FAILED: expected {CRAFTED_LINKS} 'unknown drug' problems in the crafted file, got {unknown}")
        raise SystemExit(1)
    return {
        "bytes": crafted.stat().st_size,
        "drugs": CRAFTED_DRUGS,
        "links": CRAFTED_LINKS,
        "crafted_median_ms": statistics.median(times["crafted"]),
        "reference_median_ms": statistics.median(times["1x"]),
        "crafted_runs_ms": times["crafted"],
        "reference_runs_ms": times["1x"],
        "suggestions": sum("did you mean" in line for line in problems.splitlines()),
    }


# --------------------------------------------------------------------------- running


def base_env(cache_home: Path, *, cold: bool) -> dict[str, str]:
    """A small, fixed environment: no colour, UTF-8, the given cache folder; DMTX_NO_CACHE when cold."""
    env = quiet_env(cache_home)
    if cold:
        env["DMTX_NO_CACHE"] = "1"
    return env


def fail(what: str, argv: list[str], result: RunResult | subprocess.CompletedProcess[str]) -> None:
    """Print a failed command and stop with exit code 1."""
    if isinstance(result, RunResult):
        code, out, err = result.exit_code, result.stdout_tail, result.stderr_tail
    else:
        code, out, err = result.returncode, (result.stdout or "")[-600:], (result.stderr or "")[-600:]
    print(f"FAILED: {what}: {' '.join(argv)} exited with {code}")
    for name, tail in (("stdout", out), ("stderr", err)):
        if tail.strip():
            print(f"{name} (end):\n" + tail.rstrip())
    raise SystemExit(1)


def has_validate(dmtx: Path, work: Path) -> bool:
    """Whether this dmtx has a `validate` command."""
    probe = subprocess.run(
        [str(dmtx), "validate", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env=base_env(work / "probe-cache", cold=True),
    )
    return probe.returncode == 0


def verify(file: KnowledgeFile, work: Path, dmtx: Path, validate: bool) -> None:
    """Check the file with `dmtx validate FILE`, else dmtx's own loader (no cache); stop when it is not valid."""
    env = base_env(work / "verify-cache", cold=True)
    if validate:
        command = [str(dmtx), "validate", str(file.path)]
        checked = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        if checked.returncode != 0:
            fail(f"the generated {file.label} file is not valid", command, checked)
        if f" {file.points} points" not in checked.stdout:
            print(f"FAILED: dmtx validate did not count {file.points} points in the {file.label} file:")
            print(checked.stdout.rstrip())
            raise SystemExit(1)
        return
    script = (
        "import sys; from pathlib import Path; from dmtx.knowledge import load; "
        "k = load(Path(sys.argv[1])); print(len(k.topics))"
    )
    argv = [sys.executable, "-c", script, str(file.path)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        fail(f"the generated {file.label} file is not valid", argv, result)
    if result.stdout.strip() != str(file.points):
        print(f"FAILED: dmtx read {result.stdout.strip()} points from the {file.label} file, not {file.points}")
        raise SystemExit(1)


# --------------------------------------------------------------------------- the benchmark


@dataclass
class Case:
    """One thing timed: an operation on one file in one cache mode (or the python baseline)."""

    op: str
    file: KnowledgeFile | None
    cold: bool
    argv: list[str]
    env: dict[str, str]
    ms: list[float] = field(default_factory=list)

    def median(self) -> float:
        """Median wall time in ms."""
        return statistics.median(self.ms)


def operations(validate: bool) -> dict[str, list[str]]:
    """Operation name -> dmtx arguments (after the knowledge file is chosen)."""
    return {
        "validate" if validate else "validate (topics)": ["validate"] if validate else ["topics"],
        "lookup": ["drug", "prednisone"],
        "search": ["search", *SEARCH_WORDS],
        FIRST_SEARCH: ["search", *SEARCH_WORDS],
    }


def dmtx_argv(dmtx: Path, file: KnowledgeFile, args: list[str], via: str) -> tuple[list[str], dict[str, str]]:
    """The command line and extra environment that point dmtx at this file."""
    if via == "env":
        return [str(dmtx), *args], {"DMTX_DATA": str(file.path)}
    return [str(dmtx), "--data", str(file.path), *args], {}


def run_case(case: Case, work: Path) -> RunResult:
    """Run a case once; a cold case gets a new, empty cache folder that is removed afterwards."""
    env = case.env
    cold_home = None
    if case.op == FIRST_SEARCH and not case.cold:
        for kept in (Path(env["XDG_CACHE_HOME"]) / "dmtx").glob("screen-*.bin"):
            kept.unlink()
    if case.cold and case.file is not None:
        cold_home = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
        env = dict(env, XDG_CACHE_HOME=str(cold_home))
    try:
        result = run_once(case.argv, env, work / "stdout.txt", work / "stderr.txt")
    finally:
        if cold_home is not None:
            shutil.rmtree(cold_home, ignore_errors=True)
    if result.exit_code != 0 or (case.file is not None and result.stdout_bytes == 0):
        where = f"{case.op} on {case.file.label} ({'cold' if case.cold else 'warm'})" if case.file else case.op
        fail(where, case.argv, result)
    return result


def index_build_ms(files: list[tuple[str, Path]]) -> dict[str, float]:
    """Milliseconds to build the search index of each (already validated) file in memory; empty without one."""
    try:
        from dmtx import searchindex
        from dmtx.knowledge import load
    except ImportError:
        return {}
    result = {}
    for label, path in files:
        knowledge = load(path, use_cache=False)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            searchindex.build_in_memory(knowledge).close()
            times.append((time.perf_counter() - started) * 1000)
        result[label] = statistics.median(times)
    return result


def growth(case_ms: float, base_ms: float, baseline_ms: float) -> float:
    """How many times the 1x cost this is, after taking off the bare interpreter start."""
    return (case_ms - baseline_ms) / max(base_ms - baseline_ms, 1e-9)


def render(header: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> list[str]:
    """A plain-text table; the columns numbered in `left` left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return " | ".join(
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    return [line(header), "-+-".join("-" * w for w in widths), *(line(r) for r in rows)]


def main(argv: list[str] | None = None) -> int:
    """Generate the files, run the rounds, print the tables; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=10, metavar="N", help="timed rounds (default 10)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the raw numbers here")
    parser.add_argument(
        "--data-via",
        choices=("option", "env"),
        default="option",
        help="point dmtx at the file with `--data FILE` (default) or with DMTX_DATA=FILE",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="comma-separated copy counts; the first is the reference (default 1,10,100)",
    )
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    if args.runs < 1 or not sizes or sizes[0] != 1 or any(s < 1 for s in sizes):
        parser.error("--runs must be at least 1 and --sizes must start with 1")

    dmtx = Path(sys.executable).parent / "dmtx"
    if not dmtx.exists():
        print(f"FAILED: no dmtx console script beside {sys.executable}; run this with dmtx's venv python")
        return 1

    with tempfile.TemporaryDirectory(prefix="dmtx-bench-scaling-") as temp:
        work = Path(temp)
        started = time.perf_counter()
        files = make_files(work, sizes)
        validate = has_validate(dmtx, work)
        for file in files:
            verify(file, work, dmtx, validate)
        ops = operations(validate)
        generated = time.perf_counter() - started

        baseline = Case(
            "python -c pass", None, False, [sys.executable, "-c", "pass"], base_env(work / "base", cold=True)
        )
        cases = [baseline]
        for file in files:
            for op, op_args in ops.items():
                # Its own warm cache folder for the first showings: removing their screens
                # must not turn the other warm cases into first showings too.
                warm_home = work / (f"warm-{file.label}-first" if op == FIRST_SEARCH else f"warm-{file.label}")
                command, extra = dmtx_argv(dmtx, file, op_args, args.data_via)
                for cold in (True, False):
                    env = dict(base_env(warm_home, cold=cold), **extra)
                    cases.append(Case(op, file, cold, command, env))

        started = time.perf_counter()
        for case in cases:  # prime the warm caches (cold cases are first checked in round one)
            if not case.cold:
                run_case(case, work)
        for round_index in range(args.runs):
            shift = round_index % len(cases)
            for case in cases[shift:] + cases[:shift]:
                case.ms.append(run_case(case, work).ms)
        timed = time.perf_counter() - started
        crafted = time_crafted(dmtx, work, files[0].path, min(args.runs, 5)) if validate else None
        files_for_build = [(f.label, f.path) for f in files]
        builds_early = index_build_ms(files_for_build)

    base_ms = baseline.median()
    by_key = {(c.op, c.file.copies, c.cold): c for c in cases if c.file is not None}
    reference = files[0]

    print()
    print(f"machine: {platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}")
    via = "--data FILE" if args.data_via == "option" else "DMTX_DATA=FILE"
    print(f"dmtx:    {dmtx}; file given as {via}; validation op: {'dmtx validate' if validate else 'dmtx topics'}")
    print(
        f"runs:    {args.runs} rounds of {len(cases)} cases in rotating order, medians; "
        f"generation and checks {generated:.1f} s, runs {timed:.1f} s"
    )
    print(f"baseline python -c pass: {base_ms:.1f} ms (median)")
    print()

    header = [
        "size",
        "bytes",
        "points",
        "questions",
        "op",
        "cold ms",
        "warm ms",
        "growth cold",
        "growth warm",
        "size ratio",
        "linear? (cold/warm)",
    ]
    rows: list[list[str]] = []
    summary: list[dict[str, Any]] = []
    for file in files:
        size_ratio = file.size_bytes / reference.size_bytes
        for op in ops:
            cold_case, warm_case = by_key[(op, file.copies, True)], by_key[(op, file.copies, False)]
            ref_cold, ref_warm = by_key[(op, reference.copies, True)], by_key[(op, reference.copies, False)]
            g_cold = growth(cold_case.median(), ref_cold.median(), base_ms)
            g_warm = growth(warm_case.median(), ref_warm.median(), base_ms)
            limit = max(size_ratio, 1.0) * LINEAR_SLACK
            lin_cold, lin_warm = g_cold <= limit, g_warm <= limit
            rows.append(
                [
                    file.label,
                    f"{file.size_bytes:,}",
                    str(file.points),
                    str(file.questions),
                    op,
                    f"{cold_case.median():.1f}",
                    f"{warm_case.median():.1f}",
                    f"{g_cold:.2f}",
                    f"{g_warm:.2f}",
                    f"{size_ratio:.2f}",
                    f"{'yes' if lin_cold else 'NO'}/{'yes' if lin_warm else 'NO'}",
                ]
            )
            summary.append(
                {
                    "size": file.label,
                    "bytes": file.size_bytes,
                    "points": file.points,
                    "questions": file.questions,
                    "drugs": file.drugs,
                    "terms": file.terms,
                    "op": op,
                    "argv": cold_case.argv,
                    "cold_median_ms": cold_case.median(),
                    "warm_median_ms": warm_case.median(),
                    "growth_cold": g_cold,
                    "growth_warm": g_warm,
                    "size_ratio": size_ratio,
                    "linear_cold": lin_cold,
                    "linear_warm": lin_warm,
                    "cold_runs_ms": cold_case.ms,
                    "warm_runs_ms": warm_case.ms,
                }
            )
    print("\n".join(render(header, rows, left=(0, 4))))

    print()
    print("marginal cost, ms per MB of knowledge file between sizes (about flat when growth is linear):")
    margin_header = ["op", "mode", *(f"{a.label}->{b.label}" for a, b in itertools.pairwise(files))]
    margin_rows = []
    for op in ops:
        for cold in (True, False):
            cells = [op, "cold" if cold else "warm"]
            for a, b in itertools.pairwise(files):
                delta_ms = by_key[(op, b.copies, cold)].median() - by_key[(op, a.copies, cold)].median()
                delta_mb = (b.size_bytes - a.size_bytes) / 1e6
                cells.append(f"{delta_ms / delta_mb:.1f}")
            margin_rows.append(cells)
    print("\n".join(render(margin_header, margin_rows, left=(0, 1))))

    biggest = files[-1]
    search_ms = by_key[("search", biggest.copies, False)].median()
    first_ms = by_key[(FIRST_SEARCH, biggest.copies, False)].median()
    verdict = "met" if search_ms < SEARCH_GOAL_MS else "NOT met"
    first_verdict = "met" if first_ms < SEARCH_GOAL_MS else "NOT met"
    print()
    print(
        f"search over {biggest.label} answers in {search_ms:.1f} ms warm, asked again (a kept screen; "
        f"goal < {SEARCH_GOAL_MS:g} ms: {verdict}),\n"
        f"  {first_ms:.1f} ms warm, shown the first time (the warm index; goal: {first_verdict}), "
        f"cold {by_key[('search', biggest.copies, True)].median():.1f} ms"
    )

    if crafted is not None:
        ratio = crafted["crafted_median_ms"] / crafted["reference_median_ms"]
        print()
        print(
            f"validate of a crafted invalid file ({crafted['bytes']:,} bytes, {crafted['drugs']:,} drugs, "
            f"{crafted['links']} near-miss links; {crafted['suggestions']} got a suggestion): "
            f"{crafted['crafted_median_ms']:.1f} ms, {ratio:.1f}x validate of the 1x file "
            f"({crafted['reference_median_ms']:.1f} ms)"
        )
    builds = builds_early
    print("search index build, in process, median of 3 (part of every cold search):")
    for label, ms in builds.items():
        print(f"  {label}: {ms:.1f} ms")

    if args.json:
        payload = {
            "crafted_validate": crafted,
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "runs": args.runs,
            "data_via": args.data_via,
            "validation_command": "validate" if validate else "topics",
            "baseline_python_ms": base_ms,
            "baseline_runs_ms": baseline.ms,
            "files": [
                {
                    "size": f.label,
                    "bytes": f.size_bytes,
                    "points": f.points,
                    "questions": f.questions,
                    "drugs": f.drugs,
                    "terms": f.terms,
                }
                for f in files
            ],
            "results": summary,
            "search_biggest_warm_ms": search_ms,
            "search_goal_met": search_ms < SEARCH_GOAL_MS,
            "search_biggest_first_showing_ms": first_ms,
            "search_first_showing_goal_met": first_ms < SEARCH_GOAL_MS,
            "index_build_ms": builds,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"raw numbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
