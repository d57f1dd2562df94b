"""민원 접수증 as a PDF: the receipt page's facts on one A4 page, for the citizen who filed or looked it up.

The template gets a plain snapshot (:class:`ReceiptSnapshot`), never ORM objects, and the PDF is
rendered by :func:`app.pdf.render_pdf` (bundled fonts, no network, tagged PDF/UA). Only the masked
name of the 민원인 is printed: a receipt needs no more personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from flask import Response, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from civil_complaints.complaint_models import Complaint
from civil_complaints.deadlines import explain_text
from civil_complaints.deadlines.services import deadline_of
from civil_complaints.labels import CHANNEL_LABELS, KIND_LABELS
from civil_complaints.web_support import agency, citizen_complaint_or_404
from core.clock import now_utc
from core.i18n import official_date, official_datetime, weekday_label
from core.masking import mask_name
from core.pdf import render_pdf
from core.pdf_files import RenderCache
from working_calendar.cache import load_calendar

NBSP = "\u00a0"
SINGLE_PAGE_STEPS = 28  # more steps than this (long periods) may need a second page
# "2026. 9. 25." optionally followed by " (금)" and/or " 14:30": kept on one line.
_OFFICIAL_DATE = re.compile(r"\d{4}\. \d{1,2}\. \d{1,2}\.(?: \([^()\s]{1,3}\))?(?: \d{1,2}:\d{2})?")


def keep_dates_together(text: str) -> str:
    """Replace the spaces inside official dates with NO-BREAK SPACE so "2026. 9. 25." never splits."""
    return _OFFICIAL_DATE.sub(lambda match: match.group().replace(" ", NBSP), text)


@dataclass(frozen=True)
class ReceiptSnapshot:
    """Everything the receipt PDF prints, as plain text already in the current locale."""

    lang: str
    title: str
    agency_name: str
    receipt_no: str
    type_name: str
    kind_label: str
    complaint_title: str
    received: str
    deadline: str
    period_label: str
    steps: tuple[str, ...]
    department: str
    department_phone: str
    channel: str
    complainant: str
    lookup_url: str
    created_at: datetime


def _name(obj, locale: str) -> str:
    return obj.name_ko if locale == "ko" else (obj.name_en or obj.name_ko)


def _department_path(department, locale: str) -> str:
    """"도시교통국 도로과" in Korean; "Roads Division, Urban Transport Bureau" in English."""
    names = [_name(node, locale) for node in department.path()]
    return " ".join(names) if locale == "ko" else ", ".join(reversed(names))


def _with_weekday(text: str, value) -> str:
    return f"{text} ({weekday_label(value)})"


def receipt_snapshot(complaint: Complaint, *, now: datetime) -> ReceiptSnapshot:
    locale = str(get_locale())
    deadline = deadline_of(complaint, load_calendar(), now)
    if deadline.is_hour_based:
        due = _with_weekday(official_datetime(deadline.due_at), deadline.due_at)
    else:
        due = f"{_with_weekday(official_date(deadline.due_date), deadline.due_date)} {_('end of day')}"
    department = complaint.department
    return ReceiptSnapshot(
        lang=locale,
        title=_("Complaint receipt"),
        agency_name=_name(agency(), locale),
        receipt_no=complaint.receipt_no,
        type_name=complaint.type.name(locale),
        kind_label=str(KIND_LABELS[complaint.kind]),
        complaint_title=complaint.title,
        received=keep_dates_together(_with_weekday(official_datetime(complaint.received_at), complaint.received_at)),
        deadline=keep_dates_together(due),
        period_label=explain_text.period_label_spec(complaint.period_spec),
        steps=tuple(keep_dates_together(step.text) for step in explain_text.describe_steps(deadline)),
        department=_department_path(department, locale),
        department_phone=department.phone or "",
        channel=str(CHANNEL_LABELS.get(complaint.channel, complaint.channel)),
        complainant=mask_name(complaint.complainant_name),
        lookup_url=url_for("civil_complaints.lookup", _external=True),
        created_at=complaint.received_at,
    )


def render_receipt_pdf(snapshot: ReceiptSnapshot) -> bytes:
    # One page without a page number, unless a long explanation (many holidays) may spill over.
    html = render_template("civil_complaints/pdf/receipt.html", receipt=snapshot, lang=snapshot.lang,
                           single_page=len(snapshot.steps) <= SINGLE_PAGE_STEPS)
    return render_pdf(html, title=f"{snapshot.title} {snapshot.receipt_no}", lang=snapshot.lang,
                      created_at=snapshot.created_at)


_RECEIPTS = RenderCache(32)


def receipt_pdf_bytes(complaint: Complaint, *, now: datetime) -> bytes:
    """The 접수증 PDF as it is now: rendered once per snapshot (the receipt page renders it to state its size,
    the download that follows gets the same bytes; core/pdf_files.py)."""
    snapshot = receipt_snapshot(complaint, now=now)
    return _RECEIPTS.get_or_render(snapshot, lambda: render_receipt_pdf(snapshot))


def _content_disposition(receipt_no: str, locale: str) -> str:
    """The file is named in the page's language: "접수증-HB-….pdf" on Korean pages, "receipt-HB-….pdf" else."""
    english = f"attachment; filename=\"receipt-{receipt_no}.pdf\""
    return english if locale != "ko" else f"{english}; filename*=UTF-8''{quote(f'접수증-{receipt_no}.pdf')}"


def receipt_pdf(receipt_no: str):
    """The 접수증 as a PDF download; same access rule as the receipt page (404 for anyone else)."""
    complaint = citizen_complaint_or_404(receipt_no)
    pdf = receipt_pdf_bytes(complaint, now=now_utc())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = _content_disposition(complaint.receipt_no, str(get_locale()))
    response.headers["Cache-Control"] = "no-store"
    return response
