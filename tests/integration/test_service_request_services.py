"""Internal requests through their services on SQLite and PostgreSQL: approval starts the clocks, a question
pauses the resolution clock and the answer pushes the due back by the working time it took, a forward keeps the
resolution due and restarts the first response of a department that had not answered, numbers, terms kept when
the catalog changes, notices in the outbox, and who may act."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from organization.models import Department, User
from service_requests.domain.workflow import Action, RequestRefused, RequestStatus
from service_requests.handling.services import Step, act
from service_requests.models import RequestEvent, Service
from service_requests.requesting.services import RequestData, RequestError, create_request
from working_calendar.domain.worktime import WorkCalendar

CALENDAR = WorkCalendar()
NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # Wednesday


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


def user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def service(code: str) -> Service:
    return db.session.scalar(select(Service).where(Service.code == code))


def _legal_request(now=NOW):
    data = RequestData(title="도로점용 허가 거부 가능 여부", priority="normal",
                       answers={"question": "도로법 제61조에 따른 점용허가를 거부할 수 있는지 검토 바랍니다."})
    return create_request(user("officer"), service("LEGAL-REVIEW"), data, calendar=CALENDAR, now=now)


def _outbox(number: str) -> list[tuple[str, str]]:
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key.like(f"internal:{number}:%")))
    return sorted((m.recipient, json.loads(m.payload)["headline"]) for m in rows)


def test_approval_starts_the_clocks_and_a_question_pauses_resolution(demo):
    with demo.app_context():
        request = _legal_request()
        assert request.number == "IR-2612-000001"
        assert request.status == RequestStatus.PENDING_APPROVAL.value
        assert request.resolution_due_at is None and request.clock_started_at is None
        assert _outbox(request.number) == [("head@hanbit.example.go.kr", "승인 필요")]

        with pytest.raises(RequestRefused) as refused:  # a member of the department is not its head
            act(user("officer"), request, Step(Action.APPROVE), calendar=CALENDAR, now=NOW)
        assert refused.value.code == "not_your_side"
        act(user("head"), request, Step(Action.APPROVE), calendar=CALENDAR, now=at(9, 11))
        # normal priority of 법률 검토: first response 1d, resolution 5d, from 11:00 Wednesday
        assert request.response_due_at == at(10, 11)
        assert request.resolution_due_at == at(16, 11)
        assert request.handler.login_id == "legal"  # the service's default handler

        act(user("legal"), request, Step(Action.ASK, text="점용 위치 도면을 보내 주십시오."), calendar=CALENDAR,
            now=at(10, 9))
        assert request.status == "waiting" and request.responded_at == at(10, 9)
        act(user("officer"), request, Step(Action.REPLY, text="도면을 첨부했습니다."), calendar=CALENDAR,
            now=at(10, 14))  # paused 09:00–14:00 Thursday = 4 working hours (09–12, 13–14: lunch not counted)
        assert request.resolution_due_at == at(16, 16)  # 11:00 + 4h = 11–12, 13–16
        act(user("legal"), request, Step(Action.RESOLVE, text="거부할 수 있습니다. 사유는 …"), calendar=CALENDAR,
            now=at(11, 10))
        act(user("officer"), request, Step(Action.CONFIRM), calendar=CALENDAR, now=at(11, 11))
        db.session.commit()
        assert request.status == "closed"
        events = db.session.scalars(select(RequestEvent).where(RequestEvent.request_id == request.id)
                                    .order_by(RequestEvent.id)).all()
        assert [(e.action, e.from_status, e.to_status) for e in events] == [
            ("create", None, "pending_approval"), ("approve", "pending_approval", "received"),
            ("ask", "received", "waiting"), ("reply", "waiting", "in_progress"),
            ("resolve", "in_progress", "resolved"), ("confirm", "resolved", "closed")]
        reply = json.loads(events[3].changes)["resolution_due_at"]
        assert reply == ["2026-12-16 11:00:00+09:00", "2026-12-16 16:00:00+09:00"]  # before → after
        headlines = [h for _, h in _outbox(request.number)]
        assert {"승인 필요", "새 요청", "요청에 대한 질문", "요청자 답변", "요청 해결"} <= set(headlines)


def test_a_forward_keeps_the_resolution_due_and_restarts_an_unanswered_first_response(demo):
    with demo.app_context():
        data = RequestData(title="새올 접속 불가", priority="urgent", answers={"system_name": "새올행정시스템"})
        request = create_request(user("officer"), service("IT-OUTAGE"), data, calendar=CALENDAR, now=NOW)
        assert request.status == "received" and request.handler is None  # no default handler: the head assigns
        assert (request.response_due_at, request.resolution_due_at) == (at(9, 11), at(9, 12))  # 2h ends at lunch
        general = db.session.scalar(select(Department).where(Department.code == "HB-GENERAL"))
        act(user("ithead"), request, Step(Action.FORWARD, text="청사 전원 문제로 보입니다.", to_department=general),
            calendar=CALENDAR, now=at(9, 10, 30))
        assert request.provider_department_id == general.id and request.status == "received"
        assert request.resolution_due_at == at(9, 12)  # the promise to the requester does not move
        assert request.response_due_at == at(9, 11, 30)  # 총무과 owns it from 10:30: 1 working hour
        with pytest.raises(RequestRefused):  # 정보통신과 no longer provides it
            act(user("itstaff"), request, Step(Action.START), calendar=CALENDAR, now=at(9, 10, 40))
        act(user("general"), request, Step(Action.START), calendar=CALENDAR, now=at(9, 10, 40))
        assert request.responded_at == at(9, 10, 40)


def test_terms_are_kept_when_the_catalog_changes_and_input_is_checked(demo):
    with demo.app_context():
        request = _legal_request()
        legal = service("LEGAL-REVIEW")
        legal.resolution_normal = "1d"
        db.session.flush()
        act(user("head"), request, Step(Action.APPROVE), calendar=CALENDAR, now=NOW)
        assert request.resolution_target == "5d" and request.resolution_due_at == at(16, 10)
        with pytest.raises(RequestError) as refused:
            create_request(user("officer"), legal, RequestData(title=" ", priority="soon", answers={}),
                           calendar=CALENDAR, now=NOW)
        assert refused.value.errors == {"title": "required", "priority": "choice", "field_question": "required"}
        second = _legal_request()
        assert second.number == "IR-2612-000002"


def test_auditors_and_other_departments_cannot_act(demo):
    with demo.app_context():
        request = _legal_request()
        for login_id in ("auditor", "officer2", "legal"):
            with pytest.raises(RequestRefused) as refused:
                act(user(login_id), request, Step(Action.APPROVE), calendar=CALENDAR, now=NOW)
            assert refused.value.code == "not_your_side", login_id
