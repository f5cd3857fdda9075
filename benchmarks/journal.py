"""Journal benchmark: a journal with 10 years of daily entries, measured against `dmtx topic 1`.

Builds a journal of about 20,000 rows (daily weakness, fatigue, pain and skin scores and
prednisone doses, CK every other day, weekly notes, a visit every quarter) by importing a
CSV once, then runs every command as a whole process, in rounds that rotate the order.
Reported as ratios of medians in the same run (never timed assertions in tests):

- `dmtx journal add ck N` against the Python tldr client showing a cached page (goal <= 1.0x;
  the client is set up as in startup.py) and against `dmtx topic 1`;
- `dmtx journal chart ck` and `dmtx checklist --journal --format text` against
  `dmtx topic 1` (goal <= 1.5x);
- `dmtx journal import` of ten years of lab results as FHIR NDJSON (about 4,000
  Observations), into a new journal each round, against `dmtx topic 1` (goal <= 15x).

This is a report: it exits 0 whatever the numbers, 1 only when a command fails.

Usage: python benchmarks/journal.py [--runs 15] [--warmup 2] [--no-tldr] [--json PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import quiet_env, run_once

YEARS = 10
GOAL_ADD_VS_TLDR = 1.0
GOAL_VS_TOPIC = 1.5
GOAL_IMPORT_VS_TOPIC = 15.0
LABS = (("2157-6", "U/L"), ("1761-6", "U/L"), ("1742-6", "U/L"), ("1920-8", "ukat/L"))


def fhir_ndjson(path: Path, *, end: dt.date) -> int:
    """Write ten years of made-up lab results as FHIR R4 NDJSON, one Observation a line; return the count."""
    lines = []
    day = end - dt.timedelta(days=365 * YEARS)
    n = 0
    while day <= end:
        for code, unit in LABS:
            value = 1.2 + (n % 7) / 10 if unit == "ukat/L" else 100 + (n * 37) % 900
            resource = {
                "resourceType": "Observation",
                "id": f"bench-{n}-{code}",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
                "effectiveDateTime": f"{day}T08:00:00Z",
                "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
                "referenceRange": [{"low": {"value": 26}, "high": {"value": 192}}],
            }
            lines.append(json.dumps(resource))
        day += dt.timedelta(days=3)
        n += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def journal_csv(path: Path, *, end: dt.date) -> int:
    """Write ten years of made-up daily entries ending at `end`; return the row count."""
    start = end - dt.timedelta(days=365 * YEARS)
    rows = ["date,kind,name,value,unit,per,note"]
    day, n = start, 0
    while day <= end:
        for offset, score in enumerate(("weakness", "fatigue", "pain", "skin")):
            rows.append(f"{day},score,{score},{(n // 30 + offset) % 11},,,")
        rows.append(f"{day},dose,prednisone,{max(5, 40 - n // 90)},mg,day,")
        if n % 2 == 0:
            rows.append(f"{day},ck,,{200 + (n * 37) % 900},,,")
        if n % 7 == 0:
            rows.append(f"{day},note,,,,,Week {n // 7}: stairs were a bit easier")
        if n % 91 == 0:
            rows.append(f"{day},visit,,,,,")
        day += dt.timedelta(days=1)
        n += 1
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(rows) - 1


Argv = Callable[[int], list[str]]


def measure(commands: dict[str, Argv], env: dict[str, str], work: Path, rounds: int) -> dict[str, list[float]]:
    """Run every command once per round, rotating the order; return wall times in ms."""
    names = list(commands)
    times: dict[str, list[float]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            result = run_once(commands[name](round_number), env, work / "out", work / "err")
            if result.exit_code != 0 or result.stdout_bytes == 0:
                raise SystemExit(f"FAILED: {name} exited {result.exit_code}: {result.stderr_tail}")
            times[name].append(result.ms)
    return times


def main(argv: list[str] | None = None) -> int:
    """Build the journal, run the rounds, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, metavar="N")
    parser.add_argument("--warmup", type=int, default=2, metavar="N")
    parser.add_argument("--no-tldr", action="store_true", help="skip the tldr client (no venv is set up)")
    parser.add_argument("--json", type=Path, metavar="PATH")
    args = parser.parse_args(argv)
    dmtx = str(Path(sys.executable).parent / "dmtx")
    with tempfile.TemporaryDirectory(prefix="dmtx-bench-journal-") as temp:
        work = Path(temp)
        env = quiet_env(work / "cache")
        env["DMTX_JOURNAL"] = str(work / "journal.sqlite3")
        env["DMTX_JOURNAL_WAIT"] = "30"
        source = work / "ten-years.csv"
        count = journal_csv(source, end=dt.date.today() - dt.timedelta(days=1))
        started = time.perf_counter()
        imported = run_once([dmtx, "journal", "import", str(source)], env, work / "out", work / "err")
        import_ms = (time.perf_counter() - started) * 1000
        if imported.exit_code != 0:
            raise SystemExit(f"FAILED: import: {imported.stderr_tail}")
        labs = work / "labs.ndjson"
        observations = fhir_ndjson(labs, end=dt.date.today() - dt.timedelta(days=1))
        fresh = work / "imports"
        fresh.mkdir()
        commands: dict[str, Argv] = {
            "dmtx topic 1": lambda n: [dmtx, "topic", "1"],
            "dmtx journal import labs.ndjson": lambda n: [
                dmtx,
                "journal",
                "--journal-file",
                str(fresh / f"j{n}-{time.monotonic_ns()}.sqlite3"),
                "import",
                str(labs),
            ],
            "dmtx journal add ck N": lambda n: [dmtx, "journal", "add", "ck", str(10_000 + n)],
            "dmtx journal chart ck": lambda n: [dmtx, "journal", "chart", "ck"],
            "dmtx checklist --journal --format text": lambda n: [dmtx, "checklist", "--journal", "--format", "text"],
        }
        if not args.no_tldr:
            from startup import PAGE_NAME, ensure_tldr, write_page

            tldr = ensure_tldr(Path("/tmp/dmtx-bench-tldr-venv"))
            write_page(work / "cache")
            commands["tldr " + PAGE_NAME] = lambda n: [str(tldr), PAGE_NAME]
        measure(commands, env, work, args.warmup)
        times = measure(commands, env, work, args.runs)
    medians = {name: statistics.median(values) for name, values in times.items()}
    topic = medians["dmtx topic 1"]
    tldr_ms = next((ms for name, ms in medians.items() if name.startswith("tldr")), None)
    print(f"journal: {count} rows imported from CSV in {import_ms:.0f} ms (one process)")
    print(f"lab import: {observations} FHIR NDJSON Observations into a new journal each round")
    print(f"{'command':42} {'median ms':>9} {'vs topic 1':>10} {'vs tldr':>8}  goal")
    report = {}
    for name, ms in medians.items():
        vs_tldr = f"{ms / tldr_ms:.2f}" if tldr_ms else "-"
        goal = ""
        if name.startswith("dmtx journal add"):
            goal = f"<= {GOAL_ADD_VS_TLDR}x tldr: " + (
                "met" if tldr_ms and ms / tldr_ms <= GOAL_ADD_VS_TLDR else "NOT met"
            )
        elif name.startswith("dmtx journal import"):
            goal = f"<= {GOAL_IMPORT_VS_TOPIC}x topic 1: " + (
                "met" if ms / topic <= GOAL_IMPORT_VS_TOPIC else "NOT met"
            )
        elif name.startswith(("dmtx journal chart", "dmtx checklist")):
            goal = f"<= {GOAL_VS_TOPIC}x topic 1: " + ("met" if ms / topic <= GOAL_VS_TOPIC else "NOT met")
        print(f"{name:42} {ms:9.1f} {ms / topic:10.2f} {vs_tldr:>8}  {goal}")
        report[name] = {"median_ms": ms, "vs_topic_1": ms / topic, "vs_tldr": (ms / tldr_ms) if tldr_ms else None}
    if args.json:
        args.json.write_text(json.dumps({"rows": count, "import_ms": import_ms, "commands": report}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
