"""The one adapter from `public_holidays` rows to the pure `WorkCalendar`. Nothing else reads the table."""

from __future__ import annotations

import hashlib
from datetime import time

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from civil_complaints.domain.worktime import WorkCalendar
from civil_complaints.models import PublicHoliday


def parse_blocks(text: str) -> tuple[tuple[time, time], ...]:
    """"09:00-12:00,13:00-18:00" → ((09:00, 12:00), (13:00, 18:00)); ValueError on anything else."""
    blocks = []
    for part in text.split(","):
        start, _, end = part.strip().partition("-")
        blocks.append((time.fromisoformat(start.strip()), time.fromisoformat(end.strip())))
    return tuple(blocks)


_CACHE: dict[tuple, WorkCalendar] = {}


def load_calendar(blocks: str | None = None) -> WorkCalendar:
    """The agency's current calendar: active holidays, closures, working blocks, and a revision label.

    The revision is a digest of the active days, so every stored deadline can say which calendar it used (D13).
    Built calendars are kept per process and reused while the table's fingerprint (row count, active count,
    last change) is unchanged, so every worker sees an administrator's change on its next request.
    """
    blocks = blocks or current_app.config["WORKING_BLOCKS"]
    fingerprint = db.session.execute(
        select(func.count(), func.count().filter(PublicHoliday.is_active), func.max(PublicHoliday.updated_at))
    ).one()
    key = (db.engine.url.render_as_string(), blocks, tuple(fingerprint))
    cached = _CACHE.get(key)
    if cached is None:
        if len(_CACHE) > 16:
            _CACHE.clear()
        cached = _CACHE[key] = _build(blocks)
    return cached


def _build(blocks: str) -> WorkCalendar:
    rows = db.session.execute(
        select(PublicHoliday.day, PublicHoliday.name, PublicHoliday.kind).where(PublicHoliday.is_active)
    ).all()
    holidays = {row.day: row.name for row in rows if row.kind != "closure"}
    closures = {row.day: row.name for row in rows if row.kind == "closure"}
    digest = hashlib.sha256()
    for row in sorted(rows):
        digest.update(f"{row.day.isoformat()}|{row.kind}|{row.name};".encode())
    return WorkCalendar(
        holidays=holidays,
        closures=closures,
        blocks=parse_blocks(blocks),
        revision=digest.hexdigest()[:12],
    )
