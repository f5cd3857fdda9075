"""The layout the README describes: records match the schema, no import circles, thin layers."""

from __future__ import annotations

import ast
from pathlib import Path

from dmtx import knowledge, model

PACKAGE = Path(__file__).resolve().parent.parent / "dmtx"

# The file keeps the page's word "points"; the program calls them topics.
RENAMED = {"points": "topics", "point": "topic"}


def _schema_fields(spec: object) -> set[str]:
    assert isinstance(spec, dict)
    return {RENAMED.get(key, key) for key in spec}


def _record(field: object) -> dict[str, object]:
    kind = field.kind  # type: ignore[attr-defined]
    inner = kind.item if isinstance(kind, knowledge._ListOf) else kind
    assert isinstance(inner, dict)
    return inner


def test_every_record_has_exactly_the_fields_of_its_schema_entry() -> None:
    schema = knowledge._SCHEMA
    meta = _record(schema["meta"])
    topic = _record(schema["points"])
    drug = _record(schema["drugs"])
    pairs = {
        model.Knowledge: _schema_fields(schema) - {"schema_version"} | {"schema_version", "origin"},
        model.Meta: _schema_fields(meta),
        model.Source: _schema_fields(_record(meta["source"])),
        model.Topic: _schema_fields(topic),
        model.Fact: _schema_fields(_record(topic["facts"])),
        model.Note: _schema_fields(_record(topic["notes"])),
        model.Question: _schema_fields(_record(topic["questions"])),
        model.Drug: _schema_fields(drug),
        model.OtherName: _schema_fields(_record(drug["other_names"])),
        model.Related: _schema_fields(_record(drug["related"])),
        model.Term: _schema_fields(_record(schema["terms"])),
        model.Reference: _schema_fields(_record(schema["references"])),
        model.QuizItem: _schema_fields(_record(schema["quiz"])),
        model.Confusable: _schema_fields(_record(schema["confusables"])),
        model.Situation: _schema_fields(_record(schema["situations"])),
        model.Visit: _schema_fields(_record(schema["visit"])),
        model.CoreQuestion: _schema_fields(_record(_record(schema["visit"])["top3"])),
        model.TipBlock: _schema_fields(_record(_record(schema["visit"])["tips"])),
    }
    for record, fields in pairs.items():
        assert set(record._fields) == fields, record.__name__


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
    for name in ("dmtx.knowledge", "dmtx.lookup", "dmtx.views", "dmtx.checklist", "dmtx.cache", "dmtx.output"):
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
