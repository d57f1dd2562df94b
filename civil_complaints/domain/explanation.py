"""Step-by-step explanation of a computed deadline (D13): machine-readable steps, no human sentences.

The web layer renders each step from its stable ``code`` and ``params`` (Babel, Korean catalog).
Counted ``units`` are exact (``Fraction``) in the unit of the period being counted, and the counted
steps of each segment add up to that segment's period.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from fractions import Fraction

from civil_complaints.domain.counting import ONE_DAY
from working_calendar.domain.worktime import US_PER_HOUR, SkipReason, WorkCalendar


class StepKind(StrEnum):
    START = "START"  # the clock starts (receipt, or the start of an extension)
    COUNTED = "COUNTED"  # a working day / working-hour span / calendar span that counts
    SKIPPED = "SKIPPED"  # a day that does not count (Saturday, Sunday, 공휴일, closure, after hours)
    PAUSED = "PAUSED"  # an excluded day (영 제20조, D5)
    ROLLED = "ROLLED"  # 민법 제161조: the end moved past a Saturday/공휴일 (D10)
    END = "END"  # the due date / instant


@dataclass(frozen=True, slots=True)
class Step:
    """One explanation step. ``code`` is stable (e.g. ``COUNTED_HOURS``, ``SKIPPED_HOLIDAY``)."""

    kind: StepKind
    code: str
    day: date
    start: time | None = None
    end: time | None = None
    units: Fraction = Fraction(0)
    total: Fraction = Fraction(0)
    unit: str = ""
    reason: SkipReason | None = None
    segment: int = 0  # 0 = the original period, 1 and 2 = extensions (영 제21조)
    params: Mapping[str, object] = field(default_factory=dict)


def _skip_step(calendar: WorkCalendar, day: date, pauses: tuple, total: Fraction, unit: str,
               segment: int) -> Step | None:
    """A PAUSED/SKIPPED step for ``day`` or ``None`` if the day is a working day outside every pause."""
    for pause in pauses:
        if pause.start <= day <= pause.end:
            also = calendar.non_working_reason(day)
            params = {"pause_reason": pause.reason, "pause_start": pause.start, "pause_end": pause.end}
            if also:
                params.update(also=also[0].value, name=also[1])
            return Step(StepKind.PAUSED, "PAUSED", day, total=total, unit=unit, reason=SkipReason.PAUSE,
                        segment=segment, params=params)
    why = calendar.non_working_reason(day)
    if why is None:
        return None
    return Step(StepKind.SKIPPED, f"SKIPPED_{why[0].value}", day, total=total, unit=unit, reason=why[0],
                segment=segment, params={"name": why[1]} if why[1] else {})


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


def skipped_days(calendar: WorkCalendar, first: date, last: date, pauses: tuple, unit: str,
                 segment: int) -> list[Step]:
    """Skipped/paused steps for the non-working days ``first … last`` (e.g. before an extension starts)."""
    steps = (_skip_step(calendar, day, pauses, Fraction(0), unit, segment) for day in _days(first, last))
    return [step for step in steps if step is not None]


def hour_steps(calendar: WorkCalendar, first_day: date, low: int, high: int, pauses: tuple,
               segment: int) -> list[Step]:
    """Counted working-hour spans between positions ``low`` and ``high`` (법 제19조①), skipped days between."""
    steps: list[Step] = []
    total = Fraction(0)
    for day in _days(first_day, calendar.instant(high).date()):
        skip = _skip_step(calendar, day, pauses, total, "h", segment)
        if skip is not None:
            steps.append(skip)
            continue
        base = calendar.working_days_before(day) * calendar._day_us
        if low >= base + calendar._day_us:
            steps.append(Step(StepKind.SKIPPED, "SKIPPED_AFTER_HOURS", day, total=total, unit="h",
                              reason=SkipReason.AFTER_HOURS, segment=segment))
            continue
        for block_start, block_end, before in calendar._block_table:
            lo = max(low, base + before)
            hi = min(high, base + before + block_end - block_start)
            if hi <= lo:
                continue
            units = Fraction(hi - lo, US_PER_HOUR)
            total += units
            steps.append(Step(StepKind.COUNTED, "COUNTED_HOURS", day, _time(lo - base - before + block_start),
                              _time(hi - base - before + block_start), units, total, "h", segment=segment,
                              params={"minutes": Fraction(hi - lo, 60_000_000)}))
    return steps


def _time(us: int) -> time:
    hour, us = divmod(us, US_PER_HOUR)
    minute, us = divmod(us, 60_000_000)
    second, us = divmod(us, 1_000_000)
    return time(hour, minute, second, us)


def day_steps(calendar: WorkCalendar, first: date, last: date, pauses: tuple, segment: int) -> list[Step]:
    """Each day from ``first`` to ``last``: counted (법 제19조②, first day counted) or skipped/paused."""
    steps: list[Step] = []
    total = Fraction(0)
    for day in _days(first, last):
        skip = _skip_step(calendar, day, pauses, total, "d", segment)
        if skip is not None:
            steps.append(skip)
            continue
        total += 1
        steps.append(Step(StepKind.COUNTED, "COUNTED_DAY", day, units=Fraction(1), total=total, unit="d",
                          segment=segment))
    return steps


def calendar_steps(calendar: WorkCalendar, first: date, ends: tuple[date, date, date], amount: int, unit: str,
                   pauses: tuple, segment: int) -> list[Step]:
    """A 주·월·연 period: the calendar span (민법 제160조), paused days (D5), then the 제161조 roll (D10)."""
    nominal_end, extended_end, due = ends
    total = Fraction(amount)
    steps = [Step(StepKind.COUNTED, "COUNTED_CALENDAR_SPAN", first, units=total, total=total, unit=unit,
                  segment=segment, params={"last_day": nominal_end, "last_day_after_pauses": extended_end})]
    for pause in pauses:
        if pause.end >= first and pause.start <= due:
            steps.append(Step(StepKind.PAUSED, "PAUSED_SPAN", max(pause.start, first), total=total, unit=unit,
                              reason=SkipReason.PAUSE, segment=segment,
                              params={"pause_reason": pause.reason, "pause_start": pause.start,
                                      "pause_end": pause.end}))
    for day in _days(extended_end, due - ONE_DAY):
        skip = _skip_step(calendar, day, pauses, total, unit, segment)
        if skip is not None:
            steps.append(Step(StepKind.ROLLED, "ROLLED_FORWARD", day, total=total, unit=unit, reason=skip.reason,
                              segment=segment, params=skip.params))
    return steps


def start_step(code: str, day: date, at: datetime | None, segment: int, **params: object) -> Step:
    return Step(StepKind.START, code, day, start=at.timetz().replace(tzinfo=None) if at else None,
                segment=segment, params=params)


def end_step(due_date: date, due_at: datetime, total: Fraction, unit: str, segment: int) -> Step:
    return Step(StepKind.END, "DUE", due_date, end=due_at.time(), total=total, unit=unit, segment=segment,
                params={"due_at": due_at})


def counted_units(steps: tuple[Step, ...] | list[Step], segment: int | None = None) -> Fraction:
    """Sum of counted units (optionally of one segment only)."""
    return sum((s.units for s in steps if s.kind is StepKind.COUNTED and (segment is None or s.segment == segment)),
               Fraction(0))


def as_timedelta(units: Fraction) -> timedelta:
    """Counted hours as a timedelta."""
    return timedelta(microseconds=round(units * US_PER_HOUR))
