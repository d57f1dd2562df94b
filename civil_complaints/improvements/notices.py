"""The notice to the 민원인 whose 민원 prompted a finished improvement — only to those who ticked "제 민원으로 바뀐
제도를 알려 주세요" when filing (`Complaint.improvement_consent_at`), once each (the outbox's idempotency key),
queued in the finishing transaction and delivered after its commit (notifications/delivery.py).

The 민원인 asked for it, so it goes by e-mail when they gave one, else by text message to a mobile number, whatever
channel they chose for the statutory notices; never by post (domain/notice_kinds.py declares it optional)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.improvements.models import Improvement, ImprovementComplaint
from core.extensions import db
from core.i18n import official_date
from notifications.models import OutboxMessage
from notifications.services import enqueue

TEMPLATE = "complaint_improvement_done"


def _language(receipt_no: str) -> str:
    """The language the 민원인 filed in (that of their receipt notice); Korean when unknown."""
    language = db.session.scalar(select(OutboxMessage.language)
                                 .where(OutboxMessage.idempotency_key == f"received:{receipt_no}"))
    return language if language in ("ko", "en") else "ko"


def _reach(complaint: Complaint) -> tuple[str, str] | None:
    if complaint.complainant_email:
        return "email", complaint.complainant_email
    if is_mobile_number(complaint.complainant_phone):
        return "sms", complaint.complainant_phone
    return None


def queue_done_notices(improvement: Improvement, *, now: datetime) -> int:
    """Queue one notice per consenting 민원인 of the linked 민원; returns how many were queued now."""
    complaints = db.session.scalars(select(Complaint).join(ImprovementComplaint,
                                                           ImprovementComplaint.complaint_id == Complaint.id)
                                    .where(ImprovementComplaint.improvement_id == improvement.id,
                                           Complaint.improvement_consent_at.is_not(None))
                                    .order_by(Complaint.id))
    config = current_app.config
    queued = 0
    for complaint in complaints:
        reach = _reach(complaint)
        if reach is None:
            continue
        language = _language(complaint.receipt_no)
        department = improvement.department
        message = enqueue(
            key=f"improvement-done:{improvement.id}:{complaint.receipt_no}", channel=reach[0], recipient=reach[1],
            template=TEMPLATE, language=language, now=now, payload={
                "agency": config["AGENCY_NAME"] if language == "ko" else config["AGENCY_NAME_EN"],
                "name": complaint.complainant_name, "receipt_no": complaint.receipt_no, "title": complaint.title,
                "improvement": improvement.title, "what_changed": improvement.what_changed,
                "changed_on": official_date(improvement.changed_on),
                "department": department.name_ko if language == "ko" else department.name_en,
                "page_url": config["PUBLIC_BASE_URL"].rstrip("/") + "/improvements"})
        queued += message is not None
    return queued
