"""이행실적: how a charter's measurable promises are compared with what happened.

* On time (기한 내 처리): finished no later than the 처리기한 stored with the 민원 (D3: an hour-unit period
  ends at an instant, a day-unit period at the end of its due date in KST; extensions and 보완 pauses
  are already part of the stored deadline). A stricter promise ("질의민원 5일 이내") is checked
  against the working time actually taken, excluded periods (영 제20조, D5) left out.
* Processing time: working hours for hour-unit types (법 제19조①), working days with the first day
  counted for the others (②), excluded periods left out.
* Percentiles interpolate linearly between ranks (Excel PERCENTILE.INC), so an auditor can recompute them.
* A rate is kept when it reaches its target; no measured 민원 means "no data", never "kept".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from math import floor

from civil_complaints.domain.periods import ProcessingPeriod
from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

Span = tuple[date, date]  # an excluded period: whole KST days, both ends included


class Verdict(StrEnum):
    KEPT = "kept"  # 이행
    BROKEN = "broken"  # 미이행
    NO_DATA = "no_data"  # 해당 민원 없음
    NOT_MEASURED = "not_measured"  # a descriptive standard


@dataclass(frozen=True)
class Outcome:
    """민원 of one cohort by how they ended against a deadline or promise."""

    on_time: int = 0
    late: int = 0
    overdue_open: int = 0  # not finished and already past the deadline (counts as late)
    pending: int = 0  # not finished, deadline not reached yet (not counted)
    withdrawn: int = 0  # 취하 (or 취하 간주, 이송, 반복민원 종결) before an answer (not counted)
    #: 반려 (영 제25조①, D15): returned while the clock was paused for 보완 (영 제20조), so it says nothing about
    #: keeping the 처리기한: its own line, neither on time nor 취하 (not counted in the rate)
    returned: int = 0

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(self.on_time + other.on_time, self.late + other.late,
                       self.overdue_open + other.overdue_open, self.pending + other.pending,
                       self.withdrawn + other.withdrawn, self.returned + other.returned)

    @property
    def received(self) -> int:
        return self.on_time + self.late + self.overdue_open + self.pending + self.withdrawn + self.returned

    @property
    def finished(self) -> int:
        return self.on_time + self.late

    @property
    def measured(self) -> int:
        return self.on_time + self.late + self.overdue_open

    @property
    def broken(self) -> int:
        return self.late + self.overdue_open

    @property
    def rate(self) -> float | None:
        """On-time rate in percent; None when nothing could be measured."""
        return 100.0 * self.on_time / self.measured if self.measured else None


@dataclass(frozen=True)
class Ratings:
    """만족도 answers (법 제26조)."""

    satisfied: int = 0
    neutral: int = 0
    dissatisfied: int = 0

    def __add__(self, other: Ratings) -> Ratings:
        return Ratings(self.satisfied + other.satisfied, self.neutral + other.neutral,
                       self.dissatisfied + other.dissatisfied)

    @property
    def rated(self) -> int:
        return self.satisfied + self.neutral + self.dissatisfied

    @property
    def rate(self) -> float | None:
        """Share of "satisfied" answers in percent (만족률)."""
        return 100.0 * self.satisfied / self.rated if self.rated else None


@dataclass(frozen=True)
class Distribution:
    """Processing times of finished 민원 in one unit: "hours" (working hours) or "days" (working days)."""

    unit: str
    count: int
    median: float | None
    p90: float | None


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0–100) of ascending values, linear between ranks (PERCENTILE.INC); None if empty."""
    if not sorted_values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0..100, got {p}")
    rank = (len(sorted_values) - 1) * p / 100
    low = floor(rank)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def distribution(values: Iterable[float], unit: str) -> Distribution:
    ordered = sorted(values)
    return Distribution(unit, len(ordered), percentile(ordered, 50), percentile(ordered, 90))


def judge(rate: float | None, target: int | None) -> Verdict:
    """Kept when the rate reaches the target (100 when none is set); no data is never "kept"."""
    if rate is None:
        return Verdict.NO_DATA
    return Verdict.KEPT if rate >= (100 if target is None else target) - 1e-9 else Verdict.BROKEN


