"""Use cases for the holiday table: snapshot sync, yearly import, administrator changes.

Callers commit. Every change to the active days changes the calendar revision; open deadlines are
recomputed from it (D7).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from core.extensions import db
from organization.domain.roles import Permission
from organization.models import User
from organization.services import require_permission
from working_calendar.models import HOLIDAY_KINDS, PublicHoliday

SNAPSHOT = Path(__file__).resolve().parent / "data" / "holidays_kr.json"


class HolidayError(Exception):
    """A refused holiday change; `code` is translated by the view."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def load_snapshot(path: Path = SNAPSHOT) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _existing_days() -> set[date]:
    return set(db.session.scalars(select(PublicHoliday.day)))


def _insert_missing(entries: list[tuple[date, str, str]], *, source: str, now: datetime) -> int:
    """Insert days not yet in the table. Never touches existing rows, so admin removals stay removed."""
    existing = _existing_days()
    added = 0
    for day, name, kind in entries:
        if day in existing:
            continue
        db.session.add(PublicHoliday(day=day, name=name, kind=kind, source=source, updated_at=now))
        existing.add(day)
        added += 1
    db.session.flush()
    return added


def sync_snapshot(*, now: datetime, path: Path = SNAPSHOT) -> int:
    """Load the committed snapshot's days that the table lacks; returns how many were added."""
    data = load_snapshot(path)
    entries = [(date.fromisoformat(e["date"]), e["name"], e["kind"]) for e in data["entries"]]
    return _insert_missing(entries, source="snapshot", now=now)


def _classify(name: str) -> str:
    if "대체" in name:
        return "substitute"
    if "선거" in name:
        return "election"
    if "임시" in name:
        return "temporary"
    return "national"


def import_year(year: int, *, now: datetime) -> int:
    """Add a year's 관공서 공휴일 from the `holidays` package (days already present are left alone).

    Check the result against the 관보 and add late 임시공휴일 on the admin page.
    """
    import holidays

    calendar = holidays.country_holidays("KR", years=year, language="ko", categories=("public",))
    entries = [(day, name, _classify(name)) for day, name in sorted(calendar.items())]
    return _insert_missing(entries, source="import", now=now)


def years_covered() -> set[int]:
    days = db.session.scalars(
        select(PublicHoliday.day).where(PublicHoliday.is_active, PublicHoliday.kind != "closure")
    )
    return {day.year for day in days}


def add_holiday(actor: User, *, day: date, name: str, kind: str, note: str | None, now: datetime) -> PublicHoliday:
    """Declare a non-working day (임시공휴일, closure, …). A removed day is restored with the new name."""
    require_permission(actor, Permission.HOLIDAYS_MANAGE)
    if kind not in HOLIDAY_KINDS:
        raise HolidayError("unknown_kind")
    name = name.strip()
    if not name:
        raise HolidayError("name_required")
    row = db.session.scalar(select(PublicHoliday).where(PublicHoliday.day == day))
    if row is not None and row.is_active:
        raise HolidayError("already_holiday")
    if row is None:
        row = PublicHoliday(day=day, source="admin")
        db.session.add(row)
    row.name, row.kind, row.note, row.is_active = name, kind, (note or "").strip() or None, True
    row.updated_at, row.updated_by = now, actor
    db.session.flush()
    return row


def set_holiday_active(actor: User, holiday_id: int, *, active: bool, note: str | None, now: datetime) -> PublicHoliday:
    """Remove a day from the calendar (it becomes a working day) or restore it; the row is kept."""
    require_permission(actor, Permission.HOLIDAYS_MANAGE)
    row = db.session.get(PublicHoliday, holiday_id)
    if row is None:
        raise HolidayError("not_found")
    if row.is_active == active:
        raise HolidayError("no_change")
    row.is_active = active
    row.note = (note or "").strip() or row.note
    row.updated_at, row.updated_by = now, actor
    db.session.flush()
    return row
