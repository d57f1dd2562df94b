"""Notices to the 민원인, queued in the outbox in the same transaction as the action."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from app.i18n import official_date, official_datetime
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.periods import ProcessingPeriod
from notifications.services import enqueue


def due_text(complaint: Complaint) -> str:
    """The 처리기한 as a notice states it: an instant for hour units (D3), else the date."""
    if ProcessingPeriod.parse(complaint.period_spec).is_hour_based:
        return official_datetime(complaint.due_at)
    return official_date(complaint.due_date)


def queue_receipt_notice(complaint: Complaint, *, language: str, now: datetime) -> None:
    """접수 확인 mail (or SMS when chosen) with the number, the 처리기한 and how to follow it."""
    if complaint.notify_channel == "none":
        return
    channel = "sms" if complaint.notify_channel == "sms" else "email"
    recipient = complaint.complainant_phone if channel == "sms" else complaint.complainant_email
    due = due_text(complaint)
    config = current_app.config
    department = complaint.department
    enqueue(key=f"received:{complaint.receipt_no}", channel=channel, recipient=recipient or "",
            template="complaint_received", language=language, now=now, payload={
                "agency": config["AGENCY_NAME"] if language == "ko" else config["AGENCY_NAME_EN"],
                "name": complaint.complainant_name, "receipt_no": complaint.receipt_no, "title": complaint.title,
                "type_name": complaint.type.name(language), "received": official_datetime(complaint.received_at),
                "due": due, "department": department.name_ko if language == "ko" else department.name_en,
                "department_phone": department.phone or "",
                "lookup_url": config["PUBLIC_BASE_URL"].rstrip("/") + "/complaints/lookup",
            })
