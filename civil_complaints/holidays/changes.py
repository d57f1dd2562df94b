"""An administrator's holiday change in two steps (D7): first what it would move, then saved with a reason.

* ``preview_change`` applies the change with the very services that save it, inside a savepoint, recomputes every
  open deadline against the resulting calendar without writing (``recompute_open_deadlines(apply=False)``) and
  rolls the savepoint back: the counts are those saving would produce on the same data.
* ``save_change`` applies it, recomputes open deadlines in the request (up to INLINE_RECOMPUTE_LIMIT open 민원;
  above, the scheduler's calendar check does it within five minutes) and records a ``HolidayChange`` with the
  reason, and runs what other features registered to follow the calendar (working_calendar/listeners.py: the
  internal requests' OLA dues) in the same transaction. The caller commits once. 민원인 are told later, only of
  net changes (civil_complaints/holidays/due_notices.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app

from civil_complaints.holidays.models import HolidayChange
from civil_complaints.holidays.recompute import RecomputeResult, count_recomputable, recompute_open_deadlines
from core.extensions import db
from organization.models import User
from working_calendar.cache import load_calendar
from working_calendar.holidays import add_holiday, set_holiday_active
from working_calendar.listeners import calendar_changed
from working_calendar.models import PublicHoliday
from working_calendar.source import build_calendar


@dataclass(frozen=True)
class HolidayEdit:
    """A proposed change: ``added`` (day, name, kind, note) or ``removed``/``restored`` (holiday_id)."""

    action: str
    day: date | None = None
    name: str = ""
    kind: str = ""
    note: str | None = None
    holiday_id: int | None = None

    @property
    def reason_code(self) -> str:
        """Recorded in each moved 민원's history."""
        return f"holiday_{self.action}"


@dataclass(frozen=True)
class ChangedDay:
    """The day as the change leaves it (read before a preview is rolled back)."""

    day: date
    name: str
    kind: str


@dataclass(frozen=True)
class Preview:
    day: ChangedDay
    result: RecomputeResult
    #: open 민원 a recomputation examines; above INLINE_RECOMPUTE_LIMIT saving leaves them to the scheduler
    waiting: int


@dataclass(frozen=True)
class Saved:
    row: PublicHoliday
    #: None when the recomputation was left to the scheduler
    result: RecomputeResult | None
    waiting: int


def _apply(actor: User, edit: HolidayEdit, *, note: str | None, now: datetime) -> PublicHoliday:
    if edit.action == "added":
        return add_holiday(actor, day=edit.day, name=edit.name, kind=edit.kind, note=edit.note, now=now)
    return set_holiday_active(actor, edit.holiday_id, active=edit.action == "restored", note=note, now=now)


def preview_change(actor: User, edit: HolidayEdit, *, now: datetime) -> Preview:
    """What saving `edit` now would move; nothing is written (HolidayError when it would be refused)."""
    savepoint = db.session.begin_nested()
    try:
        row = _apply(actor, edit, note=None, now=now)
        day = ChangedDay(day=row.day, name=row.name, kind=row.kind)
        # Built from the changed table, not the per-process cache: the cache never holds a calendar rolled back.
        calendar = build_calendar(current_app.config["WORKING_BLOCKS"])
        result = recompute_open_deadlines(calendar, now=now, reason=edit.reason_code, apply=False)
        waiting = count_recomputable(now)
    finally:
        savepoint.rollback()
    return Preview(day=day, result=result, waiting=waiting)


def save_change(actor: User, edit: HolidayEdit, *, reason: str, now: datetime) -> Saved:
    """Apply `edit`, recompute open deadlines (or leave it to the scheduler) and record the change with `reason`."""
    row = _apply(actor, edit, note=reason, now=now)
    waiting = count_recomputable(now)
    result = None
    calendar = load_calendar()
    if waiting <= current_app.config["INLINE_RECOMPUTE_LIMIT"]:
        result = recompute_open_deadlines(calendar, now=now, reason=edit.reason_code, note=reason)
    calendar_changed(calendar, now=now)  # other features' dues on the same calendar (internal requests' clocks)
    db.session.add(HolidayChange(holiday_id=row.id, day=row.day, action=edit.action, reason=reason, actor_id=actor.id,
                                 at=now, moved=result.changed if result else None,
                                 complainants=result.complainants if result else None))
    db.session.flush()
    return Saved(row=row, result=result, waiting=waiting)
