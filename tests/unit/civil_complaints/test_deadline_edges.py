"""Edge cases of compute_due (법 제19조, D3–D5, 민법 제160조③/제161조) and ProcessingPeriod parsing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civil_complaints.domain.deadlines import (
    Pause,
    ProcessingPeriod,
    compute_due,
    compute_due_at_many,
    compute_due_many,
)
from civil_complaints.domain.errors import InvalidPauseError, InvalidPeriodError
from civil_complaints.domain.explanation import StepKind, counted_units
from civil_complaints.domain.periods import CountingMode, Unit
from working_calendar.domain.errors import NaiveDatetimeError

from .helpers import KR_CALENDAR, kst

HOUR_EDGES = [
    ("before-9", kst(2025, 3, 10, 8, 0), "즉시", kst(2025, 3, 10, 12, 0)),
    ("at-noon", kst(2025, 3, 10, 12, 0), "즉시", kst(2025, 3, 10, 16, 0)),
    ("during-lunch", kst(2025, 3, 10, 12, 59, 59), "즉시", kst(2025, 3, 10, 16, 0)),
    ("at-18", kst(2025, 3, 10, 18, 0), "즉시", kst(2025, 3, 11, 12, 0)),
    ("just-before-18", kst(2025, 3, 10, 17, 59), "1h", kst(2025, 3, 11, 9, 59)),
    ("after-hours", kst(2025, 3, 10, 21, 15), "3h", kst(2025, 3, 11, 12, 0)),
    ("on-holiday", kst(2025, 6, 3, 10, 0), "즉시", kst(2025, 6, 4, 12, 0)),
    ("on-saturday", kst(2025, 6, 7, 10, 0), "즉시", kst(2025, 6, 9, 12, 0)),
    ("ends-at-18", kst(2025, 3, 10, 15, 0), "즉시", kst(2025, 3, 10, 18, 0)),
    ("ends-at-noon", kst(2025, 3, 10, 9, 0), "즉시", kst(2025, 3, 10, 12, 0)),
    ("crosses-year", kst(2025, 12, 31, 16, 0), "1d", kst(2026, 1, 2, 16, 0)),
    ("seconds-kept", kst(2025, 3, 10, 10, 30, 27), "즉시", kst(2025, 3, 10, 14, 30, 27)),
    ("nodongjeol-2026", kst(2026, 4, 30, 17, 0), "2h", kst(2026, 5, 4, 10, 0)),
]


@pytest.mark.parametrize(("received", "spec", "expected"), [r[1:] for r in HOUR_EDGES], ids=[r[0] for r in HOUR_EDGES])
def test_hour_unit_edges(received, spec, expected):
    assert compute_due(received, spec, calendar=KR_CALENDAR).due_at == expected


DAY_EDGES = [
    ("saturday-receipt-day1-monday", kst(2025, 6, 7, 10, 0), "7d", (), date(2025, 6, 17)),
    ("holiday-receipt", kst(2025, 6, 3, 10, 0), "7d", (), date(2025, 6, 13)),
    ("late-evening-still-day1", kst(2024, 9, 13, 23, 59), "7d", (), date(2024, 9, 26)),
    ("pause-covers-receipt-day", kst(2025, 6, 2, 10, 0), "7d", ((date(2025, 6, 2), date(2025, 6, 2)),),
     date(2025, 6, 13)),
    ("overlapping-pauses", kst(2025, 6, 2, 10, 0), "7d",
     ((date(2025, 6, 4), date(2025, 6, 6)), (date(2025, 6, 5), date(2025, 6, 9))), date(2025, 6, 17)),
    ("pause-before-receipt-ignored", kst(2025, 6, 2, 10, 0), "7d", ((date(2025, 5, 1), date(2025, 5, 30)),),
     date(2025, 6, 12)),
    ("pause-after-due-ignored", kst(2025, 6, 2, 10, 0), "7d", ((date(2025, 7, 1), date(2025, 7, 30)),),
     date(2025, 6, 12)),
    ("crosses-year", kst(2025, 12, 29, 10, 0), "14d", (), date(2026, 1, 16)),
    ("month-end-160-3", kst(2025, 1, 31, 10, 0), "1m", (), date(2025, 2, 28)),
    ("month-end-leap", kst(2024, 1, 31, 10, 0), "1m", (), date(2024, 2, 29)),
    ("month-30th", kst(2025, 1, 30, 10, 0), "1m", (), date(2025, 2, 28)),
    ("month-corresponding-day", kst(2025, 1, 28, 10, 0), "1m", (), date(2025, 2, 27)),
    ("april-31-missing", kst(2025, 3, 31, 10, 0), "1m", (), date(2025, 4, 30)),
    ("leap-year-1y", kst(2024, 2, 29, 10, 0), "1y", (), date(2025, 2, 28)),
    ("month-rolls-161", kst(2025, 8, 29, 10, 0), "1m", (), date(2025, 9, 29)),
    ("rolls-past-chuseok", kst(2024, 8, 17, 10, 0), "1m", (), date(2024, 9, 19)),
    ("year-crossing-1m", kst(2025, 12, 2, 10, 0), "1m", (), date(2026, 1, 2)),
    ("week-with-pause", kst(2024, 9, 11, 10, 0), "2w", ((date(2024, 9, 12), date(2024, 9, 13)),), date(2024, 9, 26)),
]


@pytest.mark.parametrize(("received", "spec", "pauses", "expected"), [r[1:] for r in DAY_EDGES],
                         ids=[r[0] for r in DAY_EDGES])
def test_day_and_calendar_unit_edges(received, spec, pauses, expected):
    deadline = compute_due(received, spec, calendar=KR_CALENDAR, pauses=list(pauses))
    assert deadline.due_date == expected
    assert counted_units(deadline.explain()) == deadline.period.amount


def test_hour_pause_spanning_holiday():
    deadline = compute_due(kst(2025, 6, 2, 10, 0), "3d", calendar=KR_CALENDAR,
                           pauses=[Pause(date(2025, 6, 4), date(2025, 6, 9), "SUPPLEMENT")])
    assert deadline.due_at == kst(2025, 6, 12, 10, 0)
    steps = deadline.explain()
    assert counted_units(steps) == 24
    assert {s.day for s in steps if s.kind is StepKind.PAUSED} == {date(2025, 6, d) for d in range(4, 10)}


def test_hour_pause_covering_receipt_day():
    deadline = compute_due(kst(2025, 6, 2, 10, 0), "즉시", calendar=KR_CALENDAR,
                           pauses=[(date(2025, 6, 2), date(2025, 6, 2))])
    assert deadline.due_at == kst(2025, 6, 4, 12, 0)


def test_pause_objects_with_attributes_are_accepted():
    class Record:
        start, end, reason = date(2025, 6, 4), date(2025, 6, 9), "SUPPLEMENT"

    deadline = compute_due(kst(2025, 6, 2, 10, 0), "7d", calendar=KR_CALENDAR, pauses=[Record()])
    assert deadline.due_date == date(2025, 6, 17)
    assert deadline.pauses == (Pause(date(2025, 6, 4), date(2025, 6, 9), "SUPPLEMENT"),)


@pytest.mark.parametrize("bad", [(date(2025, 6, 9), date(2025, 6, 4)), (date(2025, 6, 4),), "2025-06-04",
                                 (kst(2025, 6, 4), date(2025, 6, 5))], ids=["reversed", "short", "string", "datetime"])
def test_bad_pauses_rejected(bad):
    with pytest.raises(InvalidPauseError):
        compute_due(kst(2025, 6, 2, 10), "7d", calendar=KR_CALENDAR, pauses=[bad])


def test_after_hours_receipt_explained():
    steps = compute_due(kst(2025, 3, 10, 19, 0), "즉시", calendar=KR_CALENDAR).explain()
    assert steps[0].code == "RECEIVED" and steps[0].params["clock_starts_at"] == kst(2025, 3, 11, 9, 0)
    assert steps[1].code == "SKIPPED_AFTER_HOURS" and steps[1].day == date(2025, 3, 10)


def test_saturday_receipt_explained_for_day_units():
    steps = compute_due(kst(2025, 6, 7, 10, 0), "7d", calendar=KR_CALENDAR).explain()
    assert [s.code for s in steps[1:3]] == ["SKIPPED_SATURDAY", "SKIPPED_SUNDAY"]
    assert steps[3].code == "COUNTED_DAY" and steps[3].total == 1


def test_receipt_in_other_timezone_uses_kst_date():
    received = datetime(2025, 6, 1, 16, 0, tzinfo=ZoneInfo("UTC"))  # 2025-06-02 01:00 KST (Monday)
    assert compute_due(received, "7d", calendar=KR_CALENDAR).due_date == date(2025, 6, 12)  # 6/3, 6/6 skipped
    assert compute_due(received, "즉시", calendar=KR_CALENDAR).due_at == kst(2025, 6, 2, 12, 0)


def test_naive_receipt_rejected():
    with pytest.raises(NaiveDatetimeError, match="timezone-aware"):
        compute_due(datetime(2025, 6, 2, 10, 0), "7d", calendar=KR_CALENDAR)
    with pytest.raises(ValueError):
        compute_due(date(2025, 6, 2), "7d", calendar=KR_CALENDAR)


def test_overdue_rules_d3():
    day_unit = compute_due(kst(2024, 9, 13, 10), "7d", calendar=KR_CALENDAR)
    assert not day_unit.is_overdue(kst(2024, 9, 26, 23, 59, 59))
    assert day_unit.is_overdue(kst(2024, 9, 27, 0, 0))
    hour_unit = compute_due(kst(2025, 3, 10, 10, 30), "즉시", calendar=KR_CALENDAR)
    assert not hour_unit.is_overdue(kst(2025, 3, 10, 14, 30))
    assert hour_unit.is_overdue(kst(2025, 3, 10, 14, 30) + timedelta(microseconds=1))


def test_deadline_keeps_inputs_d13():
    deadline = compute_due(kst(2025, 6, 2, 10), "7d", calendar=KR_CALENDAR,
                           pauses=[(date(2025, 6, 4), date(2025, 6, 9))])
    inputs = deadline.inputs()
    assert inputs["period"] == "7d" and inputs["received_at"] == kst(2025, 6, 2, 10)
    assert inputs["pauses"] == [(date(2025, 6, 4), date(2025, 6, 9), None)]
    assert inputs["calendar_revision"] == KR_CALENDAR.revision == deadline.calendar_revision
    assert deadline.calendar_revision.startswith("snapshot:2026-11-22")


def test_batch_api_matches_compute_due():
    receipts = [kst(2025, 1, 1) + timedelta(hours=7 * i, minutes=13 * i) for i in range(400)]
    for spec in ("즉시", "3d", "14d", "1m", "2w"):
        dates = compute_due_many(receipts, spec, calendar=KR_CALENDAR)
        instants = compute_due_at_many(receipts, spec, calendar=KR_CALENDAR)
        singles = [compute_due(r, spec, calendar=KR_CALENDAR) for r in receipts]
        assert dates == [d.due_date for d in singles]
        assert instants == [d.due_at for d in singles]


# -- ProcessingPeriod ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("spec", "unit", "amount", "mode", "hours"),
    [
        ("즉시", Unit.HOUR, 3, CountingMode.WORKING_HOURS, 3),
        ("3h", Unit.HOUR, 3, CountingMode.WORKING_HOURS, 3),
        ("5d", Unit.DAY, 5, CountingMode.WORKING_HOURS, 40),
        ("6d", Unit.DAY, 6, CountingMode.WORKING_DAYS, None),
        ("14d", Unit.DAY, 14, CountingMode.WORKING_DAYS, None),
        ("2w", Unit.WEEK, 2, CountingMode.CALENDAR, None),
        ("1m", Unit.MONTH, 1, CountingMode.CALENDAR, None),
        ("1y", Unit.YEAR, 1, CountingMode.CALENDAR, None),
    ],
)
def test_period_parse(spec, unit, amount, mode, hours):
    period = ProcessingPeriod.parse(spec)
    assert (period.unit, period.amount, period.mode, period.working_hours) == (unit, amount, mode, hours)
    assert str(period) == spec
    assert ProcessingPeriod.parse(str(period)) == period
    assert period.is_hour_based is (mode is CountingMode.WORKING_HOURS)


@pytest.mark.parametrize(
    "spec", ["", "14", "d", "0d", "-3d", "14x", "3 h", "14D", "1.5h", "즉시즉시", "07d", "99999d", "11y"])
def test_period_parse_rejects_garbage(spec):
    with pytest.raises(InvalidPeriodError) as error:
        ProcessingPeriod.parse(spec)
    assert isinstance(error.value, ValueError) and error.value.code == "INVALID_PERIOD"


def test_period_parse_rejects_non_strings():
    with pytest.raises(InvalidPeriodError):
        ProcessingPeriod.parse(14)


def test_immediate_is_distinct_from_3h_but_counts_the_same():
    assert ProcessingPeriod.parse("즉시") != ProcessingPeriod.parse("3h")
    a = compute_due(kst(2025, 3, 10, 10, 30), "즉시", calendar=KR_CALENDAR)
    b = compute_due(kst(2025, 3, 10, 10, 30), "3h", calendar=KR_CALENDAR)
    assert a.due_at == b.due_at
