"""Staff: offline registration (D1), and who may open or act on which 민원 (no IDOR)."""

from __future__ import annotations

from datetime import date

import pytest

from civil_complaints.complaint_models import Complaint
from core.extensions import db
from organization.access_log import PersonalDataAccess
from tests.complaint_helpers import complaint_form, filed_receipt_no
from tests.helpers import csrf_token_from, login, parse, post_form, text_of

# Who may open a ROAD-DAMAGE 민원 (도로과) and who may act on it.
VIEW = {"officer": True, "head": True, "auditor": True, "officer2": False, "admin": False}
ACT = {"officer": True, "head": True, "auditor": False, "officer2": False, "admin": False}


@pytest.mark.parametrize("account", sorted(VIEW))
def test_every_role_and_department_on_one_complaint(demo, account):
    receipt_no = filed_receipt_no(demo.test_client())
    client = demo.test_client()
    login(client, account)
    page = client.get(f"/staff/complaints/{receipt_no}")
    assert page.status_code == (200 if VIEW[account] else 403)
    token = csrf_token_from(client.get("/staff/"))
    actions = (("request-supplement", {"request_text": "사진", "respond_days": "7"}), ("answer", {"text": "완료"}))
    for action, data in actions:
        response = client.post(f"/staff/complaints/{receipt_no}/{action}", data={"csrf_token": token, **data})
        assert response.status_code == (303 if ACT[account] else 403), (account, action)
        if ACT[account]:
            break  # the 민원 is now paused; the answer would be refused by the workflow instead
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        assert complaint.status == ("supplement_requested" if ACT[account] else "received")


def test_viewing_a_complaint_is_written_to_the_access_log(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    client = demo.test_client()
    login(client, "auditor")
    assert client.get(f"/staff/complaints/{receipt_no}").status_code == 200
    with demo.app_context():
        entry = db.session.query(PersonalDataAccess).one()
        assert entry.user.login_id == "auditor" and entry.action == "view" and entry.ip_address == "127.0.0.1"
        assert entry.subject == f"{receipt_no} 홍*동"


def test_list_masks_names_and_shows_only_own_department(demo):
    filed_receipt_no(demo.test_client())
    filed_receipt_no(demo.test_client(), type_code="ILLEGAL-DUMPING", name="남궁민수")
    client = demo.test_client()
    login(client, "officer")
    text = parse(client.get("/staff/complaints?tab=department")).select_one("tbody").get_text()
    assert "홍*동" in text and "홍길동" not in text and "남궁" not in text


def test_officer_registers_a_letter_with_its_real_receipt_time(demo):
    """law.md E9: 건의 14일 received 2025-01-23 (목) → due 2025-02-17 (월), across 설 and the 1/27 임시공휴일."""
    client = demo.test_client()
    login(client, "officer")
    data = complaint_form(type_code="CITY-PROPOSAL", address=None, consent="y", lookup_password="",
                          notify_channel="post", postal_code="12345", postal_address="한빛시 시청로 1")
    data.update({"channel": "letter", "received_on": "2025-01-23", "received_time": "10:00",
                 "arrived_on": "2025-01-22", "arrived_time": "16:00"})
    response = post_form(client, "/staff/complaints/register", data, form_page="/staff/complaints/register")
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")
    assert response.headers["Location"] == "/staff/complaints/register"  # 민원여권과's 민원: not 도로과's to open
    notice = parse(client.get("/staff/complaints/register")).select_one(".app-alerts").get_text()
    assert "민원여권과" in notice
    with demo.app_context():
        complaint = db.session.query(Complaint).one()
        receipt_no = complaint.receipt_no
        assert receipt_no.startswith("HB-2501-")
        assert complaint.due_date == date(2025, 2, 17) and complaint.channel == "letter"
        assert complaint.arrived_at < complaint.received_at and complaint.registered_by_id is not None
    auditor = demo.test_client()
    login(auditor, "auditor")
    page = auditor.get(f"/staff/complaints/{receipt_no}")
    assert page.status_code == 200
    assert "2025. 2. 17." in text_of(parse(page), ".result-due")


def test_registration_refuses_future_receipt_and_late_arrival(demo):
    client = demo.test_client()
    login(client, "officer")
    data = complaint_form(type_code="CITY-PROPOSAL", address=None, lookup_password="", notify_channel="email")
    data.update({"channel": "visit", "received_on": "2099-01-05", "received_time": "10:00",
                 "arrived_on": "2099-01-06", "arrived_time": "10:00"})
    response = post_form(client, "/staff/complaints/register", data, form_page="/staff/complaints/register")
    soup = parse(response)
    assert response.status_code == 400
    assert "미래일 수 없습니다" in soup.find(id="received_time-error").get_text()
    assert "늦을 수 없습니다" in soup.find(id="arrived_on-error").get_text()
