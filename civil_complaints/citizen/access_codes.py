"""내 민원: a one-time code, sent through the outbox to the phone or e-mail a 민원인 filed with, proves they control
it and opens every 민원 filed with that contact for a while, the receipt numbers forgotten or not.

Nothing here tells whether anybody filed with a contact: a contact without 민원 gets a row like any other (its code
can never match, and no message is sent), so the rate limits, the page and the timing are the same. Only hashes are
stored — the contact as an HMAC under the app secret, the code as an HMAC of the contact's key and the code — never
the contact or the code itself. A code expires (CITIZEN_CODE_MINUTES), works once, and dies after
CITIZEN_CODE_MAX_TRIES wrong tries; codes are limited per contact and per client address
(CITIZEN_CODE_CONTACT_RATE_LIMIT, CITIZEN_CODE_CLIENT_RATE_LIMIT: windows written as the rate limits of
core/ratelimit.py, counted here over the stored rows, sliding, with the `now` given).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Index, String, delete, func, or_, select
from sqlalchemy.orm import Mapped, mapped_column

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.contact_codes import Contact, clean_code, new_code, normalise_contact
from civil_complaints.domain.contacts import national_digits
from core.db_types import UTCDateTime
from core.extensions import db
from core.ratelimit import parse_limits
from notifications.services import enqueue

#: at most this many 민원 (the newest) are opened by one code
MAX_LISTED = 100
KEEP_ROWS = timedelta(days=2)  # longer than the longest window a limit is likely to have (a day)


class CitizenAccessCode(db.Model):
    """One code asked for (sent only when some 민원 has the contact); hashes only."""

    __tablename__ = "citizen_access_codes"
    __table_args__ = (Index("ix_citizen_access_codes_contact", "contact_key", "created_at"),
                      Index("ix_citizen_access_codes_client", "client_address", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    #: HMAC-SHA256 (app secret) of the normalised contact ("email:hong@example.kr", "phone:01012345678")
    contact_key: Mapped[str] = mapped_column(String(64))
    #: HMAC-SHA256 of the contact key and the code; for a contact without 민원 a value no code matches
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: wrong codes entered while this one was live
    tries: Mapped[int] = mapped_column(default=0)
    client_address: Mapped[str] = mapped_column(String(45))


class CodeRefused(Exception):
    """A code cannot be asked for now: `code` is "contact_invalid" or "too_many" (then `retry_minutes`)."""

    def __init__(self, code: str, retry_minutes: int = 0) -> None:
        super().__init__(code)
        self.code, self.retry_minutes = code, retry_minutes


@dataclass(frozen=True)
class Granted:
    """A correct code: the ids of the contact's 민원 (newest first) and until when they may be opened."""

    complaint_ids: tuple[int, ...]
    until: datetime


def _secret() -> bytes:
    return current_app.config["SECRET_KEY"].encode()


def contact_key(contact: Contact) -> str:
    return hmac.new(_secret(), f"citizen-contact:{contact.key_text}".encode(), hashlib.sha256).hexdigest()


def _code_hash(key: str, code: str) -> str:
    return hmac.new(_secret(), f"citizen-code:{key}:{code}".encode(), hashlib.sha256).hexdigest()


def complaints_with(contact: Contact) -> list[Complaint]:
    """The 민원 filed with this contact, newest first (at most MAX_LISTED)."""
    if contact.kind == "email":
        query = select(Complaint).where(func.lower(Complaint.complainant_email) == contact.value)
        return list(db.session.scalars(query.order_by(Complaint.received_at.desc(), Complaint.id.desc())
                                       .limit(MAX_LISTED)))
    stripped = Complaint.complainant_phone
    for separator in ("-", " ", ".", "(", ")"):
        stripped = func.replace(stripped, separator, "")
    tail = contact.value[1:]  # "+821012345678" and "01012345678" both end in "1012345678"
    candidates = db.session.scalars(select(Complaint).where(or_(stripped == contact.value,
                                                                stripped.like(f"%{tail}")))
                                    .order_by(Complaint.received_at.desc(), Complaint.id.desc()))
    return [c for c in candidates if national_digits(c.complainant_phone) == contact.value][:MAX_LISTED]


