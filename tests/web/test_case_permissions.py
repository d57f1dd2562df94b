"""No IDOR: every workflow URL tried as every role, in the responsible department, another department, and the
department asked for 협조 (read + reply only). A refused request changes nothing."""

from __future__ import annotations

import pytest

from civil_complaints.casework.cooperation import request_cooperation
from civil_complaints.casework.notes import ComplaintNote
from civil_complaints.complaint_models import Complaint
from civil_complaints.workflow_models import AnswerTemplate, CooperationRequest
from core.clock import now_utc
from core.extensions import db
from organization.access_log import PersonalDataAccess
from organization.models import Department
from tests.complaint_helpers import PNG, file_complaint
from tests.helpers import csrf_token_from, login, parse
from tests.web.test_roles import CASE_ACTIONS
from tests.workflow_helpers import user

HANDLERS = {"officer", "head"}  # 도로과, responsible for ROAD-DAMAGE
ACCOUNTS = ["officer", "head", "officer2", "civil", "auditor", "admin"]
READ_ONLY = {"print", "attachments/download"}
COOPERATION = {"cooperation/<int:cooperation_id>/extend", "cooperation/<int:cooperation_id>/reply"}


def _filed_with_cooperation(demo) -> tuple[str, int]:
    response = file_complaint(demo.test_client(), files=[("사진.png", PNG)])
    receipt_no = response.headers["Location"].split("/")[2]
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        clean = db.session.query(Department).filter_by(code="HB-CLEAN").one()
        row = request_cooperation(user("officer"), complaint, department=clean, text="확인 부탁드립니다.",
                                  reply_due=complaint.due_date, now=now_utc())
        db.session.commit()
        return receipt_no, row.id


def _expected(account: str, action: str) -> bool:
    """Whether `account` passes the permission check of `action` (the form may still be refused)."""
    if action in READ_ONLY:
        return account in HANDLERS | {"auditor", "officer2"}  # officer2: shared by the open 협조
    if action in COOPERATION:
        return account == "officer2"  # only the department asked to cooperate
    if action == "assign":
        return account == "head"
    return account in HANDLERS


def _version(demo, receipt_no: str) -> int:
    with demo.app_context():
        return db.session.query(Complaint).filter_by(receipt_no=receipt_no).one().version


@pytest.mark.parametrize("account", ACCOUNTS)
def test_every_action_url_as_every_role(demo, account):
    """Empty forms: a permitted user gets past the permission check (200/303/400/409), everyone else 403."""
    receipt_no, cooperation_id = _filed_with_cooperation(demo)
    with demo.app_context():
        attachment_id = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one().attachments[0].id
    client = demo.test_client()
    login(client, account)
    token = csrf_token_from(client.get("/staff/"))
    view = client.get(f"/staff/complaints/{receipt_no}")
    assert view.status_code == (200 if account in HANDLERS | {"auditor", "officer2"} else 403), account
    for action in CASE_ACTIONS:
        url = f"/staff/complaints/{receipt_no}/" + action.replace("<int:cooperation_id>", str(cooperation_id))
        before = _version(demo, receipt_no)
        if action == "print":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token, "attachment_id": attachment_id})
        if _expected(account, action):
            assert response.status_code in (200, 303, 400, 409), (account, action, response.status_code)
        else:
            assert response.status_code == 403, (account, action, response.status_code)
            assert _version(demo, receipt_no) == before, (account, action)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_a_refused_role_changes_nothing(demo, account):
    """Valid forms, sent by someone who may not: 403 and the 민원 is exactly as before (no IDOR)."""
    receipt_no, cooperation_id = _filed_with_cooperation(demo)
    client = demo.test_client()
    login(client, account)
    token = csrf_token_from(client.get("/staff/"))
    with demo.app_context():
        c = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        snapshot = (c.version, c.status, c.department_id, c.due_at, c.assignee_id, len(c.events))
        officer_id = user("officer").id
    valid = {
        "answer": {"text": "완료", "outcome": "accepted"},
        "extend": {"ext_amount": "3", "ext_ground": "FORCE_MAJEURE", "ext_reason": "태풍"},
        "request-supplement": {"request_text": "사진", "respond_days": "7"},
        "transfer-agency": {"agency_name": "국토교통부", "agency_reason": "소관"},
        "start": {}, "assign": {"assignee": officer_id},
        "close-repeated": {"earlier_numbers": "HB-0000-000001"}, "merge": {"merge_numbers": "HB-0000-000001"},
        "cooperation/<int:cooperation_id>/reply": {"coop_reply": "회신"},
        "return": {"return_reasons": "보완 없음"}, "supplement-needed": {"need_note": "사진 누락"},
        "audit-findings": {"audit_findings": "문제 없음"}, "notes": {"note_text": "메모"},
        "classify": {"category_id": "", "tags": "주차"},
    }
    sent = 0
    for action, data in valid.items():
        if _expected(account, action):
            continue
        url = f"/staff/complaints/{receipt_no}/" + action.replace("<int:cooperation_id>", str(cooperation_id))
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 403, (account, action)
        sent += 1
    assert sent >= 1
    with demo.app_context():
        c = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        assert (c.version, c.status, c.department_id, c.due_at, c.assignee_id, len(c.events)) == snapshot
        assert db.session.query(CooperationRequest).one().status == "open"
        assert db.session.query(ComplaintNote).count() == 0


