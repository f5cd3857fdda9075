"""Run mutmut on one core module with a focused, in-process test selection.

Usage: python tools/mutation.py MODULE [--children N]     e.g.  python tools/mutation.py dmtx/lookup.py

mutmut runs, for each mutant, only the tests that reached the mutated function during its first
("stats") pass, but that pass runs the whole test selection. Running every test for every module
would take hours on two cores, so this script picks, per module, the test files that exercise it in
process (TESTS below) and runs mutmut with them in a scratch copy of the working tree, so that
pyproject.toml in the repository stays as it is and work can go on while mutmut runs. What is
mutated is not narrowed: pyproject's [tool.mutmut] decides that; the module only picks the mutants
to run. Results (killed/total per module, survivors) are printed at the end; docs/mutation.md
records them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/dmtx-mutation/work")

# Module -> the test files that exercise it in process (subprocess tests never count for mutmut:
# its stats pass records which tests reach a function only inside the test process).
TESTS: dict[str, list[str]] = {
    # Added in the sixth session (never run before): what a topic's, a drug's and a word's page say.
    # test_golden.py compares every page byte for byte, in the test process.
    "dmtx/views.py": [
        "tests/test_golden.py",
        "tests/test_snapshots.py",
        "tests/test_cli.py",
        "tests/test_names.py",
        "tests/test_name_safety.py",
        "tests/test_label_names.py",
        "tests/test_lookup_names.py",
        "tests/test_content.py",
        "tests/test_review2.py",
        "tests/test_trust.py",  # `dmtx about` and the parts late for their check (needs tools/, in also_copy)
    ],
    **{
        module: [
            "tests/test_names.py",
            "tests/test_name_safety.py",
            "tests/test_suggest_guards.py",
            "tests/test_lookup_names.py",
            "tests/test_label_names.py",  # added in the sixth session with labelwords.py
            "tests/test_spelling.py",  # the slip rules, one case per part (sixth session)
        ]
        for module in ("dmtx/lookup.py", "dmtx/spelling.py", "dmtx/labelwords.py")
    },
    "dmtx/journal/rules.py": [
        "tests/test_journal_rules.py",
        "tests/test_journal_logic.py",
        "tests/test_journal2.py",
        "tests/test_review2.py",
        "tests/test_journal_rules_edges.py",
    ],
    "dmtx/journal/kinds.py": [
        "tests/test_journal_kinds.py",
        "tests/test_journal_logic.py",
        "tests/test_journal2.py",
        "tests/test_journal.py",
        "tests/test_journal_import.py",
        "tests/test_journal_table.py",
    ],
    "dmtx/journal/series.py": [
        "tests/test_journal_logic.py",
        "tests/test_journal2.py",
        "tests/test_journal_kinds.py",
        "tests/test_journal_series.py",
    ],
    # Not test_hardening.py: its shell tests start dmtx from another folder, where a mutated child
    # cannot find mutmut's config during the stats pass and fails (see docs/mutation.md).
    "dmtx/cache.py": ["tests/test_cache.py", "tests/test_cache_trust.py"],
    "dmtx/checklist.py": [
        "tests/test_checklist.py",
        "tests/test_checklist_files.py",
        "tests/test_visit.py",
        "tests/test_checklist_drugs.py",
        "tests/test_review2.py",
    ],
    "dmtx/questionpick.py": [
        "tests/test_checklist.py",
        "tests/test_checklist_files.py",
        "tests/test_visit.py",
        "tests/test_checklist_drugs.py",
        "tests/test_review2.py",
    ],
    # Written for issue #26's second round (2026-12-03): the unit tests plus the in-process behaviour tests.
    # Not test_trust.py for the knowledge modules: it runs tools/stamp_reviews.py, which mutmut's copy lacks.
    **{
        f"dmtx/journal/{m}.py": [
            "tests/test_journal_units.py",
            # Not test_journal.py (CLI-level, slow per mutant). A first pass once failed with "no add_ck in
            # dmtx.journal.commands": a stale mutants/ folder; deleting /tmp/dmtx-mutation/work/mutants fixed it.
            "tests/test_journal2.py",
            "tests/test_journal_import.py",
            "tests/test_journal_kinds.py",
            "tests/test_journal_logic.py",
            "tests/test_journal_table.py",
            "tests/test_journal_screen.py",
            "tests/test_journal_records.py",
            "tests/test_visit.py",
            # Added in the fifth session: the dose typed as people write it ("15mg", "daily for 5 days").
            "tests/test_journal_commands.py",
        ]
        for m in ("summary", "entries", "labs", "rows", "table", "records")
    },
    **{
        f"dmtx/knowledge/{m}.py": [
            "tests/test_knowledge_units.py",
            "tests/test_knowledge.py",
            "tests/test_knowledge_rules.py",
        ]
        for m in ("yamlread", "shape", "links", "editorial", "problems", "vocabulary", "build", "schema", "__init__")
    },
    # Added 2026-12-03 (third session): the import and store modules, with the in-process tests that
    # reach them (CliRunner drives dmtx in the test process). Not test_journal_processes.py (subprocesses
    # only), test_journal_odd_inputs.py or test_private_outputs.py: their shell tests start dmtx from
    # another folder, which fails the stats pass as test_hardening.py's do.
    **{
        f"dmtx/journal/{m}.py": [
            "tests/test_journal_units.py",
            "tests/test_journal_import.py",
            "tests/test_journal_records.py",
            "tests/test_journal_exchange.py",
            "tests/test_journal_fhir.py",
            "tests/test_journal_healthzip.py",
            "tests/test_journal.py",
            "tests/test_journal_neighbours.py",
        ]
        for m in ("ccda", "fhir", "healthzip", "exchange")
    },
    **{
        f"dmtx/journal/{m}.py": [
            "tests/test_journal_units.py",
            "tests/test_journal.py",
            "tests/test_journal2.py",
            "tests/test_journal_neighbours.py",
            "tests/test_journal_kinds.py",
            "tests/test_journal_rules.py",
            "tests/test_journal_table.py",
            "tests/test_journal_import.py",
            "tests/test_journal_place.py",
            "tests/test_journal_exchange.py",
            "tests/test_visit.py",
            "tests/test_journal_store.py",
            "tests/test_journal_commands.py",
        ]
        for m in ("place", "store", "commands", "medicines")
    },
    **{
        module: [
            "tests/test_search.py",
            "tests/test_search_relevance.py",
            "tests/test_search_questions.py",
            "tests/test_search_index.py",
            "tests/test_searchspell.py",  # sixth session: the slip rules of search, one part at a time
        ]
        for module in ("dmtx/searchindex.py", "dmtx/search.py", "dmtx/searchspell.py")  # sixth session: the last two
    },
}


def module_pattern(module: str) -> str:
    """dmtx/journal/rules.py -> the mutant names of that module: dmtx.journal.rules.*

    A package's __init__.py has the package's own name in mutmut (dmtx.knowledge.x_load__mutmut_1),
    so its pattern is the package's name and mutmut's "x" prefix: no submodule's name starts with it.
    """
    if module.endswith("/__init__.py"):
        return module.removesuffix("/__init__.py").replace("/", ".") + ".x*"
    return module.removesuffix(".py").replace("/", ".") + ".*"


def copy_tree(target: Path) -> None:
    """The working tree as it is now (tracked and new files, not ignored ones) into target."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        copy = target / name
        if source.is_file() and not (copy.exists() and copy.read_bytes() == source.read_bytes()):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)


