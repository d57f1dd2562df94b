"""`share_at`: where a share of a target has run, counted like `due_at` (lunch, weekends and pauses skipped)."""

from __future__ import annotations

from datetime import datetime

from core.clock import KST
from service_requests.domain.ola import due_at, share_at, share_used
from working_calendar.domain.worktime import WorkCalendar

CALENDAR = WorkCalendar()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


def test_eighty_percent_skips_lunch_and_the_weekend():
    # 5 working hours from Friday 15:00: 80 % = 4 h → Fri 15–18 (3 h), Mon 9–10
    assert share_at(at(11, 15), "5h", CALENDAR) == at(14, 10)
    assert share_at(at(11, 15), "5h", CALENDAR, percent=100) == due_at(at(11, 15), "5h", CALENDAR) == at(14, 11)


def test_a_pause_before_the_point_pushes_it_back_and_share_used_agrees():
    pauses = [(at(9, 11), at(9, 14))]  # 11–12 and 13–14: 2 working hours paused
    point = share_at(at(9, 9), "1d", CALENDAR, pauses)  # 80 % of 8 h = 6 h 24 min: 9–11, 14–18, Thu 9–09:24
    assert point == at(10, 9, 24)
    assert share_used(at(9, 9), "1d", point, CALENDAR, pauses) >= 0.8
    assert share_used(at(9, 9), "1d", at(10, 9, 23), CALENDAR, pauses) < 0.8


def test_rounding_up_never_reminds_early():
    point = share_at(at(9, 9), "3h", CALENDAR, percent=33)  # 59.4 min: rounded up to the microsecond
    assert share_used(at(9, 9), "3h", point, CALENDAR) >= 0.33
