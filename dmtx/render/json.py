"""JSON rendering of a checklist, for other programs. The shape is versioned and documented."""

from __future__ import annotations

import json
from typing import Any

from dmtx.document.checklist import Checklist, ChecklistQuestion, JournalPart

CHECKLIST_SCHEMA_VERSION = 3


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
            "blank_questions": checklist.blank_questions,
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
        "how_to": list(checklist.how_to),
        "words": [{"word": word, "meaning": meaning} for word, meaning in checklist.words],
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
        "journal": None if checklist.journal is None else journal_data(checklist.journal),
    }


def _question(q: ChecklistQuestion) -> dict[str, Any]:
    return {
        "id": q.id,
        "text": q.text,
        "patient": q.patient,
        "importance": q.importance,
        "notes": list(q.notes),
        "situations": list(q.situations),
    }


def _visit_help(checklist: Checklist) -> dict[str, Any]:
    return {
        "tips": [{"title": block.title, "items": list(block.items)} for block in checklist.tips],
        "safety_net": checklist.safety_net or None,
        "more": checklist.more or None,
    }


def journal_data(part: JournalPart) -> dict[str, Any]:
    """The "Since your last visit" part as plain data."""
    return {
        "title": part.title,
        "period": part.period,
        "medicines": [
            {
                "name": m.name,
                "covered": m.covered,
                "dose": m.dose,
                "since": m.since,
                "previous": m.previous,
                "changed_since_visit": m.changed,
                "new_since_visit": m.new,
                "warning": m.warning,
                "until": m.until,
            }
            for m in part.medicines
        ],
        "charts": [
            {
                "id": c.series.id,
                "label": c.series.label,
                "trend": c.trend,
                "points": [{"date": day, "value": value} for day, value in c.series.points],
                "visits": list(c.series.marks),
            }
            for c in part.charts
        ],
        "notes": [{"date": day, "text": text} for day, text in part.notes],
        "questions": [
            {"id": q.id, "text": q.text, "patient": q.patient, "importance": q.importance} for q in part.questions
        ],
        "sources": list(part.sources),
    }


def render_checklist_json(checklist: Checklist) -> str:
    """The checklist as pretty-printed UTF-8 JSON."""
    return json.dumps(checklist_data(checklist), ensure_ascii=False, indent=2) + "\n"
