"""Extensions (영 제21조; D6), including the 2026-05-06 grounds and the refused grounds."""

from __future__ import annotations

from datetime import date

import pytest

from civil_complaints.domain.deadlines import compute_due, extend_due
from civil_complaints.domain.errors import ExtensionError
from civil_complaints.domain.explanation import StepKind, counted_units
from civil_complaints.domain.extensions import (
    Extension,
    ExtensionErrorCode,
    ExtensionGround,
    RefusedExtensionGround,
)
from working_calendar.domain.worktime import WorkCalendar

from .helpers import KR_CALENDAR, kst

E13 = compute_due(kst(2025, 12, 24, 10, 0), "7d", calendar=KR_CALENDAR)
AFTER_AMENDMENT = compute_due(kst(2026, 5, 6, 9, 0), "14d", calendar=KR_CALENDAR)


def refusal(callable_, *args, **kwargs) -> str:
    with pytest.raises(ExtensionError) as error:
        callable_(*args, **kwargs)
    assert isinstance(error.value, ValueError)
    return error.value.code


def test_e13_original_and_two_extensions():
    first = extend_due(E13, "7d", ground="UNAVOIDABLE")
    second = extend_due(first, ground="UNAVOIDABLE", consent_recorded=True)  # defaults to the original length
    assert [E13.due_date, first.due_date, second.due_date] == [date(2026, 1, 5), date(2026, 1, 14), date(2026, 1, 23)]
    assert E13.extensions == () and len(second.extensions) == 2  # immutable: the input is unchanged
    steps = second.explain()
    assert counted_units(steps) == 21
    ext = [s for s in steps if s.code == "EXTENSION_STARTS"]
    assert [(s.params["number"], s.params["consent_recorded"]) for s in ext] == [(1, False), (2, True)]


def test_third_extension_refused():
    second = extend_due(extend_due(E13, ground="X"), ground="X", consent_recorded=True)
    assert refusal(extend_due, second, ground="X", consent_recorded=True) == ExtensionErrorCode.LIMIT_REACHED


def test_second_extension_needs_consent():
    first = extend_due(E13, ground="UNAVOIDABLE")
    assert refusal(extend_due, first, ground="UNAVOIDABLE") == ExtensionErrorCode.CONSENT_REQUIRED


def test_extension_not_longer_than_original():
    assert refusal(extend_due, E13, "8d", ground="UNAVOIDABLE") == ExtensionErrorCode.TOO_LONG
    assert refusal(extend_due, E13, "1w", ground="UNAVOIDABLE") == ExtensionErrorCode.UNIT_MISMATCH


def test_shorter_day_extension_counts_days_not_hours():
    # "3d" on a 7-day period is counted in the same unit (working days), not as 24 working hours.
    assert extend_due(E13, "3d", ground="UNAVOIDABLE").due_date == date(2026, 1, 8)


def test_ground_required():
    assert refusal(extend_due, E13, ground="") == ExtensionErrorCode.GROUND_REQUIRED


@pytest.mark.parametrize("ground", list(RefusedExtensionGround))
def test_refused_grounds_after_2026_05_06(ground):
    assert refusal(extend_due, AFTER_AMENDMENT, ground=ground) == ExtensionErrorCode.GROUND_REFUSED


def test_unknown_ground_after_2026_05_06():
    assert refusal(extend_due, AFTER_AMENDMENT, ground="UNAVOIDABLE") == ExtensionErrorCode.GROUND_NOT_ALLOWED


@pytest.mark.parametrize("ground", list(ExtensionGround))
def test_listed_grounds_after_2026_05_06(ground):
    extended = extend_due(AFTER_AMENDMENT, ground=ground)
    assert extended.due_date > AFTER_AMENDMENT.due_date
    assert extended.extensions[0].ground == ground.value


