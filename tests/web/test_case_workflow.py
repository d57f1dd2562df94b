"""The officer workflow through the real pages: each action, its refusals in Korean with the input kept,
stale versions, the timeline, and law.md E12/E13 walked through the web pages with a frozen clock."""

from __future__ import annotations

import json
from datetime import date, datetime

from civil_complaints.complaint_models import Complaint
from civil_complaints.workflow_models import ComplaintExtension, CooperationRequest
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from tests.complaint_helpers import complaint_form, filed_receipt_no
from tests.helpers import csrf_token_from, login, parse, post_form, text_of


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


def staff(demo, account="officer"):
    client = demo.test_client()
    assert login(client, account).status_code == 302
    return client


def case_page(client, receipt_no):
    response = client.get(f"/staff/complaints/{receipt_no}")
    assert response.status_code == 200
    return parse(response)


def post_action(client, receipt_no, action, data, *, version=None):
    soup = case_page(client, receipt_no)
    if version is None:
        field = soup.find("input", attrs={"name": "version"})
        version = field["value"] if field else ""
    token = csrf_token_from(client.get(f"/staff/complaints/{receipt_no}"))
    return client.post(f"/staff/complaints/{receipt_no}/{action}", data={"csrf_token": token, "version": version,
                                                                         **data})


def complaint(receipt_no) -> Complaint:
    db.session.expire_all()
    return db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()


