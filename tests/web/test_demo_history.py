"""`flask demo seed` files a year of past 민원 (issue 19.10): once, the same every time, in every state, over every
month, consistent rows (foreign keys, processing facts), and their staff pages open."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text

from civil_complaints.complaint_models import Complaint, ComplaintPause, ComplaintType, Satisfaction
from civil_complaints.demo_history import SERIES_PATTERN
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import OPEN_STATUSES
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.workflow_models import (
    ComplaintAnswer,
    ComplaintExtension,
    ComplaintLink,
    ComplaintReturn,
    ComplaintTransfer,
)
from core.clock import KST
from core.extensions import db
from organization.models import Department
from tests.helpers import login
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import working_hours_between

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=KST)  # a Monday
HISTORY = Complaint.receipt_no.like(SERIES_PATTERN)
OPEN = [s.value for s in OPEN_STATUSES]


def _seed(app) -> str:
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result.output


def _numbers_and_statuses() -> list[tuple[str, str]]:
    return list(db.session.execute(select(Complaint.receipt_no, Complaint.status).where(HISTORY)
                                   .order_by(Complaint.receipt_no)).all())


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_history_is_filed_once_and_the_same_each_time(ctx, frozen):
    frozen(NOW)
    assert "history=3000" in _seed(ctx)
    first = _numbers_and_statuses()
    assert len(first) == 3000 and len({n for n, _s in first}) == 3000
    assert _count(Complaint) == 3010  # and the ten demo 민원, numbered from 1 as usual
    assert db.session.scalar(select(Complaint.receipt_no).where(Complaint.title == "한빛대로 12 앞 포트홀")) \
        == "HB-2612-000001"
    assert "history" not in _seed(ctx)  # idempotent
    assert _count(Complaint) == 3010
    db.session.execute(delete(Complaint).where(HISTORY))  # the rows that hang from them go with them (CASCADE)
    db.session.commit()
    assert _count(ProcessingFacts) == 0 and _count(ComplaintPause, ComplaintPause.complaint_id.notin_(
        select(Complaint.id))) == 0
    assert "history=3000" in _seed(ctx)
    assert _numbers_and_statuses() == first  # deterministic: the same numbers and statuses again


def test_every_state_month_department_and_type_and_pages_that_open(ctx, frozen):
    frozen(NOW)
    _seed(ctx)
    statuses = dict(db.session.execute(select(Complaint.status, func.count()).where(HISTORY)
                                       .group_by(Complaint.status)).all())
    assert set(statuses) == {"received", "assigned", "in_progress", "supplement_requested", "answered",
                             "transferred", "withdrawn", "returned", "closed"}
    months = set(db.session.scalars(select(Complaint.received_at).where(HISTORY)))
    assert {at.astimezone(KST).strftime("%Y-%m") for at in months} == \
        {f"{2025 + (11 + m) // 12}-{(11 + m) % 12 + 1:02d}" for m in range(13)}  # 2025-12 … 2026-12
    assert all(NOW - timedelta(days=366) < at < NOW for at in months)
    _assert_departments_and_types()
    _assert_outcomes()
    _assert_facts()
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
    _assert_pages_open(ctx)


def _assert_departments_and_types() -> None:
    pairs = set(db.session.execute(select(Department.code, ComplaintType.code).select_from(Complaint)
                                   .join(Department, Complaint.department_id == Department.id)
                                   .join(ComplaintType, Complaint.type_id == ComplaintType.id).where(HISTORY)).all())
    assert {d for d, _t in pairs} == {"HB-ROADS", "HB-CLEAN", "HB-TRAFFIC", "HB-CIVIL"}
    assert len({t for _d, t in pairs}) == 8
    kinds = {ProcessingPeriod.parse(p).is_hour_based for p in db.session.scalars(
        select(Complaint.period_spec).where(HISTORY).distinct())}
    assert kinds == {True, False}  # hour-counted and day-counted


def _assert_outcomes() -> None:
    answered_late = _count(Complaint, HISTORY, Complaint.answered_at > Complaint.due_at)
    answered = _count(Complaint, HISTORY, Complaint.answered_at.is_not(None))
    assert 0.05 * answered < answered_late < 0.3 * answered
    assert _count(Complaint, HISTORY, Complaint.status.in_(OPEN), Complaint.due_at < NOW) >= 5  # open, overdue
    assert _count(Complaint, HISTORY, Complaint.status.in_(OPEN), Complaint.due_at > NOW) >= 5
    assert set(db.session.scalars(select(Satisfaction.rating).distinct())) == {"satisfied", "neutral", "dissatisfied"}
    assert set(db.session.scalars(select(ComplaintAnswer.outcome).distinct())) == {"accepted", "refused"}
    assert set(db.session.scalars(select(ComplaintTransfer.kind).distinct())) == {"department", "agency"}
    assert {"supplemented", "withdrawn", "returned", "deemed_withdrawn", None} <= set(
        db.session.scalars(select(ComplaintPause.end_reason).distinct()))
    assert _count(ComplaintExtension) > 10 and _count(ComplaintReturn) > 10
    assert _count(ComplaintLink, ComplaintLink.kind == "repeat_of") == 2 * _count(Complaint, HISTORY,
                                                                                  Complaint.status == "closed")
    assert _count(Satisfaction, Satisfaction.created_at >= NOW) == 0


def _assert_facts() -> None:
    """Every finished history 민원 has its facts; late exactly when answered after the deadline; the processing
    time of 민원 without 보완 equals the working time counted here with the calendar's own functions."""
    finished = _count(Complaint, HISTORY, Complaint.status.notin_(OPEN))
    assert _count(ProcessingFacts) == finished
    calendar = load_calendar()
    rows = db.session.execute(select(Complaint, ProcessingFacts).join(
        ProcessingFacts, ProcessingFacts.complaint_id == Complaint.id).where(Complaint.answered_at.is_not(None))
        .order_by(Complaint.id)).all()
    paused = set(db.session.scalars(select(ComplaintPause.complaint_id)))
    for complaint, facts in rows:
        assert (facts.late_by > 0) == (complaint.answered_at > complaint.due_at), complaint.receipt_no
        assert facts.finished_at == complaint.answered_at
        if complaint.id in paused:
            continue
        if facts.unit == "hours":
            expected = working_hours_between(complaint.received_at, complaint.answered_at, calendar=calendar)
            assert facts.processing_time == round(expected.total_seconds() / 3600, 2)
        else:
            received, answered = (at.astimezone(KST).date() for at in (complaint.received_at, complaint.answered_at))
            assert facts.processing_time == calendar.working_days_between(received, answered)


