"""내 민원's one-time codes (civil_complaints/citizen/access_codes.py), with the `now` given: a code works once,
expires, is limited per contact and per client address, dies after wrong tries, and a contact nobody filed with
gets a row like any other but no message. Only hashes are stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from civil_complaints.citizen.access_codes import CitizenAccessCode, CodeRefused, request_code, verify_code
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.contact_codes import clean_code, normalise_contact
from core.extensions import db
from notifications.models import OutboxMessage
from tests.complaint_helpers import filed_receipt_no

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
EMAIL = "kim.code@example.kr"


@pytest.fixture
def filed(demo):
    """Two 민원 filed with EMAIL (one with the phone only of someone else), in an app context."""
    client = demo.test_client()
    first = filed_receipt_no(client, email=EMAIL, phone=None, title="첫 번째 민원")
    second = filed_receipt_no(client, email="Kim.Code@Example.kr", phone="010-7777-8888", title="두 번째 민원")
    other = filed_receipt_no(client, email="someone.else@example.kr", phone=None, title="다른 사람 민원")
    with demo.app_context():
        yield {"mine": (first, second), "other": other}
        db.session.remove()


def _ask(contact: str = EMAIL, *, at: datetime = NOW, client: str = "10.0.0.1") -> CitizenAccessCode:
    row = request_code(contact, client_address=client, language="ko", now=at)
    db.session.commit()
    return row


def _sent_code(row: CitizenAccessCode) -> str | None:
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == f"access-code:{row.id}"))
    return json.loads(message.payload)["code"] if message else None


def _receipts(granted) -> set[str]:
    return set(db.session.scalars(select(Complaint.receipt_no).where(Complaint.id.in_(granted.complaint_ids))))


def test_a_code_opens_the_contacts_complaints_once(filed):
    row = _ask(" KIM.code@example.KR ")  # typed differently from both filings
    code = _sent_code(row)
    assert code is not None and len(code) == 6
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == f"access-code:{row.id}"))
    assert (message.channel, message.recipient) == ("email", EMAIL)
    assert code not in row.code_hash and EMAIL not in row.contact_key  # hashes only
    granted = verify_code(EMAIL, code, now=NOW + timedelta(minutes=3))
    db.session.commit()
    assert granted is not None and _receipts(granted) == set(filed["mine"])  # not someone else's
    assert granted.until == NOW + timedelta(minutes=33)
    assert verify_code(EMAIL, code, now=NOW + timedelta(minutes=4)) is None  # used up


def test_a_code_expires(filed):
    code = _sent_code(_ask())
    assert verify_code(EMAIL, code, now=NOW + timedelta(minutes=10)) is None
    fresh = _sent_code(_ask(at=NOW + timedelta(minutes=11)))
    assert verify_code(EMAIL, fresh, now=NOW + timedelta(minutes=20)) is not None


def test_wrong_tries_exhaust_a_code(filed):
    code = _sent_code(_ask())
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert verify_code(EMAIL, wrong, now=NOW + timedelta(minutes=1)) is None
    db.session.commit()
    assert verify_code(EMAIL, code, now=NOW + timedelta(minutes=2)) is None  # dead after 5 wrong tries


def test_codes_are_limited_per_contact_and_per_client(filed):
    for minute in range(3):
        _ask(at=NOW + timedelta(minutes=minute), client=f"10.0.0.{minute}")
    with pytest.raises(CodeRefused) as refused:
        _ask(at=NOW + timedelta(minutes=5), client="10.0.0.9")
    assert refused.value.code == "too_many" and refused.value.retry_minutes == 10
    db.session.rollback()
    _ask(at=NOW + timedelta(minutes=15, seconds=1), client="10.0.0.9")  # the first has left the window
    for n in range(10):  # another client address: 10 per hour over any contacts
        _ask(f"someone{n}@example.kr", at=NOW + timedelta(minutes=n), client="10.9.9.9")
    with pytest.raises(CodeRefused):
        _ask("another@example.kr", at=NOW + timedelta(minutes=30), client="10.9.9.9")


def test_an_unknown_contact_gets_a_row_but_no_message_and_never_a_match(filed):
    before = db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    row = _ask("nobody@example.kr")
    assert db.session.get(CitizenAccessCode, row.id) is not None
    assert db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1)) == before
    for _ in range(2):  # the same limit as for a known contact
        _ask("nobody@example.kr")
    with pytest.raises(CodeRefused):
        _ask("nobody@example.kr")


def test_a_phone_gets_the_code_by_text_message(filed):
    row = _ask("+82 10 7777 8888")
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == f"access-code:{row.id}"))
    assert (message.channel, message.recipient) == ("sms", "01077778888")
    granted = verify_code("010-7777-8888", _sent_code(row), now=NOW)
    assert _receipts(granted) == {filed["mine"][1]}


def test_contacts_and_codes_are_normalised():
    assert normalise_contact("010 1234-5678") == normalise_contact("+82-10-1234-5678")
    assert normalise_contact("Hong@Example.KR").value == "hong@example.kr"
    assert normalise_contact("hello") is None and normalise_contact("12") is None
    assert clean_code(" 123 456 ") == "123456" and clean_code("12345") is None and clean_code("１２３４５６") is None
