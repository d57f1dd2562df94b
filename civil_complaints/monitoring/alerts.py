"""Alerts already raised about 민원 (complaint_alerts) and history events written by the jobs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import insert

from civil_complaints.monitoring.models import ComplaintAlert
from core.extensions import db

DUE_SOON = "due_soon"
OVERDUE = "overdue"
REGISTRATION_LATE = "registration_late"
PROGRESS = "progress"
SATISFACTION = "satisfaction"
SUPPLEMENT_DUE = "supplement_due"  # 규칙 제9조①: a flagged 민원 has no 보완 request 8 working hours after receipt


def record_alerts(rows: list[dict]) -> None:
    """Insert alert rows: dicts of complaint_id, kind, ref_at, level, created_at (one executemany)."""
    if rows:
        db.session.execute(insert(ComplaintAlert), rows)


def content_key(parts: Iterable[str]) -> str:
    """A short digest of what a message lists, so the same list is never queued twice."""
    return hashlib.sha256("|".join(sorted(parts)).encode()).hexdigest()[:16]

