"""The one adapter from `public_holidays` rows to the pure `WorkCalendar`. Nothing else reads the table."""

from __future__ import annotations

import hashlib
from datetime import time

from sqlalchemy import select

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


def load_calendar(blocks: str | None = None) -> WorkCalendar:
    """The agency's current calendar: active holidays, closures, working blocks, and a revision label.

    The revision is a digest of the active days, so every stored deadline can say which calendar it used (D13).
    Built calendars are kept per process with the complaint-type catalog and reused while the database's cache
    token is unchanged; triggers change it with every write to the holidays, so every worker sees an
    administrator's change on its next request (see `civil_complaints.catalog`).
    """
    from civil_complaints.catalog import current_calendar

    return current_calendar(blocks)


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
