"""How long a finished 민원 took, on the working calendar (the 점검표's processing times, issue 19).

* Unit: a 민원 whose 처리기간 is counted in hours (즉시, N근무시간, 1–5일: 법 제19조①) is measured in working hours,
  every other one (6일 이상, 주·월·연: 법 제19조②③) in working days.
* Hours: working time from the 접수시각 to the moment it finished (time outside the working blocks, Saturdays,
  공휴일 and agency closures do not count), less the working time of excluded days (보완 and other pauses, 영 제20조).
* Days: working days from the first working day on or after the receipt date to the day it finished, both counted
  (법 제19조②, D4: a 민원 answered on the day it was received took 1 day), less paused working days.
* Late by: the same measure from the deadline to the moment it finished; 0 when it finished by its deadline. A
  day-counted 민원 finished after its due date is late by at least 1 day (even when it finished on a Saturday).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import NamedTuple

from civil_complaints.domain.periods import ProcessingPeriod
from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

HOURS = "hours"
DAYS = "days"
ONE_DAY = timedelta(days=1)
_US = timedelta(microseconds=1)


class Timing(NamedTuple):
    unit: str
    processing_time: float
    late_by: float


def unit_of(period_spec: str) -> str:
    """"hours" for 즉시, N근무시간 and 1–5일 (법 제19조①); "days" otherwise."""
    return HOURS if ProcessingPeriod.parse(period_spec).is_hour_based else DAYS


def pause_spans(pauses: Iterable[tuple[date, date | None]], last_day: date) -> list[tuple[date, date]]:
    """Pauses as (first, last) KST days, both included; a pause still open ends on `last_day`."""
    spans = []
    for start, end in pauses:
        end = end or last_day
        if end >= start:
            spans.append((start, end))
    return spans


def _merged(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[list[date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + ONE_DAY:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _paused(calendar: WorkCalendar, spans: Iterable[tuple[date, date]], low: int, high: int, scale: int) -> int:
    """The part of [low, high) (working positions when `scale` is a day's µs, working-day numbers when 1) that falls
    on paused days; overlapping pauses are counted once."""
    total = 0
    for start, end in _merged(spans):
        a = max(calendar.working_days_before(start) * scale, low)
        b = min(calendar.working_days_before(end + ONE_DAY) * scale, high)
        total += max(0, b - a)
    return total


def working_hours(calendar: WorkCalendar, start: datetime, end: datetime,
                  spans: list[tuple[date, date]] = ()) -> float:
    """Working hours in [start, end), paused days excluded; 0 when `end` is not after `start`."""
    low, high = calendar.position(start), calendar.position(end)
    if high <= low:
        return 0.0
    return (high - low - _paused(calendar, spans, low, high, calendar.day_length // _US)) / US_PER_HOUR


def working_days(calendar: WorkCalendar, first: date, last: date, spans: list[tuple[date, date]] = ()) -> int:
    """Working days in first … last, both included, paused days excluded (0 when none)."""
    low, high = calendar.working_days_before(first), calendar.working_days_before(last + ONE_DAY)
    if high <= low:
        return 0
    return high - low - _paused(calendar, spans, low, high, 1)


def timing(calendar: WorkCalendar, *, period_spec: str, received_at: datetime, finished_at: datetime,
           due_at: datetime, pauses: Iterable[tuple[date, date | None]] = ()) -> Timing:
    """The unit, the processing time and how late it was, in that unit (see the module's docstring)."""
    finished_local = calendar.local(finished_at)
    spans = pause_spans(pauses, finished_local.date())
    unit = unit_of(period_spec)
    late = finished_at > due_at
    if unit == HOURS:
        taken = working_hours(calendar, received_at, finished_at, spans)
        late_by = working_hours(calendar, due_at, finished_at, spans) if late else 0.0
        return Timing(unit, round(taken, 6), round(late_by, 6))
    taken = working_days(calendar, calendar.local(received_at).date(), finished_local.date(), spans)
    late_by = 0
    if late:
        due_day = calendar.local(due_at).date()
        late_by = max(1, working_days(calendar, due_day + ONE_DAY, finished_local.date(), spans))
    return Timing(unit, float(taken), float(late_by))


def distribution_bucket(unit: str, value: float) -> int:
    """The processing-time chart's bucket (index into HOUR_BUCKETS or DAY_BUCKETS)."""
    bounds = HOUR_BOUNDS if unit == HOURS else DAY_BOUNDS
    for index, bound in enumerate(bounds):
        if value <= bound:
            return index
    return len(bounds)


#: upper bounds (inclusive) of the distribution's buckets: ≤1일, 2–3일, 4–7일, 8–14일, 15–30일, >30일
DAY_BOUNDS = (1, 3, 7, 14, 30)
#: ≤1h, 1–3h (즉시), 3–8h (1일), 8–24h (3일), 24–40h (5일), >40h
HOUR_BOUNDS = (1, 3, 8, 24, 40)
