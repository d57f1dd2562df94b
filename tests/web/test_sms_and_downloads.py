"""Smaller intake findings (issue 14.9): text messages only to mobile numbers and never worded as a mail, file
names without bidirectional controls, text downloads with one charset."""

from __future__ import annotations

import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from sqlalchemy import select

from civil_complaints.complaint_models import Attachment, Complaint
from core.extensions import db
from notifications.delivery import render_sms
from notifications.models import OutboxMessage
from notifications.services import TEMPLATES, render
from tests.complaint_helpers import complaint_form, file_complaint, filed_receipt_no
from tests.helpers import csrf_token_from, login, parse, post_form
from tests.web.test_api_v1 import API, _auth, _key, _registration
from tests.web.test_open311 import BASE, _assert_spec_error, _form, _issue_key

MOBILE_ONLY = "문자는 휴대전화 번호(010, 011, 016, 017, 018, 019)로만 보낼 수 있습니다"


def _count(app) -> int:
    with app.app_context():
        return db.session.query(Complaint).count()


def test_the_public_form_refuses_a_landline_for_text_messages_and_keeps_the_input(demo):
    client = demo.test_client()
    response = file_complaint(client, phone="02-123-4567", email=None, notify_channel="sms")
    assert response.status_code == 400
    soup = parse(response)
    assert MOBILE_ONLY in soup.find(id="phone-error").get_text()
    assert soup.find(id="phone")["value"] == "02-123-4567"
    assert _count(demo) == 0
    # A landline is still a contact when the notices go by e-mail.
    assert file_complaint(client, phone="02-123-4567", notify_channel="email").status_code == 303
    assert file_complaint(client, phone="016-123-4567", email=None, notify_channel="sms").status_code == 303


def test_staff_registration_refuses_a_landline_for_text_messages(demo):
    client = demo.test_client()
    login(client, "civil")
    data = complaint_form(type_code="PROCEDURE-QUERY", phone="02-123-4567", email=None, notify_channel="sms",
                          address=None)
    data.update({"channel": "phone", "received_on": "2026-03-02", "received_time": "10:00"})
    response = post_form(client, "/staff/complaints/register", data)
    assert response.status_code == 400
    assert MOBILE_ONLY in parse(response).find(id="phone-error").get_text()
    assert _count(demo) == 0


def test_the_staff_api_refuses_a_landline_for_text_messages(demo):
    client = demo.test_client()
    key = _key(demo, "civil")
    response = client.post(f"{API}/complaints", json=_registration(phone="02-123-4567", notify_channel="sms"),
                           headers=_auth(key))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "mobile_for_sms"
    assert MOBILE_ONLY in response.get_json()["error"]["message"]
    # Without a chosen channel, a landline alone is a contact to call, not a way to send the notices the law
    # requires (D14): the postal address is asked for, and with it the notices go by post.
    response = client.post(f"{API}/complaints", json=_registration(phone="02-123-4567"), headers=_auth(key))
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "postal_required"
    body = _registration(phone="02-123-4567", postal_code="12345", postal_address="한빛시 시청로 1")
    response = client.post(f"{API}/complaints", json=body, headers=_auth(key))
    assert response.status_code == 201, response.get_data(as_text=True)
    with demo.app_context():
        complaint = db.session.scalar(select(Complaint))
        assert complaint.notify_channel == "post" and complaint.postal_address == "한빛시 시청로 1"
        assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.channel == "sms")) is None


def test_open311_texts_only_a_mobile_number(demo):
    key = _issue_key(demo)
    client = demo.test_client()
    for phone, channel in (("02-123-4567", "none"), ("010-9876-5432", "sms")):
        response = client.post(f"{BASE}/requests.json", data=_form(key, phone=phone, email=None))
        assert response.status_code == 200, response.get_data(as_text=True)
        receipt_no = response.get_json()[0]["service_request_id"]
        with demo.app_context():
            complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))
            assert complaint.notify_channel == channel
    _assert_spec_error(client.post(f"{BASE}/requests.json", data=_form(key, phone="12", email=None)), 400)


