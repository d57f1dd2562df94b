"""Generated 민원 for the report tests: the demo's departments and types (hour- and day-counted), three months of
receipts plus some outside the period, in every state — answered on time and late, open and overdue, withdrawn,
returned, transferred (to a department and to another agency), closed as repeated, with 보완 pauses, extensions
and satisfaction ratings (some dissatisfied ones followed up). Rows are written straight through the ORM (the
workflow services are tested elsewhere); what a report counts is then counted again in plain Python."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintPause, ComplaintType, Satisfaction
from civil_complaints.domain.deadlines import compute_due
from civil_complaints.domain.status import FINISHED_STATUSES, OPEN_STATUSES
from civil_complaints.workflow_models import ComplaintExtension, ComplaintLink, ComplaintTransfer, SupplementRequest
from core.clock import KST
from core.extensions import db
from organization.models import User
from working_calendar.cache import load_calendar

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=KST)
PERIOD = (date(2026, 9, 1), date(2026, 11, 30))
TYPES = ("ROAD-DAMAGE", "STREETLIGHT", "ROAD-OCCUPANCY", "ILLEGAL-DUMPING", "PARKING-LAW", "PROCEDURE-QUERY")
CHANNELS = ("web", "visit", "phone")
OUTCOMES = ("answered", "answered", "answered", "open", "open", "withdrawn", "returned", "agency", "closed")
NAMES = ("홍길동", "김민수", "이영희", "박하나", "남궁민수")


@dataclass
class Made:
    complaints: list[Complaint]
    follow_ups: int


def _receipt(rng: random.Random, index: int) -> datetime:
    if index % 25 == 0:  # outside the period: August and December
        return datetime(2026, 8, 31, 23, 30, tzinfo=KST) if index % 50 else datetime(2026, 12, 1, 9, 0, tzinfo=KST)
    if index % 31 == 0:  # 1 September 00:10 KST is still 31 August in UTC: counted in September
        return datetime(2026, 9, 1, 0, 10, tzinfo=KST)
    day = PERIOD[0] + timedelta(days=rng.randrange((PERIOD[1] - PERIOD[0]).days + 1))
    return datetime(day.year, day.month, day.day, rng.randrange(7, 20), rng.randrange(60), tzinfo=KST)


def generate(count: int = 160, seed: int = 19) -> Made:
    rng, calendar = random.Random(seed), load_calendar()
    types = {t.code: t for t in db.session.scalars(select(ComplaintType).where(ComplaintType.code.in_(TYPES)))}
    officer = db.session.scalar(select(User).where(User.login_id == "officer"))
    made = []
    for index in range(count):
        ctype = types[TYPES[index % len(TYPES)]]
        received = _receipt(rng, index)
        made.append(_one(rng, calendar, index, ctype, received, officer))
        db.session.flush()
    follow_ups = _follow_ups(rng, made)
    db.session.commit()
    return Made(made, follow_ups)


def _one(rng, calendar, index, ctype, received, officer) -> Complaint:
    pauses = []
    if index % 7 == 3:
        start = calendar.next_working_day(received.date())
        pauses = [(start, start + timedelta(days=rng.randrange(0, 4)))]
    deadline = compute_due(received, ctype.period_spec, calendar=calendar, pauses=pauses)
    outcome = OUTCOMES[rng.randrange(len(OUTCOMES))]
    c = Complaint(receipt_no=f"HB-T-{index:05d}", type_id=ctype.id, kind=ctype.kind,
                  channel=CHANNELS[index % len(CHANNELS)], status="received", title="점검", content="내용",
                  department_id=ctype.department_id, assignee_id=officer.id if index % 2 else None,
                  complainant_name=NAMES[index % len(NAMES)], arrived_at=received, received_at=received,
                  period_spec=ctype.period_spec, due_at=deadline.due_at, due_date=deadline.due_date,
                  calendar_revision=calendar.revision or "test", created_at=received)
    db.session.add(c)
    db.session.flush()
    for start, end in pauses:
        pause = ComplaintPause(complaint_id=c.id, reason="supplement", start_on=start, end_on=end, created_at=received)
        db.session.add(pause)
        db.session.flush()
        db.session.add(SupplementRequest(complaint_id=c.id, pause_id=pause.id, number=1, request_text="보완", days=3,
                                         sent_at=received, respond_by=end, created_by_id=officer.id))
    if index % 9 == 4:
        db.session.add(ComplaintExtension(complaint_id=c.id, number=1, period_spec=ctype.period_spec,
                                          ground="FACT_OR_SITE_CHECK", reason_text="현장 확인", due_before=c.due_at,
                                          due_after=c.due_at + timedelta(days=7), created_at=received,
                                          created_by_id=officer.id))
        c.due_at = c.due_at + timedelta(days=7)
    if index % 11 == 5:
        _transfer(c, "department", received + timedelta(hours=rng.randrange(1, 30)), officer)
    _finish(rng, c, outcome, officer)
    return c


def _transfer(c: Complaint, kind: str, at: datetime, officer: User) -> None:
    db.session.add(ComplaintTransfer(complaint_id=c.id, kind=kind, from_department_id=c.department_id,
                                     to_department_id=c.department_id if kind == "department" else None,
                                     to_agency="국토교통부" if kind == "agency" else None, reason="소관",
                                     limit_at=at, transferred_at=at, on_time=True, created_by_id=officer.id))


def _finish(rng: random.Random, c: Complaint, outcome: str, officer: User) -> None:
    span = c.due_at - c.received_at
    at = c.received_at + span * rng.choice((0.2, 0.5, 0.9, 1.3, 2.0)) + timedelta(minutes=rng.randrange(1, 300))
    if outcome == "open":
        c.status = rng.choice(("received", "assigned", "in_progress", "supplement_requested"))
        return
    if at > NOW:  # not yet: finished between receipt and now
        at = c.received_at + (NOW - c.received_at) * rng.random()
    c.status = {"agency": "transferred"}.get(outcome, outcome)
    if outcome == "answered":
        c.answered_at, c.answer_text = at, "답변"
    elif outcome == "withdrawn":
        c.withdrawn_at = at
    elif outcome == "returned":
        c.returned_at = at
    elif outcome == "agency":
        _transfer(c, "agency", at, officer)
    elif outcome == "closed":
        db.session.add(ComplaintEvent(complaint_id=c.id, at=at, action="closed_repeated", actor_kind="staff"))
    if outcome in ("answered", "closed") and rng.random() < 0.6:
        rating = rng.choice(("satisfied", "satisfied", "neutral", "dissatisfied"))
        db.session.add(Satisfaction(complaint_id=c.id, rating=rating, created_at=at + timedelta(hours=1)))


def _follow_ups(rng: random.Random, made: list[Complaint]) -> int:
    """Repeat links for the closed ones; a later 민원 follows some answered ones (재민원)."""
    officer_id = made[0].assignee_id or made[1].assignee_id
    answered = [c for c in made if c.status == "answered"]
    for c in made:
        if c.status == "closed" and answered:
            earlier = answered[c.id % len(answered)]
            if earlier.id != c.id:
                db.session.add(ComplaintLink(complaint_id=c.id, linked_id=earlier.id, kind="repeat_of",
                                             created_at=c.received_at, created_by_id=officer_id))
    count = 0
    for later, earlier in zip(made[40:], answered[::3], strict=False):
        if later.id != earlier.id and later.follows_complaint_id is None:
            later.follows_complaint_id = earlier.id
            count += 1
    db.session.flush()
    return count


def is_finished(c: Complaint) -> bool:
    return c.status in {s.value for s in FINISHED_STATUSES}


def is_open(c: Complaint) -> bool:
    return c.status in {s.value for s in OPEN_STATUSES}
