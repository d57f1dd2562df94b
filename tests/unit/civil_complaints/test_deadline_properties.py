"""Property tests: the fast engine against a naive reference, monotonicity, and explanation totals."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from civil_complaints.domain.deadlines import ProcessingPeriod, compute_due
from civil_complaints.domain.explanation import counted_units
from civil_complaints.domain.periods import CountingMode, Unit
from working_calendar.domain.worktime import KST, WorkCalendar

from .helpers import KR_CALENDAR

START = datetime(2023, 1, 1, tzinfo=KST)
SPAN_SECONDS = 4 * 365 * 86400

receipts = st.integers(0, SPAN_SECONDS).map(lambda s: START + timedelta(seconds=s))
specs = st.one_of(
    st.sampled_from(["즉시", "1h", "3d", "5d", "6d", "7d", "10d", "14d", "30d", "1w", "2w", "1m", "3m", "1y"]),
    st.integers(1, 60).map(lambda n: f"{n}h"),
    st.integers(1, 40).map(lambda n: f"{n}d"),
)
pauses = st.lists(
    st.tuples(st.integers(0, 4 * 365), st.integers(0, 20)).map(
        lambda t: (date(2023, 1, 1) + timedelta(days=t[0]), date(2023, 1, 1) + timedelta(days=t[0] + t[1]))),
    max_size=3,
)


# -- a deliberately naive reference implementation (day by day, block by block) --------------------------------

def _paused(day: date, spans) -> bool:
    return any(start <= day <= end for start, end in spans)


def _ref_hours(received: datetime, hours: int, cal: WorkCalendar, spans) -> datetime:
    remaining = timedelta(hours=hours)
    cursor = received.astimezone(cal.tz)
    while True:
        day = cursor.date()
        if cal.is_working_day(day) and not _paused(day, spans):
            for block_start, block_end in cal.blocks:
                begin = max(cursor, datetime.combine(day, block_start, cal.tz))
                end = datetime.combine(day, block_end, cal.tz)
                if begin >= end:
                    continue
                if begin + remaining <= end:
                    return begin + remaining
                remaining -= end - begin
        cursor = datetime.combine(day + timedelta(days=1), datetime.min.time(), cal.tz)


def _ref_days(received: datetime, amount: int, cal: WorkCalendar, spans) -> date:
    day, counted = received.astimezone(cal.tz).date(), 0
    while True:
        if cal.is_working_day(day) and not _paused(day, spans):
            counted += 1
            if counted == amount:
                return day
        day += timedelta(days=1)


def _ref_calendar(received: datetime, period: ProcessingPeriod, cal: WorkCalendar, spans) -> date:
    first = received.astimezone(cal.tz).date()
    if period.unit is Unit.WEEK:
        nominal = first + timedelta(days=7 * period.amount - 1)
    else:
        months = period.amount * (12 if period.unit is Unit.YEAR else 1)
        year, month = first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1
        try:
            nominal = date(year, month, first.day) - timedelta(days=1)
        except ValueError:
            nominal = date(year, month, stdlib_calendar.monthrange(year, month)[1])
    length, day, counted = (nominal - first).days + 1, first, 0
    while True:
        if not _paused(day, spans):
            counted += 1
            if counted == length:
                break
        day += timedelta(days=1)
    while not cal.is_working_day(day) or _paused(day, spans):
        day += timedelta(days=1)
    return day


def reference_due(received: datetime, spec: str, cal: WorkCalendar, spans=()) -> date | datetime:
    period = ProcessingPeriod.parse(spec)
    if period.mode is CountingMode.WORKING_HOURS:
        return _ref_hours(received, period.working_hours, cal, spans)
    if period.mode is CountingMode.WORKING_DAYS:
        return _ref_days(received, period.amount, cal, spans)
    return _ref_calendar(received, period, cal, spans)


def _due(deadline):
    return deadline.due_at if deadline.period.is_hour_based else deadline.due_date


# -- properties ---------------------------------------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(receipts, specs, pauses)
def test_fast_engine_matches_naive_reference(received, spec, spans):
    deadline = compute_due(received, spec, calendar=KR_CALENDAR, pauses=spans)
    assert _due(deadline) == reference_due(received, spec, KR_CALENDAR, spans)


@settings(max_examples=300, deadline=None)
@given(receipts, specs, pauses)
def test_due_never_before_receipt(received, spec, spans):
    deadline = compute_due(received, spec, calendar=KR_CALENDAR, pauses=spans)
    assert deadline.due_at > received
    assert deadline.due_date >= received.astimezone(KST).date()


@settings(max_examples=300, deadline=None)
@given(receipts, st.integers(0, 20 * 86400), specs)
def test_later_receipt_never_gives_earlier_due(received, delay, spec):
    earlier = compute_due(received, spec, calendar=KR_CALENDAR)
    later = compute_due(received + timedelta(seconds=delay), spec, calendar=KR_CALENDAR)
    assert later.due_at >= earlier.due_at


@settings(max_examples=300, deadline=None)
@given(receipts, st.integers(1, 80), pauses)
def test_hour_due_inside_a_working_block(received, hours, spans):
    due_at = compute_due(received, f"{hours}h", calendar=KR_CALENDAR, pauses=spans).due_at
    assert KR_CALENDAR.is_working_day(due_at.date())
    assert not any(start <= due_at.date() <= end for start, end in spans)
    assert any(start < due_at.time() <= end for start, end in KR_CALENDAR.blocks)


@settings(max_examples=300, deadline=None)
@given(receipts, specs, st.integers(0, 4 * 365 + 60))
def test_adding_a_holiday_never_makes_due_earlier(received, spec, offset):
    extra = date(2023, 1, 1) + timedelta(days=offset)
    names = {day: KR_CALENDAR.holiday_name(day) or "" for day in KR_CALENDAR.holidays}
    more = WorkCalendar({**names, extra: "임시공휴일 (test)"})
    before = compute_due(received, spec, calendar=KR_CALENDAR)
    after = compute_due(received, spec, calendar=more)
    assert after.due_at >= before.due_at


@settings(max_examples=200, deadline=None)
@given(receipts, specs, pauses)
def test_explanation_counted_units_add_up_to_period(received, spec, spans):
    deadline = compute_due(received, spec, calendar=KR_CALENDAR, pauses=spans)
    steps = deadline.explain()
    period = deadline.period
    assert counted_units(steps) == (period.working_hours if period.is_hour_based else period.amount)
    assert steps[-1].day == deadline.due_date
    days = [s.day for s in steps[1:-1]]
    assert days == sorted(days)
