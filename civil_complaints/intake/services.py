"""Receiving a 민원: receipt number, attachments, statutory deadline, history, confirmation mail.

Services flush; the caller commits once and deletes stored files if the commit fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import bindparam, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from civil_complaints.attachments import IntakeError, Upload, store_uploads
from civil_complaints.catalog import StaleCatalog
from civil_complaints.complaint_models import (
    Attachment,
    Complaint,
    ComplaintEvent,
    ComplaintSigner,
    ComplaintType,
    ReceiptCounter,
)
from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.domain.deadlines import Deadline, compute_due
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.public_location import zipcode_of
from civil_complaints.domain.receipts import format_receipt_number, receipt_prefix
from civil_complaints.intake.filing_sql import insert_filing, insert_filing_guarded
from civil_complaints.intake.notices import filed_notice_row
from civil_complaints.lookup_secrets import hash_lookup_password
from core.cache_revisions import token_now
from core.clock import KST
from core.extensions import DriverStatement, autocommit_engine, db, fetch_one_autocommit
from notifications.models import OutboxMessage
from working_calendar.domain.worktime import WorkCalendar

MIN_JOINT_SIGNERS = 5  # 다수인관련민원: 5명 이상 연명 (법 제2조제6호), the representative included


@dataclass
class IntakeData:
    title: str
    content: str
    name: str
    phone: str | None = None
    email: str | None = None
    notify_channel: str = "email"
    address: str | None = None
    #: the 민원인's postal address, needed when there is no e-mail or mobile number (notices by post, D14)
    postal_code: str | None = None
    postal_address: str | None = None
    #: the form told the 민원인 that progress is published online and progress/transfer notices are omitted
    told_online: bool = False
    latitude: float | None = None
    longitude: float | None = None
    #: Open311 address_id; 우편번호 (found in `address` when not given)
    address_id: str | None = None
    zipcode: str | None = None
    lookup_password: str | None = None
    consent: bool = False
    #: issue 20: "제 민원으로 바뀐 제도를 알려 주세요" (optional; stored with the instant it was given)
    improvement_consent: bool = False
    co_signers: list[str] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)
    #: the web form's idempotency token (`filing_guards`): unique among 민원
    filing_token: str | None = None
    #: 재민원: the id of the 민원 this one follows up (the caller checked the 민원인 may open it)
    follows_id: int | None = None


def next_receipt_number(agency_code: str, received_at: datetime) -> str:
    """The next number of the month, unique under any concurrency.

    One upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING) bumps the month's counter. PostgreSQL: in its own
    autocommit transaction, so the row lock lasts only that statement instead of until the filing commits (a
    filing that then fails leaves a gap; numbers are unique, not gapless). That pool's sessions run with
    synchronous_commit off, so the row lock is not held through a WAL flush (it was the bottleneck: ~90 filings/s).
    This cannot repeat a number after a crash: the bump's WAL record precedes the filing's, and the filing's
    commit (synchronous) flushes the WAL up to itself, so a filed number's bump is always durable; a bump lost in
    a crash was used by no committed filing. SQLite: inside the filing's transaction, which already holds the
    database's single write lock.
    """
    prefix = receipt_prefix(agency_code, received_at.astimezone(KST).date())
    if db.session.get_bind().dialect.name == "postgresql":
        value = _bump_autocommit(prefix)
    else:
        value = db.session.connection().execute(_BUMP["sqlite"], {"prefix": prefix}).scalar_one()
    return format_receipt_number(prefix, value)


def _bump(insert):
    table = ReceiptCounter.__table__
    statement = insert(table).values(prefix=bindparam("prefix"), last_value=1)
    return statement.on_conflict_do_update(index_elements=[table.c.prefix],
                                           set_={"last_value": table.c.last_value + 1}).returning(table.c.last_value)


_BUMP_SQL = DriverStatement(
    "INSERT INTO receipt_counters (prefix, last_value) VALUES ($1, 1) ON CONFLICT (prefix) "
    "DO UPDATE SET last_value = receipt_counters.last_value + 1 RETURNING last_value", ("prefix",))


def _bump_autocommit(prefix: str) -> int:
    """On the counters pool (autocommit, no pre-ping), through the driver's cursor: the same upsert as `_bump`.
    When a pooled connection turns out dead (database restart), the pool is replaced and the bump retried once
    on a fresh connection. A retried bump may skip a number, never repeat one."""
    return fetch_one_autocommit(db.engines["counters"], _BUMP_SQL, {"prefix": prefix})[0]


# Built once: executing a prebuilt statement with parameters reuses its compiled form (no per-call coercion).
_BUMP = {"postgresql": _bump(pg_insert), "sqlite": _bump(sqlite_insert)}
_INSERT_COMPLAINT = insert(Complaint.__table__).returning(Complaint.__table__.c.id)
_INSERT_EVENT = insert(ComplaintEvent.__table__)
_INSERT_OUTBOX = insert(OutboxMessage.__table__)


#: channels an officer registers (D1); the others are the 민원인's own filings online
STAFF_CHANNELS = ("visit", "phone", "letter", "fax", "email")


def _check(data: IntakeData, channel: str) -> None:
    """What is needed to reach the 민원인 (D14): online filers give a mobile number or an e-mail; a 민원 an officer
    registers may instead carry a postal address, so that the notices the law requires can go by post."""
    if channel == "web" and not data.consent:
        raise IntakeError("consent_required", "consent")
    if not (data.phone or data.email) and channel not in STAFF_CHANNELS:
        raise IntakeError("contact_required", "phone")
    # the chosen way of notice first (its error names what to fix), then whether anything reaches the person
    if data.notify_channel == "email" and not data.email:
        raise IntakeError("email_for_notice", "email")
    if data.notify_channel == "sms" and not data.phone:
        raise IntakeError("phone_for_notice", "phone")
    if data.notify_channel == "sms" and not is_mobile_number(data.phone):
        raise IntakeError("mobile_for_sms", "phone")
    if channel in STAFF_CHANNELS and not (data.email or is_mobile_number(data.phone)) and not data.postal_address:
        raise IntakeError("postal_required", "postal_address")  # a landline receives no text message
    if data.notify_channel == "post" and not data.postal_address:
        raise IntakeError("postal_for_notice", "postal_address")
    if data.notify_channel == "none" and channel in STAFF_CHANNELS and not (
            data.lookup_password and (data.phone or data.email)):
        raise IntakeError("online_needs_lookup", "notify_channel")
    if data.co_signers and len(data.co_signers) + 1 < MIN_JOINT_SIGNERS:
        raise IntakeError("joint_needs_five", "co_signers", minimum=MIN_JOINT_SIGNERS)


def _complaint_values(ctype, data: IntakeData, *, channel: str, receipt_no: str, deadline: Deadline,
                      calendar: WorkCalendar, received_at: datetime, arrived_at: datetime, now: datetime,
                      registered_by_id: int | None) -> dict:
    """The new row's columns; `ctype` is a `ComplaintType` or a cached `catalog.CatalogType`."""
    return dict(
        receipt_no=receipt_no, type_id=ctype.id, kind=ctype.kind, channel=channel,
        title=data.title.strip(), content=data.content.strip(), department_id=ctype.department_id,
        complainant_name=data.name.strip(), complainant_phone=data.phone or None,
        complainant_email=data.email or None, notify_channel=data.notify_channel, address=data.address or None,
        postal_code=(data.postal_code or "").strip() or None,
        postal_address=(data.postal_address or "").strip() or None,
        online_progress_told_at=now if data.told_online and data.notify_channel == "none" else None,
        latitude=data.latitude, longitude=data.longitude, address_id=data.address_id or None,
        zipcode=data.zipcode or zipcode_of(data.address),
        lookup_password_hash=hash_lookup_password(data.lookup_password) if data.lookup_password else None,
        consent_at=now if data.consent else None, is_joint=bool(data.co_signers), arrived_at=arrived_at,
        received_at=received_at, period_spec=ctype.period_spec, due_at=deadline.due_at, due_date=deadline.due_date,
        calendar_revision=calendar.revision or "", registered_by_id=registered_by_id, created_at=now,
        filing_token=data.filing_token, follows_complaint_id=data.follows_id,
        improvement_consent_at=now if data.improvement_consent else None,
    )


