"""The append-only history of a request: who did what, when, status before → after, the text, what changed."""

from __future__ import annotations

import json
from datetime import datetime

from core.extensions import db
from service_requests.models import RequestEvent, ServiceRequest


def add_event(request: ServiceRequest, *, action: str, actor, at: datetime, from_status: str | None,
              to_status: str | None, text: str = "", changes: dict | None = None) -> RequestEvent:
    event = RequestEvent(request=request, action=action, actor_id=getattr(actor, "id", None), at=at,
                         from_status=from_status, to_status=to_status, text=text,
                         changes=json.dumps(changes or {}, ensure_ascii=False, default=str))
    db.session.add(event)
    return event


def changes_of(event: RequestEvent) -> dict:
    return json.loads(event.changes or "{}")
