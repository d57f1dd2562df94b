"""How late a 민원 finished (or still is), on the working calendar — the case register's "late by".

* Periods counted in working hours (즉시, N근무시간, 1–5일; 법 제19조①): the working hours between the deadline
  (an exact instant) and the end, e.g. 2.5; time outside the working blocks, Saturdays and 공휴일 do not count.
* Periods counted in days (6일 이상, 주·월·연; 법 제19조②③): the working days after the due date up to and
  including the day it ended (KST); a 민원 due on Friday and answered on the next Tuesday is 2 days late.

Zero when it ended by the deadline. Pure: the caller passes the calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

HOURS = "hours"
DAYS = "days"
ONE_DAY = timedelta(days=1)


def late_hours(due_at: datetime, end: datetime, calendar: WorkCalendar) -> float:
    """Working hours from `due_at` to `end` (aware instants), rounded to a hundredth; 0 when not after it."""
    if end <= due_at:
        return 0.0
    return round(max(0, calendar.position(end) - calendar.position(due_at)) / US_PER_HOUR, 2)


def late_days(due_date: date, end: datetime, calendar: WorkCalendar) -> int:
    """Working days after `due_date` up to the KST day of `end` (aware), both included; 0 when not after it."""
    ended_on = calendar.local(end).date()
    if ended_on <= due_date:
        return 0
    return calendar.working_days_between(due_date + ONE_DAY, ended_on)


def late_by(unit: str, due_at: datetime, due_date: date, end: datetime, calendar: WorkCalendar) -> float | int:
    """`late_hours` for the unit "hours", `late_days` for "days"."""
    if unit == HOURS:
        return late_hours(due_at, end, calendar)
    return late_days(due_date, end, calendar)
