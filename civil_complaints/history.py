"""The history of a 민원 as it is written: one event per step, by a person or by a job (read: casework/timeline.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert

from civil_complaints.complaint_models import (
    Complaint,
    ComplaintEvent,
)
from core.extensions import db


def add_event(complaint: Complaint, action: str, *, at: datetime, actor_kind: str, actor_id: int | None = None,
              public: bool = True, **detail) -> ComplaintEvent:
    event = ComplaintEvent(action=action, at=at, actor_kind=actor_kind, actor_id=actor_id, is_public=public,
                           detail=json.dumps(detail, ensure_ascii=False, default=str))
    complaint.events.append(event)
    return event


def record_events(items: Iterable[tuple[int, dict]], action: str, *, now: datetime, public: bool = False) -> None:
    """A system event in each 민원's history (e.g. 독촉 sent): (complaint_id, detail) pairs, one executemany."""
    rows = [{"complaint_id": cid, "at": now, "action": action, "actor_kind": "system", "actor_id": None,
             "is_public": public, "detail": json.dumps(detail, ensure_ascii=False, default=str)}
            for cid, detail in items]
    if rows:
        db.session.execute(insert(ComplaintEvent), rows)