def test_refused_ground_allowed_before_2026_05_06():
    # The old 영 제21조① only required 부득이한 사유; the ban applies to 민원 received from 2026-05-06.
    before = compute_due(kst(2026, 5, 4, 17, 0), "14d", calendar=KR_CALENDAR)
    assert extend_due(before, ground=RefusedExtensionGround.SIMPLE_WORKLOAD).due_date > before.due_date


def test_ground_enum_codes_are_stable():
    assert [g.value for g in ExtensionGround] == [
        "COOPERATION_REQUIRED", "FACT_OR_SITE_CHECK", "FORCE_MAJEURE", "EQUIVALENT"]
    assert {g.value for g in RefusedExtensionGround} == {
        "SIMPLE_WORKLOAD", "OFFICER_ASSIGNMENT_DELAY", "OFFICER_ABSENCE"}


def test_hour_unit_extension_continues_from_due_instant():
    e1 = compute_due(kst(2025, 3, 10, 10, 30), "즉시", calendar=KR_CALENDAR)
    assert extend_due(e1, "3h", ground="UNAVOIDABLE").due_at == kst(2025, 3, 10, 17, 30)
    assert extend_due(e1, "즉시", ground="UNAVOIDABLE").due_at == kst(2025, 3, 10, 17, 30)
    assert refusal(extend_due, e1, "4h", ground="UNAVOIDABLE") == ExtensionErrorCode.TOO_LONG
    e5 = compute_due(kst(2024, 4, 9, 15, 0), "3d", calendar=KR_CALENDAR)
    extended = extend_due(e5, ground="UNAVOIDABLE")
    assert extended.due_at == kst(2024, 4, 18, 15, 0)
    assert counted_units(extended.explain(), 1) == 24


def test_calendar_unit_extension_starts_next_working_day():
    deadline = compute_due(kst(2025, 1, 31, 10, 0), "1m", calendar=KR_CALENDAR)
    assert deadline.due_date == date(2025, 2, 28)
    extended = extend_due(deadline, ground="UNAVOIDABLE")
    # 3/1 (토, 삼일절), 3/2 (일), 3/3 (대체공휴일): first day counted 3/4 → ends 4/3.
    assert extended.due_date == date(2025, 4, 3)
    steps = [s for s in extended.explain() if s.segment == 1]
    assert [(s.code, s.day) for s in steps] == [
        ("EXTENSION_STARTS", date(2025, 3, 1)), ("SKIPPED_HOLIDAY", date(2025, 3, 1)),
        ("SKIPPED_SUNDAY", date(2025, 3, 2)), ("SKIPPED_HOLIDAY", date(2025, 3, 3)),
        ("COUNTED_CALENDAR_SPAN", date(2025, 3, 4)), ("DUE", date(2025, 4, 3))]


def test_extension_skips_pauses_too():
    paused = compute_due(kst(2025, 12, 24, 10), "7d", calendar=KR_CALENDAR,
                         pauses=[(date(2026, 1, 7), date(2026, 1, 8))])
    assert paused.due_date == date(2026, 1, 5)
    assert extend_due(paused, ground="UNAVOIDABLE").due_date == date(2026, 1, 16)


def test_recompute_with_recorded_extensions_after_new_holiday_d7():
    record = [Extension.of("7d", "UNAVOIDABLE")]
    before = compute_due(kst(2025, 12, 24, 10), "7d", calendar=KR_CALENDAR, extensions=record)
    holidays = {day: KR_CALENDAR.holiday_name(day) for day in KR_CALENDAR.holidays}
    holidays[date(2026, 1, 9)] = "임시공휴일 (test)"
    after = compute_due(kst(2025, 12, 24, 10), "7d", calendar=WorkCalendar(holidays, revision="r2"), extensions=record)
    assert (before.due_date, after.due_date) == (date(2026, 1, 14), date(2026, 1, 15))
    skipped = [s for s in after.explain() if s.kind is StepKind.SKIPPED and s.day == date(2026, 1, 9)]
    assert skipped[0].params["name"] == "임시공휴일 (test)" and skipped[0].segment == 1
