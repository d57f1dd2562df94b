"""The pure figures of the performance page (service_requests/domain/performance.py): which requests are measured
and late, resolution working time without pauses, percentiles, shares, working hours or days, the default period."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core.clock import KST
from service_requests.domain.performance import (
    RequestClocks,
    figures_of,
    last_full_month,
    late_ids,
    percentile,
    resolution_late,
    resolution_time,
    response_late,
    share,
    working_amount,
)
from working_calendar.domain.worktime import WorkCalendar

CALENDAR = WorkCalendar()
NOW = datetime(2026, 12, 18, 10, 0, tzinfo=KST)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


#: a request closed on time: answered 10:00 (due 11:00), resolved 15:00 Monday (due 09:00 Tuesday)
BASE = {"id": 1, "status": "closed", "response_due_at": at(7, 11), "responded_at": at(7, 10),
        "resolution_clock_started_at": at(7, 9), "resolution_due_at": at(8, 9), "resolved_at": at(7, 15)}
SHORT = {"responded": "responded_at", "start": "resolution_clock_started_at", "resolved": "resolved_at",
         "response_due": "response_due_at", "resolution_due": "resolution_due_at"}


def clocks(**changes) -> RequestClocks:
    return RequestClocks(**{**BASE, **{SHORT.get(k, k): v for k, v in changes.items()}})


def test_on_time_late_and_not_measured():
    assert response_late(clocks(), NOW) is False and resolution_late(clocks(), NOW) is False
    assert response_late(clocks(responded=at(7, 11, 1)), NOW) is True
    assert response_late(clocks(responded=at(7, 11)), NOW) is False  # at the due is on time
    open_late = clocks(status="received", responded=None, resolved=None)
    assert response_late(open_late, NOW) is True and resolution_late(open_late, NOW) is True
    not_due = clocks(status="in_progress", resolved=None, resolution_due=at(18, 11))
    assert resolution_late(not_due, NOW) is None
    cancelled = clocks(status="cancelled", responded=None, resolved=None)
    assert response_late(cancelled, NOW) is None and resolution_late(cancelled, NOW) is None
    never_sent = clocks(status="pending_approval", response_due=None, responded=None, resolution_due=None,
                        resolved=None, start=None)
    assert response_late(never_sent, NOW) is None and resolution_late(never_sent, NOW) is None


def test_resolution_time_is_working_time_without_pauses():
    # 09:00 Monday → 15:00 Monday = 5 working hours (lunch 12–13 not counted)
    assert resolution_time(clocks(), CALENDAR) == timedelta(hours=5)
    paused = clocks(pauses=((at(7, 10), at(7, 11)),))
    assert resolution_time(paused, CALENDAR) == timedelta(hours=4)
    over_weekend = clocks(start=at(4, 17), resolved=at(7, 10))  # Friday 17:00 → Monday 10:00
    assert resolution_time(over_weekend, CALENDAR) == timedelta(hours=2)
    assert resolution_time(clocks(status="in_progress", resolved=None), CALENDAR) is None


def test_percentiles_are_linear_between_ranks():
    assert percentile([], 50) is None
    assert percentile([2, 3, 5, 9], 50) == 4
    assert percentile([2, 3, 5, 9], 90) == pytest.approx(7.8)
    assert percentile([7], 90) == 7
    with pytest.raises(ValueError):
        percentile([1], 101)


def test_figures_of_a_set_and_the_late_ids():
    rows = [clocks(id=1, score=5), clocks(id=2, responded=at(7, 12), resolved=at(8, 11)),
            clocks(id=3, status="received", responded=None, resolved=None),
            clocks(id=4, status="in_progress", reopen_count=1, resolved=None, resolution_due=at(19, 9), score=2)]
    figures = figures_of(rows, CALENDAR, NOW)
    assert figures.requests == 4
    assert (figures.response_measured, figures.response_late) == (4, 2)
    assert (figures.resolution_measured, figures.resolution_late) == (3, 2)
    assert figures.response_on_time == 50.0 and figures.resolution_on_time == pytest.approx(100 / 3)
    assert (figures.resolved_once, figures.reopened) == (3, 1)
    assert figures.satisfaction == 3.5
    assert figures.time_percentile(50) == timedelta(hours=7.5)  # 5 and 10 working hours
    assert late_ids(rows, "response", NOW) == [2, 3] and late_ids(rows, "resolution", NOW) == [2, 3]
    assert share(0, 0) is None


def test_working_amounts_and_the_default_period():
    day = CALENDAR.day_length
    assert working_amount(timedelta(hours=6, minutes=30), day) == (6.5, "h")
    assert working_amount(timedelta(hours=17), day) == (2.1, "d")
    assert working_amount(day, day) == (1.0, "d")
    assert last_full_month(date(2026, 12, 18)) == (date(2026, 11, 1), date(2026, 11, 30))
    assert last_full_month(date(2027, 1, 1)) == (date(2026, 12, 1), date(2026, 12, 31))
