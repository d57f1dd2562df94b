"""`flask demo seed` adds internal requests in every state (issue 18.11), once, through the services."""

from __future__ import annotations

from sqlalchemy import select

from civil_complaints.complaint_models import Complaint
from core.clock import now_utc
from core.extensions import db
from service_requests.models import RequestEvent, ServiceRequest


def test_demo_seed_adds_requests_in_every_state_once(ctx):
    runner = ctx.test_cli_runner()
    first = runner.invoke(args=["demo", "seed", "--no-history"])
    assert first.exit_code == 0, first.output
    assert "service_requests=11" in first.output
    db.session.expire_all()
    requests = {r.title: r for r in db.session.scalars(select(ServiceRequest))}
    assert {r.status for r in requests.values()} == {"pending_approval", "rejected", "received", "in_progress",
                                                      "waiting", "resolved", "closed", "cancelled"}
    overdue = requests["민원실 PC 부팅 불가"]
    assert overdue.status == "received" and overdue.resolution_due_at < now_utc()
    reopened = requests["모니터 화면 깜빡임"]
    assert reopened.status == "in_progress" and reopened.reopen_count == 1
    forwarded = requests["사무실 콘센트 고장"]
    assert forwarded.forward_count == 1 and forwarded.provider_department.code == "HB-GENERAL"
    linked = requests["도로점용 허가 취소 가능 여부 검토"]
    complaint = db.session.get(Complaint, linked.complaint_id)
    assert complaint.title == "공사 현장 앞 도로 점용 허가" and linked.status == "in_progress"
    assert requests["전자결재 계정 잠금 해제"].rating.score == 5
    assert all(r.created_at < now_utc() for r in requests.values())
    assert db.session.scalar(select(RequestEvent).where(RequestEvent.request_id == forwarded.id,
                                                        RequestEvent.action == "forward")) is not None
    again = runner.invoke(args=["demo", "seed", "--no-history"])
    assert again.exit_code == 0 and "service_requests" not in again.output
    assert db.session.query(ServiceRequest).count() == 11
