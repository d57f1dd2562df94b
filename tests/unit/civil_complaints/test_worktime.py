"""WorkCalendar and working-hour arithmetic (법 제19조①, 복무규정 제9조②; D2, D3)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from working_calendar.domain.errors import InvalidCalendarError, NaiveDatetimeError
from working_calendar.domain.worktime import (
    KST,
    SkipReason,
    WorkCalendar,
    add_working_hours,
    is_working_day,
    next_working_day,
    working_hours_between,
)

from .helpers import KR_CALENDAR, kst

CHUSEOK_2026 = WorkCalendar(holidays=frozenset({date(2026, 9, 24), date(2026, 9, 25), date(2026, 9, 26)}))


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        (kst(2026, 9, 23, 10, 0), 8, kst(2026, 9, 28, 10, 0)),
        (kst(2026, 9, 22, 12, 30), 3, kst(2026, 9, 22, 16, 0)),
        (kst(2026, 9, 22, 19, 0), 1, kst(2026, 9, 23, 10, 0)),
        (kst(2026, 9, 22, 8, 0), 3, kst(2026, 9, 22, 12, 0)),
        (kst(2026, 9, 22, 15, 0), 3, kst(2026, 9, 22, 18, 0)),
        (kst(2026, 9, 22, 9, 0), timedelta(minutes=20), kst(2026, 9, 22, 9, 20)),
        (kst(2026, 9, 22, 11, 0), 1.5, kst(2026, 9, 22, 13, 30)),
        (kst(2026, 9, 22, 11, 0), 0, kst(2026, 9, 22, 11, 0)),
    ],
    ids=["over-chuseok", "lunch", "after-hours", "before-9", "ends-at-18", "minutes", "fractional", "zero"],
)
def test_add_working_hours(received, hours, expected):
    assert add_working_hours(received, hours, calendar=CHUSEOK_2026) == expected


def test_add_working_hours_converts_other_zones():
    utc = datetime(2026, 9, 22, 1, 0, tzinfo=ZoneInfo("UTC"))  # 10:00 KST
    assert add_working_hours(utc, 3, calendar=CHUSEOK_2026) == kst(2026, 9, 22, 14, 0)


def test_naive_datetime_is_rejected_with_clear_error():
    with pytest.raises(NaiveDatetimeError, match="timezone-aware"):
        add_working_hours(datetime(2026, 9, 22, 10, 0), 1, calendar=CHUSEOK_2026)
    assert issubclass(NaiveDatetimeError, ValueError)


def test_negative_hours_rejected():
    with pytest.raises(ValueError):
        add_working_hours(kst(2026, 9, 22, 10), -1, calendar=CHUSEOK_2026)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (kst(2025, 1, 24, 17, 0), kst(2025, 1, 31, 17, 0), timedelta(hours=8)),
        (kst(2025, 3, 10, 10, 30), kst(2025, 3, 10, 14, 30), timedelta(hours=3)),
        (kst(2025, 3, 10, 19, 0), kst(2025, 3, 11, 8, 0), timedelta(0)),
        (kst(2025, 3, 11, 10, 0), kst(2025, 3, 10, 10, 0), -timedelta(hours=8)),
    ],
    ids=["E3-registration", "E1", "overnight", "reversed"],
)
def test_working_hours_between(start, end, expected):
    assert working_hours_between(start, end, calendar=KR_CALENDAR) == expected


def test_is_working_day_and_next_working_day():
    assert not is_working_day(date(2026, 5, 1), calendar=KR_CALENDAR)  # 노동절 (2026 amendment)
    assert is_working_day(date(2025, 5, 1), calendar=KR_CALENDAR)  # 근로자의 날 was not a 관공서 공휴일
    assert not is_working_day(date(2026, 7, 18), calendar=KR_CALENDAR)  # Saturday
    assert next_working_day(date(2026, 9, 23), calendar=KR_CALENDAR) == date(2026, 9, 28)
    assert KR_CALENDAR.first_working_day_on_or_after(date(2026, 9, 26)) == date(2026, 9, 28)
    assert KR_CALENDAR.first_working_day_on_or_after(date(2026, 9, 28)) == date(2026, 9, 28)
    assert KR_CALENDAR.previous_working_day(date(2026, 9, 28)) == date(2026, 9, 23)


def test_non_working_reason_names_holiday_and_closure():
    calendar = WorkCalendar({date(2026, 5, 1): "노동절"}, closures={date(2026, 5, 4): "청사 이전"})
    assert calendar.non_working_reason(date(2026, 5, 1)) == (SkipReason.HOLIDAY, "노동절")
    assert calendar.non_working_reason(date(2026, 5, 4)) == (SkipReason.CLOSURE, "청사 이전")
    assert calendar.non_working_reason(date(2026, 5, 2)) == (SkipReason.SATURDAY, None)
    assert calendar.non_working_reason(date(2026, 5, 3)) == (SkipReason.SUNDAY, None)
    assert calendar.non_working_reason(date(2026, 5, 6)) is None
    assert not calendar.is_working_day(date(2026, 5, 4))


def test_frozenset_holidays_have_no_name():
    calendar = WorkCalendar(holidays=frozenset({date(2025, 1, 27)}))
    assert calendar.non_working_reason(date(2025, 1, 27)) == (SkipReason.HOLIDAY, None)
    assert calendar.holidays == frozenset({date(2025, 1, 27)})


@pytest.mark.parametrize(
    "blocks",
    [
        (),
        ((time(12), time(9)),),
        ((time(9), time(13)), (time(12), time(18))),
        ((time(13), time(18)), (time(9), time(12))),
        ((time(9), time(9)),),
        "09-18",
        ((time(9, tzinfo=KST), time(12)),),
    ],
    ids=["empty", "reversed", "overlap", "unsorted", "zero-length", "garbage", "aware-time"],
)
def test_invalid_blocks_rejected(blocks):
    with pytest.raises(InvalidCalendarError) as error:
        WorkCalendar(blocks=blocks)
    assert isinstance(error.value, ValueError)


def test_custom_blocks_moved_lunch():
    calendar = WorkCalendar(blocks=((time(9), time(11, 30)), (time(12, 30), time(18))))
    assert calendar.day_length == timedelta(hours=8)
    assert add_working_hours(kst(2025, 6, 2, 11, 0), 1, calendar=calendar) == kst(2025, 6, 2, 13, 0)


def test_invalid_holidays_and_tz_rejected():
    with pytest.raises(InvalidCalendarError):
        WorkCalendar(holidays={"2025-01-27"})
    with pytest.raises(InvalidCalendarError):
        WorkCalendar(tz="Asia/Seoul")


def test_calendar_value_semantics_and_revision():
    a = WorkCalendar({date(2025, 1, 27): "임시공휴일"}, revision="r1")
    b = WorkCalendar({date(2025, 1, 27): "임시공휴일"}, revision="r1")
    assert a == b and hash(a) == hash(b)
    assert a != WorkCalendar({date(2025, 1, 27): "임시공휴일"}, revision="r2")


def test_working_day_numbers_round_trip_far_from_window():
    calendar = WorkCalendar(holidays=frozenset({date(2026, 1, 1)}))
    for day in (date(2026, 1, 2), date(1990, 3, 5), date(2099, 12, 31), date(2026, 1, 5)):
        number = calendar.working_days_before(day)
        assert calendar.working_day(number) == calendar.first_working_day_on_or_after(day)
    assert calendar.working_days_between(date(2025, 12, 29), date(2026, 1, 4)) == 4
    assert calendar.add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 2)
    assert calendar.add_working_days(date(2025, 12, 31), 3) == date(2026, 1, 5)


def test_clock_start():
    assert KR_CALENDAR.clock_start(kst(2025, 6, 2, 12, 30)) == kst(2025, 6, 2, 13, 0)
    assert KR_CALENDAR.clock_start(kst(2025, 6, 2, 10, 15)) == kst(2025, 6, 2, 10, 15)
    assert KR_CALENDAR.clock_start(kst(2025, 6, 2, 18, 0)) == kst(2025, 6, 4, 9, 0)  # 6/3 선거 임시공휴일


def test_far_apart_queries_move_the_window_without_changing_results():
    calendar = WorkCalendar(holidays=frozenset({date(2026, 1, 1)}))
    near = add_working_hours(kst(2025, 12, 31, 17), 2, calendar=calendar)
    add_working_hours(kst(1901, 3, 4, 10), 2, calendar=calendar)
    add_working_hours(kst(2190, 3, 4, 10), 2, calendar=calendar)
    assert add_working_hours(kst(2025, 12, 31, 17), 2, calendar=calendar) == near == kst(2026, 1, 2, 10)
