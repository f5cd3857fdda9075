"""The layout docs/development.md describes: records match the schema, no import circles, thin layers."""

from __future__ import annotations

import ast
from pathlib import Path

from dmtx import model
from dmtx.knowledge import schema

PACKAGE = Path(__file__).resolve().parent.parent / "dmtx"

# The file keeps the page's word "points"; the program calls them topics.
RENAMED = {"points": "topics", "point": "topic"}


def test_every_record_has_exactly_the_fields_of_its_schema_entry() -> None:
    specs = schema.records()
    records = {value for value in vars(model).values() if isinstance(value, type) and hasattr(value, "_fields")}
    assert {spec.model for spec in specs} == records, "every record is built from the schema"
    assert len({spec.model for spec in specs}) == len(specs), "each record is stated once in the schema"
    renamed = {key: field.attr for spec in specs for key, field in spec.items() if field.attr}
    assert renamed == RENAMED
    for spec in specs:
        fields = {field.attr or key for key, field in spec.items()}
        if spec.model is model.Knowledge:
            fields.add("origin")  # where the file was read from: not in the file
        assert set(spec.model._fields) == fields, spec.model.__name__


def test_the_schema_walk_finds_every_kind_of_mapping() -> None:
    names = {spec.model.__name__ for spec in schema.records()}
    assert {"Knowledge", "Question", "CoreQuestion", "TipBlock", "ScheduleWarning", "JournalRule"} <= names


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every dmtx module this file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dmtx"):
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in modules else node.module)
    return found - {_module_name(path)}


def import_graph() -> dict[str, set[str]]:
    """Module name -> the dmtx modules it imports."""
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(f) for f in files}
    return {_module_name(f): _imports(f, modules) for f in files}


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = import_graph()
    assert "dmtx.model" in graph and graph["dmtx.commands"], "the import graph was not read"
    cycles = [cycle for name in graph if (cycle := _cycle_from(name, graph))]
    assert cycles == [], " ; ".join(" -> ".join(c) for c in cycles)


def test_the_cycle_check_finds_a_planted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle_from("a", graph) == ["a", "b", "c", "a"]
    assert _cycle_from("d", graph) is None


# The layers, top to bottom: data flows file -> validated model -> query -> document -> renderer -> output.
# A module may import its own layer or any layer below, never one above. A name ending in ".*"
# is a package: the package and every module in it. Every module must be placed (a new one too).
LAYERS: list[tuple[str, ...]] = [
    ("dmtx.__main__", "dmtx.main"),  # the console entry
    ("dmtx.cli", "dmtx.cli.*"),  # parse arguments, call commands
    ("dmtx.commands", "dmtx.journal.commands"),  # each command as a plain function
    ("dmtx.classroom", "dmtx.classroom.slideshow", "dmtx.classroom.quizplay"),  # interactive players
    (
        "dmtx.views",
        "dmtx.searchview",
        "dmtx.checklist",
        "dmtx.questionpick",
        "dmtx.journal.summary",
        "dmtx.classroom.slides",
        "dmtx.classroom.quiz",
    ),
    ("dmtx.settings",),  # the shared options and the knowledge they point at
    ("dmtx.render", "dmtx.render.*", "dmtx.journal.table"),  # documents drawn as text, Rich, html, pdf...
    ("dmtx.output", "dmtx.files", "dmtx.terminal"),  # the screen, the streams, files
    (
        "dmtx.lookup",
        "dmtx.review",
        "dmtx.search",
        "dmtx.searchindex",
        "dmtx.searchspell",
        "dmtx.journal",
        "dmtx.journal.medicines",
        "dmtx.journal.series",
        "dmtx.journal.rules",
    ),  # queries
    (
        "dmtx.journal.store",
        "dmtx.journal.exchange",
        "dmtx.journal.records",
        "dmtx.journal.labs",
        "dmtx.journal.fhir",
        "dmtx.journal.ccda",
        "dmtx.journal.healthzip",
    ),  # the journal file, its import/export, and lab results read from a patient's own records
    ("dmtx.journal.place", "dmtx.journal.rows"),  # where the journal lives; its rows read back, checked
    ("dmtx.knowledge", "dmtx.knowledge.*", "dmtx.cache"),  # the validated model and its cache
    ("dmtx.journal.kinds", "dmtx.journal.entries"),  # journal records and their checks
    (
        "dmtx",
        "dmtx.model",
        "dmtx.document",
        "dmtx.document.*",
        "dmtx.errors",
        "dmtx.sanitize",
        "dmtx.spelling",
        "dmtx.labelwords",
        "dmtx.locations",
        "dmtx.clock",
    ),
]


def layer_of(module: str) -> int:
    """The index of the module's layer in LAYERS (0 is the top)."""
    found = [
        i
        for i, names in enumerate(LAYERS)
        for name in names
        if module == name or (name.endswith(".*") and module.startswith(name[:-1]))
    ]
    assert len(found) == 1, f"{module} is in {len(found)} layers: place it in exactly one of LAYERS"
    return found[0]


def test_no_module_imports_one_that_stands_above_it() -> None:
    """Data flows one way: a lower layer never imports a higher one."""
    graph = import_graph()
    upward = [f"{name} -> {used}" for name, uses in graph.items() for used in uses if layer_of(used) < layer_of(name)]
    assert upward == [], "imports that run up the layers: " + "; ".join(sorted(upward))


def test_the_layer_check_finds_an_upward_import() -> None:
    assert layer_of("dmtx.model") > layer_of("dmtx.knowledge") > layer_of("dmtx.render.text") > layer_of("dmtx.cli.app")
    assert layer_of("dmtx.cli.app") == layer_of("dmtx.cli")


def test_no_module_is_over_500_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE.parent)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > 500
    }
    assert long == {}, long


def test_the_documented_layout_names_every_module_once() -> None:
    page = (PACKAGE.parent / "docs" / "development.md").read_text(encoding="utf-8")
    layout = page.split("## Layout", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1].strip().strip("`") for line in layout.splitlines() if line.startswith("| `dmtx/")]
    files = sorted(str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*") if p.suffix in {".py", ".json"})
    files = [f for f in files if "__pycache__" not in f]
    assert sorted(rows) == files
