"""JSON rendering of a checklist, for other programs. The shape is versioned and documented."""

from __future__ import annotations

import json
from typing import Any

from dmtx.checklist import Checklist, ChecklistQuestion

CHECKLIST_SCHEMA_VERSION = 2


def checklist_data(checklist: Checklist) -> dict[str, Any]:
    """The checklist as plain data (see dmtx/checklist.schema.json)."""
    return {
        "schema_version": CHECKLIST_SCHEMA_VERSION,
        "kind": "dmtx.checklist",
        "meta": {
            "title": checklist.title,
            "name": checklist.name,
            "visit_date": checklist.visit_date,
            "doctor": checklist.doctor,
            "made_on": checklist.made_on,
            "patient": checklist.patient or "both",
            "space_lines": checklist.space_lines,
            "source": {
                "title": checklist.source.title,
                "site": checklist.source.site,
                "last_modified": checklist.source.last_modified,
                "text": checklist.source.attribution(),
            },
        },
        "disclaimer": checklist.disclaimer,
        "situations": [{"id": s.id, "title": s.title, "description": s.description} for s in checklist.situations],
        "top3": [_question(q) for q in checklist.top3],
        "sections": [
            {
                "id": section.id,
                "kind": section.kind,
                "title": section.title,
                "questions": [_question(q) for q in section.questions],
            }
            for section in checklist.sections
        ],
        **_visit_help(checklist),
    }


def _question(q: ChecklistQuestion) -> dict[str, Any]:
    return {
        "id": q.id,
        "text": q.text,
        "patient": q.patient,
        "importance": q.importance,
        "situations": list(q.situations),
    }


def _visit_help(checklist: Checklist) -> dict[str, Any]:
    return {
        "tips": [{"title": block.title, "items": list(block.items)} for block in checklist.tips],
        "safety_net": checklist.safety_net or None,
        "more": checklist.more or None,
    }


def render_checklist_json(checklist: Checklist) -> str:
    """The checklist as pretty-printed UTF-8 JSON."""
    return json.dumps(checklist_data(checklist), ensure_ascii=False, indent=2) + "\n"
