"""Counting primitives shared by deadlines, extensions and civil-calendar periods.

Positions and working-day numbers are the absolute numbers of ``worktime.WorkCalendar``. Excluded
periods (영 제20조 → 행정절차법 시행령 제11조; D5) are whole calendar days, both ends included.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from civil_complaints.domain.errors import InvalidPauseError
from working_calendar.domain.worktime import WorkCalendar

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Pause:
    """An excluded period (영 제20조): whole days ``start … end`` inclusive (D5).

    ``reason`` is a stable code such as ``"SUPPLEMENT"`` (보완, 행정절차법 시행령 제11조제1호),
    ``"SITE_INVESTIGATION"`` (영 제17조⑤) or ``"SYSTEM_FAILURE"`` (영 제20조제2호); ``None`` if unknown.
    """

    start: date
    end: date
    reason: str | None = None

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if not isinstance(value, date) or hasattr(value, "hour"):
                raise InvalidPauseError(f"pause bounds must be datetime.date values, got {value!r}")
        if self.end < self.start:
            raise InvalidPauseError(f"pause ends ({self.end}) before it starts ({self.start})",
                                    start=self.start, end=self.end)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def to_pause(value: object) -> Pause:
    """Accept a Pause, a ``(start, end[, reason])`` tuple, or an object with ``.start/.end[/.reason]``."""
    if isinstance(value, Pause):
        return value
    if isinstance(value, tuple) and len(value) in (2, 3):
        return Pause(*value)
    if hasattr(value, "start") and hasattr(value, "end"):
        reason = getattr(value, "reason", None)
        return Pause(value.start, value.end, None if reason is None else str(reason))  # type: ignore[attr-defined]
    raise InvalidPauseError(f"a pause must be (start, end[, reason]) or have .start/.end, got {value!r}")


def normalise_pauses(pauses: Iterable[object] | None) -> tuple[Pause, ...]:
    """Pauses as ``Pause`` objects sorted by start (overlaps are allowed and merged when counting)."""
    if not pauses:
        return ()
    return tuple(sorted((to_pause(p) for p in pauses), key=lambda p: (p.start, p.end)))


def merged_spans(pauses: tuple[Pause, ...]) -> tuple[tuple[date, date], ...]:
    """Sorted, merged ``(start, end)`` spans (touching spans are merged too)."""
    spans: list[list[date]] = []
    for pause in pauses:
        if spans and pause.start <= spans[-1][1] + ONE_DAY:
            spans[-1][1] = max(spans[-1][1], pause.end)
        else:
            spans.append([pause.start, pause.end])
    return tuple((start, end) for start, end in spans)


def count_hours(calendar: WorkCalendar, start: int, amount: int, spans: tuple[tuple[date, date], ...]) -> int:
    """End position after ``amount`` working µs from position ``start``; paused days give none (법 제19조①, D5)."""
    end = start + amount
    day_us = calendar._day_us
    for span_start, span_end in spans:
        low = calendar.working_days_before(span_start) * day_us
        if low >= end:
            break
        high = calendar.working_days_before(span_end + ONE_DAY) * day_us
        if high > start:
            end += high - max(low, start)
    return end


def count_days(calendar: WorkCalendar, first: int, amount: int, spans: tuple[tuple[date, date], ...]) -> int:
    """Number of the last counted working day: ``amount`` days from working day ``first`` (법 제19조②, D4, D5)."""
    end = first + amount
    for span_start, span_end in spans:
        low = calendar.working_days_before(span_start)
        if low >= end:
            break
        high = calendar.working_days_before(span_end + ONE_DAY)
        if high > first:
            end += high - max(low, first)
    return end - 1


def calendar_period_end(first_day: date, *, days: int = 0, weeks: int = 0, months: int = 0) -> date:
    """Last day of a period whose first counted day (기산일) is ``first_day`` (민법 제160조).

    ② ends on the day before the corresponding day of the last week/month/year;
    ③ if the last month has no corresponding day, on the last day of that month.
    """
    if days or weeks:
        return first_day + timedelta(days=days + 7 * weeks - 1)
    year, month0 = divmod(first_day.month - 1 + months, 12)
    year += first_day.year
    last = monthrange(year, month0 + 1)[1]
    if first_day.day > last:
        return date(year, month0 + 1, last)
    return date(year, month0 + 1, first_day.day) - ONE_DAY


def extend_by_paused_days(first_day: date, end: date, spans: tuple[tuple[date, date], ...]) -> date:
    """Push a calendar end back by every paused day in ``first_day … end`` (D5 applied to 주·월·연 periods)."""
    for span_start, span_end in spans:
        if span_start > end:
            break
        if span_end >= first_day:
            end += timedelta(days=(span_end - max(span_start, first_day)).days + 1)
    return end


def roll_forward(calendar: WorkCalendar, end: date, spans: tuple[tuple[date, date], ...] = ()) -> date:
    """민법 제161조 as read by D10: move to the next day that is neither a Saturday nor a 공휴일 (nor paused)."""
    while not calendar.is_working_day(end) or any(start <= end <= stop for start, stop in spans):
        end += ONE_DAY
    return end
