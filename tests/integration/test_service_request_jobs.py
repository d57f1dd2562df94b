"""The OLA clock job of internal requests on SQLite and PostgreSQL: 80 % reminds the handler once, 100 % tells the
providing head and the requester once, however often the job runs and on however many hosts; a paused request is
not reminded; a saved holiday change moves open requests' dues in the same transaction; the scans read the
partial indexes made for them."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select, text

import core.clock
from app.scheduler import JOBS
from civil_complaints.holidays.changes import HolidayEdit, save_change
from core.clock import KST
from core.extensions import db
from notifications.job_runner import run_job
from notifications.models import OutboxMessage
from organization.models import User
from service_requests.domain.ola import share_used
from service_requests.domain.workflow import Action
from service_requests.handling.services import Step, act
from service_requests.models import Service, ServiceRequest
from service_requests.monitoring.reminders import escalation_candidates, reminder_candidates, run_ola_clocks
from service_requests.requesting.services import RequestData, create_request
from working_calendar.cache import load_calendar

JOB = next(spec for spec in JOBS if spec.name == "service-request-clocks")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


def user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def _request(code: str = "IT-ACCOUNT") -> ServiceRequest:
    """A normal-priority request of 도로과's officer, sent Wednesday 9 December 2026 10:00."""
    service = db.session.scalar(select(Service).where(Service.code == code))
    answers = {"IT-ACCOUNT": {"system": "saeol", "user_name": "김담당"},
               "IT-OUTAGE": {"system_name": "새올행정시스템"}}[code]
    request = create_request(user("officer"), service, RequestData(title="계정 권한 변경", priority="normal",
                                                                   answers=answers),
                             calendar=load_calendar(), now=at(9, 10))
    db.session.commit()
    return request


def _messages(number: str) -> list[tuple[str, str]]:
    """(recipient, kind) of the OLA notices of a request (the key names the kind)."""
    rows = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.idempotency_key.like(f"internal:{number}:%")))
    return sorted((m.recipient, m.idempotency_key.split(":")[2]) for m in rows
                  if m.idempotency_key.split(":")[2] in ("due_soon", "overdue"))


def _run_everywhere(monkeypatch, now: datetime, slot_minute: int) -> None:
    """The job fired by two hosts for one slot, then once more for the next slot."""
    monkeypatch.setattr(core.clock, "frozen_at", now)
    db.session.commit()  # the job's lock is taken on a connection of its own (SQLite: one writer at a time)
    first = now.replace(minute=slot_minute)
    assert _run(first) == "ok"
    assert _run(first) == "skipped"  # the second host finds the slot taken
    assert _run(first.replace(second=30)) == "ok"  # a later slot: the marks decide
    db.session.expire_all()


def _run(slot: datetime) -> str:
    outcome = run_job(JOB, slot=slot).outcome
    db.session.commit()  # reading the run began a transaction: end it before the next run takes its lock
    return outcome


def test_remind_at_is_where_four_fifths_of_the_resolution_time_have_run(demo):
    with demo.app_context():
        request = _request()
        # 2 working days = 16 h from Wednesday 10:00; 80 % = 12 h 48 min: Wed 10–12, 13–18, Thu 9–12, 13–15:48
        assert request.resolution_due_at == at(11, 10)
        assert request.remind_at == at(10, 15, 48)
        calendar = load_calendar()
        assert share_used(request.resolution_clock_started_at, "2d", request.remind_at, calendar) >= 0.8
        assert share_used(request.resolution_clock_started_at, "2d", at(10, 15, 47), calendar) < 0.8


def test_eighty_and_hundred_percent_each_tell_every_recipient_once(demo, monkeypatch):
    with demo.app_context():
        request = _request()
        number = request.number
        _run_everywhere(monkeypatch, at(10, 15, 40), 40)
        assert _messages(number) == []  # 79 %: nothing yet

        _run_everywhere(monkeypatch, at(10, 15, 50), 50)
        assert _messages(number) == [("itstaff@hanbit.example.go.kr", "due_soon")]  # the handler, once
        request = db.session.get(ServiceRequest, request.id)
        assert request.reminded_at is not None and request.escalated_at is None
        version = request.version

        _run_everywhere(monkeypatch, at(11, 10, 0), 0)
        assert _messages(number) == [("ithead@hanbit.example.go.kr", "overdue"),
                                     ("itstaff@hanbit.example.go.kr", "due_soon"),
                                     ("officer@hanbit.example.go.kr", "overdue")]
        request = db.session.get(ServiceRequest, request.id)
        assert request.escalated_at == at(11, 10)
        assert request.version == version  # nobody's open form went stale because of a reminder

        run_ola_clocks(now=at(14, 10))  # days later: nothing new
        db.session.commit()
        assert len(_messages(number)) == 3