def _received_detail(channel: str, deadline: Deadline, attachments: int) -> str:
    return json.dumps({"channel": channel, "due_at": deadline.due_at.isoformat(), "attachments": attachments},
                      ensure_ascii=False, default=str)


def receive_complaint(ctype: ComplaintType, data: IntakeData, *, channel: str, received_at: datetime,
                      arrived_at: datetime, calendar: WorkCalendar, agency_code: str, upload_dir: Path,
                      now: datetime, registered_by_id: int | None = None) -> tuple[Complaint, list[Path]]:
    """접수: number the 민원, compute its 처리기한 from `received_at` (법 제19조, D1), record it.

    Returns the complaint and the attachment files written (the caller deletes them if it rolls back).
    """
    _check(data, channel)
    if not ctype.is_active:
        raise IntakeError("type_inactive", "type")
    deadline = compute_due(received_at, ProcessingPeriod.parse(ctype.period_spec), calendar=calendar)
    receipt_no = next_receipt_number(agency_code, received_at)
    attachments, written = store_uploads(data.uploads, ctype.accepted_kinds, upload_dir, who="citizen", now=now)
    complaint = Complaint(
        **_complaint_values(ctype, data, channel=channel, receipt_no=receipt_no, deadline=deadline,
                            calendar=calendar, received_at=received_at, arrived_at=arrived_at, now=now,
                            registered_by_id=registered_by_id),
        type=ctype, attachments=attachments,
        signers=[ComplaintSigner(position=i + 1, name=n.strip()) for i, n in enumerate(data.co_signers)],
    )
    db.session.add(complaint)
    complaint.events.append(ComplaintEvent(
        action="received", at=now, actor_kind="staff" if registered_by_id else "citizen", actor_id=registered_by_id,
        is_public=True, detail=_received_detail(channel, deadline, len(attachments))))
    try:
        db.session.flush()
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return complaint, written


