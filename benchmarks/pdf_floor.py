"""The PDF checklist's floor: what fpdf2 itself costs to write the same text in the same fonts.

Issue #24 asks for the PDF checklist at or below 4x the tldr client and 60 MiB, or, if
fpdf2 cannot get there, the measured floor and where it goes. Each round runs, as whole
processes with output to files and in rotating order:

- `python -c pass` (the interpreter alone);
- `import fpdf` (the library's own import);
- fpdf2 alone writing the checklist's plain text (from `dmtx checklist --plain`) in the two
  bundled DejaVu fonts, one `multi_cell` per paragraph, on A4 (no dmtx code at all);
- `dmtx checklist -o visit.pdf`, what a caregiver runs.

Peak memory comes from GNU `/usr/bin/time -f %M` when it is there (see startup.py for why
wait4's figure is too high for children of a Python parent). Report only: exits 0.

Usage: python benchmarks/pdf_floor.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import quiet_env, run_once

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "dmtx" / "fonts"
GNU_TIME = Path("/usr/bin/time")

FPDF_ALONE = """
import sys
from fpdf import FPDF
text = open(sys.argv[1], encoding="utf-8").read()
pdf = FPDF(format="A4")
pdf.add_font("dejavu", "", sys.argv[2] + "/DejaVuSans.ttf")
pdf.add_font("dejavu", "B", sys.argv[2] + "/DejaVuSans-Bold.ttf")
pdf.add_page()
pdf.set_font("dejavu", "B", 16)
pdf.multi_cell(0, 8, "Questions to ask your doctor", new_x="LMARGIN", new_y="NEXT")
pdf.set_font("dejavu", "", 12)
for paragraph in text.split("\\n\\n"):
    pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
pdf.output(sys.argv[3])
"""


def peak_mib(argv: list[str], env: dict[str, str], work: Path) -> float:
    """Peak RSS of one run in MiB, from GNU time; -1 without it."""
    if not GNU_TIME.exists():
        return -1.0
    report = work / "rss.txt"
    run_once([str(GNU_TIME), "-f", "%M", "-o", str(report), "--", *argv], env, work / "o", work / "e")
    words = report.read_text(encoding="utf-8").split()
    return int(words[-1]) / 1024 if words and words[-1].isdigit() else -1.0


def main() -> int:
    """Time each row in rotating rounds and print medians with their ratio to fpdf2 alone."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        env = quiet_env(work / "cache")
        dmtx = [sys.executable, "-m", "dmtx"]
        text = subprocess.run([*dmtx, "checklist", "--plain"], env=env, capture_output=True, text=True, check=True)
        (work / "checklist.txt").write_text(text.stdout, encoding="utf-8")
        rows = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import fpdf": [sys.executable, "-c", "import fpdf"],
            "fpdf2 alone, same text": [
                sys.executable,
                "-c",
                FPDF_ALONE,
                str(work / "checklist.txt"),
                str(FONTS),
                str(work / "alone.pdf"),
            ],
            "dmtx checklist -o visit.pdf": [*dmtx, "checklist", "-o", str(work / "visit.pdf"), "--force"],
        }
        for argv in rows.values():  # warm the caches (validated knowledge, compiled files)
            run_once(argv, env, work / "o", work / "e")
        times: dict[str, list[float]] = {name: [] for name in rows}
        names = list(rows)
        for round_number in range(args.runs):
            for name in names[round_number % len(names) :] + names[: round_number % len(names)]:
                result = run_once(rows[name], env, work / "o", work / "e")
                if result.exit_code != 0:
                    print(f"{name} failed: {result.stderr_tail}", file=sys.stderr)
                    return 1
                times[name].append(result.ms)
        floor = statistics.median(times["fpdf2 alone, same text"])
        print(f"{'row':30} | median ms | vs fpdf2 alone | peak RSS MiB")
        print("-" * 31 + "+" + "-" * 11 + "+" + "-" * 16 + "+" + "-" * 13)
        for name, argv in rows.items():
            median = statistics.median(times[name])
            print(f"{name:30} | {median:9.1f} | {median / floor:14.2f} | {peak_mib(argv, env, work):12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
