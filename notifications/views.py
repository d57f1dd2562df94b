"""Monitoring pages: scheduled jobs and their runs, the outbox with retry, stored monthly reports.

Administrators and auditors read them (auditors never change anything); only administrators retry.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from app.auth import requires_permission
from app.clock import KST, now_utc
from app.extensions import db
from app.inputs import query_int
from app.scheduler import job_table
from civil_complaints.complaint_models import PersonalDataAccess
from civil_complaints.domain.masking import mask_email, mask_phone
from notifications.admin_services import OutboxRefused, job_statuses, outbox_counts, recent_runs, retry_message
from notifications.delivery import render_sms
from notifications.models import OUTBOX_STATUSES, OutboxMessage
from notifications.monitoring_models import MonthlyReport, PersonalDataErasure
from notifications.services import render
from organization.domain.roles import Permission

bp = Blueprint("notifications", __name__, template_folder="templates")
PAGE_SIZE = 50
MAX_PAGE = 100_000
REFUSALS = {"already_sent": _l("This message was already sent; it is never sent twice."),
            "being_sent": _l("This message is being sent right now.")}
OUTCOME_LABELS = {"running": _l("Running"), "ok": _l("Succeeded"), "failed": _l("Failed"),
                  "skipped": _l("Skipped"), "abandoned": _l("Abandoned")}
OUTBOX_STATUS_LABELS = {"pending": _l("Queued"), "sending": _l("Sending"), "sent": _l("Sent out"),
                        "failed": _l("Failed")}


@bp.app_context_processor
def monitoring_labels() -> dict:
    return {"outcome_labels": OUTCOME_LABELS, "outbox_status_labels": OUTBOX_STATUS_LABELS}


def mask_recipient(message: OutboxMessage) -> str:
    return mask_phone(message.recipient) if message.channel == "sms" else mask_email(message.recipient)


@bp.route("/admin/monitoring")
@requires_permission(Permission.AUDIT_READ)
def monitoring():
    now = now_utc().astimezone(KST)
    erasures = db.session.scalar(select(func.count()).select_from(PersonalDataErasure))
    return render_template("notifications/admin/monitoring.html", jobs=job_statuses(job_table(current_app), now),
                           problems=recent_runs(20, problems_only=True), runs=recent_runs(30),
                           counts=outbox_counts(), erasures=erasures)


@bp.route("/admin/outbox")
@requires_permission(Permission.AUDIT_READ)
def outbox():
    status = request.args.get("status") if request.args.get("status") in OUTBOX_STATUSES else None
    template = (request.args.get("template") or "").strip()[:60] or None
    page = query_int("page", default=1, low=1, high=MAX_PAGE)
    query = select(OutboxMessage)
    if status:
        query = query.where(OutboxMessage.status == status)
    if template:
        query = query.where(OutboxMessage.template == template)
    rows = db.session.scalars(query.order_by(OutboxMessage.id.desc()).offset((page - 1) * PAGE_SIZE)
                              .limit(PAGE_SIZE + 1)).all()
    templates = db.session.scalars(select(OutboxMessage.template).distinct().order_by(OutboxMessage.template)).all()
    return render_template("notifications/admin/outbox.html", messages=rows[:PAGE_SIZE], has_next=len(rows) > PAGE_SIZE,
                           page=page, status=status, template=template, templates=templates,
                           statuses=OUTBOX_STATUSES, mask_recipient=mask_recipient)


def _message_or_404(message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return message


@bp.route("/admin/outbox/<int:message_id>")
@requires_permission(Permission.AUDIT_READ)
def outbox_message(message_id: int):
    message = _message_or_404(message_id)
    try:
        subject, body = render_sms(message) if message.channel == "sms" else render(message)
    except Exception as error:  # noqa: BLE001 - shown to the administrator as is
        subject, body = _("This message cannot be rendered."), repr(error)
    db.session.add(PersonalDataAccess(at=now_utc(), user_id=current_user.id, ip_address=request.remote_addr or "",
                                      complaint_id=None, subject=f"outbox #{message.id} {mask_recipient(message)}",
                                      action="view"))
    db.session.commit()
    return render_template("notifications/admin/outbox_message.html", message=message, subject=subject, body=body,
                           form=FlaskForm())


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@requires_permission(Permission.NOTIFICATIONS_MANAGE)
def retry(message_id: int):
    message = _message_or_404(message_id)
    if not FlaskForm().validate_on_submit():
        flash(_("The change was not saved. Please try again."), "error")
        return redirect(url_for(".outbox_message", message_id=message_id))
    try:
        retry_message(current_user, message, now=now_utc())
    except OutboxRefused as error:
        db.session.rollback()
        flash(str(REFUSALS[error.code]), "error")
    else:
        db.session.commit()
        flash(_("The message is queued again and goes out with the next delivery run."), "success")
    return redirect(url_for(".outbox_message", message_id=message_id), code=303)


@bp.route("/staff/reports/monthly")
@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_reports():
    reports = db.session.scalars(select(MonthlyReport).order_by(MonthlyReport.month.desc()).limit(36)).all()
    return render_template("notifications/reports.html", reports=reports)


@bp.route("/staff/reports/monthly/<month>")
@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_report(month: str):
    report = db.session.scalar(select(MonthlyReport).where(MonthlyReport.month == month[:7]))
    if report is None:
        abort(404)
    return render_template("notifications/report.html", report=report, data=json.loads(report.data))
