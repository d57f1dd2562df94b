"""The case register's "late by" on the working calendar (civil_complaints/domain/late_by.py)."""

from __future__ import annotations

from datetime import date, datetime

from civil_complaints.domain.late_by import late_by, late_days, late_hours
from working_calendar.domain.worktime import KST, WorkCalendar

CALENDAR = WorkCalendar({date(2025, 3, 3): "삼일절 대체 휴일"})


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=KST)


def test_hours_count_only_working_blocks():
    due = at(13, 10)  # Thursday 10:00
    assert late_hours(due, at(13, 10), CALENDAR) == 0.0
    assert late_hours(due, at(13, 12, 30), CALENDAR) == 2.0  # 10–12, lunch not counted
    assert late_hours(due, at(17, 10), CALENDAR) == 16.0  # over a weekend: Thu 7 h, Fri 8 h, Mon 1 h
    assert late_hours(due, at(12, 9), CALENDAR) == 0.0  # early


def test_days_count_working_days_after_the_due_date():
    assert late_days(date(2025, 3, 18), at(18, 23, 59), CALENDAR) == 0
    assert late_days(date(2025, 3, 18), at(20, 11), CALENDAR) == 2
    assert late_days(date(2025, 2, 28), at(4, 9), CALENDAR) == 1  # Sat 1, Sun 2, holiday 3 not counted
    assert late_days(date(2025, 3, 14), at(15, 10), CALENDAR) == 0  # a Saturday after a Friday due


def test_the_unit_chooses():
    assert late_by("hours", at(13, 10), date(2025, 3, 13), at(14, 10), CALENDAR) == 8.0
    assert late_by("days", at(13, 10), date(2025, 3, 13), at(14, 10), CALENDAR) == 1