def _retry_minutes(rows: list[datetime], seconds: int, now: datetime) -> int:
    return max(1, math.ceil((min(rows) + timedelta(seconds=seconds) - now).total_seconds() / 60))


def _check_limit(column, value: str, limits: str, now: datetime) -> None:
    for window in parse_limits(limits):
        since = now - timedelta(seconds=window.seconds)
        times = list(db.session.scalars(select(CitizenAccessCode.created_at).where(
            column == value, CitizenAccessCode.created_at > since)))
        if len(times) >= window.amount:
            raise CodeRefused("too_many", _retry_minutes(times, window.seconds, now))


def request_code(contact_text: str, *, client_address: str, language: str, now: datetime) -> CitizenAccessCode:
    """Store a new code for the contact and, when some 민원 has it, queue it there (SMS for a mobile number, e-mail
    for an address). Raises CodeRefused for a malformed contact or past a limit — alike for every contact."""
    contact = normalise_contact(contact_text)
    if contact is None:
        raise CodeRefused("contact_invalid")
    config = current_app.config
    key, client = contact_key(contact), (client_address or "")[:45]
    _check_limit(CitizenAccessCode.contact_key, key, config["CITIZEN_CODE_CONTACT_RATE_LIMIT"], now)
    _check_limit(CitizenAccessCode.client_address, client, config["CITIZEN_CODE_CLIENT_RATE_LIMIT"], now)
    db.session.execute(delete(CitizenAccessCode).where(CitizenAccessCode.created_at < now - KEEP_ROWS))
    code = new_code()
    send = contact.reachable and bool(complaints_with(contact))
    row = CitizenAccessCode(contact_key=key, code_hash=_code_hash(key, code) if send else secrets.token_hex(32),
                            created_at=now, expires_at=now + timedelta(minutes=config["CITIZEN_CODE_MINUTES"]),
                            tries=0, client_address=client)
    db.session.add(row)
    db.session.flush()
    if send:
        enqueue(key=f"access-code:{row.id}", channel="sms" if contact.kind == "phone" else "email",
                recipient=contact.value, template="citizen_access_code", language=language,
                payload=_payload(code, language), now=now)
    return row


def _payload(code: str, language: str) -> dict:
    config = current_app.config
    return {"agency": config["AGENCY_NAME"] if language == "ko" else config["AGENCY_NAME_EN"], "code": code,
            "minutes": config["CITIZEN_CODE_MINUTES"],
            "url": config["PUBLIC_BASE_URL"].rstrip("/") + "/complaints/mine/code"}


def verify_code(contact_text: str, code_text: str, *, now: datetime) -> Granted | None:
    """The contact's 민원 when `code_text` is a live code of it (then used up); else None, and every live code of the
    contact counts one wrong try (one that reaches CITIZEN_CODE_MAX_TRIES is dead)."""
    contact = normalise_contact(contact_text)
    if contact is None:
        return None
    key, code = contact_key(contact), clean_code(code_text)
    live = list(db.session.scalars(select(CitizenAccessCode).where(
        CitizenAccessCode.contact_key == key, CitizenAccessCode.used_at.is_(None),
        CitizenAccessCode.expires_at > now, CitizenAccessCode.tries < current_app.config["CITIZEN_CODE_MAX_TRIES"])
        .order_by(CitizenAccessCode.id)))
    expected = _code_hash(key, code) if code else None
    match = next((row for row in live if expected and hmac.compare_digest(row.code_hash, expected)), None)
    if match is None:
        for row in live:
            row.tries += 1
        return None
    match.used_at = now
    minutes = current_app.config["CITIZEN_ACCESS_MINUTES"]
    return Granted(tuple(c.id for c in complaints_with(contact)), now + timedelta(minutes=minutes))
