"""Monitoring pages: scheduled jobs and their runs, the outbox with retry, stored monthly reports.

Administrators and auditors read them (auditors never change anything); only administrators retry.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms.validators import DataRequired, ValidationError

from app.auth import requires_permission
from app.clock import KST, now_utc
from app.extensions import db
from app.i18n import official_datetime
from app.inputs import BoundedMonthField, query_int
from app.scheduler import job_table
from civil_complaints.complaint_models import PersonalDataAccess
from civil_complaints.domain.masking import mask_email, mask_phone
from notifications import labels
from notifications.admin_services import OutboxRefused, job_statuses, outbox_counts, recent_runs, retry_message
from notifications.alerts import today_kst
from notifications.delivery import render_sms
from notifications.models import OUTBOX_STATUSES, OutboxMessage
from notifications.monitoring_models import MonthlyReport, PersonalDataErasure
from notifications.reports import latest_month_with_complaints, month_bounds, monthly_figures
from notifications.services import render
from notifications.system_alerts import QUIET_AFTER, RATE_LIMIT_STORAGE, shown_alerts
from organization.domain.roles import Permission

bp = Blueprint("notifications", __name__, template_folder="templates")
PAGE_SIZE = 50
MAX_PAGE = 100_000
REFUSALS = {"already_sent": _l("This message was already sent; it is never sent twice."),
            "being_sent": _l("This message is being sent right now.")}
OUTCOME_LABELS = {"running": _l("Running"), "ok": _l("Succeeded"), "failed": _l("Failed"),
                  "skipped": _l("Skipped"), "abandoned": _l("Abandoned")}
SYSTEM_ALERT_LABELS = {RATE_LIMIT_STORAGE: (
    _l("Rate-limit counters (Redis) unreachable"),
    _l("Filing goes on: while Redis cannot be reached, this process counts rate limits in its own memory, so "
       "each worker process allows a client the full limit. Check Redis (RATELIMIT_STORAGE_URI)."))}
OUTBOX_STATUS_LABELS = {"pending": _l("Queued"), "sending": _l("Sending"), "sent": _l("Sent out"),
                        "failed": _l("Failed")}


@bp.app_context_processor
def monitoring_labels() -> dict:
    return {"outcome_labels": OUTCOME_LABELS, "outbox_status_labels": OUTBOX_STATUS_LABELS,
            "template_label": lambda code: labels.label(labels.TEMPLATE_LABELS, code),
            "channel_label": lambda code: labels.label(labels.CHANNEL_LABELS, code),
            "transport_label": lambda code: labels.label(labels.TRANSPORT_LABELS, code),
            "language_label": lambda code: labels.label(labels.LANGUAGE_LABELS, code)}


def mask_recipient(message: OutboxMessage) -> str:
    return mask_phone(message.recipient) if message.channel == "sms" else mask_email(message.recipient)


@bp.route("/admin/monitoring")
@requires_permission(Permission.AUDIT_READ)
def monitoring():
    now = now_utc().astimezone(KST)
    from civil_complaints.record_destruction import DestructionItem

    erasures = db.session.scalar(select(func.count()).select_from(PersonalDataErasure))
    destroyed = db.session.scalar(select(func.count()).select_from(DestructionItem)
                                  .where(DestructionItem.decision == "destroyed"))
    specs = job_table(current_app)
    titles = {spec.name: str(spec.title or spec.name) for spec in specs}
    return render_template("notifications/admin/monitoring.html", jobs=job_statuses(specs, now),
                           problems=recent_runs(20, problems_only=True), runs=recent_runs(30),
                           counts=outbox_counts(), erasures=erasures, destroyed=destroyed,
                           system_alerts=shown_alerts(now), alert_labels=SYSTEM_ALERT_LABELS,
                           quiet_since=now - QUIET_AFTER,
                           job_title=lambda name: titles.get(name, name),
                           schedule_text=labels.describe_schedule, run_counts=_run_counts)


def _run_counts(run) -> list[tuple[str, str, bool]]:
    try:
        counts = json.loads(run.counts or "{}")
    except ValueError:
        return [("", run.counts, True)]
    return labels.count_items(counts) if isinstance(counts, dict) else [("", run.counts, True)]


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


REPORT_COLUMNS = {"received": _l("Received"), "answered": _l("Answered"), "on_time": _l("On time"),
                  "overdue": _l("Overdue"), "returned": _l("Returned with reasons"), "open": _l("Open at month end")}
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


class MonthForm(FlaskForm):
    """The month of an on-demand check (a GET form: nothing is stored, no CSRF token)."""

    class Meta:
        csrf = False

    month = BoundedMonthField(_l("Month"), validators=[DataRequired(message=_l("Choose a month."))],
                       description=_l("Any month from January 2000 up to this month."))

    def validate_month(self, field):
        if not date(2000, 1, 1) <= field.data <= today_kst(now_utc()).replace(day=1):
            raise ValidationError(_l("Choose a month from January 2000 up to this month."))


def _month(value: str | None, now: datetime) -> date | None:
    """The first day of a month given as "2026-11", from 2000 up to the current month (KST); None otherwise."""
    match = _MONTH.fullmatch(value or "")
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        return None
    first = date(int(match.group(1)), int(match.group(2)), 1)
    return first if first <= today_kst(now).replace(day=1) else None


def _stored(month: str) -> MonthlyReport:
    report = db.session.scalar(select(MonthlyReport).where(MonthlyReport.month == month))
    if report is None or _MONTH.fullmatch(month) is None:
        abort(404)
    return report


def _reports_page(form: MonthForm, status: int = 200):
    reports = db.session.scalars(select(MonthlyReport).order_by(MonthlyReport.month.desc()).limit(36)).all()
    return render_template("notifications/reports.html", reports=reports, form=form), status


@bp.route("/staff/reports/monthly")
@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_reports():
    """The kept checks, and the form to run one now: it opens on the latest month with 민원, not an empty one."""
    form = MonthForm(formdata=None, month=latest_month_with_complaints(now_utc()))
    return _reports_page(form)


@bp.route("/staff/reports/monthly/check")
@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_check():
    """규칙 제7조's check run now, for any month up to the current one (not stored, not mailed: the scheduled check
    of each finished month is)."""
    now = now_utc()
    form = MonthForm(request.args) if request.args.get("month") is not None else MonthForm(
        formdata=None, month=latest_month_with_complaints(now))
    if not form.validate():
        return _reports_page(form, 400)
    first = form.month.data
    data = monthly_figures(first, now=now)
    return render_template("notifications/report.html", data=data, month=data["month"], made_at=now, live=True,
                           month_end=month_bounds(first)[1])


@bp.route("/staff/reports/monthly/check.csv")
@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_check_csv():
    now = now_utc()
    first = _month(request.args.get("month") or latest_month_with_complaints(now).strftime("%Y-%m"), now)
    if first is None:
        abort(404)
    return _csv(monthly_figures(first, now=now), now, so_far=now < month_bounds(first)[1])


@bp.route("/staff/reports/monthly/<month>")
@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_report(month: str):
    report = _stored(month)
    return render_template("notifications/report.html", data=json.loads(report.data), month=report.month,
                           made_at=report.generated_at, live=False)


@bp.route("/staff/reports/monthly/<month>.csv")
@requires_permission(Permission.REPORTS_DOWNLOAD)
def monthly_report_csv(month: str):
    report = _stored(month)
    return _csv(json.loads(report.data), report.generated_at)


def _csv(data: dict, made_at: datetime, *, so_far: bool = False) -> Response:
    """The check as a spreadsheet (UTF-8 with a byte-order mark, which Excel needs to read Korean)."""
    locale = str(get_locale())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Processing check for %(month)s", month=data["month"]), official_datetime(made_at)])
    labels = {**REPORT_COLUMNS, **({"open": _l("Open now")} if so_far else {})}
    writer.writerow([_("Department"), *(str(label) for label in labels.values())])
    for row in data["departments"]:
        name = row["name_ko"] if locale == "ko" else row["name_en"]
        writer.writerow([name, *(row.get(k, "") for k in REPORT_COLUMNS)])
    writer.writerow([_("Total"), *(data["totals"].get(k, "") for k in REPORT_COLUMNS)])
    response = Response("\ufeff" + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="monthly-check-{data["month"]}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
