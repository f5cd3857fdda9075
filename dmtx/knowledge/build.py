"""Building: a checked document (plain dicts and lists) into the frozen records of `dmtx.model`.

Derived from the schema, not written out field by field: each `Record` names its model
class, lists become tuples, a nested mapping becomes its record, and a field the file
leaves out takes the record's default (an empty tuple for a list without one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dmtx.knowledge.schema import SCHEMA, ListOf, Record
from dmtx.model import Knowledge

# One record's recipe: its class, and for each of its fields in order (file key, convert or None, value when left out).
_Recipe = tuple[Any, tuple[tuple[str, Callable[[Any], Any] | None, Any], ...]]
_MISSING = object()


def build(doc: dict[str, Any], origin: str = "") -> Knowledge:
    """Turn a normalised (already validated) document into frozen records, every field by keyword."""
    knowledge: Knowledge = _RECORD(doc, SCHEMA)._replace(origin=origin)
    return knowledge


def _converter(kind: Any) -> Callable[[Any], Any] | None:
    """How to turn one checked value of this kind into the record's value (None: as it is)."""
    if isinstance(kind, Record):
        return lambda raw: _RECORD(raw, kind)
    if isinstance(kind, ListOf):
        item = _converter(kind.item)
        if item is None:
            return tuple
        return lambda raw: tuple([item(value) for value in raw])
    return None


def _recipe(spec: Record) -> _Recipe:
    model: Any = spec.model
    keys = {field.attr or key: key for key, field in spec.items()}
    steps = []
    for attr in model._fields:
        key = keys.get(attr, "")
        field = spec.get(key)
        absent = model._field_defaults.get(attr, () if field and isinstance(field.kind, ListOf) else _MISSING)
        steps.append((key, _converter(field.kind) if field else None, absent))
    return model, tuple(steps)


class _Builder:
    """Builds records by their recipes, each recipe made once (on first use) and kept."""

    def __init__(self) -> None:
        self._recipes: dict[int, _Recipe] = {}

    def __call__(self, raw: dict[str, Any], spec: Record) -> Any:
        recipe = self._recipes.get(id(spec))
        if recipe is None:
            recipe = self._recipes[id(spec)] = _recipe(spec)
        model, steps = recipe
        fields: list[Any] = []
        for key, convert, absent in steps:
            value = raw.get(key, _MISSING)
            if value is _MISSING:
                if absent is _MISSING:
                    raise TypeError(f"{model.__name__} needs {key!r}")  # only a damaged cache entry gets here
                value = absent
            elif convert is not None:
                value = convert(value)
            fields.append(value)
        return model._make(fields)


_RECORD = _Builder()
