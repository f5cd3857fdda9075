"""Reading a knowledge file: bytes with clear limits, then safe YAML into plain values with their line/column.

The C parser (CSafeLoader) is used when PyYAML has it. Anchors and aliases, tags, merge
keys and duplicate keys are refused; a plain scalar that YAML 1.1 would read as another
type (yes, 1.5, 2014-08-18…) comes back as an `Ambiguous` string for the shape checks to judge.
"""

from __future__ import annotations

import os
import stat
from typing import Any

from dmtx.knowledge.problems import KnowledgeError, Problem, path_text, whole_file

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 24
# Where each value was: its path -> (line, column); ("key", *path) -> where its key was.
Marks = dict[tuple[Any, ...], tuple[int, int]]

_YAML_TAG = "tag:yaml.org,2002:"
_IMPLICIT_KINDS = {"bool", "int", "float", "null", "timestamp"}


class Ambiguous(str):
    """A plain scalar that YAML 1.1 tools would read as another type (bool, int, date…)."""

    kind: str

    def __new__(cls, text: str, kind: str) -> Ambiguous:
        obj = super().__new__(cls, text)
        obj.kind = kind
        return obj


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a knowledge file with clear problems for missing, directory, unreadable, huge."""
    name = os.fspath(path)
    try:
        if os.path.isdir(path):
            raise KnowledgeError(name, [whole_file("this is a folder, not a knowledge file")])
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device could block forever or never end.
            raise KnowledgeError(name, [whole_file("not a regular file")])
        size = info.st_size
        if size > MAX_FILE_BYTES:
            mib = size / (1024 * 1024)
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise KnowledgeError(name, [whole_file(f"file is too large ({mib:.1f} MiB; the limit is {limit} MiB)")])
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KnowledgeError(name, [whole_file("no such file")]) from None
    except PermissionError:
        raise KnowledgeError(name, [whole_file("permission denied: cannot read this file")]) from None
    except OSError as exc:
        raise KnowledgeError(name, [whole_file(f"cannot read this file ({exc.strerror or exc})")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise KnowledgeError(name, [whole_file("file is too large")])
    return data


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (a byte-order mark is accepted); report the first bad byte's place."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        problem = Problem("", f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8", line, column)
        raise KnowledgeError(name, [problem]) from None


def _compose(text: str, name: str) -> Any:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part) or "not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise KnowledgeError(name, [Problem("", f"not valid YAML: {message}", line, column)]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        what = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise KnowledgeError(name, [Problem("", f"not valid YAML: {what} is not allowed here", line, column)]) from None
    except RecursionError:
        raise KnowledgeError(name, [Problem("", "not valid YAML: nested too deeply")]) from None
    except (yaml.YAMLError, ValueError, KeyError, AttributeError, TypeError, MemoryError) as exc:
        raise KnowledgeError(name, [Problem("", f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()


def _line_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


class _TreeReader:
    """Turns a composed YAML node tree into plain values, refusing what a knowledge file never needs."""

    def __init__(self) -> None:
        self.marks: Marks = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._alias_reported = False

    def _problem(self, path: tuple[Any, ...], node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(path_text(path), message, mark.line + 1, mark.column + 1))

    def read(self, node: Any, path: tuple[Any, ...] = (), depth: int = 0) -> Any:
        import yaml

        if id(node) in self._seen:
            # An alias bomb repeats the same node millions of times: report the first use only.
            if not self._alias_reported:
                self._alias_reported = True
                self._problem(path, node, "anchors and aliases (& and *) are not allowed in a knowledge file")
            return None
        self._seen.add(id(node))
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if depth > MAX_DEPTH:
            self._problem(path, node, f"nested more than {MAX_DEPTH} levels deep")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _YAML_TAG + "seq":
                self._problem(path, node, f"YAML tags such as {node.tag!r} are not allowed")
                return None
            return [self.read(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        self._problem(path, node, "unexpected YAML node")
        return None

    def _scalar(self, node: Any, path: tuple[Any, ...]) -> Any:
        tag = node.tag
        if tag == _YAML_TAG + "str":
            return node.value
        kind = tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else ""
        if kind in _IMPLICIT_KINDS and not node.style:  # plain: the C parser says "", Python None
            return Ambiguous(node.value, kind)
        self._problem(path, node, f"YAML tags such as {tag!r} are not allowed")
        return None

    def _mapping(self, node: Any, path: tuple[Any, ...], depth: int) -> dict[str, Any]:
        import yaml

        if node.tag != _YAML_TAG + "map":
            self._problem(path, node, f"YAML tags such as {node.tag!r} are not allowed")
            return {}
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _YAML_TAG + "merge":
                self._problem(path, key_node, "keys must be plain names (no merge keys or complex keys)")
                continue
            key = str(key_node.value)
            if key in result:
                self._problem((*path, key), key_node, f"duplicate key {key!r} (YAML would silently keep only the last)")
                continue
            result[key] = self.read(value_node, (*path, key), depth + 1)
            self.marks[("key", *path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return result


def parse_yaml(data: bytes, name: str) -> tuple[Any, Marks, list[Problem]]:
    """Parse bytes into plain values, their marks, and any structural problems."""
    text = decode_text(data, name)
    if not text.strip():
        raise KnowledgeError(name, [whole_file("the file is empty")])
    node = _compose(text, name)
    if node is None:
        raise KnowledgeError(name, [Problem("", "the file holds no YAML document")])
    reader = _TreeReader()
    try:
        value = reader.read(node)
    except RecursionError:
        raise KnowledgeError(name, [Problem("", "nested too deeply")]) from None
    return value, reader.marks, reader.problems