def test_an_unassigned_request_reminds_the_providing_heads_and_skips_straight_to_overdue(demo):
    with demo.app_context():
        request = _request("IT-OUTAGE")  # no default handler; 4 working hours: due 15:00, 80 % at 14:12
        assert (request.remind_at, request.resolution_due_at) == (at(9, 14, 12), at(9, 15))
        counts = run_ola_clocks(now=at(9, 14, 20))
        db.session.commit()
        assert counts["due_soon"] == 1 and counts["queued"] == 1
        assert _messages(request.number) == [("ithead@hanbit.example.go.kr", "due_soon")]

        late = _request("IT-OUTAGE")  # found only after its due (the scheduler was down): only the overdue notice
        run_ola_clocks(now=at(9, 16))
        db.session.commit()
        assert _messages(late.number) == [("ithead@hanbit.example.go.kr", "overdue"),
                                          ("officer@hanbit.example.go.kr", "overdue")]


def test_a_paused_request_is_not_reminded_and_the_answer_moves_its_reminder(demo):
    with demo.app_context():
        request = _request()
        act(user("itstaff"), request, Step(Action.ASK, text="어느 권한이 필요하신가요?"), calendar=load_calendar(),
            now=at(9, 11))
        db.session.commit()
        run_ola_clocks(now=at(11, 12))  # past the 80 % and 100 % it had before the question: paused
        db.session.commit()
        assert _messages(request.number) == []

        act(user("officer"), request, Step(Action.REPLY, text="결재 권한입니다."), calendar=load_calendar(),
            now=at(14, 9))  # paused Wed 11:00 → Mon 9:00: 15 working hours; 1 h ran before
        db.session.commit()
        assert request.remind_at == at(15, 13, 48)  # the remaining 11 h 48 min: Mon 9–12, 13–18, Tue 9–12, 13–13:48
        run_ola_clocks(now=at(14, 18))
        db.session.commit()
        assert _messages(request.number) == []


def test_a_saved_holiday_moves_open_request_dues_in_the_same_transaction(demo):
    with demo.app_context():
        request = _request()
        assert request.resolution_due_at == at(11, 10)
        save_change(user("admin"), HolidayEdit("added", day=date(2026, 12, 10), name="청사 휴무", kind="closure"),
                    reason="전기 설비 점검", now=at(9, 12))
        db.session.commit()
        request = db.session.get(ServiceRequest, request.id)
        assert request.resolution_due_at == at(14, 10)  # Thursday no longer counts: one working day later
        assert request.remind_at == at(11, 15, 48)
        assert request.calendar_revision == load_calendar().revision


def _plan(statement, index: str) -> str:
    """PostgreSQL: the plan without sequential scans. SQLite (development only, no statistics): the query forced
    onto the index, which SQLite refuses ("no query solution") unless its WHERE implies the index's."""
    compiled = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "sqlite":
        forced = compiled.replace("FROM service_requests", f"FROM service_requests INDEXED BY {index}", 1)
        return " ".join(str(row) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {forced}")))
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    return " ".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))


@pytest.mark.parametrize(("statement", "index"), [(reminder_candidates, "ix_service_requests_remind_pending"),
                                                  (escalation_candidates, "ix_service_requests_escalate_pending")])
def test_the_scans_read_their_partial_indexes(demo, statement, index):
    with demo.app_context():
        plan = _plan(statement(at(9, 12)), index)
        assert index in plan and "TEMP B-TREE" not in plan and "Sort" not in plan  # read in order, no sort
        db.session.rollback()


def test_the_job_counts_are_reported(demo, monkeypatch):
    with demo.app_context():
        _request("IT-OUTAGE")
        monkeypatch.setattr(core.clock, "frozen_at", at(9, 15, 10))
        db.session.commit()
        run = run_job(JOB, slot=at(9, 15, 10))
        assert run.outcome == "ok"
        assert json.loads(run.counts) == {"examined": 0, "overdue": 1, "due_soon": 0, "queued": 2}