def test_the_receipt_text_message_never_says_it_is_a_mail(demo):
    for language in ("ko", "en"):
        client = demo.test_client()
        post_form(client, "/language", {"lang": language, "next": "/"}, form_page="/")
        receipt_no = filed_receipt_no(client, email=None, notify_channel="sms")
        with demo.app_context():
            message = db.session.scalar(select(OutboxMessage)
                                        .where(OutboxMessage.idempotency_key == f"received:{receipt_no}"))
            assert message.channel == "sms" and message.recipient == "010-1234-5678"
            _subject, text = render_sms(message)
        assert receipt_no in text and "/complaints/lookup" in text
        assert "메일" not in text and "mail" not in text.lower()
    mailed = filed_receipt_no(demo.test_client())
    with demo.app_context():
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == f"received:{mailed}"))
        assert message.channel == "email" and "이 메일은 발신 전용입니다." in render(message)[1]


def test_no_text_message_of_any_template_says_it_is_a_mail():
    """Every notice to a 민원인 (templates ``complaint_*``; staff are notified by e-mail only), rendered as a text
    message would be (its .sms.txt variant, else the whole mail with ``sent_as="sms"``), whatever its branches:
    no "이 메일은" (or "메일") and no "e-mail"/"mail" wording."""
    lenient = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False)  # noqa: S701 - plain text; undefined values render empty
    names = sorted(p.name for p in Path(TEMPLATES).glob("complaint_*.txt")
                   if not p.name.endswith((".sms.txt", ".letter.txt")))  # letters go by post, never as a text
    assert any(name.startswith("complaint_received.") for name in names)
    for name in names:
        short = Path(TEMPLATES) / name.replace(".txt", ".sms.txt")
        template = lenient.get_template(short.name if short.exists() else name)
        for flags in ({}, {"refused": True, "number": 2, "paused": True, "attachments": 1, "reason": "repeated"}):
            text = template.render(sent_as="sms", **flags)
            assert "메일" not in text, name
            assert "mail" not in text.lower(), name


def _txt_upload(client, filename: str) -> str:
    page = client.get("/complaints/new")
    data = {"csrf_token": csrf_token_from(page), **complaint_form(),
            "attachments": [(io.BytesIO("현장 메모입니다.\n".encode()), filename)]}
    response = client.post("/complaints/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")
    return response.headers["Location"].split("/")[2]


def test_bidi_controls_are_stripped_from_uploaded_file_names_and_text_downloads_have_one_charset(demo):
    client = demo.test_client()
    receipt_no = _txt_upload(client, "현장\u202e\u2066메모\u200f.txt")
    with demo.app_context():
        attachment = db.session.scalar(select(Attachment))
        assert attachment.original_name == "현장메모.txt"
        attachment_id = attachment.id
    download = client.get(f"/complaints/{receipt_no}/files/{attachment_id}")
    assert download.status_code == 200 and download.data == "현장 메모입니다.\n".encode()
    assert download.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert download.headers.get_all("Content-Type") == ["text/plain; charset=utf-8"]
    assert "\u202e" not in download.headers["Content-Disposition"]
    download.close()

    officer = demo.test_client()
    login(officer, "officer")
    case_page = officer.get(f"/staff/complaints/{receipt_no}")
    assert "현장메모.txt" in case_page.get_data(as_text=True) and "\u202e" not in case_page.get_data(as_text=True)
    token = csrf_token_from(case_page)
    staff_download = officer.post(f"/staff/complaints/{receipt_no}/attachments/download",
                                  data={"csrf_token": token, "attachment_id": attachment_id,
                                        "download_reason": "현장 확인"})
    assert staff_download.status_code == 200
    assert staff_download.headers.get_all("Content-Type") == ["text/plain; charset=utf-8"]
    staff_download.close()
