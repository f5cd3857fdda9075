"""C-CDA documents (what a US patient portal's "Download" gives): the results in their Results section.

Parsed with defusedxml only, with DTDs forbidden: an XML bomb or an external entity is refused
before anything is read. Walked iteratively (no recursion), one Results section (LOINC
30954-2) at a time; vital signs and other sections are not lab results.
"""

from __future__ import annotations

from typing import Any

from dmtx.journal.labs import LOINC_OID, Candidate

NS = "{urn:hl7-org:v3}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
RESULTS_SECTION = "30954-2"
FORMAT = "C-CDA"


class NotADocument(ValueError):
    """Not a C-CDA document: not XML dmtx may read, or not a ClinicalDocument."""


def parse(data: bytes) -> Any:
    """The document's root element; NotADocument with the reason otherwise."""
    import xml.etree.ElementTree as ET  # only for its ParseError class; parsing is defusedxml's

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise NotADocument(f"is XML with a DTD or entities ({type(exc).__name__}), which dmtx never reads") from None
    except ET.ParseError as exc:
        raise NotADocument(f"is not well-formed XML ({exc})") from None
    except RecursionError:
        raise NotADocument("is nested too deeply to read") from None
    if root.tag != f"{NS}ClinicalDocument":
        raise NotADocument("is XML but not a C-CDA document (no ClinicalDocument)")
    return root


def _loinc(element: Any) -> tuple[str, ...]:
    code = element.find(f"{NS}code")
    if code is None:
        return ()
    found = [code.get("code")] if code.get("codeSystem") == LOINC_OID else []
    found += [t.get("code") for t in code.findall(f"{NS}translation") if t.get("codeSystem") == LOINC_OID]
    return tuple(c for c in found if c)


def _time(element: Any) -> str | None:
    when = element.find(f"{NS}effectiveTime") if element is not None else None
    if when is None:
        return None
    if when.get("value"):
        return str(when.get("value"))
    low = when.find(f"{NS}low")
    return str(low.get("value")) if low is not None and low.get("value") else None


def _range(observation: Any) -> tuple[str | None, str | None, str | None]:
    ranges = [r for r in observation.iter(f"{NS}observationRange")]
    normal = [
        r
        for r in ranges
        if (r.find(f"{NS}interpretationCode") is not None and r.find(f"{NS}interpretationCode").get("code") == "N")
    ]
    chosen = (normal or ranges or [None])[0]
    if chosen is None:
        return None, None, None
    value = chosen.find(f"{NS}value")
    low = value.find(f"{NS}low") if value is not None else None
    high = value.find(f"{NS}high") if value is not None else None
    text = chosen.find(f"{NS}text")
    return (
        low.get("value") if low is not None else None,
        high.get("value") if high is not None else None,
        "".join(text.itertext()).strip() or None if text is not None else None,
    )


def candidates(root: Any) -> tuple[list[Candidate], int]:
    """Every observation of the Results sections; and 0 (a document has no other resources to count)."""
    found: list[Candidate] = []
    for section in root.iter(f"{NS}section"):
        code = section.find(f"{NS}code")
        if code is None or code.get("code") != RESULTS_SECTION:
            continue
        for organizer in [section, *section.iter(f"{NS}organizer")]:
            panel_time = _time(organizer) if organizer is not section else None
            for component in organizer.findall(f"{NS}component"):
                observation = component.find(f"{NS}observation")
                if observation is not None:
                    found.append(_candidate(observation, panel_time))
            for entry in organizer.findall(f"{NS}entry") if organizer is section else []:
                observation = entry.find(f"{NS}observation")
                if observation is not None:
                    found.append(_candidate(observation, None))
    return found, 0


def _candidate(observation: Any, panel_time: str | None) -> Candidate:
    value = observation.find(f"{NS}value")
    number, unit, comparator = None, "", None
    if value is not None and not value.get("nullFlavor"):
        kind = value.get(XSI_TYPE, "")
        if kind.endswith("IVL_PQ"):
            low, high = value.find(f"{NS}low"), value.find(f"{NS}high")
            bound = high if high is not None else low
            if bound is not None:
                inclusive = bound.get("inclusive") != "false"
                comparator = ("<=" if inclusive else "<") if bound is high else (">=" if inclusive else ">")
                number, unit = bound.get("value"), bound.get("unit") or ""
        elif kind.endswith("PQ"):
            number, unit = value.get("value"), value.get("unit") or ""
    status = observation.find(f"{NS}statusCode")
    ident = observation.find(f"{NS}id")
    source = ""
    if ident is not None:
        source = "/".join(p for p in (ident.get("root"), ident.get("extension")) if p)
    low, high, text = _range(observation)
    return Candidate(
        _loinc(observation),
        number,
        comparator,
        unit,
        _time(observation) or panel_time,
        low,
        high,
        text,
        status.get("code") if status is not None else None,
        FORMAT,
        source,
    )
