"""The planned demo history (demo_history.py) written as rows: bulk INSERTs of lists of dicts, one per table.

Besides the 민원 and their history, the records the pages read: 보완 pauses and requests, extensions, transfers,
answers, 반려, 종결 links, 만족도, and each finished 민원's processing facts (complaint_processing_facts), computed
here from the planned times the way the 점검표 counts them: working time from receipt to the end on the working
calendar, 보완 days excluded, in working hours for periods of 5 days or less (법 제19조①) and working days
otherwise (②); late_by is the working time after the 처리기한 (0 when finished in time).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from civil_complaints.casework.support import officer_of
from civil_complaints.complaint_models import (
    Complaint,
    ComplaintEvent,
    ComplaintPause,
    ComplaintTag,
    ComplaintType,
    Satisfaction,
)
from civil_complaints.demo_history_classes import category_ids, category_of, cause_of, tags_of
from civil_complaints.demo_history_people import REMEDIES
from civil_complaints.demo_history_plan import EXTENSION_REASON, Case
from civil_complaints.demo_history_stories import RETURN_REASONS
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.workflow_models import (
    ComplaintAnswer,
    ComplaintExtension,
    ComplaintLink,
    ComplaintReturn,
    ComplaintTransfer,
    SupplementRequest,
)
from core.clock import KST
from core.extensions import db
from organization.models import Department, User
from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

CHUNK = 1000


def _insert(model, rows: list[dict]) -> None:
    """Core executemany INSERTs of the model's table (the ORM's bulk path splits rows by their None columns; an
    INSERT … RETURNING of thousands of rows costs psycopg seconds of query parsing, so ids are selected after)."""
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model.__table__), rows[start:start + CHUNK])


class _Directory:
    """Ids and names of the demo's users, departments and types."""

    def __init__(self) -> None:
        self.users = {u.login_id: u for u in db.session.scalars(select(User))}
        self.departments = {d.code: d.id for d in db.session.scalars(select(Department))}
        self.types = {code: i for code, i in db.session.execute(select(ComplaintType.code, ComplaintType.id))}
        self.officers: dict[str, object] = {}
        self.categories = category_ids()

    def user_id(self, login: str | None) -> int | None:
        return self.users[login].id if login else None

    def officer(self, login: str):
        if login not in self.officers:
            self.officers[login] = officer_of(self.users[login], None)
        return self.officers[login]


def write_history(cases: list[Case], *, calendar: WorkCalendar, now: datetime, registrar: str) -> None:
    names = _Directory()
    _insert(Complaint, [_complaint(c, names, calendar, registrar) for c in cases])
    numbered = dict(db.session.execute(select(Complaint.receipt_no, Complaint.id).where(
        Complaint.receipt_no.in_([c.receipt_no for c in cases]))).all())
    ids = [numbered[c.receipt_no] for c in cases]
    by_case = {id(c): i for c, i in zip(cases, ids, strict=True)}
    _insert(ComplaintEvent, [_event(c, i, s, names) for c, i in zip(cases, ids, strict=True) for s in c.steps])
    _write_pauses(cases, ids, names, now)
    pairs = list(zip(cases, ids, strict=True))
    _insert(ComplaintTag, [{"complaint_id": i, "tag": tag} for c, i in pairs for tag in tags_of(c)])
    _insert(ComplaintExtension, [_extension(c, i, names, now) for c, i in pairs if c.extension])
    _insert(ComplaintTransfer, [_transfer(c, i, names) for c, i in pairs if c.transfer])
    _insert(ComplaintAnswer, [_answer(c, i, names) for c, i in pairs if c.answer])
    _insert(ComplaintReturn, [_returned(c, i, names) for c, i in pairs if c.returned_at])
    _insert(ComplaintLink, [{"complaint_id": i, "linked_id": by_case[id(o)], "kind": "repeat_of",
                             "created_at": c.finished_at, "created_by_id": names.user_id(c.assignee)}
                            for c, i in pairs for o in c.repeat_of])
    _insert(Satisfaction, [{"complaint_id": i, "rating": c.rating[0], "comment": None, "created_at": c.rating[1]}
                           for c, i in pairs if c.rating])
    _insert(ProcessingFacts, [_facts(c, i, calendar, now) for c, i in pairs if c.finished_at])
    db.session.flush()


