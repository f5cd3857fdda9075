"""The layout the README describes: records match the schema, no import circles, thin layers."""

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


def test_records_and_the_core_do_not_reach_up_the_chain() -> None:
    """Data flows file -> model -> query -> renderable -> output: lower layers never import higher ones."""
    graph = import_graph()
    upper = {"dmtx.cli", "dmtx.commands", "dmtx.main"}
    assert graph["dmtx.model"] == set()
    core = {"dmtx.lookup", "dmtx.views", "dmtx.checklist", "dmtx.cache", "dmtx.output"}
    core |= {name for name in graph if name == "dmtx.knowledge" or name.startswith("dmtx.knowledge.")}
    assert len(core) > 6, "the knowledge package was not found"
    for name in core:
        assert not graph[name] & upper, name
    for name in graph:
        if name.startswith("dmtx.render."):
            assert not graph[name] & (upper | {"dmtx.views"}), name


def test_the_readme_layout_names_every_module_once() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    layout = readme.split("### Layout", 1)[1].split("\n#", 1)[0]
    rows = [line.split("|")[1].strip().strip("`") for line in layout.splitlines() if line.startswith("| `dmtx/")]
    files = sorted(str(p.relative_to(PACKAGE.parent)) for p in PACKAGE.rglob("*") if p.suffix in {".py", ".json"})
    files = [f for f in files if "__pycache__" not in f]
    assert sorted(rows) == files
