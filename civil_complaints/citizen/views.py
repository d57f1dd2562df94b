"""What a 민원인 does without an account: look up a 민원, read its status, withdraw, supplement and rate it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from civil_complaints.attachments import IntakeError
from civil_complaints.casework.support import supplement_time_extensions
from civil_complaints.citizen.context import status_extras
from civil_complaints.citizen.forms import (
    LookupForm,
    SatisfactionForm,
    SupplementForm,
    SupplementTimeForm,
    WithdrawForm,
)
from civil_complaints.citizen.services import (
    extend_supplement_time,
    find_for_lookup,
    rate,
    submit_supplement,
    withdraw,
)
from civil_complaints.complaint_models import ComplaintPause
from civil_complaints.deadlines import explain_text
from civil_complaints.domain.status import TransitionRefused
from civil_complaints.domain.workflow import MAX_SUPPLEMENT_TIME_EXTENSIONS
from civil_complaints.intake.views import deadline_context
from civil_complaints.privacy.access_log import CITIZEN_BY_CODE, record_citizen_access
from civil_complaints.web_support import (
    citizen_complaint_or_404,
    grant_access,
    intake_message,
    opened_with_receipt,
    read_uploads,
    remove_files,
    upload_dir,
)
from core.clock import now_utc
from core.extensions import db, limiter
from core.i18n import official_date
from working_calendar.cache import load_calendar


def _lookup_limit() -> str:
    return current_app.config["COMPLAINT_LOOKUP_RATE_LIMIT"]


@limiter.limit(_lookup_limit, methods=["POST"])
def lookup():
    form = LookupForm()
    if form.validate_on_submit():
        complaint = find_for_lookup(form.receipt_no.data, form.contact.data, form.password.data)
        if complaint is not None:
            grant_access(complaint.receipt_no)
            return redirect(url_for(".status", receipt_no=complaint.receipt_no), code=303)
        form.form_errors.append(_("We could not find a complaint with these details. Check the receipt number, "
                                  "the contact you gave and your lookup password."))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("civil_complaints/lookup.html", form=form), status


def status(receipt_no: str):
    """The status page; opened through 내 민원 (a one-time code), the view is logged (privacy/access_log.py)."""
    complaint = citizen_complaint_or_404(receipt_no)
    if not opened_with_receipt(complaint):
        record_citizen_access(complaint, action="view", ip_address=request.remote_addr or "", now=now_utc(),
                              reason=CITIZEN_BY_CODE)
        db.session.commit()
    return _render_status(complaint)


def _render_status(complaint, *, supplement_form=None, time_form=None, withdraw_form=None, rating_form=None,
                   code=200):
    open_pause = db.session.scalar(select(ComplaintPause).where(ComplaintPause.complaint_id == complaint.id,
                                                                ComplaintPause.end_on.is_(None)))
    events = [e for e in complaint.events if e.is_public]
    return render_template(
        "civil_complaints/status.html", complaint=complaint, events=events, open_pause=open_pause,
        supplement_form=supplement_form or SupplementForm(), withdraw_form=withdraw_form or WithdrawForm(),
        time_form=time_form or SupplementTimeForm(),
        time_extensions_left=MAX_SUPPLEMENT_TIME_EXTENSIONS - supplement_time_extensions(complaint, open_pause)
        if open_pause else 0,
        rating_form=rating_form or SatisfactionForm(), **deadline_context(complaint), **status_extras(complaint)), code


def _refused(complaint, error: TransitionRefused):
    db.session.rollback()
    flash(explain_text.refusal_message(error.code), "error")
    return redirect(url_for(".status", receipt_no=complaint.receipt_no), code=303)


def withdraw_complaint(receipt_no: str):
    complaint = citizen_complaint_or_404(receipt_no)
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _render_status(complaint, withdraw_form=form, code=400)
    try:
        withdraw(complaint, reason=form.reason.data, now=now_utc())
    except TransitionRefused as error:
        return _refused(complaint, error)
    db.session.commit()
    flash(_("Your complaint was withdrawn."), "success")
    return redirect(url_for(".status", receipt_no=complaint.receipt_no), code=303)


def supplement(receipt_no: str):
    complaint = citizen_complaint_or_404(receipt_no)
    form = SupplementForm()
    if not form.validate_on_submit():
        return _render_status(complaint, supplement_form=form, code=400)
    written = []
    try:
        written = submit_supplement(complaint, text=form.text.data,
                                    uploads=read_uploads(request.files.getlist("attachments")),
                                    upload_dir=upload_dir(), calendar=load_calendar(), now=now_utc())
        db.session.commit()
    except TransitionRefused as error:
        return _refused(complaint, error)
    except IntakeError as error:
        db.session.rollback()
        remove_files(written)
        form.attachments.errors.append(intake_message(error))
        return _render_status(complaint, supplement_form=form, code=400)
    except Exception:
        db.session.rollback()
        remove_files(written)
        raise
    flash(_("Your supplement was received. The processing period runs again from today."), "success")
    return redirect(url_for(".status", receipt_no=complaint.receipt_no), code=303)


def supplement_time(receipt_no: str):
    """영 제24조②: more time to supplement, asked for by the 민원인."""
    complaint = citizen_complaint_or_404(receipt_no)
    form = SupplementTimeForm()
    if not form.validate_on_submit():
        return _render_status(complaint, time_form=form, code=400)
    try:
        until = extend_supplement_time(complaint, days=form.days.data, reason=form.reason.data,
                                       calendar=load_calendar(), now=now_utc())
    except TransitionRefused as error:
        return _refused(complaint, error)
    db.session.commit()
    flash(_("You now have until %(day)s to supplement your complaint. The processing period stays paused.",
            day=official_date(until)), "success")
    return redirect(url_for(".status", receipt_no=complaint.receipt_no), code=303)


def satisfaction(receipt_no: str):
    complaint = citizen_complaint_or_404(receipt_no)
    form = SatisfactionForm()
    if not form.validate_on_submit():
        return _render_status(complaint, rating_form=form, code=400)
    try:
        rate(complaint, rating=form.rating.data, comment=form.comment.data, now=now_utc())
    except TransitionRefused as error:
        return _refused(complaint, error)
    db.session.commit()
    flash(_("Thank you for rating our service."), "success")
    return redirect(url_for(".status", receipt_no=complaint.receipt_no), code=303)