def _complaint(case: Case, names: _Directory, calendar: WorkCalendar, registrar: str) -> dict:
    name, phone, email = case.person
    letter = case.channel == "letter"
    answer = case.answer or {}
    cause, systemic = cause_of(case)
    return dict(
        receipt_no=case.receipt_no, type_id=names.types[case.type_code], kind=case.kind, channel=case.channel,
        status=case.status, title=case.title, content=case.content, department_id=names.departments[case.department],
        assignee_id=names.user_id(case.assignee), complainant_name=name,
        complainant_phone=None if letter else phone, complainant_email=None if letter else email,
        notify_channel="post" if letter else "email" if email else "sms", address=case.address, address_id=None,
        zipcode=None, postal_code="12345" if letter else None,
        postal_address="경기도 한빛시 한빛로 20 (가상 주소)" if letter else None, online_progress_told_at=None,
        latitude=None, longitude=None, lookup_password_hash=None, consent_at=case.received_at, is_joint=False,
        arrived_at=case.received_at, received_at=case.received_at, period_spec=case.period, due_at=case.due_at,
        due_date=case.due_date, calendar_revision=calendar.revision or "",
        registered_by_id=names.user_id(registrar) if case.channel != "web" else None,
        answer_text=answer.get("text"), answered_at=answer.get("at"),
        answered_by_id=names.user_id(case.assignee) if answer else None, withdrawn_at=case.withdrawn_at,
        returned_at=case.returned_at, supplement_needed_at=None, supplement_needed_note=None,
        open311_client_id=None, filing_token=None, created_at=case.received_at, follows_complaint_id=None, version=1,
        category_id=category_of(case, names.categories), cause=cause, is_systemic=systemic,
        improvement_consent_at=None)


def _event(case: Case, complaint_id: int, step, names: _Directory) -> dict:
    detail = dict(step.detail)
    for key in ("assignee_before", "assignee_after"):
        if detail.get(key):
            detail[key] = names.users[detail[key]].display_name
    if step.action == "closed_repeated":
        detail["earlier"] = [other.receipt_no for other in case.repeat_of]
    return {"complaint_id": complaint_id, "at": step.at, "action": step.action, "actor_kind": step.kind,
            "actor_id": names.user_id(step.actor) if step.kind == "staff" else None, "is_public": step.public,
            "detail": json.dumps(detail, ensure_ascii=False, default=str)}


def _write_pauses(cases: list[Case], ids: list[int], names: _Directory, now: datetime) -> None:
    owners = [(c, i, p) for c, i in zip(cases, ids, strict=True) for p in c.pauses]
    _insert(ComplaintPause, [
        {"complaint_id": i, "reason": "supplement", "start_on": p.start_on, "end_on": p.end_on,
         "request_text": p.text, "respond_by": p.requests[-1].respond_by, "end_reason": p.end_reason,
         "created_at": p.requests[0].sent_at} for c, i, p in owners])
    pause_of = dict(db.session.execute(select(ComplaintPause.complaint_id, ComplaintPause.id).where(
        ComplaintPause.complaint_id.in_([i for _c, i, _p in owners]))).all())  # one 보완 round a 민원 at most
    _insert(SupplementRequest, [
        {"complaint_id": i, "pause_id": pause_id, "number": r.number, "request_text": p.text, "days": r.days,
         "sent_at": r.sent_at, "respond_by": r.respond_by, "returned_at": r.returned_at,
         "returned_note": "수취인 불명으로 반송" if r.returned_at else None, "limit_at": r.limit_at,
         "late_reason": "현장 확인 후에야 필요한 서류를 알 수 있었습니다." if r.limit_at and r.sent_at > r.limit_at
         else None, "created_by_id": names.user_id(c.assignee)}
        for c, i, p in owners for r in p.requests for pause_id in (pause_of[i],)])


def _extension(case: Case, complaint_id: int, names: _Directory, now: datetime) -> dict:
    ext = case.extension
    return {"complaint_id": complaint_id, "number": 1, "period_spec": case.period, "ground": "FACT_OR_SITE_CHECK",
            "reason_text": EXTENSION_REASON, "consent_recorded": False, "consent_note": None,
            "due_before": ext["due_before"], "due_after": ext["due_after"], "created_at": ext["at"],
            "created_by_id": names.user_id(ext["by"])}


