"""Notices of the workflow to the 민원인, queued in the same transaction as the action: in the outbox (e-mail, text
message) or as a letter to post (D14: the preference picks the channel of a notice the law requires, never whether
it is given; domain/notice_kinds.py says which notices are required).

Every notice names the officer's 소속·성명·연락처 (영 제31조). The language is the one the 민원인 filed in
(that of the receipt notice), Korean otherwise. Templates: notifications/templates/notifications/<name>.<ko|en>.txt.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from civil_complaints.casework.support import Officer
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.domain.notice_kinds import Channel, Delivery, Reach, Skip, choose_delivery, kind_of
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.history import add_event
from civil_complaints.labels import EXTENSION_GROUND_LABELS, MERGE_END_LABELS, WITHDRAWAL_GROUND_LABELS
from civil_complaints.letters.services import queue_letter
from core.i18n import official_date, official_datetime
from notifications.models import OutboxMessage
from notifications.services import enqueue
from organization.models import Department


def notice_language(complaint: Complaint) -> str:
    from core.extensions import db

    language = db.session.scalar(select(OutboxMessage.language)
                                 .where(OutboxMessage.idempotency_key == f"received:{complaint.receipt_no}"))
    return language if language in ("ko", "en") else "ko"


def notice_languages(receipt_numbers: list[str]) -> dict[str, str]:
    """{receipt number: the language the 민원인 filed in} (their receipt notice's), for many at once; "ko" default."""
    from core.extensions import db

    found: dict[str, str] = {}
    for start in range(0, len(receipt_numbers), 1000):
        keys = {f"received:{number}": number for number in receipt_numbers[start:start + 1000]}
        for key, language in db.session.execute(select(OutboxMessage.idempotency_key, OutboxMessage.language)
                                                .where(OutboxMessage.idempotency_key.in_(list(keys)))):
            found[keys[key]] = language
    return {number: found.get(number) if found.get(number) in ("ko", "en") else "ko" for number in receipt_numbers}


def _due(complaint: Complaint, value: datetime) -> str:
    if ProcessingPeriod.parse(complaint.period_spec).is_hour_based:
        return official_datetime(value)
    return official_date(value)


def reach_of(complaint) -> Reach:
    """How the 민원인 can be reached (a `Complaint` or a row with the same column names)."""
    return Reach(preference=complaint.notify_channel, email=bool(complaint.complainant_email),
                 mobile=is_mobile_number(complaint.complainant_phone), postal=bool(complaint.postal_address),
                 told_online=complaint.online_progress_told_at is not None)


def delivery_of(complaint, template: str) -> Delivery:
    """D14: the channel of this notice to this 민원인, or why it is not given."""
    return choose_delivery(kind_of(template), reach_of(complaint))


def _payload(complaint: Complaint, officer: Officer, language: str, payload: dict) -> dict:
    config = current_app.config
    department = complaint.department
    return {"agency": config["AGENCY_NAME"] if language == "ko" else config["AGENCY_NAME_EN"],
            "name": complaint.complainant_name, "receipt_no": complaint.receipt_no, "title": complaint.title,
            "department": department.name_ko if language == "ko" else department.name_en,
            "lookup_url": config["PUBLIC_BASE_URL"].rstrip("/") + "/complaints/lookup",
            **officer.as_payload(language), **payload}


def build(complaint: Complaint, *, template: str, key: str, officer: Officer, language: str | None = None,
          **payload: object) -> dict | None:
    """The outbox message (``enqueue`` keyword arguments) of a notice that goes by e-mail or text message; None
    when it goes by post or is not given (see `give`)."""
    delivery = delivery_of(complaint, template)
    if delivery.channel not in (Channel.EMAIL, Channel.SMS):
        return None
    language = language or notice_language(complaint)
    recipient = complaint.complainant_phone if delivery.channel is Channel.SMS else complaint.complainant_email
    return {"key": f"{template}:{complaint.receipt_no}:{key}", "channel": delivery.channel.value,
            "recipient": recipient or "", "template": template, "language": language,
            "payload": _payload(complaint, officer, language, payload)}


def give(complaint: Complaint, *, template: str, key: str, officer: Officer, now: datetime,
         language: str | None = None, **payload: object) -> Delivery:
    """Give one notice (D14): queued in the outbox, or as a letter to print and post, or recorded as omitted
    (영 제13조⑤, 제23조③) or impossible for want of any address."""
    delivery = delivery_of(complaint, template)
    if delivery.channel in (Channel.EMAIL, Channel.SMS):
        enqueue(now=now, **build(complaint, template=template, key=key, officer=officer, language=language,
                                 **payload))
    elif delivery.channel is Channel.LETTER:
        language = language or notice_language(complaint)
        queue_letter(complaint, key=f"{template}:{complaint.receipt_no}:{key}", template=template,
                     language=language, payload=_payload(complaint, officer, language, payload), now=now)
    elif delivery.skipped in (Skip.PUBLISHED_ONLINE, Skip.UNREACHABLE):
        action = "notice_omitted" if delivery.skipped is Skip.PUBLISHED_ONLINE else "notice_unreachable"
        add_event(complaint, action, at=now, actor_kind="system", public=False, template=template,
                  basis=kind_of(template).basis)
    return delivery


def _queue(complaint: Complaint, *, now: datetime, **kwargs) -> None:
    give(complaint, now=now, **kwargs)


def supplement_requested(complaint: Complaint, *, request_id: int, number: int, text: str, respond_by: date,
                         officer: Officer, now: datetime) -> None:
    """보완 요구 (법 제22조①, 영 제24조): what is missing and the last day to supplement."""
    _queue(complaint, template="complaint_supplement_requested", key=str(request_id), officer=officer, now=now,
           number=number, request=text, respond_by=official_date(respond_by))


def extended(complaint: Complaint, *, number: int, ground: str, reason: str, due_before: datetime,
             due_after: datetime, officer: Officer, now: datetime) -> None:
    """처리기간 연장 통지 (영 제21조②·③, 규칙 별지 제5호서식): the reason and the 처리완료 예정일."""
    with force_locale(notice_language(complaint)):
        ground_label = str(EXTENSION_GROUND_LABELS.get(ground, ground))
    _queue(complaint, template="complaint_extended", key=str(number), officer=officer, now=now, number=number,
           ground=ground_label, reason=reason, due_before=_due(complaint, due_before),
           due_after=_due(complaint, due_after))


def transferred(complaint: Complaint, *, transfer_id: int, agency: str, reason: str, officer: Officer,
                now: datetime) -> None:
    """이송 통지 (법 제16조①, 영 제13조③)."""
    _queue(complaint, template="complaint_transferred", key=str(transfer_id), officer=officer, now=now,
           to_agency=agency, reason=reason)


def answered(complaint: Complaint, *, refused: bool, text: str, reasons: str, remedies: str, attachments: int,
             officer: Officer, now: datetime) -> None:
    """처리결과 통지 (법 제27조); a refusal states its reasons and the remedies (③)."""
    _queue(complaint, template="complaint_answered", key="result", officer=officer, now=now, refused=refused,
           answer=text, reasons=reasons, remedies=remedies, attachments=attachments)


def closed(complaint: Complaint, *, reason: str, related: list[str], officer: Officer, now: datetime) -> None:
    """종결 통지: 반복·중복민원 (법 제23조) or 취하 간주 (영 제25조②)."""
    language = notice_language(complaint)
    with force_locale(language):
        label = str(WITHDRAWAL_GROUND_LABELS.get(reason, "")) if reason in WITHDRAWAL_GROUND_LABELS else ""
    _queue(complaint, template="complaint_closed", key="closed", officer=officer, now=now, reason=reason,
           ground=label, related=", ".join(related))


def due_changed(complaint: Complaint, *, officer: Officer, number: int, told: datetime,
                language: str | None = None) -> dict | None:
    """D7: the `number`-th notice that holiday changes moved the 처리기한 from the one last `told` (built here,
    queued in bulk by due_notices.py once the change has settled)."""
    return build(complaint, template="complaint_due_changed", key=f"{number}:{complaint.due_at.isoformat()}",
                 officer=officer, language=language, due=_due(complaint, complaint.due_at),
                 due_before=_due(complaint, told), department_phone=complaint.department.phone or "")


def returned(complaint: Complaint, *, reasons: str, remedies: str, officer: Officer, now: datetime) -> None:
    """반려 통지 (영 제25조①, D15): the reasons, and for a 법정민원 the remedies (법 제27조③, 제35조)."""
    _queue(complaint, template="complaint_returned", key="returned", officer=officer, now=now, reasons=reasons,
           remedies=remedies, statutory=complaint.kind == "statutory")


def merged(complaint: Complaint, *, primary: str, officer: Officer, now: datetime) -> None:
    """병합 (영 제6조⑦, D16): handled with ``primary``; the 처리기한 stays this 민원's own (progress, 영 제23조)."""
    _queue(complaint, template="complaint_merged", key=f"merged:{primary}", officer=officer, now=now,
           primary=primary, due=_due(complaint, complaint.due_at))


def merge_undone(complaint: Complaint, *, primary: str, reason: str, officer: Officer, now: datetime) -> None:
    """D16: ``primary`` ended without an answer (``reason``); this 민원 is handled on its own (progress)."""
    with force_locale(notice_language(complaint)):
        ended = str(MERGE_END_LABELS.get(reason, reason))
    _queue(complaint, template="complaint_merge_undone", key=f"merge-undone:{primary}", officer=officer, now=now,
           primary=primary, ended=ended, due=_due(complaint, complaint.due_at),
           overdue=now > complaint.due_at)


def audit_referred(complaint: Complaint, *, referral_id: int, department: Department, due: date, officer: Officer,
                   now: datetime) -> None:
    """영 제17조②: the re-filed 고충민원 is investigated by the 감사부서 (progress, 영 제23조)."""
    language = notice_language(complaint)
    _queue(complaint, template="complaint_audit_referred", key=str(referral_id), officer=officer, now=now,
           language=language, audit_department=department.name_ko if language == "ko" else department.name_en,
           findings_due=official_date(due))
