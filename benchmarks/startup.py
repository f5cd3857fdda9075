"""Start-up benchmark: dmtx's everyday commands against the Python tldr client and `python -c pass`.

Every command runs as a whole process with stdout sent to a file, in rounds that each run
every command once in a rotating order (so slow drifts of the machine hit all commands
alike). Wall time is taken with `time.perf_counter()` around spawn and `os.wait4()`.

Peak memory needs care: on Linux a child's `ru_maxrss` keeps the high-water mark of the
memory it had before `exec`, and a child spawned by Python (vfork, or fork) starts out
with this benchmark's own memory, so `os.wait4()` on it reports this process's RSS
(about 17 MiB) even for `python -c pass`. So each round also runs every command once
under GNU `/usr/bin/time -f %M`, a small C program whose children start small, and the
peak RSS column comes from those runs. Without /usr/bin/time the wait4 figure is shown,
marked as an upper bound.

The reference is the official Python tldr client (tldr==3.4.4, installed into a
throwaway venv at /tmp/dmtx-bench-tldr-venv and reused) showing a page from its local
cache. The page is written here into a temporary `$XDG_CACHE_HOME`, so the client never
needs the network. tldr 3.4.4 reads `$XDG_CACHE_HOME/tldr/pages/<platform>/<name>.md`
(`pages.<lang>` for languages other than English, so LANG is set to C.UTF-8) and takes
it without a download when the file is younger than `$TLDR_CACHE_MAX_AGE` hours (168).
Its `TLDR_NETWORK_ENABLED` variable is read but never used, so it cannot be relied on.
Instead every run gets `http(s)_proxy` pointing at a local listener that counts
connections: a page fetch would show up there. A stale page, which makes the client try
the network and then fall back to the stale copy with exit code 0, is run once as a
control to show that the listener does catch fetches.

Every dmtx row is a first showing, what a patient meets: each round runs at a new width
(COLUMNS), so no run could be answered from anything kept from an earlier one; the
validated-knowledge cache and the search index are warm, as after any earlier use of dmtx.
Rows marked "cold" start with an empty cache folder each run (the first run after an
install or upgrade). The "pdf" row writes the printable checklist to a file.

This is a report, not a test: it exits 0 whatever the numbers, and 1 only when a
command fails (non-zero exit, missing output) or tldr touched the network.

Usage: python benchmarks/startup.py [--runs 25] [--warmup 3] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

from common import RunResult, quiet_env, run_once

TLDR_VERSION = "3.4.4"
DEFAULT_TLDR_VENV = Path("/tmp/dmtx-bench-tldr-venv")
PAGE_NAME = "tar"
PAGE_MARKER = "Pack many files into one archive file"
# Goals (issue 24), for first showings: piped output at or below 0.5x the tldr client
# (the checklist 0.6x); colour output on a terminal (a pty, through `script`) at or below
# 1.0x tldr under the same pty; peak memory at or below tldr's on the same path; the PDF
# checklist at or below 4x tldr and 60 MiB. Cold starts are reported, with no goal.
GOAL_RATIO_TLDR = 0.5
GOAL_RATIO_TLDR_CHECKLIST = 0.6
GOAL_RATIO_TLDR_PTY = 1.0
GOAL_RATIO_TLDR_PDF = 4.0
GOAL_PDF_MIB = 60.0
SCRIPT = shutil.which("script") or "/usr/bin/script"

# A tldr page in the client's markdown format (about 1 KB), written for this benchmark.
TAR_PAGE = """\
# tar

> Pack many files into one archive file, and unpack them again.
> It is often used together with a compressor such as `gzip`, `bzip2` or `xz`.
> More information: <https://www.gnu.org/software/tar/manual/tar.html>.

- Pack a folder into a new [c]ompressed archive [f]ile, using gzip ([z]):

`tar czf {{path/to/archive.tar.gz}} {{path/to/folder}}`