def _transfer(case: Case, complaint_id: int, names: _Directory) -> dict:
    move = case.transfer
    agency = move["kind"] == "agency"
    follow = move.get("follow_up")
    creator = case.assignee if agency else None
    return {"complaint_id": complaint_id, "kind": move["kind"], "from_department_id": names.departments[move["from"]],
            "to_department_id": None if agency else names.departments[move["to"]],
            "to_agency": move.get("agency"), "reason": move["reason"], "limit_at": move["limit"],
            "basis": move["basis"], "transferred_at": move["at"], "on_time": move["at"] <= move["limit"],
            "created_by_id": names.user_id(creator or _first_step_actor(case, "transferred_department")),
            "follow_up_note": follow[1] if follow else None, "followed_up_at": follow[0] if follow else None,
            "followed_up_by_id": names.user_id(case.assignee) if follow else None}


def _first_step_actor(case: Case, action: str) -> str:
    return next(s.actor for s in case.steps if s.action == action)


def _answer(case: Case, complaint_id: int, names: _Directory) -> dict:
    answer, officer = case.answer, names.officer(case.assignee)
    refused = answer["refused"]
    return {"complaint_id": complaint_id, "outcome": "refused" if refused else "accepted", "text": answer["text"],
            "refusal_reasons": "요청하신 사항은 관계 법령상 허용되지 않습니다." if refused else None,
            "remedies": REMEDIES if refused else None, "template_id": None,
            "officer_department": officer.department, "officer_department_en": officer.department_en,
            "officer_name": officer.name, "officer_phone": officer.phone, "answered_at": answer["at"],
            "answered_by_id": names.user_id(case.assignee)}


def _returned(case: Case, complaint_id: int, names: _Directory) -> dict:
    officer = names.officer(case.assignee)
    return {"complaint_id": complaint_id, "reasons": RETURN_REASONS,
            "remedies": REMEDIES if case.kind == "statutory" else None, "officer_department": officer.department,
            "officer_department_en": officer.department_en, "officer_name": officer.name,
            "officer_phone": officer.phone, "returned_at": case.returned_at,
            "returned_by_id": names.user_id(case.assignee)}


def _facts(case: Case, complaint_id: int, calendar: WorkCalendar, now: datetime) -> dict:
    unit, taken, late = processing_facts(calendar, case.received_at, case.finished_at, case.due_at,
                                         hours=case.hour_based,
                                         pauses=[(p.start_on, p.end_on) for p in case.pauses if p.end_on])
    return {"complaint_id": complaint_id, "finished_at": case.finished_at, "unit": unit, "processing_time": taken,
            "late_by": late, "computed_at": now}


def processing_facts(calendar: WorkCalendar, received_at: datetime, finished_at: datetime, due_at: datetime, *,
                     hours: bool, pauses: list[tuple[date, date]]) -> tuple[str, float, float]:
    """(unit, processing time, late by): working hours (rounded to 0.01) or working days, 보완 days excluded."""
    if hours:
        def span(start: datetime, end: datetime) -> int:
            paused = sum(max(0, calendar.position(min(end, _midnight(e + timedelta(days=1))))
                             - calendar.position(max(start, _midnight(s)))) for s, e in pauses)
            return max(0, calendar.position(end) - calendar.position(start) - paused)

        late = span(due_at, finished_at) if finished_at > due_at else 0
        return "hours", round(span(received_at, finished_at) / US_PER_HOUR, 2), round(late / US_PER_HOUR, 2)

    def days(first: date, last: date) -> int:
        paused = sum(calendar.working_days_between(max(first, s), min(last, e)) for s, e in pauses)
        return max(0, calendar.working_days_between(first, last) - paused)

    finished_on, due_on = finished_at.astimezone(KST).date(), due_at.astimezone(KST).date()
    late_days = days(due_on + timedelta(days=1), finished_on) if finished_at > due_at else 0
    return "days", float(days(received_at.astimezone(KST).date(), finished_on)), float(late_days)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), KST)