@dataclass(frozen=True)
class Filed:
    """A citizen's filing as written by `file_complaint`."""

    id: int
    receipt_no: str
    received_at: datetime
    due_at: datetime
    due_date: date


def file_complaint(ctype, data: IntakeData, *, channel: str, now: datetime, calendar: WorkCalendar,
                   agency_code: str, upload_dir: Path, notice_language: str, open311_client_id: int | None = None,
                   guard_token: str | None = None) -> tuple[Filed, list[Path]]:
    """접수 of a citizen's own filing (web form, Open311), received and arrived `now`: the same rows and 접수 notice
    as `receive_complaint` + `queue_receipt_notice` (tests/integration/test_filing_paths.py compares every column),
    written with plain INSERTs (the high-volume path); on PostgreSQL the complaint, its event and its notice in one
    statement (`filing_sql`). `ctype` is a cached `catalog.CatalogType`. The caller commits.

    `guard_token`: the token of the (unchecked, cached) catalog that `ctype` and `calendar` come from;
    StaleCatalog (nothing written) when it is no longer current. On PostgreSQL a filing without attachments or
    co-signers is written by one autocommit statement that checks the token itself; otherwise the token is
    read in the request's transaction first.
    """
    _check(data, channel)
    if not ctype.is_active:
        raise IntakeError("type_inactive", "type")
    deadline = compute_due(now, ProcessingPeriod.parse(ctype.period_spec), calendar=calendar)
    attachments, written = store_uploads(data.uploads, ctype.accepted_kinds, upload_dir, who="citizen", now=now)
    try:
        receipt_no = next_receipt_number(agency_code, now)
        filed = Filed(0, receipt_no, now, deadline.due_at, deadline.due_date)
        values = _complaint_values(ctype, data, channel=channel, receipt_no=receipt_no, deadline=deadline,
                                   calendar=calendar, received_at=now, arrived_at=now, now=now,
                                   registered_by_id=None)
        values["open311_client_id"] = open311_client_id
        event = {"action": "received", "at": now, "actor_kind": "citizen", "actor_id": None, "is_public": True,
                 "detail": _received_detail(channel, deadline, len(attachments))}
        notice = filed_notice_row(filed, data, ctype, language=notice_language, now=now)
        if guard_token is not None and not attachments and not data.co_signers and autocommit_engine() is not None:
            complaint_id = _insert_guarded(values, event, notice, guard_token)
        else:
            if guard_token is not None and token_now() != guard_token:
                raise StaleCatalog()
            complaint_id = _insert_filing(values, event, notice)
            _insert_children(complaint_id, attachments, data.co_signers)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return replace(filed, id=complaint_id), written


def _insert_filing(values: dict, event: dict, notice: dict | None) -> int:
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return insert_filing(connection, values, event, notice)
    complaint_id = connection.execute(_INSERT_COMPLAINT, values).scalar_one()
    connection.execute(_INSERT_EVENT, {"complaint_id": complaint_id, **event})
    if notice is not None:
        connection.execute(_INSERT_OUTBOX, notice)
    return complaint_id


def _insert_guarded(values: dict, event: dict, notice: dict | None, token: str) -> int:
    """The guarded filing as a transaction of its own. Sent again on a fresh connection when the first was found
    dead (`fetch_one_autocommit`): if the first had in fact committed, the receipt number's unique key refuses
    the second, so a filing is never written twice."""
    complaint_id = insert_filing_guarded(autocommit_engine(), values, event, notice, token)
    if complaint_id is None:
        raise StaleCatalog()
    return complaint_id


def _insert_children(complaint_id: int, attachments: list[Attachment], co_signers: list[str]) -> None:
    if attachments:
        columns = ("original_name", "stored_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
        db.session.execute(insert(Attachment.__table__), [
            {"complaint_id": complaint_id, **{c: getattr(a, c) for c in columns}} for a in attachments])
    if co_signers:
        db.session.execute(insert(ComplaintSigner.__table__), [
            {"complaint_id": complaint_id, "position": i + 1, "name": n.strip()} for i, n in enumerate(co_signers)])
