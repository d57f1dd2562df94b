"""OLA clocks of internal requests (service_requests.domain.ola), against examples worked out by hand on the
default working blocks 09:00–12:00 and 13:00–18:00 (8 working hours a day), Asia/Seoul."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core.clock import KST
from service_requests.domain.ola import MAX_DAYS, Target, TargetError, due_at, elapsed, share_used
from working_calendar.domain.worktime import WorkCalendar

CALENDAR = WorkCalendar({date(2026, 12, 25): "성탄절"})


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=KST)


@pytest.mark.parametrize(("start", "target", "expected", "why"), [
    (at(12, 9, 10), "4h", at(12, 9, 15), "10–12 (2h), lunch skipped, 13–15 (2h)"),
    (at(12, 9, 14), "4h", at(12, 9, 18), "ends exactly at the block end: 18:00, not the next 09:00"),
    (at(12, 9, 11, 30), "1h", at(12, 9, 13, 30), "11:30–12:00, then 13:00–13:30"),
    (at(12, 9, 12, 30), "1h", at(12, 9, 14), "a start in the lunch break begins at 13:00"),
    (at(12, 9, 19), "1d", at(12, 10, 18), "a start after hours begins the next morning; 1d = 8 working hours"),
    (at(12, 11, 17), "2h", at(12, 14, 10), "Friday 17–18, then Monday 09–10 (the weekend does not count)"),
    (at(12, 24, 16), "4h", at(12, 28, 11), "24th 16–18 (2h), 25th 성탄절, 26–27 weekend, 28th 09–11"),
    (at(12, 9, 9), "3d", at(12, 11, 18), "three full working days from 09:00 Wednesday: Friday 18:00"),
])
def test_due_at_hand_worked(start, target, expected, why):
    assert due_at(start, target, CALENDAR) == expected, why


def test_a_pause_pushes_the_due_back_by_the_working_time_it_covered():
    # 10:00 + 4h = 15:00; paused 11:00–15:00 covers 11–12 and 13–15 = 3 working hours → 18:00
    pauses = [(at(12, 9, 11), at(12, 9, 15))]
    assert due_at(at(12, 9, 10), "4h", CALENDAR, pauses) == at(12, 9, 18)
    # 14:00 + 4h: 14–17 runs (3h), paused 17:00 Wed → 10:00 Thu (over the night), 1h left from 10:00 → 11:00
    assert due_at(at(12, 9, 14), "4h", CALENDAR, [(at(12, 9, 17), at(12, 10, 10))]) == at(12, 10, 11)


def test_pauses_before_the_start_or_after_the_due_do_not_count_and_overlaps_count_once():
    start = at(12, 9, 10)
    assert due_at(start, "4h", CALENDAR, [(at(12, 8, 10), at(12, 8, 17))]) == at(12, 9, 15)
    assert due_at(start, "4h", CALENDAR, [(at(12, 9, 16), at(12, 9, 17))]) == at(12, 9, 15)
    overlapping = [(at(12, 9, 11), at(12, 9, 14)), (at(12, 9, 13), at(12, 9, 15))]  # together 11–15
    assert due_at(start, "4h", CALENDAR, overlapping) == at(12, 9, 18)


def test_a_forward_keeps_every_pause_so_paused_time_is_never_lost():
    """The resolution clock after a forward is computed from the original start with all pauses, in whichever
    department they happened: the same due as if nothing had moved."""
    start = at(12, 9, 9)
    pauses_in_first_department = [(at(12, 9, 10), at(12, 9, 11))]
    pauses_in_second = [(at(12, 10, 14), at(12, 10, 16))]
    due = due_at(start, "2d", CALENDAR, pauses_in_first_department + pauses_in_second)
    assert due == at(12, 11, 12)  # 16h of work + 3h paused from Wed 09:00: Fri 09:00 + 3h = 12:00
    assert elapsed(start, due, CALENDAR, pauses_in_first_department + pauses_in_second) == timedelta(hours=16)


def test_elapsed_and_share_used():
    start = at(12, 9, 9)
    assert elapsed(start, at(12, 9, 15), CALENDAR) == timedelta(hours=5)
    assert share_used(start, "1d", at(12, 9, 16, 24), CALENDAR) == pytest.approx(0.8)  # 6.4h of 8h
    assert share_used(start, "1d", at(12, 9, 16, 24), CALENDAR, [(at(12, 9, 9), at(12, 9, 10))]) == \
        pytest.approx(5.4 / 8)


@pytest.mark.parametrize("text", ["", "0h", "4", "h4", "4w", "1.5h", f"{MAX_DAYS + 1}d", "2001h", " 4h"])
def test_targets_that_are_not_nh_or_nd_are_refused(text):
    with pytest.raises(TargetError):
        Target.parse(text)


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError):
        due_at(datetime(2026, 12, 9, 10), "4h", CALENDAR)