def last_full_quarter(today: date) -> tuple[date, date]:
    """The last calendar quarter that has ended before `today` (e.g. 2026-07-01 … 2026-09-30 in November)."""
    first_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first_this - timedelta(days=1)
    return date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last


def quarter_of(day: date) -> tuple[date, date]:
    """The calendar quarter that contains `day`."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    following = date(first.year + 1, 1, 1) if first.month == 10 else date(first.year, first.month + 3, 1)
    return first, following - timedelta(days=1)


def default_period(today: date, *, has_complaints, latest_received: date | None) -> tuple[date, date]:
    """The period a report opens with: the last full quarter when 민원 were received in it; otherwise the quarter
    of the latest 민원 received (up to `today` when that is the current quarter), so that a report never opens on
    an empty period while there is data. With no 민원 at all, the last full quarter.

    `has_complaints(first, last)` says whether any 민원 was received in those days.
    """
    first, last = last_full_quarter(today)
    if latest_received is None or has_complaints(first, last):
        return first, last
    first, last = quarter_of(latest_received)
    return first, min(last, today)


class LocalClock:
    """Working positions of wall-clock times in the calendar's zone, memoised per day (이행실적's hot path).

    Takes naive datetimes that are already local (e.g. ``timestamptz AT TIME ZONE 'Asia/Seoul'``) or aware
    ones, and gives the same absolute working positions as ``WorkCalendar.position``.
    """

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.day_us = calendar.day_length // timedelta(microseconds=1)
        table, before = [], 0
        for start, end in calendar.blocks:
            start_us, end_us = _us_of_day(start), _us_of_day(end)
            table.append((start_us, end_us, before))
            before += end_us - start_us
        self._blocks = tuple(table)
        self._days: dict[date, tuple[int, bool, int]] = {}

    def local(self, at: datetime) -> datetime:
        return at if at.tzinfo is None else at.astimezone(self.calendar.tz).replace(tzinfo=None)

    def day(self, day: date) -> tuple[int, bool, int]:
        """(position at the day's midnight, is a working day, working days before it)."""
        found = self._days.get(day)
        if found is None:
            midnight = datetime.combine(day, time(0), self.calendar.tz)
            found = self._days[day] = (self.calendar.position(midnight), self.calendar.is_working_day(day),
                                       self.calendar.working_days_before(day))
        return found

    def position(self, at: datetime) -> int:
        if at.tzinfo is not None:
            at = self.local(at)
        base, working, _before = self.day(at.date())
        if not working:
            return base
        us = ((at.hour * 60 + at.minute) * 60 + at.second) * 1_000_000 + at.microsecond
        for start, end, before in self._blocks:
            if us < start:
                return base + before
            if us < end:
                return base + before + us - start
        return base + self.day_us

    def working_days_between(self, first: date, last: date) -> int:
        if last < first:
            return 0
        return self.day(last + timedelta(days=1))[2] - self.day(first)[2]


def _us_of_day(value: time) -> int:
    return ((value.hour * 60 + value.minute) * 60 + value.second) * 1_000_000 + value.microsecond


def _clock(calendar: WorkCalendar | LocalClock) -> LocalClock:
    return calendar if isinstance(calendar, LocalClock) else LocalClock(calendar)


def working_us_elapsed(received_at: datetime, end_at: datetime, calendar: WorkCalendar | LocalClock,
                       pauses: Sequence[Span] = ()) -> int:
    """Working microseconds in [received_at, end_at), the excluded days left out (법 제19조①, D5)."""
    clock = _clock(calendar)
    start, end = clock.position(received_at), clock.position(end_at)
    elapsed = end - start
    for first, last in pauses:
        low = max(start, clock.day(first)[0])
        high = min(end, clock.day(last + timedelta(days=1))[0])
        if high > low:
            elapsed -= high - low
    return max(elapsed, 0)


def working_days_elapsed(received_at: datetime, end_at: datetime, calendar: WorkCalendar | LocalClock,
                         pauses: Sequence[Span] = ()) -> int:
    """Working days from the receipt date to the end date, both counted (법 제19조②, D4), pauses left out."""
    clock = _clock(calendar)
    first, last = clock.local(received_at).date(), clock.local(end_at).date()
    days = clock.working_days_between(first, last)
    for pause_first, pause_last in pauses:
        days -= clock.working_days_between(max(pause_first, first), min(pause_last, last))
    return max(days, 0)


def processing_time(received_at: datetime, end_at: datetime, period: ProcessingPeriod,
                    calendar: WorkCalendar | LocalClock, pauses: Sequence[Span] = ()) -> float:
    """Working hours (hour-unit periods) or working days (the others) the 민원 took."""
    if period.is_hour_based:
        return working_us_elapsed(received_at, end_at, calendar, pauses) / US_PER_HOUR
    return float(working_days_elapsed(received_at, end_at, calendar, pauses))


def within_promise(received_at: datetime, end_at: datetime, promise: ProcessingPeriod,
                   calendar: WorkCalendar | LocalClock, pauses: Sequence[Span] = ()) -> bool:
    """Whether the working time from receipt to `end_at` stays within a promised hour or day period."""
    if promise.is_hour_based:
        return working_us_elapsed(received_at, end_at, calendar, pauses) <= promise.working_hours * US_PER_HOUR
    return working_days_elapsed(received_at, end_at, calendar, pauses) <= promise.amount


@dataclass(frozen=True)
class Case:
    """One 민원 of a cohort as the measurement needs it (times aware, or naive in the calendar's zone)."""

    received_at: datetime
    finished_at: datetime | None
    withdrawn: bool = False
    pauses: tuple[Span, ...] = ()
    returned: bool = False  # 반려 (영 제25조①)


def elapsed(received_at: datetime, end_at: datetime, hour_based: bool, clock: LocalClock,
            pauses: Sequence[Span] = ()) -> int:
    """Working microseconds (hour-unit) or working days (day-unit) from receipt to `end_at`, pauses left out."""
    if hour_based:
        return working_us_elapsed(received_at, end_at, clock, pauses)
    return working_days_elapsed(received_at, end_at, clock, pauses)


class PromiseTally:
    """Counts a cohort against a stricter promise, one 민원 at a time (see `promise_outcome`)."""

    def __init__(self, promise: ProcessingPeriod, clock: LocalClock, as_of: datetime) -> None:
        self.hour_based = promise.is_hour_based
        self.limit = promise.working_hours * US_PER_HOUR if self.hour_based else promise.amount
        self.clock, self.as_of = clock, as_of
        self.counts = [0, 0, 0, 0, 0, 0]  # on time, late, open past the promise, pending, withdrawn, returned

    def add(self, received_at: datetime, finished_at: datetime | None, withdrawn: bool = False,
            pauses: Sequence[Span] = (), taken: int | None = None, returned: bool = False) -> None:
        """`taken`: the elapsed time in the promise's unit, when the caller already computed it."""
        if finished_at is None:
            if returned:
                self.counts[5] += 1
            elif withdrawn:
                self.counts[4] += 1
            else:
                open_for = elapsed(received_at, self.as_of, self.hour_based, self.clock, pauses)
                self.counts[3 if open_for <= self.limit else 2] += 1
            return
        if taken is None:
            taken = elapsed(received_at, finished_at, self.hour_based, self.clock, pauses)
        self.counts[0 if taken <= self.limit else 1] += 1

    def outcome(self) -> Outcome:
        return Outcome(*self.counts)


def promise_outcome(cases: Iterable[Case], promise: ProcessingPeriod, calendar: WorkCalendar | LocalClock,
                    as_of: datetime) -> Outcome:
    """Sort a cohort by a stricter promise: within it, beyond it, still open past it, or still open within it."""
    tally = PromiseTally(promise, _clock(calendar), as_of)
    for case in cases:
        tally.add(case.received_at, case.finished_at, case.withdrawn, case.pauses, returned=case.returned)
    return tally.outcome()
