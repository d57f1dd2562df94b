"""Due dates of 민원 processing periods (처리기간).

* 법 제19조① (≤ 5일, 즉시 = 3근무시간 per 영 제19조, N근무시간): counted in working hours from the 접수시각;
  the due is an exact instant (D3).
* 법 제19조② (≥ 6일): counted in working days, first day counted = the first working day on or after
  the receipt date (D4); due at the end of the due date in KST (D3).
* 법 제19조③ (주·월·연): 민법 제159조–제161조, first day counted; ends on the day before the corresponding
  day (제160조②) or on the month end (③); rolled past Saturdays/공휴일 (제161조, D10).
* Excluded periods (영 제20조; D5) and extensions (영 제21조; D6) are inputs; a ``Deadline`` keeps all
  inputs (D13) and explains itself step by step on demand (``explain()``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from fractions import Fraction
from typing import NamedTuple

from civil_complaints.domain import explanation as ex
from civil_complaints.domain.counting import (
    ONE_DAY,
    Pause,
    calendar_period_end,
    count_days,
    count_hours,
    extend_by_paused_days,
    merged_spans,
    normalise_pauses,
    roll_forward,
)
from civil_complaints.domain.extensions import Extension, check_extension
from civil_complaints.domain.periods import CountingMode, ProcessingPeriod, Unit
from working_calendar.domain.errors import require_aware
from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

__all__ = ["Deadline", "Extension", "Pause", "ProcessingPeriod", "compute_due", "compute_due_at_many",
           "compute_due_many", "extend_due"]

END_OF_DAY = time(23, 59, 59, 999_999)  # D3: a day-unit period ends when its due date has ended in KST


class _Segment(NamedTuple):
    """The original period (index 0) or an extension: where counting started and ended."""

    period: ProcessingPeriod
    mode: CountingMode
    start: int | date  # position (hours), working-day number (days) or first calendar day
    end: int | tuple[date, date, date]  # position, working-day number, or (nominal, after pauses, due)
    first_day: date


class _DeadlineFields(NamedTuple):
    received_at: datetime
    period: ProcessingPeriod
    calendar: WorkCalendar
    pauses: tuple[Pause, ...]
    extensions: tuple[Extension, ...]
    due_date: date
    exact_due_at: datetime | None  # hour units only


class Deadline(_DeadlineFields):
    """A computed deadline with its inputs (D13). ``due_at`` is exact for hour units, else 23:59:59.999999 KST.

    Immutable. It is a NamedTuple rather than a frozen dataclass only because a million of them are built
    when every open deadline is recomputed (D7) and tuple construction is several times cheaper.
    """

    __slots__ = ()

    @property
    def due_at(self) -> datetime:
        if self.exact_due_at is not None:
            return self.exact_due_at
        return datetime.combine(self.due_date, END_OF_DAY, self.calendar.tz)

    @property
    def calendar_revision(self) -> str | None:
        return self.calendar.revision

    @property
    def is_hour_based(self) -> bool:
        return self.period.is_hour_based

    @property
    def original_due_date(self) -> date:
        """The due date before any extension."""
        if not self.extensions:
            return self.due_date
        return compute_due(self.received_at, self.period, calendar=self.calendar, pauses=self.pauses).due_date

    def is_overdue(self, now: datetime) -> bool:
        """D3: hour units are overdue after ``due_at``; other units once the due date has ended in KST."""
        require_aware(now, "now")
        return now > self.due_at

    def inputs(self) -> dict[str, object]:
        """What to store with the complaint so the deadline can be recomputed and explained (D13)."""
        return {
            "received_at": self.received_at,
            "period": str(self.period),
            "pauses": [(p.start, p.end, p.reason) for p in self.pauses],
            "extensions": [(str(e.period), e.ground, e.consent_recorded) for e in self.extensions],
            "calendar_revision": self.calendar.revision,
        }

    def explain(self) -> tuple[ex.Step, ...]:
        """Ordered steps: start, counted days/hours, skipped days with reasons, pauses, extensions, due."""
        return _explain(self)


def _period(period: ProcessingPeriod | str) -> ProcessingPeriod:
    return period if type(period) is ProcessingPeriod else ProcessingPeriod.parse(period)


def _first_segment(local: datetime, period: ProcessingPeriod, calendar: WorkCalendar, spans: tuple) -> _Segment:
    mode = period.mode
    day = local.date()
    if mode is CountingMode.WORKING_HOURS:
        start = calendar.position(local)
        return _Segment(period, mode, start, count_hours(calendar, start, period.working_hours * US_PER_HOUR, spans),
                        day)
    if mode is CountingMode.WORKING_DAYS:
        first = calendar.working_days_before(day)
        return _Segment(period, mode, first, count_days(calendar, first, period.amount, spans), day)
    return _Segment(period, mode, day, _calendar_ends(calendar, day, period, spans), day)


def _calendar_ends(calendar: WorkCalendar, first_day: date, period: ProcessingPeriod,
                   spans: tuple) -> tuple[date, date, date]:
    weeks = period.amount if period.unit is Unit.WEEK else 0
    nominal = calendar_period_end(first_day, weeks=weeks, months=period.months)
    extended = extend_by_paused_days(first_day, nominal, spans)
    return nominal, extended, roll_forward(calendar, extended, spans)


def _next_segment(previous: _Segment, extension: Extension, calendar: WorkCalendar, spans: tuple) -> _Segment:
    """D6: same mode as the original, from the first working hour/day after the current due."""
    period, mode = extension.period, previous.mode
    if mode is CountingMode.WORKING_HOURS:
        start = previous.end
        amount = period.working_hours * US_PER_HOUR
        return _Segment(period, mode, start, count_hours(calendar, start, amount, spans),
                        calendar.instant(start).date())
    if mode is CountingMode.WORKING_DAYS:
        start = previous.end + 1
        return _Segment(period, mode, start, count_days(calendar, start, period.amount, spans),
                        calendar.working_day(previous.end) + ONE_DAY)
    first_day = calendar.next_working_day(previous.end[2])
    return _Segment(period, mode, first_day, _calendar_ends(calendar, first_day, period, spans),
                    previous.end[2] + ONE_DAY)


def _segments(deadline_inputs: tuple, calendar: WorkCalendar) -> list[_Segment]:
    local, period, pauses, extensions = deadline_inputs
    spans = merged_spans(pauses)
    segments = [_first_segment(local, period, calendar, spans)]
    for number, extension in enumerate(extensions, start=1):
        check_extension(period, local.date(), number, extension)
        segments.append(_next_segment(segments[-1], extension, calendar, spans))
    return segments


def compute_due(
    received_at: datetime,
    period: ProcessingPeriod | str,
    *,
    calendar: WorkCalendar,
    pauses: Iterable[object] | None = None,
    extensions: Sequence[Extension] = (),
) -> Deadline:
    """Compute the due date of a 처리기간 (법 제19조; 영 제19조–제21조).

    ``received_at`` is the aware 접수시각 (D1). ``pauses``: excluded periods (영 제20조) as ``Pause``,
    ``(start, end[, reason])`` tuples or objects with ``.start/.end[/.reason]``. ``extensions``: the recorded
    extensions (영 제21조), validated again here so a recomputation (D7) applies the same rules.
    """
    period = _period(period)
    local = calendar.local(received_at)
    if not pauses and not extensions:
        return _fast(received_at, local, period, calendar)
    pause_tuple = normalise_pauses(pauses)
    extension_tuple = tuple(extensions)
    last = _segments((local, period, pause_tuple, extension_tuple), calendar)[-1]
    if last.mode is CountingMode.WORKING_HOURS:
        due_at = calendar.instant(last.end)
        return Deadline(received_at, period, calendar, pause_tuple, extension_tuple, due_at.date(), due_at)
    due = calendar.working_day(last.end) if last.mode is CountingMode.WORKING_DAYS else last.end[2]
    return Deadline(received_at, period, calendar, pause_tuple, extension_tuple, due, None)


def _fast(received_at: datetime, local: datetime, period: ProcessingPeriod, calendar: WorkCalendar) -> Deadline:
    """No pauses, no extensions: an index lookup plus an offset."""
    mode = period.mode
    if mode is CountingMode.WORKING_DAYS:
        due = calendar.working_day(calendar.working_days_before(local.date()) + period.amount - 1)
        return Deadline(received_at, period, calendar, (), (), due, None)
    if mode is CountingMode.WORKING_HOURS:
        due_at = calendar.instant(calendar.position(local) + period.working_hours * US_PER_HOUR)
        return Deadline(received_at, period, calendar, (), (), due_at.date(), due_at)
    due = _calendar_ends(calendar, local.date(), period, ())[2]
    return Deadline(received_at, period, calendar, (), (), due, None)


def compute_due_many(received_ats: Iterable[datetime], period: ProcessingPeriod | str, *,
                     calendar: WorkCalendar) -> list[date]:
    """Batch recomputation (D7): the due date for each receipt instant, without building ``Deadline`` objects.

    For hour-unit periods use ``compute_due_at_many`` when the exact instant is needed.
    """
    period = _period(period)
    if period.mode is CountingMode.WORKING_HOURS:
        return [at.date() for at in compute_due_at_many(received_ats, period, calendar=calendar)]
    if period.mode is CountingMode.CALENDAR:
        return [compute_due(at, period, calendar=calendar).due_date for at in received_ats]
    before, nth, tz, offset = calendar.working_days_before, calendar.working_day, calendar.tz, period.amount - 1
    out = []
    for at in received_ats:
        if at.tzinfo is not tz:
            at = calendar.local(at)
        out.append(nth(before(at.date()) + offset))
    return out


def compute_due_at_many(received_ats: Iterable[datetime], period: ProcessingPeriod | str, *,
                        calendar: WorkCalendar) -> list[datetime]:
    """Batch recomputation of due instants (exact for hour units, end of the due date otherwise)."""
    period = _period(period)
    if period.mode is not CountingMode.WORKING_HOURS:
        return [datetime.combine(d, END_OF_DAY, calendar.tz)
                for d in compute_due_many(received_ats, period, calendar=calendar)]
    amount = period.working_hours * US_PER_HOUR
    position, instant = calendar.position, calendar.instant
    return [instant(position(at) + amount) for at in received_ats]


def extend_due(
    deadline: Deadline,
    extension: ProcessingPeriod | str | None = None,
    *,
    ground: str,
    consent_recorded: bool = False,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """Add one extension (영 제21조; D6) and return the new Deadline (the input is unchanged).

    ``extension`` defaults to the original period (the maximum). ``ground``: an ``ExtensionGround`` code
    (required for 민원 received from 2026-05-06). The second extension needs ``consent_recorded=True``.
    Raises ``ExtensionError`` with a stable ``code`` (see ``extensions.ExtensionErrorCode``).
    """
    record = Extension.of(extension if extension is not None else deadline.period, ground, consent_recorded)
    return compute_due(deadline.received_at, deadline.period, calendar=calendar or deadline.calendar,
                       pauses=deadline.pauses, extensions=(*deadline.extensions, record))


def _explain(deadline: Deadline) -> tuple[ex.Step, ...]:
    calendar = deadline.calendar
    local = calendar.local(deadline.received_at)
    segments = _segments((local, deadline.period, deadline.pauses, deadline.extensions), calendar)
    clock_starts_at = calendar.clock_start(local) if deadline.period.is_hour_based else None
    steps = [ex.start_step("RECEIVED", local.date(), local, 0, received_at=local, period=str(deadline.period),
                           mode=deadline.period.mode.value, clock_starts_at=clock_starts_at)]
    for index, segment in enumerate(segments):
        if index:
            extension = deadline.extensions[index - 1]
            steps.append(ex.start_step("EXTENSION_STARTS", segment.first_day, None, index, number=index,
                                       period=str(extension.period), ground=extension.ground,
                                       consent_recorded=extension.consent_recorded))
        steps.extend(_segment_steps(segment, calendar, deadline.pauses, index))
    total = ex.counted_units(steps, len(segments) - 1)
    steps.append(ex.end_step(deadline.due_date, deadline.due_at, total, steps[-1].unit, len(segments) - 1))
    return tuple(steps)


def _segment_steps(segment: _Segment, calendar: WorkCalendar, pauses: tuple[Pause, ...], index: int) -> list:
    if segment.mode is CountingMode.WORKING_HOURS:
        return ex.hour_steps(calendar, segment.first_day, segment.start, segment.end, pauses, index)
    if segment.mode is CountingMode.WORKING_DAYS:
        return ex.day_steps(calendar, segment.first_day, calendar.working_day(segment.end), pauses, index)
    unit = segment.period.unit.value
    gap = ex.skipped_days(calendar, segment.first_day, segment.start - ONE_DAY, pauses, unit, index)
    return gap + ex.calendar_steps(calendar, segment.start, segment.end, segment.period.amount, unit, pauses, index)


def counted_total(steps: Iterable[ex.Step]) -> Fraction:
    """Sum of all counted units in an explanation (original period plus extensions)."""
    return ex.counted_units(list(steps))
