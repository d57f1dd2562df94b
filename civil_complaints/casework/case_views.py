"""The staff case page: the full record (opening it is logged), a printable view (logged as a print), attachment
downloads with a reason (logged), and `act`, which runs one workflow step for the routes in workflow_views.py.

Every form carries the 민원's version: a stale version, or a concurrent change caught by the database
(StaleDataError), re-shows the page with a friendly message and the user's input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from civil_complaints import refusal_text
from civil_complaints.access import can_view
from civil_complaints.attachments import IntakeError
from civil_complaints.casework.context import case_context, parse_template_id
from civil_complaints.casework.forms import DownloadForm, VersionedForm
from civil_complaints.casework.support import StaleVersion, check_version
from civil_complaints.complaint_models import Attachment, Complaint
from civil_complaints.domain.status import TransitionRefused
from civil_complaints.privacy.access_log import AccessLogError, record_access
from civil_complaints.web_support import intake_message, remove_files, send_attachment
from core.clock import now_utc
from core.extensions import db
from core.inputs import parse_int
from organization.auth import requires_any_permission
from organization.domain.roles import Permission
from organization.errors import PermissionDenied

CASE_TEMPLATE = "civil_complaints/staff/case.html"


def staff_complaint_or_404(receipt_no: str) -> Complaint:
    complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))
    if complaint is None:
        abort(404)
    if not can_view(current_user, complaint):
        abort(403)
    return complaint


def _log(complaint: Complaint, action: str, reason: str | None = None) -> None:
    record_access(current_user, complaint, action=action, ip_address=request.remote_addr or "", now=now_utc(),
                  reason=reason)


def render_case(complaint: Complaint, *, forms: dict | None = None, open_panel: str | None = None,
                code: int = 200, download_form: DownloadForm | None = None):
    context = case_context(complaint, forms=forms, open_panel=open_panel,
                           template_id=parse_template_id(request.args.get("template")))
    return render_template(CASE_TEMPLATE, download_form=download_form or DownloadForm(formdata=None),
                           **context), code


VIEW_COMPLAINTS = (Permission.COMPLAINTS_VIEW_ALL, Permission.COMPLAINTS_VIEW_DEPARTMENT)


@requires_any_permission(*VIEW_COMPLAINTS)
def staff_complaint(receipt_no: str):
    complaint = staff_complaint_or_404(receipt_no)
    _log(complaint, "view")
    db.session.commit()
    return render_case(complaint)


@requires_any_permission(*VIEW_COMPLAINTS)
def print_complaint(receipt_no: str):
    """A printable record of the 민원 (개인정보 출력: written to the access log as a print)."""
    complaint = staff_complaint_or_404(receipt_no)
    _log(complaint, "print")
    db.session.commit()
    context = case_context(complaint)
    return render_template("civil_complaints/staff/print.html", printed_at=now_utc(),
                           printed_by=current_user.display_name, **context)


@requires_any_permission(*VIEW_COMPLAINTS)
def download_attachment(receipt_no: str):
    """One attachment, only with a reason (안전성 확보조치 기준 제8조②), written to the access log."""
    complaint = staff_complaint_or_404(receipt_no)
    form = DownloadForm()
    attachment = db.session.get(Attachment, parse_int(request.form.get("attachment_id")) or 0)
    if attachment is None or attachment.complaint_id != complaint.id:
        abort(404)
    if not form.validate_on_submit():
        return render_case(complaint, code=400, download_form=form)
    try:
        _log(complaint, "download", reason=f"{form.download_reason.data} ({attachment.original_name})")
    except AccessLogError:
        db.session.rollback()
        return render_case(complaint, code=400, download_form=form)
    db.session.commit()
    return send_attachment(attachment)


def _refresh(receipt_no: str) -> Complaint | None:
    db.session.expire_all()
    complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))
    return complaint if complaint is not None and can_view(current_user, complaint) else None


def _conflict(receipt_no: str, form: VersionedForm, panel: str):
    """Someone else changed the 민원: show it as it is now, keep what the user typed, let them send again."""
    message = _("Someone else changed this complaint while you were working on it. Check the page as it is now; "
                "what you entered is kept below, send it again if it still applies.")
    complaint = _refresh(receipt_no)
    if complaint is None:
        flash(message, "warning")
        return redirect(url_for(".staff_complaints"), code=303)
    form.version.errors = [message]
    form.version.data = str(complaint.version)
    return render_case(complaint, forms={panel: form}, open_panel=panel, code=409)


def act(receipt_no: str, *, form: VersionedForm, panel: str, run: Callable, success: str,
        allowed: Callable[[Complaint], bool], after: Callable[[Complaint], str] | None = None):
    """Validate, check the version, run the service, commit once; re-show the page on any refusal."""
    complaint = staff_complaint_or_404(receipt_no)
    if not allowed(complaint):
        abort(403)
    if not form.validate_on_submit():
        return render_case(complaint, forms={panel: form}, open_panel=panel, code=400)
    written = []
    try:
        check_version(complaint, form.version_number())
        result = run(complaint, form)
        written = [r for r in result if isinstance(r, Path)] if isinstance(result, list) else []
        db.session.commit()
    except (StaleVersion, StaleDataError):
        db.session.rollback()
        remove_files(written)
        return _conflict(receipt_no, form, panel)
    except (TransitionRefused, IntakeError) as error:
        db.session.rollback()
        remove_files(written)
        message = (intake_message(error) if isinstance(error, IntakeError)
                   else refusal_text.refusal_message(error.code, error.params))
        form.show_refusal(error.code, message)
        return render_case(_refresh(receipt_no) or abort(403), forms={panel: form}, open_panel=panel, code=409)
    except PermissionDenied:
        db.session.rollback()
        abort(403)
    flash(success, "success")
    target = after(complaint) if after else url_for(".staff_complaint", receipt_no=receipt_no)
    return redirect(target, code=303)
