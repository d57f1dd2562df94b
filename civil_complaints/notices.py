"""Notices to the 민원인, queued in the outbox in the same transaction as the action."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from app.i18n import official_date, official_datetime
from civil_complaints.complaint_models import Complaint
from notifications.services import enqueue


def queue_receipt_notice(complaint: Complaint, *, language: str, now: datetime) -> None:
    """접수 확인 mail (or SMS when chosen) with the number, the 처리기한 and how to follow it."""
    if complaint.notify_channel == "none":
        return
    channel = "sms" if complaint.notify_channel == "sms" else "email"
    recipient = complaint.complainant_phone if channel == "sms" else complaint.complainant_email
    due = (official_datetime(complaint.due_at) if complaint.period_spec.endswith("h") or complaint.period_spec == "즉시"
           or (complaint.period_spec.endswith("d") and int(complaint.period_spec[:-1]) <= 5)
           else official_date(complaint.due_date))
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
