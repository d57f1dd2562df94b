"""Pages of D14 (registration asks for what reaches the 민원인; the dispatch queue of letters) and D18 (the
destruction list a records officer approves), with their permissions for every role."""

from __future__ import annotations

import io
from datetime import datetime

from pypdf import PdfReader

from civil_complaints.attachments import Upload, attachment_path
from civil_complaints.casework.answers import answer as answer_complaint
from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintType
from civil_complaints.letters.services import NoticeLetter
from civil_complaints.privacy.destruction import DestructionItem, DestructionList
from core.clock import KST
from core.extensions import db
from organization.access_log import PersonalDataAccess
from organization.models import User
from tests.complaint_helpers import complaint_form
from tests.helpers import csrf_token_from, login, parse, post_form, text_of
from tests.monitoring_support import file_complaint_at

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


def staff(demo, account: str):
    client = demo.test_client()
    login(client, account)
    return client


def register_letter(client, **overrides) -> str:
    data = complaint_form(type_code="ROAD-DAMAGE", phone="", email="", lookup_password="", name="박우편",
                          notify_channel="post", postal_code="12345", postal_address="한빛시 시청로 1 (한빛동)")
    data.update({"channel": "letter", "received_on": "2026-06-08", "received_time": "09:30", **overrides})
    response = post_form(client, "/staff/complaints/register", data, form_page="/staff/complaints/register")
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")
    with client.application.app_context():
        return db.session.query(Complaint.receipt_no).order_by(Complaint.id.desc()).first()[0]


def test_registration_asks_for_a_postal_address_when_there_is_no_email_or_mobile(demo, frozen):
    frozen(kst(2026, 6, 8, 10))
    client = staff(demo, "officer")
    page = parse(client.get("/staff/complaints/register"))
    assert "휴대전화와 전자우편이 없으면 우편으로 보냅니다" in page.get_text()
    assert page.find(id="postal_address") is not None and page.find(id="notify_channel-0")["value"] == "post"
    data = complaint_form(type_code="ROAD-DAMAGE", phone="", email="", lookup_password="", notify_channel="post")
    data.update({"channel": "letter", "received_on": "2026-06-08", "received_time": "09:30", "postal_code": "123"})
    response = post_form(client, "/staff/complaints/register", data, form_page="/staff/complaints/register")
    soup = parse(response)
    assert response.status_code == 400
    assert "우편으로만 연락할 수 있습니다" in soup.find(id="postal_address-error").get_text()
    assert "우편번호 5자리" in soup.find(id="postal_code-error").get_text()
    assert soup.find(id="title")["value"] == "도로가 파였어요"  # the input is kept
    online = post_form(client, "/staff/complaints/register", {**data, "notify_channel": "none", "postal_code": "",
                                                              "postal_address": "한빛시 시청로 1"},
                       form_page="/staff/complaints/register")
    assert "조회 비밀번호" in parse(online).find(id="notify_channel-error").get_text()
    receipt_no = register_letter(client)
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        assert (complaint.postal_code, complaint.postal_address, complaint.notify_channel) == (
            "12345", "한빛시 시청로 1 (한빛동)", "post")
        assert complaint.complainant_phone is None and complaint.complainant_email is None
    case = parse(client.get(f"/staff/complaints/{receipt_no}"))
    assert "(12345) 한빛시 시청로 1 (한빛동)" in case.get_text() and "우편" in case.get_text()


