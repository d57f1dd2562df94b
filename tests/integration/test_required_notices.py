"""D14: the preference picks the channel of a notice the law requires, never whether it is given; a 민원인
without e-mail or mobile number gets letters that staff print and mark sent (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from app.demo import seed_demo
from civil_complaints.attachments import IntakeError
from civil_complaints.casework import answers as answer_services
from civil_complaints.casework import services
from civil_complaints.casework import supplements as supplement_services
from civil_complaints.casework.timeline import rows as timeline_rows
from civil_complaints.complaint_models import ComplaintEvent, ComplaintType
from civil_complaints.intake.notices import queue_receipt_notice
from civil_complaints.intake.services import IntakeData, receive_complaint
from civil_complaints.letters.pdf import letter_snapshot, render_letters_pdf
from civil_complaints.letters.services import LetterError, NoticeLetter, can_dispatch, mark_sent
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from organization.errors import PermissionDenied
from tests.workflow_helpers import user
from working_calendar.cache import load_calendar

NOW = datetime(2026, 6, 8, 10, tzinfo=KST)  # Monday


@pytest.fixture
def seeded(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    return ctx


def register(tmp_path, *, channel="letter", code="ROAD-DAMAGE", **data):
    """A 민원 an officer registers (D1), with what the form gave to reach the 민원인."""
    ctype = db.session.query(ComplaintType).filter_by(code=code).one()
    values = {"title": "도로 파임", "content": "한빛대로 12 앞 도로가 파였습니다.", "name": "박우편", "consent": True,
              **data}
    complaint, _ = receive_complaint(ctype, IntakeData(**values), channel=channel, received_at=NOW, arrived_at=NOW,
                                     calendar=load_calendar(), agency_code="HB", upload_dir=tmp_path, now=NOW,
                                     registered_by_id=user("civil").id)
    queue_receipt_notice(complaint, language="ko", now=NOW)
    db.session.commit()
    return complaint


def letters(complaint) -> list[NoticeLetter]:
    return list(db.session.query(NoticeLetter).filter_by(complaint_id=complaint.id).order_by(NoticeLetter.id))


def outbox(complaint) -> list[OutboxMessage]:
    return [m for m in db.session.query(OutboxMessage).order_by(OutboxMessage.id) if complaint.receipt_no in
            m.idempotency_key]


def test_a_letter_complaint_needs_a_postal_address_when_there_is_no_email_or_mobile(seeded, tmp_path):
    with pytest.raises(IntakeError) as missing:
        register(tmp_path, notify_channel="post")
    assert (missing.value.code, missing.value.field) == ("postal_required", "postal_address")
    with pytest.raises(IntakeError) as landline:  # a landline receives no text message: the choice is refused
        register(tmp_path, notify_channel="sms", phone="02-123-4567")
    assert landline.value.code == "mobile_for_sms"
    with pytest.raises(IntakeError) as landline:  # nor does it reach the person otherwise: post is the way
        register(tmp_path, notify_channel="post", phone="02-123-4567")
    assert landline.value.code == "postal_required"
    with pytest.raises(IntakeError) as online:
        register(tmp_path, notify_channel="none", postal_address="한빛시 시청로 1")
    assert online.value.code == "online_needs_lookup"  # checking online needs a contact and a password


def test_letter_complaint_gets_its_supplement_request_and_result_as_dispatchable_letters(seeded, tmp_path):
    """영 제24조 (보완 요구) and 법 제27조 (처리결과 통지): with neither e-mail nor mobile number, by post."""
    complaint = register(tmp_path, notify_channel="post", postal_code="12345",
                         postal_address="한빛시 시청로 1 (한빛동)")
    officer = user("officer")
    services.assign(user("head"), complaint, assignee=officer, now=NOW)
    supplement_services.request_supplement(officer, complaint, request_text="사진을 보내 주십시오.", days=7,
                                           calendar=load_calendar(), now=NOW + timedelta(hours=1))
    db.session.commit()
    assert outbox(complaint) == []  # nothing could go by e-mail or text
    [request] = letters(complaint)
    assert (request.template, request.status, request.postal_code, request.postal_address) == (
        "complaint_supplement_requested", "pending", "12345", "한빛시 시청로 1 (한빛동)")
    assert request.recipient_name == "박우편"
    queued = db.session.query(ComplaintEvent).filter_by(complaint_id=complaint.id, action="letter_queued").one()
    assert not queued.is_public and json.loads(queued.detail)["template"] == "complaint_supplement_requested"

    from civil_complaints.citizen.services import submit_supplement
    submit_supplement(complaint, text="사진 보냄", uploads=[], upload_dir=tmp_path, calendar=load_calendar(),
                      now=NOW + timedelta(days=2))
    answer_services.answer(officer, complaint, text="보수를 마쳤습니다.", now=NOW + timedelta(days=3))
    db.session.commit()
    assert [letter.template for letter in letters(complaint)] == ["complaint_supplement_requested",
                                                                   "complaint_answered"]

    pdf = render_letters_pdf([letter_snapshot(letter) for letter in letters(complaint)])
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\u2060", "")
    assert len(reader.pages) == 2 and reader.metadata.title.startswith("우편 통지")
    for expected in ("12345", "한빛시 시청로 1 (한빛동)", "박우편 귀하", "민원 보완 요구서", "사진을 보내 주십시오.",
                     "민원 처리결과 통지서", "보수를 마쳤습니다.", complaint.receipt_no, "김담당", "031-000-2111",
                     "2026. 6. 8.", "우편으로 보내시거나 방문하여"):
        assert expected in text, expected
    assert "complaints/lookup" not in text  # a letter does not send them to a page they cannot open


def test_staff_mark_letters_sent_and_the_date_is_in_the_history(seeded, tmp_path):
    complaint = register(tmp_path, notify_channel="post", postal_address="한빛시 시청로 1")
    officer = user("officer")
    supplement_services.request_supplement(officer, complaint, request_text="서류", days=7, calendar=load_calendar(),
                                           now=NOW)
    db.session.commit()
    [letter] = letters(complaint)
    assert can_dispatch(officer, complaint) and not can_dispatch(user("officer2"), complaint)
    assert not can_dispatch(user("auditor"), complaint)
    with pytest.raises(PermissionDenied):
        mark_sent(user("officer2"), letter, sent_on=date(2026, 6, 8), now=NOW)
    with pytest.raises(LetterError) as future:
        mark_sent(officer, letter, sent_on=date(2026, 6, 9), now=NOW + timedelta(hours=2))
    assert future.value.code == "sent_in_future"
    with pytest.raises(LetterError) as early:
        mark_sent(officer, letter, sent_on=date(2026, 6, 5), now=NOW + timedelta(hours=2))
    assert early.value.code == "sent_before_issue"
    mark_sent(officer, letter, sent_on=date(2026, 6, 8), now=NOW + timedelta(hours=2))
    db.session.commit()
    assert (letter.status, letter.sent_on, letter.sent_by_id) == ("sent", date(2026, 6, 8), officer.id)
    with pytest.raises(LetterError):
        mark_sent(officer, letter, sent_on=date(2026, 6, 8), now=NOW + timedelta(hours=3))
    with seeded.test_request_context("/"):
        public = [row for row in timeline_rows(complaint, public=True) if row.action == "letter_sent"]
        assert [(row.label, row.lines) for row in public] == [
            ("통지서 우편 발송", ["보완 요구를 2026. 6. 8.에 우편으로 발송했습니다."])]
        staff = [row.action for row in timeline_rows(complaint, public=False)]
        assert staff.index("letter_queued") < staff.index("letter_sent")


def test_dispatch_unit_may_post_every_departments_letters(seeded, tmp_path, monkeypatch):
    monkeypatch.setitem(seeded.config, "LETTER_DISPATCH_DEPARTMENTS", "HB-CIVIL")
    complaint = register(tmp_path, notify_channel="post", postal_address="한빛시 시청로 1")
    assert complaint.department.code != "HB-CIVIL"
    assert can_dispatch(user("civil"), complaint)  # the 민원실's officer
    assert not can_dispatch(user("reviewer"), complaint)  # reads every 민원 but handles none


def test_none_preference_with_an_email_still_gets_required_notices_by_email(seeded, tmp_path):
    """D14: "알림 받지 않음" used to suppress 보완 요구 (영 제24조), 연장 (영 제21조③) and the result (법 제27조)."""
    complaint = register(tmp_path, channel="visit", code="PROCEDURE-QUERY", notify_channel="none",
                         email="quiet@example.kr", lookup_password="abcd1234")
    assert complaint.online_progress_told_at is None  # IntakeData.told_online: only the form that told them
    officer = user("civil")  # 민원여권과, which handles PROCEDURE-QUERY (7일)
    calendar = load_calendar()
    services.extend(officer, complaint, period_spec="7d", ground="FACT_OR_SITE_CHECK",
                    reason_text="현장 확인이 필요합니다.", consent_recorded=False, consent_note=None,
                    calendar=calendar, now=NOW + timedelta(hours=1))
    supplement_services.request_supplement(officer, complaint, request_text="서류", days=7, calendar=calendar,
                                           now=NOW + timedelta(hours=2))
    db.session.commit()
    templates = [(m.template, m.channel, m.recipient) for m in outbox(complaint)]
    assert templates == [("complaint_extended", "email", "quiet@example.kr"),
                         ("complaint_supplement_requested", "email", "quiet@example.kr")]
    assert letters(complaint) == []  # not the receipt notice: optional, and they chose none


def test_transfer_notice_is_omitted_only_when_told_in_advance(seeded, tmp_path):
    """영 제13조⑤: the notice of a transfer to another agency may be omitted only after telling the 민원인 in
    advance that progress is published online; the omission is recorded with its basis."""
    told = register(tmp_path, channel="visit", notify_channel="none", email="told@example.kr",
                    lookup_password="abcd1234", told_online=True)
    not_told = register(tmp_path, channel="visit", notify_channel="none", email="nottold@example.kr",
                        lookup_password="abcd1234")
    for complaint in (told, not_told):
        services.transfer_to_agency(user("officer"), complaint, agency="경기도청", reason="도 소관",
                                    calendar=load_calendar(), now=NOW + timedelta(hours=1))
    db.session.commit()
    assert told.online_progress_told_at == NOW
    assert [m.template for m in outbox(told)] == []
    omitted = db.session.query(ComplaintEvent).filter_by(complaint_id=told.id, action="notice_omitted").one()
    assert json.loads(omitted.detail) == {"template": "complaint_transferred", "basis": "법 제16조①, 영 제13조③⑤"}
    assert [(m.template, m.recipient) for m in outbox(not_told)] == [("complaint_transferred", "nottold@example.kr")]