- E[x]tract a gzipped archive into the current folder, naming each file ([v]erbose):

`tar xzvf {{path/to/archive.tar.gz}}`

- Extract an archive into another folder:

`tar xf {{path/to/archive.tar}} {{[-C|--directory]}} {{path/to/folder}}`

- Lis[t] what an archive holds, without unpacking it:

`tar tvf {{path/to/archive.tar}}`

- Add more files to the end of an uncompressed archive ([r]):

`tar rf {{path/to/archive.tar}} {{path/to/file1 path/to/file2 ...}}`

- Pack the files named in a list, one path per line:

`tar cf {{path/to/archive.tar}} {{[-T|--files-from]}} {{path/to/list.txt}}`

- Make a bzip2-compressed archive ([j]), leaving out files that match a pattern:

`tar cjf {{path/to/archive.tar.bz2}} --exclude '{{*.log}}' {{path/to/folder}}`
"""


# The commands a patient runs most; `checklist` prints text in a pipe and Rich on a terminal.
LOOKUPS: list[list[str]] = [
    ["topics"],
    ["topic", "1"],
    ["drug", "prednisone"],
    ["term", "CK"],
    ["search", "weekly"],
    ["checklist"],
]

# What any console-script program pays before it does its own work, as whole processes on
# the same paths as dmtx: pip's generated `dmtx` script imports `re` (as tldr's does) and
# dmtx's records are typing.NamedTuple classes; a colour screen needs rich.console and, for
# a drug's page or the checklist, rich.table. Each floor prints one line or one small box.
FLOORS: list[tuple[str, str, bool]] = [
    ("floor: entry point (re)", "import re, sys; sys.stdout.write('x\\n')", False),
    ("floor: entry point + typing", "import re, sys, typing; sys.stdout.write('x\\n')", False),
    (
        "floor: Rich box (pty)",
        "import re; from rich.console import Console; from rich.panel import Panel; Console().print(Panel('x'))",
        True,
    ),
    (
        "floor: Rich table in a box (pty)",
        "import re; from rich.console import Console; from rich.panel import Panel; from rich.table import Table;"
        " t = Table(); t.add_column('a'); t.add_row('x'); Console().print(Panel(t))",
        True,
    ),
]


def floors() -> list[Command]:
    """The floor rows (see FLOORS): reported beside the goals, with no goal of their own."""
    return [Command(label, [sys.executable, "-c", code], pty=pty) for label, code, pty in FLOORS]


# --------------------------------------------------------------------------- running one process


GNU_TIME = Path("/usr/bin/time")


def measure_rss(argv: list[str], env: dict[str, str], work: Path) -> tuple[RunResult, bool]:
    """Run argv once for its peak memory; True with it when that figure is exact (GNU time's)."""
    out, err, report = work / "rss-stdout.txt", work / "rss-stderr.txt", work / "rss.txt"
    if not GNU_TIME.exists():
        return run_once(argv, env, out, err), False
    result = run_once([str(GNU_TIME), "-f", "%M", "-o", str(report), "--", *argv], env, out, err)
    lines = report.read_text(encoding="utf-8", errors="replace").split()
    kib = int(lines[-1]) if lines and lines[-1].isdigit() else -1
    return replace(result, maxrss_kib=kib), True


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between the closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100.0
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --------------------------------------------------------------------------- network guard


class ConnectionCounter:
    """A loopback TCP listener used as http(s) proxy: it counts and drops every connection."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port: int = self._sock.getsockname()[1]
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="proxy-counter", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.count += 1
            conn.close()

    @property
    def url(self) -> str:
        """The proxy URL to put in http_proxy / https_proxy."""
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        """Stop accepting and close the socket."""
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()


def base_env(cache_home: Path, proxy_url: str) -> dict[str, str]:
    """A small, fixed environment: no colour, plain UTF-8 locale, temp cache, proxies to the counter."""
    env = quiet_env(cache_home)
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env[key] = proxy_url
    return env


# --------------------------------------------------------------------------- the tldr client


def tldr_version(venv: Path) -> str | None:
    """The tldr client version installed in venv, or None when it is not (properly) there."""
    python, script = venv / "bin" / "python", venv / "bin" / "tldr"
    if not (python.exists() and script.exists()):
        return None
    probe = subprocess.run(
        [str(python), "-c", "import tldr; print(tldr.__version__)"], capture_output=True, text=True, check=False
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def ensure_tldr(venv: Path) -> Path:
    """Reuse or build a throwaway venv with tldr==3.4.4; return its `tldr` script."""
    found = tldr_version(venv)
    if found == TLDR_VERSION:
        print(f"tldr client: reusing {venv} (tldr {found})")
        return venv / "bin" / "tldr"
    if venv.exists():
        print(f"tldr client: {venv} holds tldr {found or 'nothing usable'}; rebuilding it")
        shutil.rmtree(venv)
    print(f"tldr client: installing tldr=={TLDR_VERSION} into {venv} ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, f"tldr=={TLDR_VERSION}"], check=True)
    found = tldr_version(venv)
    if found != TLDR_VERSION:
        raise SystemExit(f"tldr client: expected version {TLDR_VERSION}, found {found!r} in {venv}")
    return venv / "bin" / "tldr"


def write_page(cache_home: Path, age_hours: float = 0.0) -> Path:
    """Write the tar page where tldr looks for it; set its mtime age_hours in the past."""
    page = cache_home / "tldr" / "pages" / "common" / f"{PAGE_NAME}.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(TAR_PAGE, encoding="utf-8")
    stamp = time.time() - age_hours * 3600.0
    os.utime(page, (stamp, stamp))
    return page


def prove_offline(tldr: Path, env: dict[str, str], counter: ConnectionCounter, work: Path) -> dict[str, Any]:
    """Show that the fresh cached page is used without a fetch, and that a fetch would be caught."""
    proof: dict[str, Any] = {}
    out, err = work / "proof.out", work / "proof.err"

    before = counter.count
    fresh = run_once([str(tldr), PAGE_NAME], env, out, err)
    text = out.read_text(encoding="utf-8", errors="replace")
    proof["fresh"] = {
        "exit_code": fresh.exit_code,
        "connections": counter.count - before,
        "page_shown": PAGE_MARKER in text,
    }
    if fresh.exit_code != 0 or PAGE_MARKER not in text or counter.count != before:
        print(f"FAILED: tldr did not show the cached page offline: {proof['fresh']}\n{fresh.stderr_tail}")
        raise SystemExit(1)

    unshare = shutil.which("unshare")
    if unshare:  # a new network namespace: no interfaces up at all, not even loopback
        isolated = run_once([unshare, "--net", str(tldr), PAGE_NAME], env, out, err)
        if "unshare failed" in isolated.stderr_tail or "Operation not permitted" in isolated.stderr_tail:
            proof["no_network_namespace"] = "unavailable"
        else:
            shown = PAGE_MARKER in out.read_text(encoding="utf-8", errors="replace")
            proof["no_network_namespace"] = {"exit_code": isolated.exit_code, "page_shown": shown}

    stale_home = work / "stale-cache"
    write_page(stale_home, age_hours=24 * 8)
    stale_env = dict(env, XDG_CACHE_HOME=str(stale_home))
    before = counter.count
    stale = run_once([str(tldr), PAGE_NAME], stale_env, out, err)
    proof["stale_control"] = {"exit_code": stale.exit_code, "connections": counter.count - before}
    return proof


# --------------------------------------------------------------------------- the benchmark


@dataclass
class Command:
    """One command under test and what it measured."""

    label: str
    argv: list[str]
    expects_output: bool = True
    is_dmtx: bool = False
    expect: str = ""
    pty: bool = False
    cold: bool = False  # an empty cache folder for every run
    goal: float | None = None  # the highest ratio to tldr (on the same path) that meets the goal
    goal_mib: float | None = None  # the most memory that meets the goal (None: tldr's own)
    ms: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    def run_argv(self) -> list[str]:
        """What to start: the command itself, or `script` running it on a new pty (a colour terminal)."""
        if not self.pty:
            return self.argv
        return [SCRIPT, "-qec", shlex.join(self.argv), "/dev/null"]

    def run_env(self, env: dict[str, str], columns: int, work: Path) -> dict[str, str]:
        """The environment at this round's width: plain as given, or a colour terminal for a pty run."""
        env = {**env, "COLUMNS": str(columns)}
        if self.cold:
            fresh = work / f"cold-{len(self.ms)}-{time.perf_counter_ns()}"
            fresh.mkdir(mode=0o700)
            env["DMTX_CACHE_DIR"] = str(fresh)
        if not self.pty:
            return env
        colour = {key: value for key, value in env.items() if key not in {"NO_COLOR", "TERM"}}
        # An empty PAGER turns dmtx's pager off: a screen longer than script's pty would
        # otherwise wait in less for a key, and tldr has no pager to compare with.
        return {**colour, "TERM": "xterm-256color", "PAGER": "", "LINES": "500"}


def machine_lines(dmtx: Path, tldr: Path) -> list[str]:
    """Where and with what the numbers were taken."""
    from importlib import metadata

    try:
        dmtx_version = metadata.version("dmtx")
    except metadata.PackageNotFoundError:
        dmtx_version = "unknown"
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"machine: {platform.platform()}; {os.cpu_count()} CPUs ({usable} usable), {cpu}",
        f"python:  {platform.python_implementation()} {platform.python_version()} at {sys.executable}",
        f"dmtx:    {dmtx_version} ({dmtx})",
        f"tldr:    {TLDR_VERSION} ({tldr})",
    ]


