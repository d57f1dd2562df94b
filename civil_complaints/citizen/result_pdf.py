"""처리결과 통지서 as a PDF (법 제27조): the answer — or a 반려's reasons (영 제25조①) —, the officer's 소속·성명·연락처
(영 제31조) and, for a refusal, the remedies (법 제27조③) with the last day of an 이의신청 for a 법정민원 (법 제35조).

Built as the 접수증 is (intake/receipt_pdf.py): a plain snapshot in the page's language, rendered by
core/pdf.py (bundled Korean fonts, tagged PDF). Same permission as the status page; every download is logged in the
personal-data access log (privacy/access_log.py), with how the 민원인 proved who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from flask import Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from civil_complaints.citizen.context import answer_of, objection_deadline, return_of
from civil_complaints.complaint_models import Complaint
from civil_complaints.intake.receipt_pdf import keep_dates_together
from civil_complaints.labels import KIND_LABELS
from civil_complaints.privacy.access_log import CITIZEN_BY_CODE, CITIZEN_BY_RECEIPT, record_citizen_access
from civil_complaints.web_support import agency, citizen_complaint_or_404, opened_with_receipt
from core.clock import now_utc
from core.extensions import db
from core.i18n import official_date, official_datetime
from core.masking import mask_name
from core.pdf import render_pdf


@dataclass(frozen=True)
class ResultSnapshot:
    """Everything the 처리결과 통지서 prints, as plain text already in the current locale."""

    lang: str
    title: str
    agency_name: str
    receipt_no: str
    complaint_title: str
    type_name: str
    kind_label: str
    complainant: str
    received: str
    notified: str
    outcome: str
    text: str
    reasons: str
    remedies: str
    objection_until: str
    officer_department: str
    officer_name: str
    officer_phone: str
    created_at: datetime


def _officer(complaint: Complaint, record, locale: str) -> tuple[str, str, str]:
    if record is not None:
        return record.department_in(locale), record.officer_name, record.officer_phone or ""
    user = complaint.answered_by  # an answer recorded before answer records were kept
    if user is None:
        return "", "", ""
    return (user.department.name(locale) if user.department else ""), user.display_name, user.phone or ""


def result_snapshot(complaint: Complaint) -> ResultSnapshot | None:
    """The notice's facts, or None when the 민원 has no result yet (neither answered nor returned)."""
    locale = str(get_locale())
    answer, returned = answer_of(complaint), return_of(complaint)
    if returned is not None:
        outcome, text, reasons, remedies, at = _("Returned"), "", returned.reasons, returned.remedies or "", \
            returned.returned_at
        record = returned
    elif answer is not None or (complaint.answer_text and complaint.answered_at):
        refused = answer is not None and answer.outcome == "refused"
        outcome = _("Refused") if refused else _("Answered")
        text = complaint.answer_text or (answer.text if answer else "")
        reasons = (answer.refusal_reasons or "") if refused else ""
        remedies = (answer.remedies or "") if refused else ""
        at, record = (answer.answered_at if answer else complaint.answered_at), answer
    else:
        return None
    until = objection_deadline(complaint, answer, returned)
    department, name, phone = _officer(complaint, record, locale)
    return ResultSnapshot(
        lang=locale, title=_("Notice of the result of your complaint"),
        agency_name=agency().name_ko if locale == "ko" else (agency().name_en or agency().name_ko),
        receipt_no=complaint.receipt_no, complaint_title=complaint.title, type_name=complaint.type.name(locale),
        kind_label=str(KIND_LABELS[complaint.kind]), complainant=mask_name(complaint.complainant_name),
        received=keep_dates_together(official_datetime(complaint.received_at)),
        notified=keep_dates_together(official_datetime(at)), outcome=outcome, text=text, reasons=reasons,
        remedies=remedies, objection_until=keep_dates_together(official_date(until)) if until else "",
        officer_department=department, officer_name=name, officer_phone=phone, created_at=at)


def render_result_pdf(snapshot: ResultSnapshot) -> bytes:
    html = render_template("civil_complaints/pdf/result.html", result=snapshot, lang=snapshot.lang)
    return render_pdf(html, title=f"{snapshot.title} {snapshot.receipt_no}", lang=snapshot.lang,
                      created_at=snapshot.created_at)


def _content_disposition(receipt_no: str, locale: str) -> str:
    english = f"attachment; filename=\"result-{receipt_no}.pdf\""
    return english if locale != "ko" else f"{english}; filename*=UTF-8''{quote(f'처리결과통지서-{receipt_no}.pdf')}"


def result_pdf(receipt_no: str):
    """The 처리결과 통지서 as a download, for whoever may open the status page (404 for anyone else or before a
    result); the download is logged."""
    complaint = citizen_complaint_or_404(receipt_no)
    snapshot = result_snapshot(complaint)
    if snapshot is None:
        abort(404)
    pdf = render_result_pdf(snapshot)
    record_citizen_access(complaint, action="download", ip_address=request.remote_addr or "", now=now_utc(),
                          reason=CITIZEN_BY_RECEIPT if opened_with_receipt(complaint) else CITIZEN_BY_CODE)
    db.session.commit()
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = _content_disposition(complaint.receipt_no, str(get_locale()))
    response.headers["Cache-Control"] = "no-store"
    return response
