"""민법 calendar counting for periods that are not a 민원's 처리기간 (D9).

Examples: 이의신청 결정 10일 (법 제35조②), the 30-day progress notice (영 제23조①), 권익위 고충민원 60일
(권익위법 시행령 제42조①), the 보완 period (영 제24조④).

* 민법 제157조: the first day is not counted, unless the period starts at 00:00 (오전 영시).
* 민법 제160조: weeks/months/years run by the calendar; end on the day before the corresponding day,
  or on the month end when the last month has no corresponding day.
* 민법 제161조 (D10): an end on a Saturday or 공휴일 moves to the next day that is neither
  (agency closures, D8, count as 공휴일 of that agency's calendar).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from civil_complaints.domain import explanation as ex
from civil_complaints.domain.counting import ONE_DAY, calendar_period_end, roll_forward
from working_calendar.domain.errors import DomainError, require_aware
from working_calendar.domain.worktime import WorkCalendar

END_OF_DAY = time(23, 59, 59, 999_999)
_UNITS = ("days", "weeks", "months", "years")


@dataclass(frozen=True, slots=True)
class CivilDeadline:
    """A 민법-counted deadline: ``first_day`` is the 기산일, ``last_day`` the end before 제161조, ``due_date`` after."""

    start: date | datetime
    amount: int
    unit: str  # "d", "w", "m" or "y"
    first_day: date
    last_day: date
    due_date: date
    calendar: WorkCalendar

    @property
    def due_at(self) -> datetime:
        """민법 제159조: the period ends when its last day ends (24:00 KST)."""
        return datetime.combine(self.due_date, END_OF_DAY, self.calendar.tz)

    def explain(self) -> tuple[ex.Step, ...]:
        start_day = self.start if not isinstance(self.start, datetime) else self.calendar.local(self.start).date()
        steps = [ex.start_step("CIVIL_START", start_day, None, 0, first_day_counted=self.first_day == start_day,
                               first_day=self.first_day)]
        steps += ex.calendar_steps(self.calendar, self.first_day, (self.last_day, self.last_day, self.due_date),
                                   self.amount, self.unit, (), 0)
        steps.append(ex.end_step(self.due_date, self.due_at, ex.counted_units(steps), self.unit, 0))
        return tuple(steps)


def _first_day(start: date | datetime, calendar: WorkCalendar) -> date:
    """민법 제157조: the day after ``start``; the same day if ``start`` is exactly 00:00 local time."""
    if isinstance(start, datetime):
        require_aware(start, "start")
        local = calendar.local(start)
        if local.time() == time(0):
            return local.date()
        return local.date() + ONE_DAY
    if not isinstance(start, date):
        raise DomainError(f"start must be a date or an aware datetime, got {start!r}", code="INVALID_START")
    return start + ONE_DAY


def compute_civil_due(
    start: date | datetime,
    *,
    calendar: WorkCalendar,
    days: int | None = None,
    weeks: int | None = None,
    months: int | None = None,
    years: int | None = None,
) -> CivilDeadline:
    """Due date of a period counted under 민법 제157조·제160조·제161조 (D9); give exactly one of the units."""
    given = {name: value for name, value in zip(_UNITS, (days, weeks, months, years), strict=True) if value is not None}
    if len(given) != 1:
        raise DomainError("give exactly one of days, weeks, months or years", code="INVALID_CIVIL_PERIOD")
    (name, amount), = given.items()
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise DomainError(f"{name} must be a positive integer, got {amount!r}", code="INVALID_CIVIL_PERIOD")
    first_day = _first_day(start, calendar)
    if name == "days":
        last_day = calendar_period_end(first_day, days=amount)
    elif name == "weeks":
        last_day = calendar_period_end(first_day, weeks=amount)
    else:
        last_day = calendar_period_end(first_day, months=amount * (12 if name == "years" else 1))
    due = roll_forward(calendar, last_day)
    return CivilDeadline(start, amount, name[0], first_day, last_day, due, calendar)
