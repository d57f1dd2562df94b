"""민법 calendar counting for non-처리기간 periods (D9: 민법 제157조, 제160조, 제161조; D10)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from civil_complaints.domain.civil_calendar import compute_civil_due
from civil_complaints.domain.explanation import StepKind, counted_units
from working_calendar.domain.errors import DomainError, NaiveDatetimeError
from working_calendar.domain.worktime import WorkCalendar

from .helpers import KR_CALENDAR, kst

CASES = [
    ("E20b-objection-10d", date(2025, 5, 1), {"days": 10}, date(2025, 5, 11), date(2025, 5, 12)),
    ("progress-30d", date(2025, 1, 2), {"days": 30}, date(2025, 2, 1), date(2025, 2, 3)),
    ("midnight-start-counts-first-day", kst(2025, 1, 2, 0, 0), {"days": 30}, date(2025, 1, 31), date(2025, 1, 31)),
    ("daytime-start", kst(2025, 1, 2, 9, 30), {"days": 30}, date(2025, 2, 1), date(2025, 2, 3)),
    ("acrc-60d-rolls-past-chuseok", date(2024, 7, 18), {"days": 60}, date(2024, 9, 16), date(2024, 9, 19)),
    ("weeks", date(2024, 9, 10), {"weeks": 2}, date(2024, 9, 24), date(2024, 9, 24)),
    ("month-end-160-3", date(2025, 1, 30), {"months": 1}, date(2025, 2, 28), date(2025, 2, 28)),
    ("year", date(2025, 3, 3), {"years": 1}, date(2026, 3, 3), date(2026, 3, 3)),
]


@pytest.mark.parametrize(("start", "kwargs", "last_day", "due"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_civil_due(start, kwargs, last_day, due):
    deadline = compute_civil_due(start, calendar=KR_CALENDAR, **kwargs)
    assert (deadline.last_day, deadline.due_date) == (last_day, due)
    steps = deadline.explain()
    assert counted_units(steps) == next(iter(kwargs.values()))
    assert steps[-1].kind is StepKind.END and steps[-1].day == due


def test_e20b_is_stricter_than_working_day_reading():
    from civil_complaints.domain.deadlines import compute_due

    civil = compute_civil_due(date(2025, 5, 1), days=10, calendar=KR_CALENDAR).due_date
    working = compute_due(kst(2025, 5, 1, 10), "10d", calendar=KR_CALENDAR).due_date
    assert civil == date(2025, 5, 12) < working == date(2025, 5, 16)


def test_rolls_past_consecutive_holidays_d10():
    deadline = compute_civil_due(date(2024, 7, 18), days=60, calendar=KR_CALENDAR)
    rolled = [(s.day, s.reason.value) for s in deadline.explain() if s.kind is StepKind.ROLLED]
    assert rolled == [(date(2024, 9, 16), "HOLIDAY"), (date(2024, 9, 17), "HOLIDAY"), (date(2024, 9, 18), "HOLIDAY")]


def test_agency_closure_counts_as_holiday_of_that_calendar():
    calendar = WorkCalendar({}, closures={date(2025, 2, 3): "청사 이전"})
    assert compute_civil_due(date(2025, 1, 2), days=30, calendar=calendar).due_date == date(2025, 2, 4)


def test_due_at_is_end_of_day_kst():
    deadline = compute_civil_due(date(2025, 5, 1), days=10, calendar=KR_CALENDAR)
    assert deadline.due_at == datetime.combine(date(2025, 5, 12), datetime.max.time(), KR_CALENDAR.tz)


@pytest.mark.parametrize("kwargs", [{}, {"days": 10, "weeks": 1}, {"days": 0}, {"days": -1}, {"months": True}])
def test_invalid_arguments(kwargs):
    with pytest.raises(DomainError):
        compute_civil_due(date(2025, 5, 1), calendar=KR_CALENDAR, **kwargs)


def test_naive_start_rejected():
    with pytest.raises(NaiveDatetimeError):
        compute_civil_due(datetime(2025, 5, 1, 10), days=10, calendar=KR_CALENDAR)
