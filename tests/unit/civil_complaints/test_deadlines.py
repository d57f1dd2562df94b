"""law.md §9 worked examples: one parametrized row per example ID (style.md rule 3)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from civil_complaints.domain.civil_calendar import compute_civil_due
from civil_complaints.domain.deadlines import ProcessingPeriod, compute_due, extend_due
from civil_complaints.domain.explanation import StepKind, counted_units
from civil_complaints.domain.extensions import ExtensionGround
from working_calendar.domain.worktime import add_working_hours

from .helpers import KR_CALENDAR, kst

# (id, received_at, period, pauses, expected due: datetime for hour units, date otherwise)
EXAMPLES = [
    ("E1", kst(2025, 3, 10, 10, 30), "즉시", (), kst(2025, 3, 10, 14, 30)),
    ("E2", kst(2024, 9, 13, 16, 0), "즉시", (), kst(2024, 9, 19, 10, 0)),
    ("E3", kst(2025, 1, 24, 17, 0), "8h", (), kst(2025, 1, 31, 17, 0)),
    ("E5", kst(2024, 4, 9, 15, 0), "3d", (), kst(2024, 4, 15, 15, 0)),
    ("E6", kst(2024, 5, 13, 11, 0), "5d", (), kst(2024, 5, 21, 11, 0)),
    ("E7", kst(2024, 9, 13, 17, 55), "7d", (), date(2024, 9, 26)),
    ("E9", kst(2025, 1, 23, 10, 0), "14d", (), date(2025, 2, 17)),
    ("E10", kst(2024, 12, 23, 10, 0), "7d", (), date(2025, 1, 2)),
    ("E12", kst(2025, 6, 2, 10, 0), "7d", ((date(2025, 6, 4), date(2025, 6, 9), "SUPPLEMENT"),), date(2025, 6, 17)),
    ("E13-original", kst(2025, 12, 24, 10, 0), "7d", (), date(2026, 1, 5)),
    ("E16", kst(2026, 9, 21, 10, 0), "14d", (), date(2026, 10, 14)),
    ("E18-2w", kst(2024, 9, 11, 10, 0), "2w", (), date(2024, 9, 24)),
    ("E18-14d", kst(2024, 9, 11, 10, 0), "14d", (), date(2024, 10, 7)),
    ("E20a-working-days", kst(2025, 5, 1, 10, 0), "10d", (), date(2025, 5, 16)),
    ("E21", kst(2025, 6, 2, 12, 30), "즉시", (), kst(2025, 6, 2, 16, 0)),
    ("E23", kst(2025, 12, 24, 17, 40), "1h", (), kst(2025, 12, 26, 9, 40)),
]


@pytest.mark.parametrize(("received_at", "spec", "pauses", "expected"), [row[1:] for row in EXAMPLES],
                         ids=[row[0] for row in EXAMPLES])
def test_worked_example(received_at, spec, pauses, expected):
    deadline = compute_due(received_at, ProcessingPeriod.parse(spec), calendar=KR_CALENDAR, pauses=list(pauses))
    if isinstance(expected, datetime):
        assert deadline.due_at == expected
        assert deadline.due_date == expected.date()
    else:
        assert deadline.due_date == expected
        assert deadline.due_at == datetime.combine(expected, datetime.max.time(), KR_CALENDAR.tz)
    steps = deadline.explain()
    assert steps[0].kind is StepKind.START and steps[-1].kind is StepKind.END
    period = deadline.period
    expected_units = period.working_hours if period.is_hour_based else period.amount
    assert counted_units(steps) == expected_units


def test_e3_registration_alert_uses_add_working_hours():
    assert add_working_hours(kst(2025, 1, 24, 17, 0), 8, calendar=KR_CALENDAR) == kst(2025, 1, 31, 17, 0)


def test_e13_two_extensions():
    original = compute_due(kst(2025, 12, 24, 10, 0), "7d", calendar=KR_CALENDAR)
    first = extend_due(original, "7d", ground="UNAVOIDABLE")
    second = extend_due(first, "7d", ground=ExtensionGround.COOPERATION_REQUIRED, consent_recorded=True)
    assert (original.due_date, first.due_date, second.due_date) == (date(2026, 1, 5), date(2026, 1, 14),
                                                                    date(2026, 1, 23))
    assert second.original_due_date == date(2026, 1, 5)
    steps = second.explain()
    starts = [s for s in steps if s.code == "EXTENSION_STARTS"]
    assert [s.day for s in starts] == [date(2026, 1, 6), date(2026, 1, 15)]
    for segment in (0, 1, 2):
        assert counted_units(steps, segment) == 7
    assert [s.day for s in steps if s.segment == 1 and s.kind is StepKind.COUNTED][0] == date(2026, 1, 6)


def test_e20b_civil_counting():
    deadline = compute_civil_due(date(2025, 5, 1), days=10, calendar=KR_CALENDAR)
    assert deadline.first_day == date(2025, 5, 2)
    assert deadline.last_day == date(2025, 5, 11)
    assert deadline.due_date == date(2025, 5, 12)
    rolled = [s for s in deadline.explain() if s.kind is StepKind.ROLLED]
    assert [(s.day, s.reason.value) for s in rolled] == [(date(2025, 5, 11), "SUNDAY")]


def test_e12_explanation_marks_pause_and_holiday():
    deadline = compute_due(kst(2025, 6, 2, 10, 0), "7d", calendar=KR_CALENDAR,
                           pauses=[(date(2025, 6, 4), date(2025, 6, 9), "SUPPLEMENT")])
    steps = {s.day: s for s in deadline.explain() if s.kind is not StepKind.START and s.kind is not StepKind.END}
    assert steps[date(2025, 6, 3)].code == "SKIPPED_HOLIDAY"
    assert steps[date(2025, 6, 3)].params["name"] == "제21대 대통령 선거일 (임시공휴일)"
    for day in range(4, 10):
        assert steps[date(2025, 6, day)].kind is StepKind.PAUSED
        assert steps[date(2025, 6, day)].params["pause_reason"] == "SUPPLEMENT"
    assert steps[date(2025, 6, 6)].params["name"] == "현충일"
    counted = [s.day for s in deadline.explain() if s.kind is StepKind.COUNTED]
    assert counted == [date(2025, 6, d) for d in (2, 10, 11, 12, 13, 16, 17)]


def test_e16_skips_chuseok_saturday_and_substitute_day():
    steps = compute_due(kst(2026, 9, 21, 10, 0), "14d", calendar=KR_CALENDAR).explain()
    skipped = {s.day: s.code for s in steps if s.kind is StepKind.SKIPPED}
    assert skipped[date(2026, 9, 26)] == "SKIPPED_HOLIDAY"  # 추석 다음날 on a Saturday, no substitute
    assert skipped[date(2026, 10, 5)] == "SKIPPED_HOLIDAY"  # 개천절 대체공휴일
    assert skipped[date(2026, 10, 9)] == "SKIPPED_HOLIDAY"  # 한글날
    assert skipped[date(2026, 10, 4)] == "SKIPPED_SUNDAY"


def test_e1_explanation_hours_cross_lunch():
    steps = compute_due(kst(2025, 3, 10, 10, 30), "즉시", calendar=KR_CALENDAR).explain()
    counted = [(s.start.isoformat(), s.end.isoformat(), s.units) for s in steps if s.kind is StepKind.COUNTED]
    assert counted == [("10:30:00", "12:00:00", 1.5), ("13:00:00", "14:30:00", 1.5)]
