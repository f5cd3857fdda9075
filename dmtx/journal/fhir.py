"""FHIR lab results: a Bundle, a single Observation or DiagnosticReport, or NDJSON (one resource a line).

Reads R4 and DSTU2 with the same paths (code, valueQuantity, effective[x], issued, status,
referenceRange are the same JSON in both); a DSTU2 resource is recognised by its marks
(an object `category`, `related` members, `comments`, http://hl7.org/fhir/... systems) and
tagged "FHIR DSTU2". The JSON is read strictly: duplicate keys, NaN or Infinity, or numbers
too long refuse the whole file (nothing is written).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from dmtx.journal.labs import LOINC_SYSTEM, Candidate

UCUM = "http://unitsofmeasure.org"
R4 = "FHIR R4"
DSTU2 = "FHIR DSTU2"
Resource = dict[str, Any]


class BadJson(ValueError):
    """The text is not strict JSON (a duplicate key, NaN, Infinity, or a number or nesting too large)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise BadJson(f"the key {key[:40]!r} appears twice in one object")
        found[key] = value
    return found


def _constant(name: str) -> Any:
    raise BadJson(f"{name} is not a number JSON allows")


def loads(text: str) -> Any:
    """Strict JSON: numbers as Decimal, no duplicate keys, no NaN or Infinity."""
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=Decimal)
    except BadJson:
        raise
    except (ValueError, RecursionError) as exc:
        raise BadJson(str(exc).split(";")[0][:120]) from None


def resources_of(text: str) -> list[Resource]:
    """The FHIR resources of a JSON or NDJSON text; BadJson when it is neither."""
    try:
        data = loads(text)
    except BadJson as whole:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2 or not _one_object(lines[0]):
            raise whole from None  # not NDJSON either: the whole file's own reason
        return [_resource(loads(line)) for line in lines]
    return [_resource(data)]


def _one_object(line: str) -> bool:
    """Whether one line is a whole JSON object (the first line of NDJSON)."""
    try:
        return isinstance(loads(line), dict)
    except BadJson:
        return False


def _resource(data: Any) -> Resource:
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise BadJson("it is not a FHIR resource (no resourceType)")
    return data


def is_fhir(data: Any) -> bool:
    """Whether parsed JSON looks like a FHIR resource."""
    return isinstance(data, dict) and isinstance(data.get("resourceType"), str)


def version(resource: Resource) -> str:
    """FHIR DSTU2 when the resource has any DSTU2 mark, else R4 (the fields dmtx reads are the same)."""
    if isinstance(resource.get("category"), dict) or isinstance(resource.get("interpretation"), dict):
        return DSTU2
    if "comments" in resource or "related" in resource or "fhir_comments" in resource:
        return DSTU2
    for item in _list(resource.get("referenceRange")):
        if isinstance(item, dict) and "meaning" in item:
            return DSTU2
    return R4


def _flatten(resources: list[Resource]) -> list[tuple[Resource, str]]:
    """Every resource with its version: bundle entries and contained resources included (iteratively)."""
    found: list[tuple[Resource, str]] = []
    for top in resources:
        nested: list[Resource] = []
        stack = [top]
        while stack:
            resource = stack.pop()
            nested.append(resource)
            inner: list[Any] = []
            if resource.get("resourceType") == "Bundle":
                inner = [e.get("resource") for e in _list(resource.get("entry")) if isinstance(e, dict)]
            inner += list(_list(resource.get("contained")))
            stack += [item for item in reversed(inner) if is_fhir(item)]
        # One version for a file's resource and all it holds: any DSTU2 mark makes it all DSTU2.
        ver = DSTU2 if any(version(r) == DSTU2 for r in nested) else R4
        found += [(r, ver) for r in nested]
    return found


def _refs(resource: Resource, fullurl: str | None) -> list[str]:
    kind, rid = resource.get("resourceType"), resource.get("id")
    names = [f"{kind}/{rid}", f"#{rid}", f"urn:uuid:{rid}"] if rid else []
    return names + ([fullurl] if fullurl else [])


