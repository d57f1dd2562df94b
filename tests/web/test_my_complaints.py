"""내 민원 through the real pages: a code asked for a contact (the same page whether or not anybody filed with it),
entered, the list of that contact's 민원 only, the status page with what was filed, the 처리결과 통지서 PDF (read with
pypdf), the access log, and the 재민원 after a 불만족 rating."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

from pypdf import PdfReader
from sqlalchemy import func, select

from civil_complaints.complaint_models import Complaint
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from organization.access_log import PersonalDataAccess
from tests.complaint_helpers import PNG, filed_receipt_no
from tests.helpers import csrf_token_from, parse, post_form, text_of
from tests.web.test_case_workflow import post_action, staff

EMAIL = "lee.mine@example.kr"


def _outbox_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def _last_code(app) -> str:
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "citizen_access_code")
                                    .order_by(OutboxMessage.id.desc()).limit(1))
        return json.loads(message.payload)["code"]


def _ask_code(client, contact: str):
    response = post_form(client, "/complaints/mine", {"contact": contact})
    assert response.status_code == 303 and response.headers["Location"] == "/complaints/mine/code"
    return parse(client.get("/complaints/mine/code"))


def _open_mine(demo, client, contact: str = EMAIL):
    _ask_code(client, contact)
    response = post_form(client, "/complaints/mine/code", {"code": _last_code(demo)})
    assert response.status_code == 303
    return client.get("/complaints/mine")


def test_an_unknown_contact_gets_the_same_page_and_no_message(demo):
    filed_receipt_no(demo.test_client(), email=EMAIL)
    before = _outbox_count(demo)
    unknown = _ask_code(demo.test_client(), "nobody@example.kr")
    assert _outbox_count(demo) == before
    known = _ask_code(demo.test_client(), EMAIL)
    assert _outbox_count(demo) == before + 1
    lead = "{contact}로 신청한 민원이 있으면 6자리 인증번호를 보냈습니다"
    assert lead.format(contact="no****@example.kr") in text_of(unknown, ".page-lead")
    assert lead.format(contact="le******@example.kr") in text_of(known, ".page-lead")
    assert [h.get_text() for h in unknown.select("h1, label")] == [h.get_text() for h in known.select("h1, label")]


def test_a_code_lists_only_the_contacts_complaints_and_opens_them(demo):
    filer = demo.test_client()
    mine = filed_receipt_no(filer, email=EMAIL, title="우리 집 앞 가로등", files=[("사진.png", PNG)])
    other = filed_receipt_no(filer, email="other.person@example.kr", title="남의 민원")
    citizen = demo.test_client()  # another browser: the receipt number was lost
    assert citizen.get(f"/complaints/{mine}").status_code == 404
    _ask_code(citizen, EMAIL)
    wrong = post_form(citizen, "/complaints/mine/code", {"code": "12345x"})
    assert wrong.status_code == 400 and "인증번호" in text_of(parse(wrong), "#error-summary")
    listing = _open_mine(demo, citizen)
    assert listing.status_code == 200
    table = parse(listing).find(id="my-complaints")
    assert mine in table.get_text() and "우리 집 앞 가로등" in table.get_text() and other not in table.get_text()
    assert re.search(r"\d{4}\. \d{1,2}\. \d{1,2}\.", table.get_text())  # the received date in Korean format
    status = citizen.get(f"/complaints/{mine}")
    assert status.status_code == 200
    soup = parse(status)
    filed = soup.find(id="what-you-filed")
    assert "우리 집 앞 가로등" in filed.get_text() and "한빛대로 12 앞 도로가 크게 파였습니다." in filed.get_text()
    file_link = filed.find("a", string="사진.png")
    download = citizen.get(file_link["href"])
    assert download.data == PNG
    download.close()
    links = {a["href"] for a in soup.find(id="status-documents").find_all("a")}
    assert {f"/complaints/{mine}/receipt", f"/complaints/{mine}/receipt.pdf"} <= links
    assert citizen.get(f"/complaints/{other}").status_code == 404  # someone else's
    with demo.app_context():
        entries = db.session.scalars(select(PersonalDataAccess).where(PersonalDataAccess.user_id.is_(None))).all()
        assert {(e.subject.split()[0], e.action, e.reason) for e in entries} == {(mine, "view", "citizen:code")}
    assert citizen.get(f"/complaints/{mine}/result.pdf").status_code == 404  # no result yet
    post_form(citizen, "/complaints/mine/end", {}, form_page="/complaints/mine")
    assert citizen.get(f"/complaints/{mine}").status_code == 404


def _refuse(demo, receipt_no: str) -> None:
    response = post_action(staff(demo, "head"), receipt_no, "answer", {
        "text": "신청하신 도로점용은 허가할 수 없습니다.", "outcome": "refused",
        "refusal_reasons": "보행자 통행에 지장을 줍니다.", "remedies": "행정심판을 청구할 수 있습니다 (90일 이내)."})
    assert response.status_code == 303


def test_the_notice_of_the_result_as_a_pdf(demo, frozen):
    frozen(datetime(2026, 12, 7, 10, tzinfo=KST))
    citizen = demo.test_client()
    receipt_no = filed_receipt_no(citizen, type_code="ROAD-OCCUPANCY", email=EMAIL, title="행사용 도로점용")
    _refuse(demo, receipt_no)
    assert demo.test_client().get(f"/complaints/{receipt_no}/result.pdf").status_code == 404  # another browser
    response = citizen.get(f"/complaints/{receipt_no}/result.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "%EC%B2%98%EB%A6%AC%EA%B2%B0%EA%B3%BC" in response.headers["Content-Disposition"]  # 처리결과통지서-…
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages))
    for expected in ("민원 처리결과 통지서", receipt_no, "행사용 도로점용", "거부",
                     "신청하신 도로점용은 허가할 수 없습니다.", "보행자 통행에 지장을 줍니다.",
                     "행정심판을 청구할 수 있습니다", "이의신청", "2027. 2. 5.",
                     "도로과", "박과장", "031-000-2101"):
        assert expected in text, expected
    assert EMAIL not in text and "홍길동" not in text  # the name only masked, no contact details
    with demo.app_context():
        entry = db.session.scalar(select(PersonalDataAccess).where(PersonalDataAccess.action == "download"))
        assert entry.user_id is None and entry.reason == "citizen:receipt" and entry.subject.startswith(receipt_no)
    status = parse(citizen.get(f"/complaints/{receipt_no}"))
    assert status.find(id="result-pdf-link") is not None


def test_after_a_dissatisfied_rating_the_citizen_can_ask_again_or_object(demo, frozen):
    frozen(datetime(2026, 12, 7, 10, tzinfo=KST))
    citizen = demo.test_client()
    first = filed_receipt_no(citizen, type_code="ROAD-OCCUPANCY", email=EMAIL, title="행사용 도로점용")
    _refuse(demo, first)
    assert parse(citizen.get(f"/complaints/{first}")).find(id="next-steps") is None
    post_form(citizen, f"/complaints/{first}/satisfaction", {"rating": "dissatisfied"},
              form_page=f"/complaints/{first}")
    steps = parse(citizen.get(f"/complaints/{first}")).find(id="next-steps")
    assert "2027. 2. 5.까지" in steps.get_text() and "이의신청" in steps.get_text()
    form_page = citizen.get(steps.find(id="ask-again-link")["href"])
    form = parse(form_page)
    assert form.find("input", attrs={"name": "follows"})["value"] == first
    assert form.find(id="title")["value"] == "[재민원] 행사용 도로점용"
    objection = parse(citizen.get(steps.find(id="objection-link")["href"]))
    assert objection.find(id="title")["value"] == "[이의신청] 행사용 도로점용"
    data = {"csrf_token": csrf_token_from(form_page), "filing_token": form.find("input", attrs={
        "name": "filing_token"})["value"], "type_code": "ROAD-OCCUPANCY", "title": "[재민원] 행사용 도로점용",
            "content": "다시 검토해 주세요.", "name": "홍길동", "email": EMAIL, "notify_channel": "email",
            "lookup_password": "abcd1234", "consent": "y", "follows": first}
    response = citizen.post("/complaints/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    second = response.headers["Location"].split("/")[2]
    with demo.app_context():
        rows = {c.receipt_no: c for c in db.session.scalars(select(Complaint))}
        assert rows[second].follows_complaint_id == rows[first].id
    assert first in text_of(parse(citizen.get(f"/complaints/{second}")), "#follows-note")
    assert second in text_of(parse(citizen.get(f"/complaints/{first}")), "#followed-up-note")
    case = parse(staff(demo, "head").get(f"/staff/complaints/{second}"))
    assert case.find(id="follows-link").find("a")["href"] == f"/staff/complaints/{first}"
    stranger = demo.test_client()  # a number this browser may not open is not followed up
    page = stranger.get(f"/complaints/new?follows={first}")
    assert parse(page).find("input", attrs={"name": "follows"}) is None
    data.update(csrf_token=csrf_token_from(page), filing_token=parse(page).find("input", attrs={
        "name": "filing_token"})["value"])
    third = stranger.post("/complaints/new", data=data, content_type="multipart/form-data")
    with demo.app_context():
        third_no = third.headers["Location"].split("/")[2]
        made = db.session.scalar(select(Complaint).where(Complaint.receipt_no == third_no))
        assert made.follows_complaint_id is None
