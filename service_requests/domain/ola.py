"""OLA clocks of internal requests (내부 서비스 수준): working time on the agency's own working calendar.

A target is ``"Nh"`` (N working hours) or ``"Nd"`` (N working days, each the calendar's working hours of one
day — 8 with the default blocks — as 법 제19조① counts short periods). The clock:

- runs only inside the calendar's working blocks (lunch, weekends, 공휴일 and agency closures do not count);
- starts at the next working instant when started outside working hours;
- does not run while the request is paused (waiting for the requester): each pause pushes the due time back by
  exactly the working time it covered, and pauses kept across a forward to another department are never lost;
- ends exactly at a block end when the count finishes there (18:00, not the next day's 09:00), as
  ``civil_complaints.domain.deadlines.compute_due`` counts hours.

`due_at` is a fixed name outside tools rely on (issue 18): keep its signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from working_calendar.domain.errors import DomainError, require_aware
from working_calendar.domain.worktime import WorkCalendar

_TARGET = re.compile(r"([1-9][0-9]{0,3})([hd])")
#: the longest target a service may promise: 2,000 working hours or 250 working days (a year's work)
MAX_HOURS, MAX_DAYS = 2000, 250


class TargetError(DomainError):
    """A target that is not ``"Nh"`` or ``"Nd"`` with N from 1 up to the maximum."""


@dataclass(frozen=True)
class Target:
    amount: int
    unit: str  # "h" or "d"

    @classmethod
    def parse(cls, text: str) -> Target:
        match = _TARGET.fullmatch(text or "")
        if not match:
            raise TargetError(f"not a target: {text!r} (use e.g. '4h' or '3d')", code="target_format")
        amount, unit = int(match[1]), match[2]
        if amount > (MAX_HOURS if unit == "h" else MAX_DAYS):
            raise TargetError(f"target too long: {text!r}", code="target_too_long")
        return cls(amount, unit)

    def working_time(self, calendar: WorkCalendar) -> timedelta:
        """The working time the target gives on `calendar` (days count the calendar's working hours of a day)."""
        return timedelta(hours=self.amount) if self.unit == "h" else self.amount * calendar.day_length

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


def _merged(pauses: Iterable[tuple[datetime, datetime]], calendar: WorkCalendar) -> list[tuple[int, int]]:
    """The pauses as sorted, non-overlapping working-position intervals [from, to)."""
    spans = []
    for start, end in pauses:
        require_aware(start, "pause start")
        require_aware(end, "pause end")
        a, b = calendar.position(start), calendar.position(end)
        if b > a:
            spans.append((a, b))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def due_at(start: datetime, target: str, calendar: WorkCalendar,
           pauses: Iterable[tuple[datetime, datetime]] = ()) -> datetime:
    """The aware instant (in the calendar's zone) at which `target` working time has run since `start`, not
    counting the working time inside `pauses` ((from, to) aware datetimes; those before `start` or overlapping
    each other count once)."""
    require_aware(start, "start")
    return _advance(start, Target.parse(target).working_time(calendar) // timedelta(microseconds=1), calendar,
                    pauses)


def share_at(start: datetime, target: str, calendar: WorkCalendar,
             pauses: Iterable[tuple[datetime, datetime]] = (), percent: int = 80) -> datetime:
    """The instant at which `percent` % of `target` has run since `start` (pauses not counted, as `due_at`):
    the handler's reminder at 80 %. Rounded up to the microsecond, so `share_used` there is at least `percent`."""
    require_aware(start, "start")
    total = Target.parse(target).working_time(calendar) // timedelta(microseconds=1)
    return _advance(start, -(-total * percent // 100), calendar, pauses)


def _advance(start: datetime, remaining: int, calendar: WorkCalendar,
             pauses: Iterable[tuple[datetime, datetime]]) -> datetime:
    """The instant `remaining` microseconds of unpaused working time after `start`."""
    position = calendar.position(start)
    for a, b in _merged(pauses, calendar):
        if b <= position:
            continue
        if a >= position + remaining:
            break
        remaining -= max(0, a - position)
        position = max(position, b)
    return calendar.instant(position + remaining)


def elapsed(start: datetime, end: datetime, calendar: WorkCalendar,
            pauses: Iterable[tuple[datetime, datetime]] = ()) -> timedelta:
    """Working time the clock ran in [start, end): the working time between them less the paused part."""
    require_aware(start, "start")
    require_aware(end, "end")
    a, b = calendar.position(start), calendar.position(end)
    if b <= a:
        return timedelta(0)
    paused = sum(max(0, min(b, q) - max(a, p)) for p, q in _merged(pauses, calendar))
    return timedelta(microseconds=b - a - paused)


def share_used(start: datetime, target: str, now: datetime, calendar: WorkCalendar,
               pauses: Iterable[tuple[datetime, datetime]] = ()) -> float:
    """How much of the target has run by `now` (0.8 = 80 %: the handler's reminder; 1.0 = due)."""
    total = Target.parse(target).working_time(calendar)
    return elapsed(start, now, calendar, pauses) / total