def _assert_pages_open(app) -> None:
    """The staff page of one history 민원 of each status and of each kind of record, as the auditor."""
    samples = {db.session.scalar(select(Complaint.receipt_no).where(HISTORY, Complaint.status == status).limit(1))
               for status in ("received", "assigned", "in_progress", "supplement_requested", "answered",
                              "transferred", "withdrawn", "returned", "closed")}
    for model in (ComplaintExtension, ComplaintTransfer, ComplaintReturn, ComplaintLink, Satisfaction):
        samples |= set(db.session.scalars(select(Complaint.receipt_no).join(model, model.complaint_id == Complaint.id)
                                          .where(HISTORY).limit(2)))
    client = app.test_client()
    login(client, "auditor")
    _assert_monthly_check_counts(client)
    for receipt_no in sorted(samples):
        response = client.get(f"/staff/complaints/{receipt_no}")
        assert response.status_code == 200, receipt_no
        assert receipt_no in response.get_data(as_text=True)


def _assert_monthly_check_counts(client) -> None:
    """The monthly 점검 of a past month counts the history: its total 접수 is the 민원 received that month (KST)."""
    body = client.get("/staff/reports/monthly/check.csv?month=2026-11").get_data(as_text=True)
    total = next(row for row in csv.reader(io.StringIO(body.lstrip("\ufeff"))) if row and row[0] == "합계")
    start, end = datetime(2026, 11, 1, tzinfo=KST), datetime(2026, 12, 1, tzinfo=KST)
    received = _count(Complaint, Complaint.received_at >= start, Complaint.received_at < end)
    assert received > 150 and int(total[1]) == received
