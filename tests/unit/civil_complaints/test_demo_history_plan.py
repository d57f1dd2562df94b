"""The demo history's plan (issue 19.10) without a database: the same seed and `now` give the same year, every
story happens, nothing happens after `now`; and its processing facts counted by hand on a plain calendar."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from civil_complaints.demo_history import HEADS, OFFICERS, plan_history
from civil_complaints.demo_history_plan import STORY_WEIGHTS, Agency
from civil_complaints.demo_history_rows import processing_facts
from civil_complaints.domain.deadlines import compute_due
from core.clock import KST
from working_calendar.domain.worktime import WorkCalendar

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=KST)
TYPES = {"ROAD-DAMAGE": ("3d", "other", "HB-ROADS"), "STREETLIGHT": ("즉시", "other", "HB-ROADS"),
         "ILLEGAL-DUMPING": ("5d", "other", "HB-CLEAN"), "PARKING-LAW": ("14d", "query_law", "HB-TRAFFIC"),
         "PROCEDURE-QUERY": ("7d", "query_system", "HB-CIVIL"), "CITY-PROPOSAL": ("14d", "proposal", "HB-CIVIL"),
         "GRIEVANCE": ("7d", "grievance", "HB-CIVIL"), "ROAD-OCCUPANCY": ("10d", "statutory", "HB-ROADS")}


def _plan(seed: int = 7, count: int = 600):
    agency = Agency(types=TYPES, officers=OFFICERS, heads=HEADS, calendar=WorkCalendar(), now=NOW)
    return plan_history(agency, count=count, seed=seed)


def _summary(cases):
    return [(c.receipt_no, c.status, c.received_at, c.due_at, c.finished_at, c.rating) for c in cases]


def test_the_same_seed_and_now_give_the_same_history():
    first = _plan()
    assert _summary(first) == _summary(_plan())
    assert _summary(first) != _summary(_plan(seed=8))
    assert len(first) == 600 and len({c.receipt_no for c in first}) == 600


def test_every_story_happens_and_nothing_after_now():
    cases = _plan()
    stories = Counter(c.story for c in cases)
    assert set(stories) == set(STORY_WEIGHTS) | {"open", "overdue", "in_supplement"}
    assert all(step.at < NOW for c in cases for step in c.steps)
    assert all(c.due_at < NOW for c in cases if c.story == "overdue")
    assert all(c.finished_at is None for c in cases if c.story in ("open", "overdue", "in_supplement"))
    received = [c.received_at for c in cases]
    assert received == sorted(received)
    first_of_month = [c.receipt_no for c in cases if c.receipt_no.endswith("-900001")]
    assert len(first_of_month) == 13  # 2025-12 … 2026-12, each month's series from 900001


def test_processing_facts_in_working_hours_without_the_supplement_days():
    calendar = WorkCalendar()  # 09–12, 13–18, no holidays
    received = datetime(2026, 3, 2, 10, 0, tzinfo=KST)  # Monday
    pauses = [(date(2026, 3, 3), date(2026, 3, 4))]  # Tuesday, Wednesday
    due = compute_due(received, "3d", calendar=calendar, pauses=pauses).due_at
    assert due == datetime(2026, 3, 9, 10, 0, tzinfo=KST)  # 7 + 8 + 8 + 1 working hours
    finished = datetime(2026, 3, 10, 10, 30, tzinfo=KST)
    # Monday 7 h, Thursday 8, Friday 8, Monday 8, Tuesday 1.5; late from Monday 10:00: 7 + 1.5
    assert processing_facts(calendar, received, finished, due, hours=True, pauses=pauses) == ("hours", 32.5, 8.5)
    early = datetime(2026, 3, 5, 11, 0, tzinfo=KST)
    assert processing_facts(calendar, received, early, due, hours=True, pauses=pauses) == ("hours", 9.0, 0)


def test_processing_facts_in_working_days_without_the_supplement_days():
    calendar = WorkCalendar()
    received = datetime(2026, 3, 6, 15, 0, tzinfo=KST)  # Friday: day 1
    pauses = [(date(2026, 3, 10), date(2026, 3, 12))]  # Tuesday to Thursday
    due = compute_due(received, "7d", calendar=calendar, pauses=pauses)
    assert due.due_date == date(2026, 3, 19)  # 6, 9, 13, 16, 17, 18, 19 March
    finished = datetime(2026, 3, 20, 16, 0, tzinfo=KST)
    assert processing_facts(calendar, received, finished, due.due_at, hours=False, pauses=pauses) == ("days", 8, 1)
