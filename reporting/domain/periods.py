"""The periods a report covers: a month, a quarter, a year, the 민원서비스 종합평가's evaluation year (9. 1.–8. 31.,
민원처리법 시행령 제50조 as practised by 행정안전부) or any custom range. Dates are KST calendar days, both ends
inclusive (a report "from 2026-09-01 to 2026-09-30" covers 민원 received on those days, by 접수일)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: the presets a person picks on the hub, in the order shown
PRESETS = ("month", "quarter", "year", "evaluation_year", "custom")
#: the longest custom range (a report over more would only be slow; ten years is every retention class but 영구)
MAX_DAYS = 3700
EARLIEST = date(2000, 1, 1)


class PeriodError(ValueError):
    """`code` is translated by the web layer: from_missing, to_missing, bad_date, reversed, too_long, too_early,
    future."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Period:
    start: date  # inclusive
    end: date  # inclusive
    preset: str = "custom"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        first, months = self.start.replace(day=1), []
        while first <= self.end:
            months.append(first)
            first = next_month(first)
        return months

    def slug(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def next_month(first: date) -> date:
    return date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    return Period(first, next_month(first) - timedelta(days=1), "month")


def quarter_of(day: date) -> Period:
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    last = next_month(next_month(next_month(first))) - timedelta(days=1)
    return Period(first, last, "quarter")


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year")


def evaluation_year_of(day: date) -> Period:
    """The evaluation year holding `day`: 9. 1. of one year to 8. 31. of the next."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return Period(date(start_year, 9, 1), date(start_year + 1, 8, 31), "evaluation_year")


def preset_period(preset: str, today: date) -> Period:
    """The latest finished period of a kind, as of `today` (KST): last month, last quarter, last year, the last
    evaluation year that has ended. A report of a finished period does not change from one day to the next."""
    if preset == "month":
        return month_of(today.replace(day=1) - timedelta(days=1))
    if preset == "quarter":
        return quarter_of(quarter_of(today).start - timedelta(days=1))
    if preset == "year":
        return year_of(date(today.year - 1, 1, 1))
    if preset == "evaluation_year":
        return evaluation_year_of(evaluation_year_of(today).start - timedelta(days=1))
    raise PeriodError("bad_preset")


def parse_period(start: str | None, end: str | None, today: date, preset: str = "custom") -> Period:
    """A custom period from ISO dates (YYYY-MM-DD); the end may not lie after `today`."""
    if not start:
        raise PeriodError("from_missing")
    if not end:
        raise PeriodError("to_missing")
    try:
        first, last = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        raise PeriodError("bad_date") from None
    if len(start.strip()) != 10 or len(end.strip()) != 10:
        raise PeriodError("bad_date")
    if first < EARLIEST:
        raise PeriodError("too_early")
    if last < first:
        raise PeriodError("reversed")
    if first > today:
        raise PeriodError("future")
    if (last - first).days + 1 > MAX_DAYS:
        raise PeriodError("too_long")
    known = {p: preset_like(p, first) for p in ("month", "quarter", "year", "evaluation_year")}
    named = next((p for p, period in known.items() if period == Period(first, last, p)), "custom")
    return Period(first, last, preset if preset != "custom" else named)


def preset_like(preset: str, day: date) -> Period:
    return {"month": month_of, "quarter": quarter_of, "year": year_of, "evaluation_year": evaluation_year_of}[
        preset](day)
