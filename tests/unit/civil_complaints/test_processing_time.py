"""The 점검표's processing times (civil_complaints/domain/processing_time.py): working hours across lunch, nights,
weekends and 공휴일, working days counted from the first day, 보완 pauses excluded, how late."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from civil_complaints.domain.processing_time import (
    DAYS,
    HOURS,
    distribution_bucket,
    timing,
    unit_of,
    working_days,
    working_hours,
)
from working_calendar.domain.worktime import KST, WorkCalendar

# 2026-10-05 is a Monday; 10-09 (Fri) 한글날 is a 공휴일
CALENDAR = WorkCalendar({date(2026, 10, 9): "한글날"})


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 10, day, hour, minute, tzinfo=KST)


@pytest.mark.parametrize(("spec", "unit"), [("즉시", HOURS), ("3h", HOURS), ("1d", HOURS), ("5d", HOURS),
                                            ("6d", DAYS), ("14d", DAYS), ("2w", DAYS), ("1m", DAYS)])
def test_hour_counted_periods_are_measured_in_hours(spec, unit):
    assert unit_of(spec) == unit


def test_working_hours_skip_lunch_nights_weekends_and_holidays():
    assert working_hours(CALENDAR, at(5, 11), at(5, 14)) == 2  # 11–12, 13–14
    assert working_hours(CALENDAR, at(5, 17), at(6, 10)) == 2  # 17–18, 09–10
    assert working_hours(CALENDAR, at(8, 17), at(12, 10)) == 2  # Thursday 17–18, (한글날, weekend), Monday 09–10
    assert working_hours(CALENDAR, at(10, 10), at(12, 9)) == 0  # a Saturday filing, Monday 09:00
    assert working_hours(CALENDAR, at(5, 12, 30), at(5, 12, 45)) == 0
    assert working_hours(CALENDAR, at(5, 14), at(5, 11)) == 0


def test_paused_days_are_not_counted():
    spans = [(date(2026, 10, 6), date(2026, 10, 7))]
    assert working_hours(CALENDAR, at(5, 9), at(8, 9), spans) == 8  # Monday only
    assert working_hours(CALENDAR, at(5, 9), at(7, 12), spans) == 8  # finished on a paused day
    # overlapping and touching pauses are counted once
    assert working_hours(CALENDAR, at(5, 9), at(8, 18), [(date(2026, 10, 6), date(2026, 10, 6)),
                                                        (date(2026, 10, 6), date(2026, 10, 7)),
                                                        (date(2026, 10, 8), date(2026, 10, 8))]) == 8
    assert working_days(CALENDAR, date(2026, 10, 5), date(2026, 10, 12), spans) == 3  # Mon, Thu, (Fri 공휴일), Mon


def test_working_days_count_the_first_day():
    assert working_days(CALENDAR, date(2026, 10, 5), date(2026, 10, 5)) == 1
    assert working_days(CALENDAR, date(2026, 10, 10), date(2026, 10, 12)) == 1  # Saturday filing, Monday answer
    assert working_days(CALENDAR, date(2026, 10, 5), date(2026, 10, 12)) == 5  # the 공휴일 and weekend skipped
    assert working_days(CALENDAR, date(2026, 10, 10), date(2026, 10, 11)) == 0


def test_timing_in_hours_with_a_pause_and_lateness():
    # 3d = 24 working hours from Monday 10:00: due Thursday 10:00 (the pause pushes it a day: Friday is 한글날)
    t = timing(CALENDAR, period_spec="3d", received_at=at(5, 10), finished_at=at(8, 11), due_at=at(8, 10),
               pauses=[(date(2026, 10, 6), date(2026, 10, 6))])
    assert t == (HOURS, 17.0, 1.0)  # Mon 10–18 (7), Wed (8), Thu 09–11 (2); an hour after the deadline
    on_time = timing(CALENDAR, period_spec="즉시", received_at=at(5, 11), finished_at=at(5, 14), due_at=at(5, 15))
    assert on_time == (HOURS, 2.0, 0.0)


def test_timing_in_days_and_lateness_of_at_least_a_day():
    due = datetime(2026, 10, 16, 23, 59, 59, 999999, tzinfo=KST)  # Friday
    t = timing(CALENDAR, period_spec="7d", received_at=at(5, 15), finished_at=at(20, 9), due_at=due)
    assert t == (DAYS, 11.0, 2.0)  # 5,6,7,8,12,13,14,15,16,19,20; late Monday and Tuesday
    saturday = timing(CALENDAR, period_spec="7d", received_at=at(5, 15), finished_at=at(17, 10), due_at=due)
    assert saturday.late_by == 1.0 and saturday.processing_time == 9.0
    open_pause = timing(CALENDAR, period_spec="14d", received_at=at(5, 9), finished_at=at(7, 9),
                        due_at=due, pauses=[(date(2026, 10, 6), None)])
    assert open_pause == (DAYS, 1.0, 0.0)  # a pause still open (withdrawn while waiting) ends when it finished


def test_distribution_buckets():
    assert [distribution_bucket(DAYS, v) for v in (1, 2, 3, 4, 7, 8, 14, 15, 30, 31)] == [0, 1, 1, 2, 2, 3, 3, 4, 4, 5]
    assert [distribution_bucket(HOURS, v) for v in (0.5, 1, 2.5, 3.2, 8, 20, 40, 41)] == [0, 0, 1, 2, 2, 3, 4, 5]
