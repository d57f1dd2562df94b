"""Citizen pages: file a 민원, its receipt (접수증), lookup, status, withdrawal, supplement, rating."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.clock import now_utc
from app.extensions import db, limiter
from app.i18n import official_date
from civil_complaints import explain_text
from civil_complaints.calendar_source import load_calendar
from civil_complaints.catalog import Catalog, cached_catalog, current_catalog, is_current
from civil_complaints.citizen_context import status_extras
from civil_complaints.citizen_services import (
    extend_supplement_time,
    find_for_lookup,
    rate,
    submit_supplement,
    withdraw,
)
from civil_complaints.complaint_forms import (
    ComplaintForm,
    LookupForm,
    SatisfactionForm,
    SupplementForm,
    SupplementTimeForm,
    WithdrawForm,
)
from civil_complaints.complaint_models import ComplaintPause, ComplaintType
from civil_complaints.domain.status import TransitionRefused
from civil_complaints.domain.workflow import MAX_SUPPLEMENT_TIME_EXTENSIONS
from civil_complaints.intake import IntakeData, IntakeError, deadline_of, file_complaint
from civil_complaints.receipt_pdf import receipt_pdf_bytes
from civil_complaints.views import bp
from civil_complaints.web_support import (
    agency,
    agency_code,
    citizen_complaint_or_404,
    commit_filing,
    grant_access,
    intake_message,
    read_uploads,
    remove_files,
    upload_dir,
    with_checked_catalog,
)
from civil_complaints.workflow_support import supplement_time_extensions


def _active_types() -> list[ComplaintType]:
    return list(db.session.scalars(select(ComplaintType).where(ComplaintType.is_active).order_by(ComplaintType.id)))


def type_choices(types, locale: str) -> list[SelectChoice]:
    choices = [SelectChoice("", _("Choose a type of complaint"))]
    for ctype in types:
        period = explain_text.period_label_spec(ctype.period_spec)
        choices.append(SelectChoice(ctype.code, f"{ctype.name(locale)} ({period})"))
    return choices


def _cached_choices(catalog: Catalog, locale: str) -> list[SelectChoice]:
    """The form's type choices, built once per catalog and locale."""
    key = ("type_choices", locale)
    found = catalog.derived.get(key)
    if found is None:
        found = catalog.derived[key] = type_choices(catalog.active, locale)
    return found


def intake_data(form: ComplaintForm, uploads) -> IntakeData:
    return IntakeData(title=form.title.data, content=form.content.data, name=form.name.data,
                      phone=(form.phone.data or "").strip() or None, email=(form.email.data or "").strip() or None,
                      notify_channel=form.notify_channel.data, address=form.address.data,
                      lookup_password=form.lookup_password.data, consent=bool(form.consent.data),
                      co_signers=form.co_signer_names(), uploads=uploads)


def _submit_limit() -> str:
    return current_app.config["COMPLAINT_SUBMIT_RATE_LIMIT"]


def _lookup_limit() -> str:
    return current_app.config["COMPLAINT_LOOKUP_RATE_LIMIT"]


@bp.route("/complaints/new", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"])
def new_complaint():
    locale = str(get_locale())
    # A POST builds its choices from the cached catalog unchecked: the filing checks it (with_checked_catalog).
    catalog = (cached_catalog() if request.method == "POST" else None) or current_catalog()
    form = ComplaintForm()
    form.type_code.choices = _cached_choices(catalog, locale)
    valid = form.validate_on_submit()
    if not valid and form.is_submitted() and not is_current(catalog):  # judged with a catalog since changed
        catalog = current_catalog()
        form.type_code.choices = _cached_choices(catalog, locale)
        valid = form.validate()
    if valid:
        if form.website.data:  # honeypot: people never see this field
            abort(400)
        now = now_utc()
        written = []
        try:
            data = intake_data(form, read_uploads(request.files.getlist("attachments")))
            filed, written = with_checked_catalog(
                lambda catalog, token: _file_web(catalog, token, form.type_code.data, data, now, locale))
            commit_filing()
        except IntakeError as error:
            db.session.rollback()
            remove_files(written)
            field = {"type": "type_code"}.get(error.field or "", error.field or "content")
            getattr(form, field).errors.append(intake_message(error))
        except Exception:
            db.session.rollback()
            remove_files(written)
            raise
        else:
            grant_access(filed.receipt_no)
            return redirect(url_for(".receipt", receipt_no=filed.receipt_no), code=303)
    status = 400 if form.errors else 200
    return render_template("civil_complaints/new.html", form=form, types=catalog.active), status


def _file_web(catalog: Catalog, guard_token: str | None, code: str, data: IntakeData, now, locale: str):
    ctype = catalog.by_code(code)
    if ctype is None:
        raise IntakeError("type_inactive", "type")
    return file_complaint(ctype, data, channel="web", now=now,
                          calendar=catalog.calendar(current_app.config["WORKING_BLOCKS"]),
                          agency_code=agency_code(catalog), upload_dir=upload_dir(), notice_language=locale,
                          guard_token=guard_token)


def _deadline_context(complaint):
    deadline = deadline_of(complaint, load_calendar(), now_utc())
    return {"deadline": deadline, "steps": explain_text.describe_steps(deadline),
            "period_label": explain_text.period_label_spec(complaint.period_spec)}


@bp.route("/complaints/<receipt_no>/receipt")
def receipt(receipt_no: str):
    complaint = citizen_complaint_or_404(receipt_no)
    return render_template("civil_complaints/receipt.html", complaint=complaint, agency=agency(),
                           receipt_pdf_size=len(receipt_pdf_bytes(complaint, now=now_utc())),
                           **_deadline_context(complaint))


@bp.route("/complaints/lookup", methods=["GET", "POST"])
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


@bp.route("/complaints/<receipt_no>")
def status(receipt_no: str):
    complaint = citizen_complaint_or_404(receipt_no)
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
        rating_form=rating_form or SatisfactionForm(), **_deadline_context(complaint), **status_extras(complaint)), code


def _refused(complaint, error: TransitionRefused):
    db.session.rollback()
    flash(explain_text.refusal_message(error.code), "error")
    return redirect(url_for(".status", receipt_no=complaint.receipt_no), code=303)


@bp.route("/complaints/<receipt_no>/withdraw", methods=["POST"])
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


@bp.route("/complaints/<receipt_no>/supplement", methods=["POST"])
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


@bp.route("/complaints/<receipt_no>/supplement-time", methods=["POST"])
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


@bp.route("/complaints/<receipt_no>/satisfaction", methods=["POST"])
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
