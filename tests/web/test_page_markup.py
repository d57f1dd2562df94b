"""Page titles tell pages and their states apart (issue 14.9); the citizen's status page labels every field once."""

from __future__ import annotations

from core.extensions import db
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import login, parse, text_of
from tests.markup import duplicate_ids, post_forms_without_csrf_token, unlabelled_controls


def _title(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return text_of(parse(response), "title")


def test_states_chosen_in_the_address_have_their_own_titles(demo):
    staff = demo.test_client()
    login(staff, "admin")
    years = {_title(staff, f"/admin/holidays?year={year}") for year in (2025, 2026)}
    assert years == {"공휴일·휴무일 관리 (2025년) | 한빛시", "공휴일·휴무일 관리 (2026년) | 한빛시"}
    assert _title(staff, "/admin/outbox?status=failed") == "발송함: 실패 | 한빛시"
    assert _title(staff, "/admin/complaint-types/new") == "민원 분류 추가 · 민원 분류 관리 | 한빛시"
    assert _title(staff, "/staff/charter-performance?first_day=2026-01-01&last_day=2026-03-31") == (
        "고객헌장 이행실적 (2026. 1. 1. ~ 2026. 3. 31.) | 한빛시")
    public = demo.test_client()
    assert _title(public, "/charter") == "한빛시 고객헌장 | 한빛시"
    assert _title(public, "/charter/versions/1") == "한빛시 고객헌장 (제1판) | 한빛시"


def test_the_status_page_labels_each_field_once(demo):
    """Withdrawal and "more time to supplement" are both on the page: each reason field has its own id and label."""
    from civil_complaints.casework.supplements import request_supplement
    from civil_complaints.complaint_models import Complaint
    from organization.models import User
    from working_calendar.cache import load_calendar

    citizen = demo.test_client()
    receipt_no = filed_receipt_no(citizen, type_code="ROAD-DAMAGE")
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        officer = db.session.query(User).filter_by(login_id="officer").one()
        request_supplement(officer, complaint, request_text="사진을 보내 주세요.", days=7, calendar=load_calendar(),
                           now=complaint.received_at)
        db.session.commit()
    page = parse(citizen.get(f"/complaints/{receipt_no}"))
    assert page.select_one("details.supplement-time") is not None  # both forms are on the page
    assert duplicate_ids(page) == [] and unlabelled_controls(page) == []
    assert post_forms_without_csrf_token(page) == []
    assert page.select_one(f"a[href='/complaints/{receipt_no}/receipt']") is not None  # the 접수증, by a click
    withdraw = page.select_one(".withdraw-panel")
    reason = withdraw.select_one("input[name=reason]")
    assert withdraw.select_one(f"label[for={reason['id']}]").get_text(strip=True) == "취하 사유 (선택)"