def check(cmd: Command, result: RunResult, out_path: Path | None = None) -> None:
    """Stop with exit code 1 when a command failed, printed nothing, or not what it should."""
    problem = None
    if result.exit_code != 0:
        problem = f"exit code {result.exit_code}"
    elif cmd.expects_output and result.stdout_bytes == 0:
        problem = "no output on stdout"
    elif cmd.expect and out_path and cmd.expect not in out_path.read_text(encoding="utf-8", errors="replace"):
        problem = f"its output does not contain {cmd.expect!r}"
    if problem:
        print(f"FAILED: {cmd.label!r} ({' '.join(cmd.argv)}): {problem}")
        if result.stderr_tail.strip():
            print("stderr (end):\n" + result.stderr_tail.rstrip())
        raise SystemExit(1)


def run_rounds(commands: list[Command], env: dict[str, str], work: Path, rounds: int, *, record: bool) -> bool:
    """Run every command per round, starting one later in the list each round.

    Each command runs twice: once plainly for its time, once under GNU time for its peak
    memory. Returns whether the memory figures are exact (False: wait4 upper bounds).
    """
    exact = True
    for round_index in range(rounds):
        shift = round_index % len(commands)
        columns = 72 + (round_index * 7 + (11 if record else 0)) % 60  # a new width each round
        for cmd in commands[shift:] + commands[:shift]:
            timed = run_once(cmd.run_argv(), cmd.run_env(env, columns, work), work / "stdout.txt", work / "stderr.txt")
            check(cmd, timed, work / "stdout.txt")
            sized, exact = measure_rss(cmd.run_argv(), cmd.run_env(env, columns, work), work)
            check(cmd, sized)
            if record:
                cmd.ms.append(timed.ms)
                cmd.rss_kib.append(sized.maxrss_kib)
    return exact


