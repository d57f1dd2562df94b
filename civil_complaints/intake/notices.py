"""Notices to the 민원인, queued in the outbox in the same transaction as the action."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.domain.notice_kinds import Reach, choose_delivery, kind_of
from civil_complaints.domain.periods import ProcessingPeriod
from core.i18n import official_date, official_datetime
from notifications.services import enqueue, new_outbox_row


def due_text(complaint: Complaint) -> str:
    """The 처리기한 as a notice states it: an instant for hour units (D3), else the date."""
    if ProcessingPeriod.parse(complaint.period_spec).is_hour_based:
        return official_datetime(complaint.due_at)
    return official_date(complaint.due_date)


def queue_receipt_notice(complaint: Complaint, *, language: str, now: datetime) -> None:
    """접수 확인 mail (or SMS when chosen) with the number, the 처리기한 and how to follow it."""
    department = complaint.department
    names = {"ko": department.name_ko, "en": department.name_en}
    notice = receipt_notice(
        receipt_no=complaint.receipt_no, notify_channel=complaint.notify_channel, phone=complaint.complainant_phone,
        email=complaint.complainant_email, name=complaint.complainant_name, title=complaint.title,
        type_name=complaint.type.name(language), received_at=complaint.received_at, due=due_text(complaint),
        department=names["ko" if language == "ko" else "en"], department_phone=department.phone, language=language)
    if notice is not None:
        enqueue(**notice, now=now)


def filed_notice_row(filed, data, ctype, *, language: str, now: datetime) -> dict | None:
    """The outbox row of the same notice for a `intake.Filed` filing of a cached `catalog.CatalogType`."""
    hours = ProcessingPeriod.parse(ctype.period_spec).is_hour_based
    notice = receipt_notice(
        receipt_no=filed.receipt_no, notify_channel=data.notify_channel, phone=data.phone or None,
        email=data.email or None, name=data.name.strip(), title=data.title.strip(),
        type_name=ctype.name(language), received_at=filed.received_at,
        due=official_datetime(filed.due_at) if hours else official_date(filed.due_date),
        department=ctype.department_name(language), department_phone=ctype.department_phone, language=language)
    return None if notice is None else new_outbox_row(**notice, now=now)


def receipt_notice(*, receipt_no: str, notify_channel: str, phone: str | None, email: str | None, name: str,
                   title: str, type_name: str, received_at: datetime, due: str, department: str,
                   department_phone: str | None, language: str) -> dict | None:
    """The outbox message (keyword arguments of `enqueue`, without `now`), or None when none is wanted (the receipt
    notice is not required by law: domain/notice_kinds.py)."""
    delivery = choose_delivery(kind_of("complaint_received"),
                               Reach(notify_channel, email=bool(email), mobile=is_mobile_number(phone)))
    if delivery.channel is None:
        return None
    channel = delivery.channel.value
    recipient = phone if channel == "sms" else email
    config = current_app.config
    return dict(key=f"received:{receipt_no}", channel=channel, recipient=recipient or "",
                template="complaint_received", language=language, payload={
                    "agency": config["AGENCY_NAME"] if language == "ko" else config["AGENCY_NAME_EN"],
                    "name": name, "receipt_no": receipt_no, "title": title, "type_name": type_name,
                    "received": official_datetime(received_at), "due": due, "department": department,
                    "department_phone": department_phone or "",
                    "lookup_url": config["PUBLIC_BASE_URL"].rstrip("/") + "/complaints/lookup",
                })
