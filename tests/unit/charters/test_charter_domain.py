"""Pure rules of the 고객헌장: life cycle, content checks, snapshot, measurement maths (no app, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from charters.domain.content import (
    Measure,
    StandardRule,
    check_standard,
    completeness_problems,
    is_stricter_or_equal,
)
from charters.domain.lifecycle import CharterRuleError, CharterStatus, check_editable, check_transition
from charters.domain.measure import (
    Case,
    Outcome,
    Ratings,
    Verdict,
    distribution,
    judge,
    last_full_quarter,
    percentile,
    promise_outcome,
    working_days_elapsed,
    working_us_elapsed,
)
from charters.domain.snapshot import ChannelEntry, CharterSnapshot, CompensationEntry, SectionText, StandardEntry
from civil_complaints.domain.periods import ProcessingPeriod
from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

KST = ZoneInfo("Asia/Seoul")
# 2026-09-24..26 추석 (Thu–Sat), 2026-10-03 개천절 (Sat), 10-05 대체공휴일, 10-09 한글날
CALENDAR = WorkCalendar({date(2026, 9, 24): "추석 연휴", date(2026, 9, 25): "추석", date(2026, 9, 26): "추석 연휴",
                         date(2026, 10, 5): "대체공휴일", date(2026, 10, 9): "한글날"})


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


# --- life cycle ------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "target"), [("draft", "approved"), ("approved", "published"),
                                                 ("published", "superseded")])
def test_allowed_transitions(current, target):
    check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [("draft", "published"), ("approved", "draft"),
                                                 ("published", "draft"), ("published", "approved"),
                                                 ("superseded", "published"), ("draft", "superseded")])
def test_refused_transitions(current, target):
    with pytest.raises(CharterRuleError) as refused:
        check_transition(current, target)
    assert refused.value.code == "transition_refused"


@pytest.mark.parametrize("status", [s for s in CharterStatus if s is not CharterStatus.DRAFT])
def test_only_a_draft_is_editable(status):
    check_editable(CharterStatus.DRAFT)
    with pytest.raises(CharterRuleError):
        check_editable(status)


# --- content -----------------------------------------------------------------------------------


def test_promise_may_be_stricter_or_equal_never_longer():
    p = ProcessingPeriod.parse
    assert is_stricter_or_equal(p("5d"), p("7d"))
    assert is_stricter_or_equal(p("7d"), p("7d"))
    assert is_stricter_or_equal(p("즉시"), p("3d"))
    assert is_stricter_or_equal(p("2h"), p("즉시"))
    assert not is_stricter_or_equal(p("8d"), p("7d"))
    assert not is_stricter_or_equal(p("4h"), p("즉시"))
    assert is_stricter_or_equal(p("10d"), p("2w"))


@pytest.mark.parametrize(("rule", "problems"), [
    (StandardRule(Measure.DEADLINE, has_type=True, type_period="7d", promise_spec="5d", target_percent=95), []),
    (StandardRule(Measure.DEADLINE, has_type=False), [("complaint_type_id", "type_required")]),
    (StandardRule(Measure.DEADLINE, has_type=True, type_period="7d", promise_spec="10d"),
     [("promise_spec", "promise_longer_than_law")]),
    (StandardRule(Measure.DEADLINE, has_type=True, type_period="7d", promise_spec="1w"),
     [("promise_spec", "promise_unit")]),
    (StandardRule(Measure.DEADLINE, has_type=True, type_period="7d", promise_spec="5일"),
     [("promise_spec", "promise_invalid")]),
    (StandardRule(Measure.SATISFACTION, has_type=False, target_percent=80), []),
    (StandardRule(Measure.SATISFACTION, has_type=False), [("target_percent", "target_required")]),
    (StandardRule(Measure.SATISFACTION, has_type=True, target_percent=101),
     [("target_percent", "target_out_of_range")]),
    (StandardRule(Measure.DESCRIPTIVE, has_type=False), []),
    (StandardRule(Measure.DESCRIPTIVE, has_type=False, target_percent=90), [("measure", "descriptive_has_measure")]),
], ids=["stricter-ok", "no-type", "longer", "weeks", "korean-unit", "satisfaction-ok", "no-target", "over-100",
        "descriptive-ok", "descriptive-target"])
def test_standard_rules(rule, problems):
    assert check_standard(rule) == problems


def test_a_charter_needs_the_four_statutory_sections_a_standard_a_compensation_and_a_contact():
    full = {"mission": "임무", "services": "서비스", "remedy": "시정", "improvement": "계획"}
    assert completeness_problems(full, standards=1, compensations=1, channels=1) == []
    problems = completeness_problems({"mission": "  ", "services": "x"}, standards=0, compensations=0, channels=0)
    assert problems == ["missing_section:mission", "missing_section:remedy", "missing_section:improvement",
                        "no_standards", "no_compensation", "no_channel"]


def test_snapshot_round_trips_through_json():
    snapshot = CharterSnapshot(
        agency_name="한빛시", title="한빛시 고객헌장", version_no=3,
        sections=(SectionText("mission", "<p>임무</p>"),),
        standards=(StandardEntry("core", "도로 파손 신고", "3일 이내", "deadline", "ROAD-DAMAGE", "도로 파손 신고",
                                 "3d", None, 100),),
        compensations=(CompensationEntry("재방문", 5000, "문화상품권", "규정 제9조"),),
        channels=(ChannelEntry("phone", "콜센터", "031-000-1100", "평일"),),
        approved_on=date(2026, 9, 18), approver="민원여권과 박과장", published_on=date(2026, 9, 25))
    text = snapshot.to_json()
    assert "한빛시 고객헌장" in text  # readable, not escaped
    assert CharterSnapshot.from_json(text) == snapshot
    assert snapshot.section("mission").html == "<p>임무</p>"
    assert snapshot.section("remedy") is None


# --- measurement -------------------------------------------------------------------------------


def test_percentile_interpolates_like_percentile_inc():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert percentile(values, 50) == 5.5
    assert percentile(values, 90) == pytest.approx(9.1)
    assert percentile([4], 90) == 4
    assert percentile([], 50) is None
    dist = distribution([10, 1, 5], "hours")
    assert (dist.count, dist.median, dist.p90) == (3, 5, 9)


def test_verdicts():
    assert judge(100.0, None) is Verdict.KEPT
    assert judge(99.9, None) is Verdict.BROKEN
    assert judge(95.0, 95) is Verdict.KEPT
    assert judge(94.9, 95) is Verdict.BROKEN
    assert judge(None, 95) is Verdict.NO_DATA


def test_outcome_and_ratings_rates():
    outcome = Outcome(on_time=8, late=1, overdue_open=1, pending=5, withdrawn=2)
    assert (outcome.received, outcome.finished, outcome.measured, outcome.broken) == (17, 9, 10, 2)
    assert outcome.rate == 80.0
    assert Outcome().rate is None
    assert Ratings(3, 1, 0).rate == 75.0
    assert (Ratings(1, 0, 0) + Ratings(0, 1, 1)).rated == 3


def test_working_hours_skip_nights_lunch_weekends_and_holidays():
    # Wed 09-23 16:00 → Mon 09-28 10:00: 2h on Wed, 추석 Thu–Sat, Sunday, 1h on Monday
    elapsed = working_us_elapsed(kst(2026, 9, 23, 16), kst(2026, 9, 28, 10), CALENDAR)
    assert elapsed == 3 * US_PER_HOUR
    assert working_us_elapsed(kst(2026, 9, 22, 11), kst(2026, 9, 22, 14), CALENDAR) == 2 * US_PER_HOUR


def test_excluded_days_do_not_count():
    start, end = kst(2026, 9, 21, 9), kst(2026, 9, 23, 18)  # Mon–Wed: 24 working hours
    assert working_us_elapsed(start, end, CALENDAR) == 24 * US_PER_HOUR
    assert working_us_elapsed(start, end, CALENDAR, [(date(2026, 9, 22), date(2026, 9, 22))]) == 16 * US_PER_HOUR
    assert working_days_elapsed(start, end, CALENDAR) == 3
    assert working_days_elapsed(start, end, CALENDAR, [(date(2026, 9, 22), date(2026, 9, 23))]) == 1


def test_working_days_count_the_day_of_receipt():
    # received Fri 10-02, answered Tue 10-06: Fri, (Sat 개천절, Sun, Mon 대체공휴일), Tue = 2 working days
    assert working_days_elapsed(kst(2026, 10, 2, 17), kst(2026, 10, 6, 9), CALENDAR) == 2
    assert working_days_elapsed(kst(2026, 10, 6, 9), kst(2026, 10, 6, 17), CALENDAR) == 1


def test_promise_outcome_sorts_cases_by_a_stricter_promise():
    promise = ProcessingPeriod.parse("5d")  # 40 working hours
    as_of = kst(2026, 10, 16, 12)
    cases = [
        Case(kst(2026, 10, 1, 9), kst(2026, 10, 8, 18)),  # Thu 1 … Thu 8: 8+8+8+8(?)… see below
        Case(kst(2026, 10, 12, 9), kst(2026, 10, 13, 9)),  # 8 h: on time
        Case(kst(2026, 10, 6, 9), None),  # open for 8 working days by as_of: overdue
        Case(kst(2026, 10, 15, 9), None),  # open for 11 h: pending
        Case(kst(2026, 10, 6, 9), None, withdrawn=True),
    ]
    # case 1: Oct 1, 2, 6, 7, 8 (Oct 5 대체공휴일) = 5 full days = 40 h → exactly on the promise
    outcome = promise_outcome(cases, promise, CALENDAR, as_of)
    assert outcome == Outcome(on_time=2, late=0, overdue_open=1, pending=1, withdrawn=1)
    late = promise_outcome([Case(kst(2026, 10, 1, 9), kst(2026, 10, 12, 9, 30))], promise, CALENDAR, as_of)
    assert late.late == 1


def test_last_full_quarter():
    assert last_full_quarter(date(2026, 11, 30)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert last_full_quarter(date(2026, 1, 1)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert last_full_quarter(date(2026, 4, 1)) == (date(2026, 1, 1), date(2026, 3, 31))


def test_aware_datetimes_in_any_zone_are_measured_the_same():
    local = working_us_elapsed(kst(2026, 9, 22, 9), kst(2026, 9, 22, 18), CALENDAR)
    utc = working_us_elapsed(datetime(2026, 9, 22, 0, tzinfo=UTC), datetime(2026, 9, 22, 9, tzinfo=UTC), CALENDAR)
    assert local == utc == 8 * US_PER_HOUR