def test_unknown_and_foreign_objects(demo):
    receipt_no, cooperation_id = _filed_with_cooperation(demo)
    officer = demo.test_client()
    login(officer, "officer")
    token = csrf_token_from(officer.get("/staff/"))
    assert officer.get("/staff/complaints/HB-0000-999999").status_code == 404
    assert officer.post("/staff/complaints/HB-0000-999999/answer", data={"csrf_token": token}).status_code == 404
    other_no = file_complaint(demo.test_client(), type_code="ILLEGAL-DUMPING").headers["Location"].split("/")[2]
    # a cooperation id of another 민원 in the URL of this one
    officer2 = demo.test_client()
    login(officer2, "officer2")
    token2 = csrf_token_from(officer2.get("/staff/"))
    response = officer2.post(f"/staff/complaints/{other_no}/cooperation/{cooperation_id}/reply",
                             data={"csrf_token": token2, "coop_reply": "x"})
    assert response.status_code == 404
    with demo.app_context():
        assert db.session.query(CooperationRequest).one().status == "open"


def test_answer_templates_belong_to_their_department(demo):
    with demo.app_context():
        from civil_complaints.complaint_models import ComplaintType

        dumping = db.session.query(ComplaintType).filter_by(code="ILLEGAL-DUMPING").one()
        row = AnswerTemplate(type_id=dumping.id, title="수거 완료", body="수거했습니다.", created_at=now_utc())
        db.session.add(row)
        db.session.commit()
        template_id = row.id
    head = demo.test_client()
    login(head, "head")  # 도로과
    token = csrf_token_from(head.get("/staff/answer-templates"))
    assert "수거 완료" not in head.get("/staff/answer-templates").get_data(as_text=True)
    assert head.post(f"/staff/answer-templates/{template_id}/remove", data={"csrf_token": token}).status_code == 403
    with demo.app_context():
        assert db.session.get(AnswerTemplate, template_id).is_active


def test_access_log_page_filters_and_is_for_auditors_and_admins(demo):
    receipt_no, _ = _filed_with_cooperation(demo)
    officer = demo.test_client()
    login(officer, "officer")
    officer.get(f"/staff/complaints/{receipt_no}")
    assert officer.get("/staff/access-log").status_code == 403
    auditor = demo.test_client()
    login(auditor, "auditor")
    page = auditor.get(f"/staff/access-log?login_id=officer&subject={receipt_no}&action=view")
    assert page.status_code == 200
    text, shown = page.get_data(as_text=True), " ".join(parse(page).get_text().split())
    assert "김담당 (officer)" in shown and f"{receipt_no} 홍*동" in shown and "홍길동" not in text
    none = auditor.get("/staff/access-log?login_id=auditor&action=download").get_data(as_text=True)
    assert "기록이 없습니다" in none
    with demo.app_context():
        assert db.session.query(PersonalDataAccess).filter_by(action="view").count() >= 1