def select_tests(pyproject: Path, tests: list[str]) -> None:
    """Set pytest_add_cli_args_test_selection in the scratch copy's [tool.mutmut]."""
    text = pyproject.read_text(encoding="utf-8")
    line = "pytest_add_cli_args_test_selection = " + repr(tests).replace("'", '"')
    text = re.sub(r"^\[tool\.mutmut\]\n", "[tool.mutmut]\n" + line + "\n", text, count=1, flags=re.M)
    pyproject.write_text(text, encoding="utf-8")


def main() -> int:
    """Copy, configure, run mutmut for one module and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("module", choices=sorted(TESTS))
    parser.add_argument("--children", type=int, default=1)
    args = parser.parse_args()
    # One scratch copy for every module: mutmut regenerates the mutants of changed files only.
    work = SCRATCH
    shutil.rmtree(work / "tests", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    copy_tree(work)
    select_tests(work / "pyproject.toml", TESTS[args.module])
    mutmut = str(Path(sys.executable).parent / "mutmut")
    pattern = module_pattern(args.module)
    subprocess.run([mutmut, "run", "--max-children", str(args.children), pattern], cwd=work, check=False)
    listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=work, capture_output=True, text=True).stdout
    prefix = pattern.removesuffix("*")
    rows = [row.strip() for row in listing.splitlines() if row.strip().startswith(prefix)]
    status = [row.rsplit(": ", 1)[-1] for row in rows]
    killed = sum(s in ("killed", "timeout", "caught by type check") for s in status)
    print(f"{args.module}: {killed}/{len(rows)} killed ({100 * killed / max(len(rows), 1):.1f} %)")
    for row in rows:
        if not row.endswith((": killed", ": timeout")):
            print("  ", row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