def test_letters_are_printed_and_marked_posted_by_the_department_and_the_civil_office(demo, frozen, monkeypatch):
    """D14 on the pages: the 보완 요구 (영 제24조) of a letter 민원 waits in the dispatch queue; printing it is
    logged as a print of personal data; the day it was posted is in the history and on the case page."""
    monkeypatch.setitem(demo.config, "LETTER_DISPATCH_DEPARTMENTS", "HB-CIVIL")
    frozen(kst(2026, 6, 8, 10))
    officer = staff(demo, "officer")
    receipt_no = register_letter(officer)
    case_url = f"/staff/complaints/{receipt_no}"
    response = post_form(officer, f"{case_url}/request-supplement", {"request_text": "사진을 보내 주십시오.",
                                                                      "respond_days": "7"}, form_page=case_url)
    assert response.status_code == 303
    queue = parse(officer.get("/staff/letters"))
    rows = queue.select("#letters tbody tr")
    assert len(rows) == 1 and receipt_no in rows[0].get_text() and "보완 요구" in rows[0].get_text()
    assert "박*편" in rows[0].get_text() and "박우편" not in queue.get_text()  # masked; no address on screen
    assert "시청로" not in queue.select_one("#letters").get_text()  # (the footer states the agency's own)
    with demo.app_context():
        letter_id = db.session.query(NoticeLetter.id).scalar()
    other = staff(demo, "officer2")  # another department, not the 민원실
    assert receipt_no not in text_of(parse(other.get("/staff/letters")), "#letters")
    assert other.get(f"/staff/letters/{letter_id}.pdf").status_code == 403
    assert staff(demo, "auditor").get(f"/staff/letters/{letter_id}.pdf").status_code == 403
    civil = staff(demo, "civil")  # 민원여권과: LETTER_DISPATCH_DEPARTMENTS
    assert receipt_no in text_of(parse(civil.get("/staff/letters")), "#letters")

    pdf = civil.get(f"/staff/letters/{letter_id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().replace("\u2060", "")
    for expected in ("(12345)", "한빛시 시청로 1 (한빛동)", "박우편 귀하", "민원 보완 요구서", "사진을 보내 주십시오.",
                     "2026. 6. 8.", "김담당", "031-000-2111", "한빛시"):
        assert expected in text, expected
    with demo.app_context():
        logged = db.session.query(PersonalDataAccess).filter_by(action="print").one()
        assert logged.user.login_id == "civil" and logged.subject.startswith(receipt_no)
        assert logged.reason == "letter-print:complaint_supplement_requested"
    auditor_log = text_of(parse(staff(demo, "auditor").get("/staff/access-log")), "table")
    assert "우편 통지 출력: 보완 요구" in auditor_log and "letter-print" not in auditor_log

    token = csrf_token_from(civil.get("/staff/letters"))
    future = civil.post("/staff/letters", data={"csrf_token": token, "letter_id": letter_id, "sent_on": "2026-06-09"})
    assert future.status_code == 409 and "미래일 수 없습니다" in parse(future).find(id="sent_on-error").get_text()
    assert parse(future).find("input", attrs={"name": "letter_id", "value": str(letter_id)}).has_attr("checked")
    nothing = civil.post("/staff/letters", data={"csrf_token": token, "sent_on": "2026-06-08"})
    assert nothing.status_code == 400
    posted = civil.post("/staff/letters", data={"csrf_token": token, "letter_id": letter_id, "sent_on": "2026-06-08"})
    assert posted.status_code == 303
    assert receipt_no in text_of(parse(civil.get("/staff/letters?status=sent")), "#letters")
    assert receipt_no not in text_of(parse(civil.get("/staff/letters")), "#letters")
    case = parse(officer.get(case_url))
    assert "2026. 6. 8. (한민원)" in text_of(case, "#letters") and "보완 요구" in text_of(case, "#letters")
    assert "보완 요구를 2026. 6. 8.에 우편으로 발송했습니다." in text_of(case, ".timeline")
    with demo.app_context():
        sent = db.session.query(ComplaintEvent).filter_by(action="letter_sent").one()
        assert sent.is_public and sent.actor.login_id == "civil"


def test_only_those_who_dispatch_may_print_or_mark(demo, frozen):
    frozen(kst(2026, 6, 8, 10))
    officer = staff(demo, "officer")
    receipt_no = register_letter(officer)
    post_form(officer, f"/staff/complaints/{receipt_no}/request-supplement",
              {"request_text": "서류", "respond_days": "7"}, form_page=f"/staff/complaints/{receipt_no}")
    with demo.app_context():
        letter_id = db.session.query(NoticeLetter.id).scalar()
    for account in ("officer2", "auditor", "admin", "records", "head"):
        client = staff(demo, account)
        token = csrf_token_from(client.get("/staff/"))
        marked = client.post("/staff/letters", data={"csrf_token": token, "letter_id": letter_id,
                                                     "sent_on": "2026-06-08"})
        printed = client.post("/staff/letters/print.pdf", data={"csrf_token": token, "letter_id": letter_id})
        expected = {"head": (303, 200)}.get(account, (403, 403) if account in ("auditor", "admin", "records")
                                            else (404, 404))
        assert (marked.status_code, printed.status_code) == expected, account
        if account != "head":
            with demo.app_context():
                assert db.session.get(NoticeLetter, letter_id).status == "pending"


def _finished_in_2022(demo, tmp_path) -> tuple[str, str]:
    """A 3-year record completed in 2022 (kept through 2025-12-31) with an attachment, and a recent one."""
    with demo.app_context():
        demo.config["UPLOAD_DIR"] = str(tmp_path)
        officer = db.session.query(User).filter_by(login_id="officer").one()
        old = file_complaint_at("ROAD-DAMAGE", kst(2022, 3, 2, 10), now=kst(2022, 3, 2, 10), upload_dir=tmp_path,
                                uploads=[Upload("사진.png", PNG)], phone="010-1234-5678")
        answer_complaint(officer, old, text="완료", now=kst(2022, 3, 3, 10))
        recent = file_complaint_at("ROAD-DAMAGE", kst(2025, 3, 2, 10), now=kst(2025, 3, 2, 10), upload_dir=tmp_path)
        answer_complaint(officer, recent, text="완료", now=kst(2025, 3, 3, 10))
        db.session.commit()
        return old.receipt_no, recent.receipt_no


def test_records_officer_approves_the_destruction_list_and_the_log_outlives_the_record(demo, frozen, tmp_path):
    """D18 (공공기록물법 시행령 제26조⑤): destroyed whole, only after approval; the log keeps what, basis,
    approver, when."""
    old_no, recent_no = _finished_in_2022(demo, tmp_path)
    with demo.app_context():
        stored = attachment_path(tmp_path, db.session.query(Complaint).filter_by(receipt_no=old_no).one()
                                 .attachments[0])
    assert stored.exists()
    frozen(kst(2026, 1, 2, 9))
    records = staff(demo, "records")
    token = csrf_token_from(records.get("/staff/records"))
    assert records.post("/staff/records/prepare", data={"csrf_token": token}).status_code == 303
    page = parse(records.get("/staff/records"))
    items = text_of(page, "#destruction-items")
    assert old_no in items and recent_no not in items and "2025. 12. 31." in items and "3년" in items
    with demo.app_context():
        target = db.session.query(DestructionList).one()
        list_id = target.id
    for account in ("auditor", "admin", "officer"):  # may read (auditor, admin) but never approve
        client = staff(demo, account)
        response = client.post(f"/staff/records/lists/{list_id}/approve", data={
            "csrf_token": csrf_token_from(client.get("/staff/")), "expected": "1", "confirm": "y"})
        assert response.status_code == 403, account
    assert "목록을 승인하고 기록 폐기" not in parse(staff(demo, "auditor").get("/staff/records")).get_text()
    stale = records.post(f"/staff/records/lists/{list_id}/approve", data={"csrf_token": token, "expected": "2",
                                                                          "confirm": "y"})
    assert stale.status_code == 409 and "다시 확인하세요" in parse(stale).get_text()
    unconfirmed = records.post(f"/staff/records/lists/{list_id}/approve", data={"csrf_token": token,
                                                                                "expected": "1"})
    assert unconfirmed.status_code == 400
    with demo.app_context():
        assert db.session.query(Complaint).filter_by(receipt_no=old_no).count() == 1  # nothing erased yet
    approved = records.post(f"/staff/records/lists/{list_id}/approve", data={
        "csrf_token": token, "expected": "1", "confirm": "y", "note": "2025년도 기록물평가심의회"})
    assert approved.status_code == 303
    with demo.app_context():
        assert db.session.query(Complaint).filter_by(receipt_no=old_no).count() == 0
        assert db.session.query(ComplaintEvent).join(Complaint).filter(Complaint.receipt_no == old_no).count() == 0
        assert db.session.query(Complaint).filter_by(receipt_no=recent_no).count() == 1
        item = db.session.query(DestructionItem).one()
        assert (item.decision, item.complaint_id, item.files_deleted) == ("destroyed", None, 1)
        assert item.decided_at == kst(2026, 1, 2, 9) and "시행령 제26조" in item.basis
        done = db.session.get(DestructionList, list_id)
        assert (done.status, done.approver_login, done.approver_name) == ("approved", "records", "문기록")
    assert not stored.exists()
    log = parse(staff(demo, "auditor").get(f"/staff/records/lists/{list_id}"))
    assert old_no in text_of(log, "#destruction-items") and "폐기함" in text_of(log, "#destruction-items")
    assert "문기록" in log.get_text() and "2025년도 기록물평가심의회" in log.get_text()
    assert staff(demo, "auditor").get(f"/staff/complaints/{old_no}").status_code == 404


def test_a_record_can_be_kept_with_a_reason(demo, frozen, tmp_path):
    old_no, _ = _finished_in_2022(demo, tmp_path)
    frozen(kst(2026, 1, 2, 9))
    records = staff(demo, "records")
    token = csrf_token_from(records.get("/staff/records"))
    records.post("/staff/records/prepare", data={"csrf_token": token})
    with demo.app_context():
        item_id, list_id = db.session.query(DestructionItem.id, DestructionItem.list_id).one()
    missing = records.post(f"/staff/records/items/{item_id}/exclude", data={"csrf_token": token, "reason": " "})
    assert missing.status_code == 400 and parse(missing).find(id=f"reason-{item_id}-error") is not None
    kept = records.post(f"/staff/records/items/{item_id}/exclude", data={"csrf_token": token, "reason": "소송 진행 중"})
    assert kept.status_code == 303
    records.post(f"/staff/records/lists/{list_id}/approve", data={"csrf_token": token, "expected": "0",
                                                                  "confirm": "y"})
    with demo.app_context():
        assert db.session.query(Complaint).filter_by(receipt_no=old_no).count() == 1
        assert db.session.query(DestructionItem.decision).scalar() == "excluded"
    frozen(kst(2026, 6, 1, 9))  # kept this year: not listed again before next January
    records = staff(demo, "records")  # another day, another login
    token = csrf_token_from(records.get("/staff/records"))
    records.post("/staff/records/prepare", data={"csrf_token": token})
    with demo.app_context():
        assert db.session.query(DestructionItem).count() == 1
    frozen(kst(2027, 1, 4, 9))
    records = staff(demo, "records")  # another day, another login
    token = csrf_token_from(records.get("/staff/records"))
    records.post("/staff/records/prepare", data={"csrf_token": token})
    with demo.app_context():
        assert db.session.query(DestructionItem).filter_by(decision="listed").count() == 1


def test_retention_period_is_set_per_type_in_the_type_admin(demo):
    admin = staff(demo, "admin")
    with demo.app_context():
        ctype = db.session.query(ComplaintType).filter_by(code="ROAD-DAMAGE").one()
        type_id, department_id, default = ctype.id, ctype.department_id, ctype.retention_period
    assert default == "3y"  # migration 0013: the former 1095 days
    response = post_form(admin, f"/admin/complaint-types/{type_id}/edit", {
        "name_ko": "도로 파손 신고", "name_en": "Road damage", "kind": "other", "period_spec": "3d",
        "department_id": str(department_id), "attachment_kinds": ["image"], "is_active": "y",
        "retention_period": "10y"})
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")
    with demo.app_context():
        assert db.session.get(ComplaintType, type_id).retention_period == "10y"
    assert "10년" in text_of(parse(admin.get("/admin/complaint-types")), "table")
    bad = post_form(admin, f"/admin/complaint-types/{type_id}/edit", {
        "name_ko": "도로 파손 신고", "name_en": "Road damage", "kind": "other", "period_spec": "3d",
        "department_id": str(department_id), "retention_period": "2y"})
    assert bad.status_code == 400


def test_choosing_online_checking_on_the_form_is_recorded_as_told_and_shown(demo):
    """영 제13조⑤, 제23조③ (D14): the form says, next to the choice, that progress and transfer notices are omitted;
    the 민원 records when the 민원인 was told, and the status page repeats it."""
    from tests.complaint_helpers import filed_receipt_no

    client = demo.test_client()
    form = parse(client.get("/complaints/new"))
    assert "진행상황 통지와 이송 통지는 보내지 않습니다" in form.find(id="notify_channel").get_text()
    told = filed_receipt_no(client, notify_channel="none")
    status = parse(client.get(f"/complaints/{told}"))
    assert "진행상황을 이 화면에 공개하며" in status.get_text()
    other = demo.test_client()
    by_mail = filed_receipt_no(other, notify_channel="email")
    assert "이 화면에 공개하며" not in parse(other.get(f"/complaints/{by_mail}")).get_text()
    with demo.app_context():
        rows = dict(db.session.query(Complaint.receipt_no, Complaint.online_progress_told_at))
        assert rows[told] is not None and rows[by_mail] is None
