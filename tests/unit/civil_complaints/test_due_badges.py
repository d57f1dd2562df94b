"""Due badges on the queues: working hours for hour-based periods, D-n for day-based, overdue, paused."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from civil_complaints.domain.due_badges import Badge, BadgeKind, Tone, due_badge
from core.clock import KST
from working_calendar.domain.worktime import WorkCalendar

# 2026-09-24..26 추석: Thursday and Friday are holidays.
CALENDAR = WorkCalendar({date(2026, 9, 24): "추석 연휴", date(2026, 9, 25): "추석", date(2026, 9, 26): "추석 연휴"})
END_OF_DAY = timedelta(days=1, microseconds=-1)


def kst(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=KST)


def badge(status: str, due_at: datetime, spec: str, now: datetime) -> Badge | None:
    return due_badge(status, due_at, spec, now=now, calendar=CALENDAR)


@pytest.mark.parametrize(("now", "due_at", "expected"), [
    # Tuesday 10:00, due Tuesday 13:00: 2 working hours (lunch 12–13 does not count)
    (kst(2026, 9, 22, 10), kst(2026, 9, 22, 13), Badge(BadgeKind.HOURS_LEFT, 2, Tone.URGENT)),
    # Tuesday 17:00 → Wednesday 12:00: 1 h Tuesday + 3 h Wednesday = 4 h
    (kst(2026, 9, 22, 17), kst(2026, 9, 23, 12), Badge(BadgeKind.HOURS_LEFT, 4, Tone.URGENT)),
    # Wednesday 17:00 → Monday 11:00 across 추석: 1 h + 2 h
    (kst(2026, 9, 23, 17), kst(2026, 9, 28, 11), Badge(BadgeKind.HOURS_LEFT, 3, Tone.URGENT)),
    # Monday 09:00 → Wednesday 18:00: 24 working hours, not urgent
    (kst(2026, 9, 21, 9), kst(2026, 9, 23, 18), Badge(BadgeKind.HOURS_LEFT, 24, Tone.NORMAL)),
    # 20 minutes left
    (kst(2026, 9, 22, 11, 40), kst(2026, 9, 22, 12), Badge(BadgeKind.MINUTES_LEFT, 20, Tone.URGENT)),
    # 5 h 30 left shows 5 (whole hours), not urgent
    (kst(2026, 9, 22, 9, 30), kst(2026, 9, 22, 16), Badge(BadgeKind.HOURS_LEFT, 5, Tone.NORMAL)),
])
def test_hour_based_periods_count_working_hours(now, due_at, expected):
    assert badge("in_progress", due_at, "3d", now) == expected


@pytest.mark.parametrize(("now", "due_on", "expected"), [
    (kst(2026, 9, 21, 10), date(2026, 9, 23), Badge(BadgeKind.DAYS_LEFT, 2, Tone.NORMAL)),
    (kst(2026, 9, 22, 23), date(2026, 9, 23), Badge(BadgeKind.DAYS_LEFT, 1, Tone.URGENT)),
    (kst(2026, 9, 23, 17), date(2026, 9, 23), Badge(BadgeKind.DAYS_LEFT, 0, Tone.URGENT)),
    # calendar days, holidays included: D-5 from Wednesday to Monday
    (kst(2026, 9, 23, 9), date(2026, 9, 28), Badge(BadgeKind.DAYS_LEFT, 5, Tone.NORMAL)),
])
def test_day_based_periods_show_d_minus_days_to_the_due_date(now, due_on, expected):
    due_at = datetime.combine(due_on, datetime.min.time(), tzinfo=KST) + END_OF_DAY
    assert badge("assigned", due_at, "14d", now) == expected


def test_overdue_day_based_counts_calendar_days_after_the_due_date():
    due_at = kst(2026, 9, 21) + END_OF_DAY
    assert badge("received", due_at, "7d", kst(2026, 9, 22, 0, 5)) == Badge(BadgeKind.OVERDUE_DAYS, 1, Tone.OVERDUE)
    assert badge("received", due_at, "7d", kst(2026, 9, 24, 9)) == Badge(BadgeKind.OVERDUE_DAYS, 3, Tone.OVERDUE)


def test_overdue_hour_based_counts_working_hours_then_days():
    due_at = kst(2026, 9, 22, 11)
    assert badge("in_progress", due_at, "즉시", kst(2026, 9, 22, 11, 10)) == Badge(
        BadgeKind.OVERDUE_HOURS, 1, Tone.OVERDUE)
    assert badge("in_progress", due_at, "즉시", kst(2026, 9, 22, 15)) == Badge(BadgeKind.OVERDUE_HOURS, 3, Tone.OVERDUE)
    # a whole working day late (Tuesday 11:00 → Wednesday 11:00 = 8 h): counted in days
    assert badge("in_progress", due_at, "즉시", kst(2026, 9, 23, 11)) == Badge(BadgeKind.OVERDUE_DAYS, 1, Tone.OVERDUE)
    # overdue over the holidays: hours counted are working hours only
    assert badge("in_progress", kst(2026, 9, 23, 17), "5d", kst(2026, 9, 28, 9, 30)) == Badge(
        BadgeKind.OVERDUE_HOURS, 2, Tone.OVERDUE)


def test_the_due_instant_itself_is_overdue():
    due_at = kst(2026, 9, 22, 13)
    assert badge("assigned", due_at, "3h", due_at).tone is Tone.OVERDUE


def test_a_supplement_request_stops_the_clock_and_finished_complaints_have_no_badge():
    past = kst(2026, 9, 1, 10)
    assert badge("supplement_requested", past, "14d", kst(2026, 9, 22, 10)) == Badge(BadgeKind.PAUSED, 0, Tone.PAUSED)
    for status in ("answered", "closed", "withdrawn", "transferred"):
        assert badge(status, past, "14d", kst(2026, 9, 22, 10)) is None
