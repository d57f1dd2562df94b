"""The providing departments' performance (서비스 수준 실적) as pure computation over what the requests store.

Which requests count (decided for this product; the page says it in words):

- a period holds the requests that *reached the provider* in it (`clock_started_at`: on sending, or on the
  requesting head's approval); requests still waiting for approval or rejected by it never reached anyone;
- first response: measured when it was given (on time: ``responded_at ≤ response_due_at``) or when it is still
  missing after its due (late). An open request not yet due, and a request cancelled before any response, are not
  measured;
- resolution: measured when resolved (``resolved_at ≤ resolution_due_at``; a reopened request counts its last
  resolution, on the clock the reopen started) or open after its due (late). Cancelled requests are not measured;
- resolution time: the working time of the resolution clock, from its start to ``resolved_at`` less the pauses
  (요청자 확인 대기), counted by `ola.elapsed`; median and 90th percentile linear between ranks (PERCENTILE.INC,
  as the 이행실적 of the charter);
- reopen rate: among the requests resolved at least once, the share reopened at least once;
- satisfaction: the average of the 1–5 ratings of the requests of the period, with their number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from math import floor

from service_requests.domain.ola import elapsed
from service_requests.domain.workflow import OPEN, RequestStatus
from working_calendar.domain.worktime import WorkCalendar

OPEN_VALUES = frozenset(s.value for s in OPEN)
RESOLVED_VALUES = frozenset({RequestStatus.RESOLVED.value, RequestStatus.CLOSED.value})


@dataclass(frozen=True)
class RequestClocks:
    """What the figures need of one request (plain values, read from the database by the caller)."""

    id: int
    status: str
    response_due_at: datetime | None
    responded_at: datetime | None
    resolution_clock_started_at: datetime | None
    resolution_due_at: datetime | None
    resolved_at: datetime | None
    reopen_count: int = 0
    pauses: tuple[tuple[datetime, datetime | None], ...] = ()
    score: int | None = None


def response_late(row: RequestClocks, now: datetime) -> bool | None:
    """True: the first response came (or is still missing) after its due; False: on time; None: not measured."""
    if row.response_due_at is None:
        return None
    if row.responded_at is not None:
        return row.responded_at > row.response_due_at
    if row.status in OPEN_VALUES and now > row.response_due_at:
        return True
    return None


def resolution_late(row: RequestClocks, now: datetime) -> bool | None:
    """True: resolved after its due or open past it; False: resolved on time; None: not measured."""
    if row.resolution_due_at is None:
        return None
    if row.resolved_at is not None and row.status in RESOLVED_VALUES:
        return row.resolved_at > row.resolution_due_at
    if row.status in OPEN_VALUES and now > row.resolution_due_at:
        return True
    return None


def resolution_time(row: RequestClocks, calendar: WorkCalendar) -> timedelta | None:
    """The working time the resolution clock ran until the resolution (None: not resolved)."""
    if row.resolved_at is None or row.resolution_clock_started_at is None or row.status not in RESOLVED_VALUES:
        return None
    pauses = [(start, end or row.resolved_at) for start, end in row.pauses]
    return elapsed(row.resolution_clock_started_at, row.resolved_at, calendar, pauses)


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


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` in per cent (None when nothing was measured)."""
    return None if whole == 0 else 100.0 * part / whole


@dataclass
class Figures:
    """The figures of one service (or the sum of a department's services)."""

    requests: int = 0
    response_measured: int = 0
    response_late: int = 0
    resolution_measured: int = 0
    resolution_late: int = 0
    resolved_once: int = 0
    reopened: int = 0
    scores: list[int] = field(default_factory=list)
    times: list[float] = field(default_factory=list)  # resolution working time, seconds

    def add(self, row: RequestClocks, calendar: WorkCalendar, now: datetime) -> None:
        self.requests += 1
        late = response_late(row, now)
        if late is not None:
            self.response_measured += 1
            self.response_late += late
        late = resolution_late(row, now)
        if late is not None:
            self.resolution_measured += 1
            self.resolution_late += late
        if row.resolved_at is not None or row.reopen_count:
            self.resolved_once += 1
            self.reopened += row.reopen_count > 0
        if row.score is not None:
            self.scores.append(row.score)
        worked = resolution_time(row, calendar)
        if worked is not None:
            self.times.append(worked.total_seconds())

    def merge(self, other: Figures) -> None:
        for name in ("requests", "response_measured", "response_late", "resolution_measured", "resolution_late",
                     "resolved_once", "reopened"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.scores += other.scores
        self.times += other.times

    @property
    def response_on_time(self) -> float | None:
        return share(self.response_measured - self.response_late, self.response_measured)

    @property
    def resolution_on_time(self) -> float | None:
        return share(self.resolution_measured - self.resolution_late, self.resolution_measured)

    @property
    def reopen_rate(self) -> float | None:
        return share(self.reopened, self.resolved_once)

    @property
    def satisfaction(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    def time_percentile(self, p: float) -> timedelta | None:
        value = percentile(sorted(self.times), p)
        return None if value is None else timedelta(seconds=value)


def figures_of(rows: Iterable[RequestClocks], calendar: WorkCalendar, now: datetime) -> Figures:
    figures = Figures()
    for row in rows:
        figures.add(row, calendar, now)
    return figures


def late_ids(rows: Iterable[RequestClocks], kind: str, now: datetime) -> list[int]:
    """The requests counted late for `kind` ("response" or "resolution"), by the same rules as the figures."""
    judge = response_late if kind == "response" else resolution_late
    return [row.id for row in rows if judge(row, now)]


def working_amount(value: timedelta, day_length: timedelta) -> tuple[float, str]:
    """A working time as people read it: under one working day in working hours ("h"), else in working days
    ("d"), to one decimal (6.5 working hours; 2.1 working days of `day_length` each)."""
    if value < day_length:
        return round(value / timedelta(hours=1), 1), "h"
    return round(value / day_length, 1), "d"


def last_full_month(today: date) -> tuple[date, date]:
    """The last calendar month that ended before `today` (2026-11-01 … 2026-11-30 on any day of December)."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last
