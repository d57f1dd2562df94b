"""`flask demo seed` adds demo 민원 in interesting states, once."""

from __future__ import annotations

from civil_complaints.casework.duplicates import possible_duplicates
from civil_complaints.casework.notes import ComplaintNote
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.duplicates import Reason
from civil_complaints.workflow_models import ComplaintExtension, CooperationRequest
from core.clock import now_utc
from core.extensions import db
from organization.models import User


def test_demo_seed_adds_complaints_in_each_state_once(ctx):
    runner = ctx.test_cli_runner()
    first = runner.invoke(args=["demo", "seed", "--no-history"])
    assert first.exit_code == 0, first.output
    assert "complaints=10" in first.output
    db.session.expire_all()
    statuses = {c.title: c.status for c in db.session.query(Complaint)}
    assert statuses["한빛대로 12 앞 포트홀"] == "received"
    assert statuses["시청로 보도블록 들뜸"] == "assigned"
    assert statuses["공사 현장 앞 도로 점용 허가"] == "supplement_requested"
    assert statuses["공원 입구 가로등 고장"] == "answered"
    assert statuses["골목길 가설 울타리 설치 허가"] == "returned"  # 반려 (영 제25조①)
    assert statuses["주택가 이면도로 점용 허가"] == "supplement_requested"  # its 보완 요구 waits as a letter
    overdue = db.session.query(Complaint).filter_by(title="한빛초 앞 맨홀 덮개 파손").one()
    assert overdue.status == "received" and overdue.due_at < now_utc()
    assert db.session.query(ComplaintExtension).count() == 1
    assert db.session.query(CooperationRequest).one().status == "open"
    pothole, again_pothole = (db.session.query(Complaint).filter_by(title=t).one()
                              for t in ("한빛대로 12 앞 포트홀", "한빛대로 12 앞 도로 패임"))
    head = db.session.query(User).filter_by(login_id="head").one()
    suggested = {s.receipt_no: s.reasons for s in possible_duplicates(head, pothole)}
    assert set(suggested[again_pothole.receipt_no]) >= {Reason.SAME_PERSON, Reason.SAME_PLACE}
    assert [n.complaint.title for n in db.session.query(ComplaintNote)] == ["시청로 보도블록 들뜸"]
    again = runner.invoke(args=["demo", "seed", "--no-history"])
    assert again.exit_code == 0 and "complaints" not in again.output
    assert db.session.query(Complaint).count() == 10
