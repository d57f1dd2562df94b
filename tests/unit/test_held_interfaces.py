"""Interfaces outside callers hold keep working after issue 16 moved the working calendar to its own package."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import working_calendar.domain.worktime as worktime
from civil_complaints.domain.deadlines import ProcessingPeriod, compute_due
from civil_complaints.domain.worktime import WorkCalendar

KST = ZoneInfo("Asia/Seoul")


def test_the_calendar_is_the_working_calendar_package_s():
    assert WorkCalendar is worktime.WorkCalendar


def test_a_due_date_through_the_held_names():
    """3 working hours from Friday 17:00 KST: one hour on Friday, two on Monday (no holidays given)."""
    due = compute_due(datetime(2026, 12, 4, 17, tzinfo=KST), ProcessingPeriod.parse("3h"), calendar=WorkCalendar())
    assert due.due_at == datetime(2026, 12, 7, 11, tzinfo=KST)