def _when(resource: Resource) -> str | None:
    for key in ("effectiveDateTime", "effectiveInstant"):
        if isinstance(resource.get(key), str):
            return str(resource[key])
    period = resource.get("effectivePeriod")
    if isinstance(period, dict) and isinstance(period.get("start"), str):
        return str(period["start"])
    return None


def _list(value: Any) -> list[Any]:
    """A JSON array, or [] when the file has something else there (wrong types are not trusted)."""
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    """A JSON object, or {} when the file has something else there."""
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return None if value is None or isinstance(value, (dict, list, bool)) else str(value)


def candidates(resources: list[Resource]) -> tuple[list[Candidate], int]:
    """Every Observation as a Candidate, dated by itself, its panel, its report or when issued;
    and how many resources were not Observations (a report or a panel of them counts too)."""
    flat = _flatten(resources)
    urls: dict[int, str] = {}
    for resource in resources:
        if resource.get("resourceType") == "Bundle":
            for entry in _list(resource.get("entry")):
                if isinstance(entry, dict) and is_fhir(entry.get("resource")) and isinstance(entry.get("fullUrl"), str):
                    urls[id(entry["resource"])] = entry["fullUrl"]
    dated_by: dict[str, str] = {}  # a member's reference -> the date of its panel or report
    for resource, _ in flat:
        when = _when(resource)
        if when is None:
            continue
        members: list[Any] = [*_list(resource.get("hasMember")), *_list(resource.get("result"))]
        members += [
            _dict(r).get("target") for r in _list(resource.get("related")) if _dict(r).get("type") == "has-member"
        ]
        for member in members:
            if isinstance(member, dict) and isinstance(member.get("reference"), str):
                dated_by.setdefault(member["reference"], when)
    found: list[Candidate] = []
    others = 0
    for resource, ver in flat:
        if resource.get("resourceType") != "Observation":
            others += resource.get("resourceType") != "Bundle"
            continue
        if resource.get("hasMember") or any(
            isinstance(r, dict) and r.get("type") == "has-member" for r in _list(resource.get("related"))
        ):
            others += 1  # a panel: its members are the results
            continue
        when = _when(resource) or next(
            (dated_by[ref] for ref in _refs(resource, urls.get(id(resource))) if ref in dated_by), None
        )
        found.append(_candidate(resource, ver, when or _text(resource.get("issued"))))
    return found, others


def _candidate(resource: Resource, ver: str, when: str | None) -> Candidate:
    code = _dict(resource.get("code"))
    codes = tuple(
        str(c.get("code"))
        for c in _list(code.get("coding"))
        if isinstance(c, dict) and c.get("system") == LOINC_SYSTEM and isinstance(c.get("code"), str)
    )
    quantity = _dict(resource.get("valueQuantity"))
    value = quantity.get("value")
    unit = quantity.get("code") if quantity.get("system") == UCUM and quantity.get("code") else quantity.get("unit")
    if not unit and not quantity.get("system"):
        unit = quantity.get("code")  # a code with no system: some portals leave both out; still checked as a unit
    low = high = text = None
    ranges = [r for r in _list(resource.get("referenceRange")) if isinstance(r, dict)]
    chosen = next((r for r in ranges if not r.get("type") and not r.get("meaning")), ranges[0] if ranges else None)
    if chosen is not None:
        low = _text(_dict(chosen.get("low")).get("value"))
        high = _text(_dict(chosen.get("high")).get("value"))
        text = _text(chosen.get("text"))
    number = None if isinstance(value, (bool, dict, list)) or value is None else str(value)
    if number is None and not quantity:  # a result given as text (">5000"): said as such, not as no value
        number = _text(resource.get("valueString"))
    return Candidate(
        codes,
        number,
        _text(quantity.get("comparator")),
        _text(unit) or "",
        when,
        low,
        high,
        text,
        _text(resource.get("status")),
        ver,
        f"Observation/{_text(resource.get('id')) or '?'}",
    )
