"""Many outbox rows in one go: the jobs queue thousands of messages per run, so they are collected and written
with one existence check and one multi-row INSERT instead of a query and a flush per message.

Same rules as notifications.services.enqueue: no row without a recipient, never two rows with one key, a
missing template fails at once, the payload is stored as JSON (rendered at delivery time).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import insert, select

from app.extensions import db
from notifications.models import OutboxMessage
from notifications.services import TEMPLATES

CHUNK = 1000


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a notification payload")


class OutboxBatch:
    def __init__(self) -> None:
        self._rows: dict[str, dict] = {}

    def add(self, *, key: str, channel: str, recipient: str, template: str, language: str, payload: dict,
            now: datetime) -> bool:
        """Collect one message; False when there is no recipient or the key is already in this batch."""
        if not recipient or key in self._rows:
            return False
        self._rows[key] = {"idempotency_key": key, "channel": channel, "recipient": recipient, "template": template,
                           "language": language, "status": "pending", "attempts": 0, "created_at": now,
                           "next_attempt_at": now,
                           "payload": json.dumps(payload, ensure_ascii=False, default=_json_default)}
        return True

    def flush(self) -> int:
        """Write the messages whose key is not in the outbox yet; returns how many were written."""
        for template, language in {(r["template"], r["language"]) for r in self._rows.values()}:
            (TEMPLATES / f"{template}.{language}.txt").stat()
        keys = list(self._rows)
        existing: set[str] = set()
        for start in range(0, len(keys), CHUNK):
            existing.update(db.session.scalars(select(OutboxMessage.idempotency_key)
                                               .where(OutboxMessage.idempotency_key.in_(keys[start:start + CHUNK]))))
        new = [row for key, row in self._rows.items() if key not in existing]
        if new:
            db.session.execute(insert(OutboxMessage), new)
        self._rows.clear()
        return len(new)
