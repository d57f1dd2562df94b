"""The due badges of internal requests (pure): hours or D-days by the target's unit, overdue in working hours then
days, paused while waiting for the requester, none once ended; due soon within 4 working hours."""

from __future__ import annotations

from datetime import datetime

from core.clock import KST
from service_requests.domain.due_badges import Badge, BadgeKind, Tone, due_badge, due_soon_until
from working_calendar.domain.worktime import WorkCalendar

CALENDAR = WorkCalendar()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


def badge(status: str, due: datetime, target: str, now: datetime) -> Badge | None:
    return due_badge(status, due, target, now=now, calendar=CALENDAR)


def test_hour_targets_count_working_hours_and_minutes():
    assert badge("received", at(9, 15), "4h", at(9, 10)) == Badge(BadgeKind.HOURS_LEFT, 4, Tone.URGENT)
    assert badge("in_progress", at(10, 10), "8h", at(9, 10)) == Badge(BadgeKind.HOURS_LEFT, 8, Tone.NORMAL)
    assert badge("in_progress", at(9, 13, 20), "2h", at(9, 11, 50)) == Badge(BadgeKind.MINUTES_LEFT, 30,
                                                                             Tone.URGENT)  # 10 + 20: lunch not counted


def test_day_targets_count_calendar_days_and_overdue_turns_to_days_after_a_working_day():
    assert badge("received", at(11, 10), "2d", at(9, 10)) == Badge(BadgeKind.DAYS_LEFT, 2, Tone.NORMAL)
    assert badge("received", at(9, 17), "1d", at(9, 14)) == Badge(BadgeKind.DAYS_LEFT, 0, Tone.URGENT)
    assert badge("in_progress", at(9, 10), "4h", at(9, 14)) == Badge(BadgeKind.OVERDUE_HOURS, 3, Tone.OVERDUE)
    assert badge("in_progress", at(7, 15), "4h", at(9, 10)) == Badge(BadgeKind.OVERDUE_DAYS, 2, Tone.OVERDUE)


def test_waiting_is_paused_and_ended_requests_carry_none():
    assert badge("waiting", at(1, 10), "4h", at(9, 10)) == Badge(BadgeKind.PAUSED, 0, Tone.PAUSED)
    for status in ("resolved", "closed", "cancelled", "rejected", "pending_approval"):
        assert badge(status, at(1, 10), "4h", at(9, 10)) is None


def test_due_soon_is_four_working_hours_ahead_across_lunch_and_the_weekend():
    assert due_soon_until(at(9, 10), CALENDAR) == at(9, 15)
    assert due_soon_until(at(11, 16), CALENDAR) == at(14, 11)  # Friday 16:00 → Monday 11:00
