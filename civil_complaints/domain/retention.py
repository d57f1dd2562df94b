"""Retention counted as the law counts (D18). Standard library only.

* 접속기록 (개인정보의 안전성 확보조치 기준 제8조①: 2년 이상): an entry is kept for two years counted by the
  calendar (민법 제157조: the day of the entry is not counted; 제160조②③: the period ends the day before the
  anniversary of its first day, or at the end of a month that lacks that day). An entry of 2026-03-01 is kept
  through 2028-03-01 and may go from 2028-03-02; one of 2026-02-28 is kept through 2028-02-29.
* 민원 records (공공기록물 관리에 관한 법률 시행령 제26조): the 보존기간 of the 민원 type's 단위과제 in the
  agency's 기록관리표 (①: 1, 3, 5, 10, 30년, 준영구, 영구), counted from 1 January of the year after the record
  was completed (⑤). A 3-year record completed on 2026-05-10 is kept through 2029-12-31. 준영구 and 영구
  records are never offered for destruction here.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

ACCESS_LOG_MIN_YEARS = 2


def add_years(day: date, years: int) -> date:
    """The same calendar date `years` later; the last day of February for 29 February (민법 제160조③)."""
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def period_end(start: date, years: int) -> date:
    """The last day of a period of `years` years whose first day is `start` (민법 제160조②③)."""
    anniversary = date(start.year + years, start.month, 1) + timedelta(days=start.day - 1)
    if anniversary.month != start.month:  # the month has no such day: the period ends on its last day
        return date(start.year + years, start.month, calendar.monthrange(start.year + years, start.month)[1])
    return anniversary - timedelta(days=1)


def access_log_kept_through(entry_day: date, years: int = ACCESS_LOG_MIN_YEARS) -> date:
    """The last day an access-log entry of `entry_day` (KST) must be kept (민법 제157조: counted from the next day)."""
    return period_end(entry_day + timedelta(days=1), max(years, ACCESS_LOG_MIN_YEARS))


def access_log_cutoff(today: date, years: int = ACCESS_LOG_MIN_YEARS) -> date:
    """The first entry day (KST) that must still be kept on `today`: entries of earlier days may be deleted."""
    day = add_years(today, -max(years, ACCESS_LOG_MIN_YEARS)) - timedelta(days=3)
    while access_log_kept_through(day, years) < today:
        day += timedelta(days=1)
    return day


class RetentionPeriod(StrEnum):
    """보존기간 classes of 공공기록물 관리에 관한 법률 시행령 제26조①."""

    ONE_YEAR = "1y"
    THREE_YEARS = "3y"
    FIVE_YEARS = "5y"
    TEN_YEARS = "10y"
    THIRTY_YEARS = "30y"
    SEMI_PERMANENT = "semi_permanent"  # 준영구
    PERMANENT = "permanent"  # 영구

    @property
    def years(self) -> int | None:
        """Whole years, or None for 준영구 and 영구 (never destroyed by this system)."""
        return {"1y": 1, "3y": 3, "5y": 5, "10y": 10, "30y": 30}.get(self.value)


def period_for_days(days: int) -> RetentionPeriod:
    """The shortest class that keeps a record at least `days` days (migrating PERSONAL_DATA_RETENTION_DAYS)."""
    for period in RetentionPeriod:
        if period.years is not None and period.years * 365 >= days:
            return period
    return RetentionPeriod.PERMANENT


@dataclass(frozen=True)
class RecordRetention:
    period: RetentionPeriod
    completed_on: date
    #: 시행령 제26조⑤: 1 January of the year after completion
    starts_on: date
    #: the last day of the 보존기간; None for 준영구 and 영구
    ends_on: date | None

    def destroyable_on(self, today: date) -> bool:
        return self.ends_on is not None and today > self.ends_on


def record_retention(period: RetentionPeriod, completed_on: date) -> RecordRetention:
    start = date(completed_on.year + 1, 1, 1)
    end = None if period.years is None else date(start.year + period.years - 1, 12, 31)
    return RecordRetention(period, completed_on, start, end)


def completed_before_for(period: RetentionPeriod, today: date) -> date | None:
    """Records of `period` completed before this date (KST) have reached the end of their 보존기간 by `today`;
    None for 준영구 and 영구."""
    if period.years is None:
        return None
    return date(today.year - period.years, 1, 1)