def test_case_page_shows_the_panels_each_role_may_use(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    head = case_page(staff(demo, "head"), receipt_no)
    assert head.find(id="assignee") is not None and head.find(id="panel-extend") is not None
    officer = case_page(staff(demo, "officer"), receipt_no)
    assert officer.find(id="assignee") is None  # only the department head assigns
    assert officer.find(id="panel-supplement") is not None and officer.find(id="text") is not None
    auditor = case_page(staff(demo, "auditor"), receipt_no)
    assert auditor.find("form", attrs={"method": "post", "action": lambda a: a and "/answer" in a}) is None
    assert "홍길동" in auditor.get_text() and "010-1234-5678" in auditor.get_text()  # the full record


def test_head_assigns_and_reassigns_with_history(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    head = staff(demo, "head")
    with demo.app_context():
        from tests.workflow_helpers import user

        officer_id, head_id, other_id = user("officer").id, user("head").id, user("officer2").id
    assert post_action(head, receipt_no, "assign", {"assignee": officer_id}).status_code == 303
    assert post_action(head, receipt_no, "assign", {"assignee": head_id}).status_code == 303
    refused = post_action(head, receipt_no, "assign", {"assignee": other_id})
    assert refused.status_code == 409
    assert "담당 부서의 담당자를 고르세요" in text_of(parse(refused), "#error-summary")
    with demo.app_context():
        c = complaint(receipt_no)
        assert c.status == "assigned" and c.assignee.login_id == "head"
        assert [e.action for e in c.events][-2:] == ["assigned", "reassigned"]
    timeline = text_of(case_page(head, receipt_no), ".timeline")
    assert "담당자: 김담당 → 박과장" in timeline


def test_officer_starts_an_unassigned_complaint_and_takes_it(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    officer = staff(demo)
    assert post_action(officer, receipt_no, "start", {}).status_code == 303
    with demo.app_context():
        c = complaint(receipt_no)
        assert (c.status, c.assignee.login_id) == ("in_progress", "officer")
    again = post_action(officer, receipt_no, "start", {})
    assert again.status_code == 400 or again.status_code == 403 or again.status_code == 409


def test_a_stale_version_keeps_the_input_and_explains(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    officer, head = staff(demo), staff(demo, "head")
    old_version = case_page(officer, receipt_no).find("input", attrs={"name": "version"})["value"]
    assert post_action(head, receipt_no, "start", {}).status_code == 303  # someone else acts first
    response = post_action(officer, receipt_no, "answer", {"text": "도로를 보수했습니다.", "outcome": "accepted"},
                           version=old_version)
    assert response.status_code == 409
    soup = parse(response)
    assert "다른 사용자가" in text_of(soup, "#error-summary")
    assert soup.find(id="text").get_text().strip() == "도로를 보수했습니다."  # the input is kept
    new_version = soup.select_one("#answer input[name=version]")["value"]
    assert new_version != old_version
    with demo.app_context():
        assert complaint(receipt_no).answer_text is None
    resent = post_action(officer, receipt_no, "answer", {"text": "도로를 보수했습니다.", "outcome": "accepted"},
                         version=new_version)
    assert resent.status_code == 303


def test_a_concurrent_commit_caught_by_the_database_is_reported_the_same_way(demo, monkeypatch):
    """The version check passed, but another transaction changed the row before our flush (StaleDataError)."""
    from sqlalchemy import update

    from civil_complaints.casework import services as workflow_services

    receipt_no = filed_receipt_no(demo.test_client())
    original = workflow_services.start

    def racing_start(actor, target, *, now):
        db.session.execute(update(Complaint).where(Complaint.id == target.id).values(version=Complaint.version + 1)
                           .execution_options(synchronize_session=False))
        original(actor, target, now=now)
        db.session.flush()

    monkeypatch.setattr(workflow_services, "start", racing_start)
    response = post_action(staff(demo), receipt_no, "start", {})
    assert response.status_code == 409 and "다른 사용자가" in text_of(parse(response), "#error-summary")
    with demo.app_context():
        assert complaint(receipt_no).status == "received"


def test_refused_extension_ground_is_explained_in_korean_and_keeps_the_input(demo):
    receipt_no = filed_receipt_no(demo.test_client())  # received now (after 2026-05-06)
    officer = staff(demo)
    response = post_action(officer, receipt_no, "extend", {"ext_amount": "3", "ext_ground": "SIMPLE_WORKLOAD",
                                                           "ext_reason": "업무가 많습니다."})
    assert response.status_code == 409
    soup = parse(response)
    assert "단순 업무과중" in soup.find(id="ext_ground-error").get_text()
    assert soup.find(id="ext_reason").get_text().strip() == "업무가 많습니다."
    assert soup.find(id="panel-extend").has_attr("open")
    ok = post_action(officer, receipt_no, "extend", {"ext_amount": "3", "ext_ground": "FACT_OR_SITE_CHECK",
                                                     "ext_reason": "현장 확인이 필요합니다."})
    assert ok.status_code == 303
    with demo.app_context():
        c = complaint(receipt_no)
        assert db.session.query(ComplaintExtension).filter_by(complaint_id=c.id).one().period_spec == "3d"
        mail = db.session.query(OutboxMessage).filter_by(template="complaint_extended").one()
        assert "현장 확인이 필요합니다." in render(mail)[1]


def test_answer_with_a_template_an_attachment_and_a_refusal(demo):
    from tests.complaint_helpers import PNG

    receipt_no = filed_receipt_no(demo.test_client())
    head = staff(demo, "head")
    with demo.app_context():
        type_id = complaint(receipt_no).type_id
    post_form(head, "/staff/answer-templates", {"type_id": type_id, "title": "보수 완료",
                                                "body": "요청하신 곳의 보수를 마쳤습니다."})
    page = head.get(f"/staff/complaints/{receipt_no}?template=1")
    soup = parse(page)
    assert soup.find(id="text").get_text().strip() == "요청하신 곳의 보수를 마쳤습니다."
    token = csrf_token_from(page)
    version = soup.select_one("#answer input[name=version]")["value"]
    import io

    missing = head.post(f"/staff/complaints/{receipt_no}/answer", data={
        "csrf_token": token, "version": version, "text": "사유지라 보수할 수 없습니다.", "outcome": "refused",
        "refusal_reasons": "", "remedies": "행정심판"}, content_type="multipart/form-data")
    assert missing.status_code == 409
    assert "거부 사유" in parse(missing).find(id="refusal_reasons-error").get_text()
    response = head.post(f"/staff/complaints/{receipt_no}/answer", data={
        "csrf_token": token, "version": version, "text": "사유지라 보수할 수 없습니다.", "outcome": "refused",
        "refusal_reasons": "해당 도로는 사유지입니다.", "remedies": "행정심판을 청구할 수 있습니다.",
        "template_id": "1", "answer_files": [(io.BytesIO(PNG), "현장사진.png")]}, content_type="multipart/form-data")
    assert response.status_code == 303
    with demo.app_context():
        c = complaint(receipt_no)
        assert c.status == "answered" and [a.uploaded_by for a in c.attachments] == ["staff"]
        body = render(db.session.query(OutboxMessage).filter_by(template="complaint_answered").one())[1]
        assert "해당 도로는 사유지입니다." in body and "행정심판을 청구할 수 있습니다." in body
        assert "도시교통국 도로과 박과장 (031-000-2101)" in body


def test_cooperation_is_shared_read_and_reply_only(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    officer, officer2 = staff(demo), staff(demo, "officer2")
    assert officer2.get(f"/staff/complaints/{receipt_no}").status_code == 403
    with demo.app_context():
        from organization.models import Department

        clean = db.session.query(Department).filter_by(code="HB-CLEAN").one().id
        due = complaint(receipt_no).due_date
    late = post_action(officer, receipt_no, "cooperation", {"coop_department": clean, "coop_text": "폐기물 확인",
                                                            "coop_reply_due": "2099-01-01"})
    assert late.status_code == 409 and "처리기간 안" in parse(late).find(id="coop_reply_due-error").get_text()
    assert post_action(officer, receipt_no, "cooperation", {"coop_department": clean, "coop_text": "폐기물 확인",
                                                            "coop_reply_due": due.isoformat()}).status_code == 303
    shared = case_page(officer2, receipt_no)
    assert "협조를 요청" in shared.get_text() and shared.find(id="coop_reply") is not None
    assert shared.find(id="text") is None and shared.find(id="panel-extend") is None
    personal = text_of(shared, ".summary-list")
    assert "홍*동" in personal and "010-****-5678" in personal  # minimum data for a cooperating department
    assert "홍길동" not in personal and "010-1234-5678" not in personal
    assert post_action(officer2, receipt_no, "answer", {"text": "x", "outcome": "accepted"}).status_code == 403
    with demo.app_context():
        cooperation_id = db.session.query(CooperationRequest).one().id
    reply = post_action(officer2, receipt_no, f"cooperation/{cooperation_id}/reply", {"coop_reply": "확인했습니다."})
    assert reply.status_code == 303 and reply.headers["Location"] == "/staff/complaints"
    assert officer2.get(f"/staff/complaints/{receipt_no}").status_code == 403  # sharing ended with the reply
    assert "확인했습니다." in case_page(officer, receipt_no).get_text()


def test_print_and_download_are_written_to_the_access_log(demo):
    from organization.access_log import PersonalDataAccess
    from tests.complaint_helpers import PNG, file_complaint

    response = file_complaint(demo.test_client(), files=[("사진.png", PNG)])
    receipt_no = response.headers["Location"].split("/")[2]
    officer = staff(demo)
    assert officer.get(f"/staff/complaints/{receipt_no}/print").status_code == 200
    soup = case_page(officer, receipt_no)
    attachment_id = soup.find("button", attrs={"name": "attachment_id"})["value"]
    token = csrf_token_from(officer.get(f"/staff/complaints/{receipt_no}"))
    no_reason = officer.post(f"/staff/complaints/{receipt_no}/attachments/download",
                             data={"csrf_token": token, "attachment_id": attachment_id, "download_reason": ""})
    assert no_reason.status_code == 400 and parse(no_reason).find(id="download_reason-error") is not None
    ok = officer.post(f"/staff/complaints/{receipt_no}/attachments/download",
                      data={"csrf_token": token, "attachment_id": attachment_id, "download_reason": "현장 확인"})
    assert ok.status_code == 200 and ok.data == PNG
    ok.close()
    with demo.app_context():
        actions = [(e.action, e.reason) for e in db.session.query(PersonalDataAccess).order_by("id")]
    assert ("print", None) in actions and ("download", "현장 확인 (사진.png)") in actions
    assert [a for a, _ in actions].count("view") >= 2


def test_e12_through_the_pages(demo, frozen):
    """law.md E12 on the real pages: registered letter, 보완 request, the citizen's supplement, due 2025-06-17."""
    frozen(kst(2025, 6, 2, 11))
    civil = staff(demo, "civil")
    data = complaint_form(type_code="PROCEDURE-QUERY", address=None, lookup_password="abcd1234")
    data.update({"channel": "letter", "received_on": "2025-06-02", "received_time": "10:00"})
    response = post_form(civil, "/staff/complaints/register", data, form_page="/staff/complaints/register")
    receipt_no = response.headers["Location"].rsplit("/", 1)[1]
    frozen(kst(2025, 6, 4, 10))
    civil = staff(demo, "civil")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    assert post_action(civil, receipt_no, "request-supplement", {"request_text": "신분증 사본",
                                                                 "respond_days": "7"}).status_code == 303
    frozen(kst(2025, 6, 9, 14))
    citizen = demo.test_client()
    post_form(citizen, "/complaints/lookup", {"receipt_no": receipt_no, "contact": "010-1234-5678",
                                              "password": "abcd1234"})
    status = parse(citizen.get(f"/complaints/{receipt_no}"))
    assert "신분증 사본" in status.get_text() and "2025. 6. 11." in status.get_text()  # the request and its 기한
    sent = post_form(citizen, f"/complaints/{receipt_no}/supplement", {"text": "보냅니다."},
                     form_page=f"/complaints/{receipt_no}", content_type="multipart/form-data")
    assert sent.status_code == 303
    page = parse(citizen.get(f"/complaints/{receipt_no}"))
    assert "2025. 6. 17." in text_of(page, ".result-due")
    assert "2025. 6. 12. → 2025. 6. 17." in text_of(page, ".timeline")


def test_e13_through_the_pages(demo, frozen):
    """law.md E13: two extensions (the second with consent) → 2026-01-23; both notices; the timeline."""
    frozen(kst(2025, 12, 24, 11))
    civil = staff(demo, "civil")
    data = complaint_form(type_code="PROCEDURE-QUERY", address=None, lookup_password="")
    data.update({"channel": "visit", "received_on": "2025-12-24", "received_time": "10:00"})
    receipt_no = post_form(civil, "/staff/complaints/register", data,
                           form_page="/staff/complaints/register").headers["Location"].rsplit("/", 1)[1]
    frozen(kst(2026, 1, 2, 10))
    civil = staff(demo, "civil")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    first = {"ext_amount": "7", "ext_ground": "UNAVOIDABLE", "ext_reason": "상급 기관에 질의 중입니다."}
    assert post_action(civil, receipt_no, "extend", first).status_code == 303
    frozen(kst(2026, 1, 13, 10))
    civil = staff(demo, "civil")
    second = {"ext_amount": "7", "ext_ground": "UNAVOIDABLE", "ext_reason": "회신이 늦어지고 있습니다."}
    refused = post_action(civil, receipt_no, "extend", second)
    assert refused.status_code == 409 and "동의" in parse(refused).find(id="ext_consent-error").get_text()
    second.update({"ext_consent": "y", "ext_consent_note": "2026. 1. 13. 전화 동의"})
    assert post_action(civil, receipt_no, "extend", second).status_code == 303
    soup = case_page(civil, receipt_no)
    assert "2026. 1. 23." in text_of(soup, ".result-due")
    assert soup.find(id="panel-extend") is None  # two extensions: the panel is gone
    with demo.app_context():
        c = complaint(receipt_no)
        assert c.due_date == date(2026, 1, 23)
        details = [json.loads(e.detail) for e in c.events if e.action == "extended"]
        assert [d["due_after"][:10] for d in details] == ["2026-01-14", "2026-01-23"]
        assert db.session.query(OutboxMessage).filter_by(template="complaint_extended").count() == 2