def table(commands: list[Command]) -> tuple[list[str], list[dict[str, Any]], bool]:
    """The report table's lines, one summary row per command, and whether every goal is met."""
    medians = {cmd.label: statistics.median(cmd.ms) for cmd in commands}
    tldr = {pty: next(c for c in commands if c.label.startswith("tldr") and c.pty == pty) for pty in (False, True)}
    python_ms = medians["python -c pass"]
    header = ["command", "median ms", "p90 ms", "vs tldr", "goal", "vs python", "peak RSS MiB", "goal met?"]
    rows: list[list[str]] = []
    summary: list[dict[str, Any]] = []
    all_met = True
    for cmd in commands:
        median = medians[cmd.label]
        p90 = percentile(cmd.ms, 90)
        baseline = tldr[cmd.pty]
        ratio_tldr, ratio_python = median / medians[baseline.label], median / python_ms
        rss_mib = max(cmd.rss_kib) / 1024.0
        met: bool | None = None
        if cmd.goal is not None:
            mib = cmd.goal_mib if cmd.goal_mib is not None else max(baseline.rss_kib) / 1024.0
            met = ratio_tldr <= cmd.goal and rss_mib <= mib
            all_met = all_met and met
        verdict = "-" if met is None else ("yes" if met else "NO")
        rows.append(
            [
                cmd.label,
                f"{median:.1f}",
                f"{p90:.1f}",
                f"{ratio_tldr:.2f}",
                "-" if cmd.goal is None else f"<= {cmd.goal:g}",
                f"{ratio_python:.2f}",
                f"{rss_mib:.1f}",
                verdict,
            ]
        )
        summary.append(
            {
                "command": cmd.label,
                "argv": cmd.argv,
                "median_ms": median,
                "p90_ms": p90,
                "min_ms": min(cmd.ms),
                "ratio_vs_tldr": ratio_tldr,
                "ratio_vs_python": ratio_python,
                "peak_rss_mib": rss_mib,
                "goal_ratio_vs_tldr": cmd.goal,
                "goal_met": met,
                "cold": cmd.cold,
                "runs_ms": cmd.ms,
                "runs_maxrss_kib": cmd.rss_kib,
            }
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return " | ".join([first, *rest])

    lines = [line(header), "-+-".join("-" * w for w in widths), *(line(r) for r in rows)]
    return lines, summary, all_met


def main(argv: list[str] | None = None) -> int:
    """Set up tldr, run the rounds, print the table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=25, metavar="N", help="timed rounds (default 25)")
    parser.add_argument("--warmup", type=int, default=3, metavar="N", help="untimed rounds first (default 3)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the raw numbers here")
    parser.add_argument("--tldr-venv", type=Path, default=DEFAULT_TLDR_VENV, help=f"default {DEFAULT_TLDR_VENV}")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")

    dmtx = Path(sys.executable).parent / "dmtx"
    if not dmtx.exists():
        print(f"FAILED: no dmtx console script beside {sys.executable}; run this with dmtx's venv python")
        return 1
    tldr = ensure_tldr(args.tldr_venv)

    counter = ConnectionCounter()
    try:
        with tempfile.TemporaryDirectory(prefix="dmtx-bench-startup-") as temp:
            work = Path(temp)
            cache_home = work / "cache"
            write_page(cache_home)
            env = base_env(cache_home, counter.url)
            proof = prove_offline(tldr, env, counter, work)

            commands = [
                Command("python -c pass", [sys.executable, "-c", "pass"], expects_output=False),
                Command("tldr " + PAGE_NAME, [str(tldr), PAGE_NAME], expect=PAGE_MARKER),
                Command("tldr " + PAGE_NAME + " (pty)", [str(tldr), PAGE_NAME], pty=True),
                *floors(),
            ]
            for words in LOOKUPS:
                goal = GOAL_RATIO_TLDR_CHECKLIST if words == ["checklist"] else GOAL_RATIO_TLDR
                commands.append(Command("dmtx " + " ".join(words), [str(dmtx), *words], is_dmtx=True, goal=goal))
            for words in LOOKUPS:
                label = "dmtx " + " ".join(words) + " (pty)"
                commands.append(Command(label, [str(dmtx), *words], is_dmtx=True, pty=True, goal=GOAL_RATIO_TLDR_PTY))
            for words in (["topic", "1"], ["search", "weekly"]):
                label = "dmtx " + " ".join(words) + " (cold)"
                commands.append(Command(label, [str(dmtx), *words], is_dmtx=True, cold=True))
            pdf = [str(dmtx), "checklist", "--force", "-o", str(work / "visit.pdf")]
            commands.append(
                Command(
                    "dmtx checklist -o visit.pdf",
                    pdf,
                    is_dmtx=True,
                    expects_output=False,
                    goal=GOAL_RATIO_TLDR_PDF,
                    goal_mib=GOAL_PDF_MIB,
                )
            )
            fetches_before = counter.count
            started = time.perf_counter()
            run_rounds(commands, env, work, args.warmup, record=False)
            rss_exact = run_rounds(commands, env, work, args.runs, record=True)
            seconds = time.perf_counter() - started
            fetches = counter.count - fetches_before
    finally:
        counter.close()

    print()
    print("\n".join(machine_lines(dmtx, tldr)))
    primed = "primed by the warm-up rounds" if args.warmup else "NOT primed: --warmup 0, so the first run fills it"
    print(
        "setup:   stdout to a file, TERM=dumb NO_COLOR=1 LANG=C.UTF-8, a new COLUMNS each round; (pty) rows run "
        f"under script(1) with TERM=xterm-256color; temp XDG_CACHE_HOME (dmtx's cache {primed}; cold rows: "
        "an empty cache folder every run)"
    )
    stale = proof["stale_control"]
    isolated = proof.get("no_network_namespace", "unshare not found")
    if isinstance(isolated, dict):
        isolated = f"exit code {isolated['exit_code']}, page {'shown' if isolated['page_shown'] else 'NOT shown'}"
    print(
        f"offline: tldr showed the fresh cached page with {proof['fresh']['connections']} connection attempts "
        f"to the counting proxy, and with no network at all (unshare --net): {isolated};\n"
        f"         control, an 8-day-old page: {stale['connections']} fetch attempt(s) caught, "
        f"then the stale page shown anyway (exit code {stale['exit_code']}); "
        f"during the timed runs: {fetches} attempts"
    )
    print(f"runs:    {args.warmup} warm-up + {args.runs} timed rounds, rotating order, {seconds:.1f} s in all")
    if rss_exact:
        print("memory:  peak RSS from a second run of each command per round under /usr/bin/time -f %M")
    else:
        print("memory:  /usr/bin/time not found; peak RSS is wait4's ru_maxrss, an UPPER BOUND (see the docstring)")
    print()
    lines, summary, all_met = table(commands)
    print("\n".join(lines))
    print()
    print(
        f"goals: piped <= {GOAL_RATIO_TLDR:g}x tldr (checklist {GOAL_RATIO_TLDR_CHECKLIST:g}x), on a pty <= "
        f"{GOAL_RATIO_TLDR_PTY:g}x tldr on a pty, peak RSS <= tldr's; the PDF checklist <= {GOAL_RATIO_TLDR_PDF:g}x "
        f"tldr and <= {GOAL_PDF_MIB:g} MiB: {'all met' if all_met else 'NOT all met'}"
    )
    if fetches:
        print(f"FAILED: tldr tried the network {fetches} time(s) during the runs; its numbers are not a cached lookup")

    if args.json:
        payload = {
            "machine": machine_lines(dmtx, tldr),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpu_count": os.cpu_count(),
            "runs": args.runs,
            "warmup": args.warmup,
            "offline_proof": proof,
            "network_attempts_during_runs": fetches,
            "rss_source": "/usr/bin/time -f %M" if rss_exact else "os.wait4 ru_maxrss (upper bound)",
            "all_goals_met": all_met,
            "commands": summary,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"raw numbers written to {args.json}")
    return 1 if fetches else 0


if __name__ == "__main__":
    sys.exit(main())
