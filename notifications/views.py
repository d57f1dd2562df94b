"""Monitoring pages: scheduled jobs and their runs, the outbox with retry, alerts about the running system.

Administrators and auditors read them (auditors never change anything); only administrators retry.
"""

from __future__ import annotations

import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from core.clock import KST, now_utc
from core.extensions import db
from core.inputs import query_int
from notifications import labels, registry
from notifications.admin_services import (
    OutboxRefused,
    job_statuses,
    mask_recipient,
    outbox_counts,
    recent_runs,
    record_message_view,
    retry_message,
)
from notifications.delivery import render_sms
from notifications.models import OUTBOX_STATUSES, OutboxMessage
from notifications.queries import message_by_id, outbox_page, outbox_templates
from notifications.services import render
from notifications.system_alerts import QUIET_AFTER, RATE_LIMIT_STORAGE, shown_alerts
from organization.auth import requires_permission
from organization.domain.roles import Permission

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


def monitoring_labels() -> dict:
    return {"outcome_labels": OUTCOME_LABELS, "outbox_status_labels": OUTBOX_STATUS_LABELS,
            "template_label": lambda code: labels.label(labels.TEMPLATE_LABELS, code),
            "channel_label": lambda code: labels.label(labels.CHANNEL_LABELS, code),
            "transport_label": lambda code: labels.label(labels.TRANSPORT_LABELS, code),
            "language_label": lambda code: labels.label(labels.LANGUAGE_LABELS, code)}


@requires_permission(Permission.AUDIT_READ)
def monitoring():
    now = now_utc().astimezone(KST)
    specs = registry.job_table()
    titles = {spec.name: str(spec.title or spec.name) for spec in specs}
    return render_template("notifications/admin/monitoring.html", jobs=job_statuses(specs, now),
                           problems=recent_runs(20, problems_only=True), runs=recent_runs(30),
                           counts=outbox_counts(), monitoring_sections=registry.monitoring_sections(),
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


@requires_permission(Permission.AUDIT_READ)
def outbox():
    status = request.args.get("status") if request.args.get("status") in OUTBOX_STATUSES else None
    template = (request.args.get("template") or "").strip()[:60] or None
    page = query_int("page", default=1, low=1, high=MAX_PAGE)
    messages, has_next = outbox_page(status=status, template=template, page=page, page_size=PAGE_SIZE)
    return render_template("notifications/admin/outbox.html", messages=messages, has_next=has_next,
                           page=page, status=status, template=template, templates=outbox_templates(),
                           statuses=OUTBOX_STATUSES, mask_recipient=mask_recipient)


def _message_or_404(message_id: int) -> OutboxMessage:
    message = message_by_id(message_id)
    if message is None:
        abort(404)
    return message


@requires_permission(Permission.AUDIT_READ)
def outbox_message(message_id: int):
    message = _message_or_404(message_id)
    try:
        subject, body = render_sms(message) if message.channel == "sms" else render(message)
    except Exception as error:  # noqa: BLE001 - shown to the administrator as is
        subject, body = _("This message cannot be rendered."), repr(error)
    record_message_view(current_user, message, ip_address=request.remote_addr or "", now=now_utc())
    return render_template("notifications/admin/outbox_message.html", message=message, subject=subject, body=body,
                           form=FlaskForm())


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

