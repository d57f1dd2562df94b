"""Words for codes: periods typed and shown in words, holiday names in English, job schedules in words, and the
period a report opens with."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.scheduler import JOBS
from charters.domain.measure import default_period, quarter_of
from civil_complaints.deadlines.period_input import parse_period_input, period_input_text
from civil_complaints.labels import JOB_COUNT_LABELS
from notifications.labels import COUNT_LABELS, describe_schedule
from working_calendar.names import holiday_name, is_translated

SNAPSHOT = Path(__file__).resolve().parents[2] / "working_calendar" / "data" / "holidays_kr.json"


@pytest.mark.parametrize(("typed", "spec"), [
    ("14일", "14d"), ("14 일", "14d"), ("14 days", "14d"), ("1 day", "1d"), ("14d", "14d"), ("3근무시간", "3h"),
    ("3 working hours", "3h"), ("3h", "3h"), ("즉시", "즉시"), ("Immediately", "즉시"), ("2주", "2w"),
    ("2 weeks", "2w"), ("1개월", "1m"), ("1 month", "1m"), ("1년", "1y"), ("  5  일 ", "5d"),
])
def test_a_period_is_accepted_as_words_of_either_language_or_as_its_code(typed, spec):
    assert parse_period_input(typed) == spec


@pytest.mark.parametrize("typed", ["", "열흘", "14", "일", "0일", "3 fortnights", "99999d", "14dd", None])
def test_what_is_no_period_is_refused(typed):
    assert parse_period_input(typed) is None


@pytest.mark.parametrize(("spec", "ko", "en"), [
    ("14d", "14일", "14 days"), ("1d", "1일", "1 day"), ("3h", "3근무시간", "3 working hours"),
    ("즉시", "즉시", "immediately"), ("2w", "2주", "2 weeks"), ("1m", "1개월", "1 month"), ("2y", "2년", "2 years"),
])
def test_a_stored_period_is_shown_in_words_and_reads_back_as_itself(spec, ko, en):
    assert period_input_text(spec, "ko") == ko and period_input_text(spec, "en") == en
    assert parse_period_input(ko) == spec and parse_period_input(en) == spec


def test_every_name_of_the_bundled_holiday_calendar_has_an_english_name():
    names = {entry["name"] for entry in json.loads(SNAPSHOT.read_text(encoding="utf-8"))["entries"]}
    assert names and [name for name in names if not is_translated(name)] == []
    assert holiday_name("추석 전날", "en") == "Day before Chuseok"
    assert holiday_name("삼일절 대체 휴일", "en") == "Substitute holiday for Independence Movement Day"
    assert holiday_name("부처님오신날; 어린이날", "en") == "Buddha's Birthday; Children's Day"
    assert holiday_name("제9회 전국동시지방선거일", "en") == "Nationwide local elections day (9)"
    assert holiday_name("추석 전날", "ko") == "추석 전날"
    assert holiday_name("한빛시 개청 기념 휴무", "en") == "한빛시 개청 기념 휴무"  # an administrator's own name


def test_every_job_of_the_table_has_a_title_and_a_schedule_in_words():
    words = {spec.name: describe_schedule(spec.trigger) for spec in JOBS}
    assert all(spec.title for spec in JOBS)
    assert all(words.values()), [name for name, text in words.items() if not text]
    assert words["deliver-outbox"] == "Every day, every 30 seconds"
    assert words["due-soon-reminders"] == "Monday to Friday, every 15 minutes from 08:00 to 18:59"
    assert words["overdue-escalation"] == "Monday to Friday, hourly from 09:05 to 18:05"
    assert words["department-digest"] == "Monday to Friday, at 08:30"
    assert words["personal-data-retention"] == "Every day, at 02:30"
    assert words["supplement-request-due"] == "Monday to Friday, every 15 minutes from 09:07 to 18:52"
    assert words["due-change-notices"] == "Every day, every minute"
    assert words["audit-findings-overdue"] == "Monday to Friday, at 09:40"
    assert "non_working_day" in JOB_COUNT_LABELS and "files_deleted" in JOB_COUNT_LABELS
    assert "sent" in COUNT_LABELS  # the delivery's own; the 민원 jobs' words come from civil_complaints/hooks.py


def test_a_report_opens_on_the_last_full_quarter_unless_it_is_empty():
    today = date(2026, 12, 6)
    full = (date(2026, 7, 1), date(2026, 9, 30))
    assert default_period(today, has_complaints=lambda f, t: True, latest_received=date(2026, 12, 1)) == full
    # nothing in Q3: the quarter of the latest 민원, up to today when that is the current quarter
    assert default_period(today, has_complaints=lambda f, t: False,
                          latest_received=date(2026, 12, 1)) == (date(2026, 10, 1), today)
    assert default_period(today, has_complaints=lambda f, t: False,
                          latest_received=date(2026, 2, 14)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert default_period(today, has_complaints=lambda f, t: False, latest_received=None) == full
    assert quarter_of(date(2026, 11, 30)) == (date(2026, 10, 1), date(2026, 12, 31))
