"""The one adapter from `public_holidays` rows to the pure `WorkCalendar`. Nothing else reads the table.

Workers keep what it builds in `working_calendar.cache`."""

from __future__ import annotations

import hashlib
from datetime import time

from sqlalchemy import select

from core.extensions import db
from working_calendar.domain.worktime import WorkCalendar
from working_calendar.models import PublicHoliday


def parse_blocks(text: str) -> tuple[tuple[time, time], ...]:
    """"09:00-12:00,13:00-18:00" → ((09:00, 12:00), (13:00, 18:00)); ValueError on anything else."""
    blocks = []
    for part in text.split(","):
        start, _, end = part.strip().partition("-")
        blocks.append((time.fromisoformat(start.strip()), time.fromisoformat(end.strip())))
    return tuple(blocks)


def build_calendar(blocks: str) -> WorkCalendar:
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
