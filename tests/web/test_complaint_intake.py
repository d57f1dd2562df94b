"""Citizens file a 민원 without an account, get a receipt, look it up, supplement, withdraw and rate it."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from civil_complaints.complaint_models import Complaint, ComplaintEvent
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from tests.complaint_helpers import PNG, complaint_form, file_complaint, filed_receipt_no, staff_answer
from tests.helpers import csrf_token_from, login, parse, post_form, text_of


def _count(app) -> int:
    with app.app_context():
        return db.session.query(Complaint).count()


def test_form_is_korean_accessible_and_explains_consent(demo):
    soup = parse(demo.test_client().get("/complaints/new"))
    assert text_of(soup, "h1") == "민원 신청"
    for control in soup.select("form.complaint-form input:not([type=hidden]), form.complaint-form select, "
                               "form.complaint-form textarea"):
        if control.get("name") == "website":
            continue
        assert soup.find("label", attrs={"for": control["id"]}), control.get("name")
    consent = soup.select_one(".consent-table").get_text()
    for words in ("처리 목적", "수집 항목", "보유 기간", "동의 거부 권리"):
        assert words in consent
    options = [o.get_text() for o in soup.select("#type_code option")]
    assert any("도로 파손 신고" in o and "3일" in o for o in options)


def test_filing_with_an_attachment_gives_a_receipt_and_queues_mail(demo):
    client = demo.test_client()
    response = file_complaint(client, files=[("사진.png", PNG)])
    assert response.status_code == 303
    receipt_no = response.headers["Location"].split("/")[2]
    assert re.fullmatch(r"HB-\d{4}-\d{6}", receipt_no)
    soup = parse(client.get(response.headers["Location"]))
    assert text_of(soup, ".receipt-no") == receipt_no
    assert "처리기한" in soup.select_one(".result-panel").get_text()
    assert "도로과" in soup.get_text() and "031-000-2100" in soup.get_text()
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        assert complaint.received_at == complaint.arrived_at and complaint.channel == "web"
        assert complaint.due_at > complaint.received_at and complaint.calendar_revision
        attachment = complaint.attachments[0]
        stored = Path(demo.config["UPLOAD_DIR"]).rglob(attachment.stored_name)
        path = next(stored)
        assert path.read_bytes() == PNG and attachment.original_name == "사진.png"
        assert "static" not in str(path)
        message = db.session.query(OutboxMessage).one()
        subject, body = render(message)
        assert message.recipient == "hong@example.kr" and receipt_no in subject and "접수" in subject
        assert "처리기한" in body


def test_invalid_input_keeps_what_was_typed_and_saves_nothing(demo):
    client = demo.test_client()
    response = file_complaint(client, title="", consent=None, phone="12", files=[("사진.png", PNG)])
    soup = parse(response)
    assert response.status_code == 400
    assert "제목을 입력하세요" in soup.find(id="title-error").get_text()
    assert "동의" in soup.find(id="consent-error").get_text()
    assert "010-1234-5678과 같은 형식" in soup.find(id="phone-error").get_text()
    assert soup.find(id="content").get_text().strip() == "한빛대로 12 앞 도로가 크게 파였습니다."
    assert soup.find(id="name")["value"] == "홍길동" and soup.find(id="email")["value"] == "hong@example.kr"
    assert "파일을 다시 선택해야 합니다" in soup.get_text()
    assert soup.select_one(".app-error-summary") is not None
    assert _count(demo) == 0


def test_file_whose_content_does_not_match_is_refused_and_not_kept(demo):
    client = demo.test_client()
    before = {p for p in Path(demo.config["UPLOAD_DIR"]).rglob("*") if p.is_file()}
    fake_pdf = b"MZ\x90\x00 this is a windows program"
    response = file_complaint(client, files=[("사진.png", PNG), ("계약서.pdf", fake_pdf)])
    assert response.status_code == 400
    assert "파일 내용이 확장자와 맞지 않습니다" in parse(response).find(id="attachments-error").get_text()
    assert _count(demo) == 0
    assert {p for p in Path(demo.config["UPLOAD_DIR"]).rglob("*") if p.is_file()} == before


def test_honeypot_and_csrf(demo):
    client = demo.test_client()
    assert file_complaint(client, website="http://spam.example").status_code == 400
    assert client.post("/complaints/new", data={"title": "x"}).status_code == 400
    # A complete, valid filing with a forged or missing token: refused by the CSRF check, nothing written; the
    # form comes back with what was typed (an expired session looks the same, see test_nothing_typed_is_lost).
    client.get("/complaints/new")
    for token in ("forged", None):
        data = {**complaint_form(), **({"csrf_token": token} if token else {})}
        refused = client.post("/complaints/new", data=data, content_type="multipart/form-data")
        soup = parse(refused)
        assert refused.status_code == 400 and "세션이 만료되어" in soup.select_one("#filing-notice").get_text()
        assert soup.find(id="title")["value"] == "도로가 파였어요"
    assert _count(demo) == 0


def test_joint_complaint_needs_five_people(demo):
    client = demo.test_client()
    few = file_complaint(client, is_joint="y", co_signers="김가\n이나")
    assert few.status_code == 400 and "4명 이상" in parse(few).find(id="co_signers-error").get_text()
    receipt_no = filed_receipt_no(client, is_joint="y", co_signers="김가\n이나\n박다\n최라")
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        assert complaint.is_joint and [s.name for s in complaint.signers] == ["김가", "이나", "박다", "최라"]


def test_receipt_and_status_are_private_to_the_filer(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    stranger = demo.test_client()
    assert stranger.get(f"/complaints/{receipt_no}/receipt").status_code == 404
    assert stranger.get(f"/complaints/{receipt_no}").status_code == 404
    assert stranger.get("/complaints/HB-0000-999999").status_code == 404


@pytest.mark.parametrize(
    ("receipt", "contact", "password"),
    [("HB-2611-999999", "010-1234-5678", "abcd1234"), (None, "010-9999-9999", "abcd1234"),
     (None, "010-1234-5678", "wrong-password"), ("not a number", "x", "y")],
    ids=["unknown-number", "wrong-contact", "wrong-password", "garbage"],
)
def test_lookup_failures_all_look_the_same(demo, receipt, contact, password):
    receipt_no = filed_receipt_no(demo.test_client())
    client = demo.test_client()
    response = post_form(client, "/complaints/lookup",
                         {"receipt_no": receipt or receipt_no, "contact": contact, "password": password})
    assert response.status_code == 400
    assert "입력한 정보와 일치하는 민원이 없습니다" in text_of(parse(response), "#lookup-error")
    assert client.get(f"/complaints/{receipt_no}").status_code == 404


def test_lookup_by_phone_or_email_then_status(demo):
    receipt_no = filed_receipt_no(demo.test_client())
    for contact in ("01012345678", "HONG@example.kr"):
        client = demo.test_client()
        response = post_form(client, "/complaints/lookup", {"receipt_no": receipt_no.lower(), "contact": contact,
                                                            "password": "abcd1234"})
        assert response.status_code == 303
        soup = parse(client.get(response.headers["Location"]))
        assert "접수" in text_of(soup, ".badge") and "민원 접수" in soup.select_one(".timeline").get_text()


def test_withdrawal(demo):
    client = demo.test_client()
    receipt_no = filed_receipt_no(client)
    refused = post_form(client, f"/complaints/{receipt_no}/withdraw", {"reason": "해결됨"},
                        form_page=f"/complaints/{receipt_no}")
    assert refused.status_code == 400
    response = post_form(client, f"/complaints/{receipt_no}/withdraw", {"reason": "해결됨", "confirm": "y"},
                         form_page=f"/complaints/{receipt_no}")
    assert response.status_code == 303
    soup = parse(client.get(f"/complaints/{receipt_no}"))
    assert text_of(soup, ".badge") == "취하" and soup.select_one(".withdraw-panel") is None


def test_rating_only_after_answer_and_only_once(demo):
    client = demo.test_client()
    receipt_no = filed_receipt_no(client)
    early = post_form(client, f"/complaints/{receipt_no}/satisfaction", {"rating": "satisfied"},
                      form_page=f"/complaints/{receipt_no}")
    assert early.status_code == 303
    assert "답변을 받은 뒤에" in parse(client.get(f"/complaints/{receipt_no}")).get_text()
    assert staff_answer(demo, receipt_no).status_code == 303
    soup = parse(client.get(f"/complaints/{receipt_no}"))
    assert "보수를 마쳤습니다." in text_of(soup, ".answer-text") and "김담당" in text_of(soup, ".answer-meta")
    assert post_form(client, f"/complaints/{receipt_no}/satisfaction", {"rating": "satisfied", "comment": "빨라요"},
                     form_page=f"/complaints/{receipt_no}").status_code == 303
    again = post_form(client, f"/complaints/{receipt_no}/satisfaction", {"rating": "dissatisfied"},
                      form_page=f"/complaints/{receipt_no}")
    assert again.status_code in (303, 400)
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        assert complaint.satisfaction.rating == "satisfied"


def test_supplement_pauses_and_resumes_the_clock(demo):
    citizen = demo.test_client()
    receipt_no = filed_receipt_no(citizen, type_code="PROCEDURE-QUERY", address=None)
    officer = demo.test_client()
    login(officer, "officer2")  # 자원순환과: not the responsible department
    assert officer.get(f"/staff/complaints/{receipt_no}").status_code == 403
    from tests.helpers import login as login_as

    civil = demo.test_client()
    login_as(civil, "auditor")
    page = civil.get(f"/staff/complaints/{receipt_no}")
    assert page.status_code == 200
    token = csrf_token_from(page)
    assert civil.post(f"/staff/complaints/{receipt_no}/answer", data={"csrf_token": token, "text": "x"}
                      ).status_code == 403
    with demo.app_context():
        from civil_complaints.casework.supplements import request_supplement
        from civil_complaints.complaint_models import ComplaintPause
        from organization.models import User
        from working_calendar.cache import load_calendar

        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        head_of_civil = User(login_id="civil.head", display_name="민원과장", password_hash="x",
                             department_id=complaint.department_id, created_at=complaint.created_at)
        from organization.models import UserRole

        head_of_civil.role_rows = [UserRole(role="officer")]
        db.session.add(head_of_civil)
        db.session.flush()
        request_supplement(head_of_civil, complaint, request_text="위치 사진을 보내 주세요.", days=7,
                           calendar=load_calendar(), now=complaint.received_at)
        db.session.commit()
        due_before = complaint.due_at
    soup = parse(citizen.get(f"/complaints/{receipt_no}"))
    assert "위치 사진을 보내 주세요." in text_of(soup, ".supplement-request")
    response = post_form(citizen, f"/complaints/{receipt_no}/supplement", {"text": "사진 첨부합니다."},
                         form_page=f"/complaints/{receipt_no}")
    assert response.status_code == 303
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        pause = db.session.query(ComplaintPause).filter_by(complaint_id=complaint.id).one()
        assert pause.end_on is not None and complaint.status == "in_progress"
        assert complaint.due_at >= due_before
        assert [e.action for e in complaint.events] == ["received", "supplement_requested", "supplemented"]


def test_citizen_asks_twice_for_more_time_to_supplement_decree_24_2(demo):
    """영 제24조②: the 기한 moves by the days asked for (민법 counting), the clock stays paused, the officer is told;
    a third request is refused; bad input is explained and kept."""
    from datetime import date

    from civil_complaints.casework.supplements import request_supplement
    from civil_complaints.complaint_models import ComplaintPause
    from organization.models import User
    from working_calendar.cache import load_calendar

    citizen = demo.test_client()
    receipt_no = filed_receipt_no(citizen, type_code="ROAD-DAMAGE")
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        officer = db.session.query(User).filter_by(login_id="officer").one()
        request = request_supplement(officer, complaint, request_text="사진을 보내 주세요.", days=7,
                                     calendar=load_calendar(), now=complaint.received_at)
        db.session.commit()
        first_by, due_before = request.respond_by, complaint.due_at
    page = f"/complaints/{receipt_no}"
    stranger = demo.test_client()  # no lookup grant in this session: the 민원 does not exist for it
    stranger_token = csrf_token_from(stranger.get("/complaints/lookup"))
    assert stranger.post(f"{page}/supplement-time", data={"csrf_token": stranger_token, "days": "5"}
                         ).status_code == 404
    bad = post_form(citizen, f"{page}/supplement-time", {"days": "45", "reason": "출장 중"}, form_page=page)
    assert bad.status_code == 400
    soup = parse(bad)
    assert "1일에서 30일 사이로 요청해 주세요" in text_of(soup, "#error-summary")
    assert soup.select_one("#supplement-time-days")["value"] == "45"
    assert soup.select_one("#supplement-time-reason")["value"] == "출장 중"
    assert post_form(citizen, f"{page}/supplement-time", {"days": "10", "reason": "출장 중"},
                     form_page=page).status_code == 303
    with demo.app_context():
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        pause = db.session.query(ComplaintPause).filter_by(complaint_id=complaint.id).one()
        calendar = load_calendar()
        expected = first_by + timedelta(days=10)
        while not calendar.is_working_day(expected):
            expected += timedelta(days=1)  # 민법 제161조: an end on a Saturday or 공휴일 rolls forward
        assert pause.respond_by == expected and pause.end_on is None and complaint.due_at == due_before
        notices = db.session.query(OutboxMessage).filter_by(template="staff_supplement_time_extended").all()
        assert {n.recipient for n in notices} == {"officer@hanbit.example.go.kr", "head@hanbit.example.go.kr"}
        subject, body = render(notices[0])  # unassigned: the department's officers
        assert subject == f"[한빛시] 보완 기간 연장 요청: {receipt_no}" and "10일을 더 요청" in body
    soup = parse(citizen.get(page))
    assert "민원인 요청으로 보완 기간 연장" in soup.get_text() and "1번 더 요청할 수 있습니다" in soup.get_text()
    assert post_form(citizen, f"{page}/supplement-time", {"days": "3"}, form_page=page).status_code == 303
    soup = parse(citizen.get(page))
    assert soup.select_one(".supplement-time") is None  # twice is the limit
    token = csrf_token_from(citizen.get(page))
    third = citizen.post(f"{page}/supplement-time", data={"csrf_token": token, "days": "3"})
    assert third.status_code == 303
    assert "두 번까지만" in parse(citizen.get(page)).get_text()
    with demo.app_context():
        assert isinstance(first_by, date)
        events = db.session.query(ComplaintEvent).filter_by(action="supplement_time_extended").count()
        assert events == 2
