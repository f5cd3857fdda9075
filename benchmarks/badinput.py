"""Hostile-file benchmark: refusing a file built to hang a parser or eat memory costs no more than a good file.

The cases are the pathological files of tests/test_bad_input.py, whose tests only check
the clean refusal (exit 3, one sentence) under a generous hang-guard timeout:

- billion laughs (nine levels of nine aliases: 387 million strings if expanded),
- a self-referencing alias,
- 5000 nested flow brackets and 1100 nested block mappings,
- a 50 MB file (one comment line), which must be refused by its size, never read.

Each runs as `python -m dmtx --data FILE topics` with DMTX_NO_CACHE=1, stdout sent to a
file, next to a baseline: the bundled knowledge file (a good file, validated cold) in
the same rounds, every round running every case once in a rotating order. Peak memory
is taken with `os.wait4()` from a small Python parent (a child forked from this script
would report this script's pages as its own high-water mark).

Goals, as ratios against the baseline of the same run: time <= 2x and peak memory <=
1.5x (reading the 50 MB file into memory alone would be more than 3x).

This is a report, not a test: it exits 0 whatever the numbers, 1 only when a case is not
refused with exit code 3 (or the baseline fails).

Usage: python benchmarks/badinput.py [--runs 5] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import quiet_env

REPO = Path(__file__).resolve().parent.parent
GOAL_TIME_RATIO = 2.0
GOAL_RSS_RATIO = 1.5
BASELINE = "good file (baseline)"

# A small parent that runs one child and prints: wall ms, peak RSS KiB, exit code.
PROBE = """
import os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=open(os.devnull, "wb"), stderr=subprocess.PIPE)
child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
print((time.perf_counter() - start) * 1000.0, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def laughs() -> bytes:
    """Nine levels of nine aliases each."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return text.encode()


CASES: dict[str, Callable[[], bytes]] = {
    "billion laughs": laughs,
    "self-referencing alias": lambda: b"a: &a [*a]\n",
    "deep flow nesting (5000)": lambda: b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "deep block nesting (1100)": lambda: (
        "".join("  " * i + f"k{i}:\n" for i in range(1100)) + "  " * 1100 + "x\n"
    ).encode(),
    "50 MB file": lambda: b"# " + b"x" * (50 * 1024 * 1024) + b"\n",
}


def measure(path: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """One run of `dmtx --data PATH topics`: wall ms, peak RSS KiB, exit code."""
    command = [sys.executable, "-c", PROBE, sys.executable, "-m", "dmtx", "--data", str(path), "topics"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, timeout=300, check=True)
    ms, kib, code = done.stdout.split()
    return float(ms), int(kib), int(code)


def main(argv: list[str] | None = None) -> int:
    """Run the rounds and print the table; 1 when a case was not refused cleanly."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, metavar="N", help="rounds (default 5)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the raw numbers here")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="dmtx-bench-bad-"))
    try:
        env = quiet_env(work / "cache")
        env["DMTX_NO_CACHE"] = "1"
        env["PYTHONPATH"] = str(REPO)
        files = {BASELINE: work / "good.yaml"}
        shutil.copyfile(REPO / "data" / "guidelines.yaml", files[BASELINE])
        for name, make in CASES.items():
            files[name] = work / f"{len(files)}.yaml"
            files[name].write_bytes(make())
        names = list(files)
        times: dict[str, list[float]] = {name: [] for name in names}
        peaks: dict[str, list[int]] = {name: [] for name in names}
        failed = False
        for round_number in range(args.runs):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                ms, kib, code = measure(files[name], env)
                times[name].append(ms)
                peaks[name].append(kib)
                if code != (0 if name == BASELINE else 3):
                    print(f"{name}: exit code {code}", file=sys.stderr)
                    failed = True
        rows = report(names, times, peaks)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "times": times, "peaks": peaks}, indent=2) + "\n")
    return 1 if failed else 0


def report(names: list[str], times: dict[str, list[float]], peaks: dict[str, list[int]]) -> list[dict[str, Any]]:
    """Print one line per case with its ratios to the baseline; return the rows."""
    base_ms = statistics.median(times[BASELINE])
    base_kib = statistics.median(peaks[BASELINE])
    rows = []
    header = f"{'case':<26} | {'median ms':>9} | {'x time':>6} | {'peak MiB':>8} | {'x memory':>8} | goal met?"
    print(header)
    print("-" * len(header))
    for name in names:
        ms, kib = statistics.median(times[name]), statistics.median(peaks[name])
        time_ratio, rss_ratio = ms / base_ms, kib / base_kib
        met = (
            "-"
            if name == BASELINE
            else ("yes" if time_ratio <= GOAL_TIME_RATIO and rss_ratio <= GOAL_RSS_RATIO else "NO")
        )
        print(f"{name:<26} | {ms:9.1f} | {time_ratio:6.2f} | {kib / 1024:8.1f} | {rss_ratio:8.2f} | {met}")
        rows.append({"case": name, "median_ms": ms, "time_ratio": time_ratio, "peak_kib": kib, "rss_ratio": rss_ratio})
    print(f"\ngoals: time <= {GOAL_TIME_RATIO}x and peak memory <= {GOAL_RSS_RATIO}x the good file's, same run")
    return rows


if __name__ == "__main__":
    sys.exit(main())
