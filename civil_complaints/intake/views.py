"""Citizen pages: file a 민원, its receipt (접수증), lookup, status, withdrawal, supplement, rating."""

from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from civil_complaints.attachments import IntakeError
from civil_complaints.catalog import Catalog, cached_catalog, current_catalog, is_current
from civil_complaints.complaint_models import ComplaintType
from civil_complaints.deadlines import explain_text
from civil_complaints.deadlines.services import deadline_of
from civil_complaints.intake import guards, policy_optin
from civil_complaints.intake.forms import ComplaintForm
from civil_complaints.intake.receipt_pdf import receipt_pdf_bytes
from civil_complaints.intake.services import IntakeData, file_complaint
from civil_complaints.web_support import (
    agency,
    agency_code,
    citizen_complaint_or_404,
    commit_filing,
    grant_access,
    granted_complaint,
    intake_message,
    read_uploads,
    remove_files,
    upload_dir,
    with_checked_catalog,
)
from core.clock import now_utc
from core.extensions import csrf, db
from core.ratelimit import release
from working_calendar.cache import load_calendar


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


def intake_data(form: ComplaintForm, uploads, filing_token: str | None = None,
                follows_id: int | None = None) -> IntakeData:
    return IntakeData(title=form.title.data, content=form.content.data, name=form.name.data,
                      phone=(form.phone.data or "").strip() or None, email=(form.email.data or "").strip() or None,
                      notify_channel=form.notify_channel.data, address=form.address.data,
                      postal_code=getattr(form, "postal_code", None) and form.postal_code.data,
                      postal_address=getattr(form, "postal_address", None) and form.postal_address.data,
                      told_online=form.notify_channel.data == "none",
                      lookup_password=form.lookup_password.data, consent=bool(form.consent.data),
                      improvement_consent=bool(getattr(form, "improvement_consent", None)
                                               and form.improvement_consent.data),
                      co_signers=form.co_signer_names(), uploads=uploads, filing_token=filing_token,
                      follows_id=follows_id)


@csrf.exempt  # checked in the view (filing_guards.expired_session): an expired session gets its form back
def new_complaint():
    """The public form. A POST that cannot be filed now comes back with everything typed (filing_guards)."""
    if request.method == "GET":
        catalog = current_catalog()
        form = _public_form()
        form.type_code.choices = _cached_choices(catalog, str(get_locale()))
        _follow_up(form)
        return _form_page(form, catalog, guards.new_token())
    catalog = _posted_catalog()
    form = _public_form()
    form.type_code.choices = _cached_choices(catalog, str(get_locale()))
    token = guards.submitted_token() or guards.new_token()
    if guards.expired_session():
        return _form_page(form, catalog, token, guards.expired_notice())
    reservation = guards.reserve_filing()
    if reservation.refused:
        earlier = guards.already_filed(token) if reservation.refused == "done" else None
        if earlier is None:  # (a resend of a form filed just before reaching the limit gets its receipt)
            return _form_page(form, catalog, token, guards.limit_notice(reservation))
        return _to_receipt(guards.Outcome(earlier.receipt_no, again=True))
    outcome = guards.Outcome()
    try:
        outcome, catalog = _file_form(form, catalog, token)
    finally:
        if not outcome.counts:  # only accepted filings use up the limit
            release(reservation)
    if outcome.receipt_no is None:
        if outcome.notice is not None and outcome.notice.status == 409:  # the token is another filing's
            token = guards.new_token()
        return _form_page(form, catalog, token, outcome.notice)
    return _to_receipt(outcome)


def _public_form() -> ComplaintForm:
    form = ComplaintForm()
    form.language = str(get_locale())
    policy_optin.prepare(form, form.language, render=False)
    return form


def _follow_up(form: ComplaintForm) -> None:
    """재민원 (`?follows=<receipt number>`, from the status page after a 불만족 rating; `&objection=1` for an
    이의신청, 법 제35조): the form starts with the first 민원's type and a title saying what it is. Only a 민원 this
    browser may open is followed up; any other number is ignored."""
    objection = request.args.get("objection") == "1"
    first = granted_complaint(request.args.get("follows", ""))
    if first is None:
        return
    form.follows.data = first.receipt_no
    form.type_code.data = first.type.code
    label = _("Objection") if objection else _("Follow-up complaint")
    form.title.data = f"[{label}] {first.title}"[:200]


def _to_receipt(outcome: guards.Outcome):
    grant_access(outcome.receipt_no)
    if outcome.again:
        flash(_("We had already received this form, so it was filed only once. This is its receipt."), "info")
    return redirect(url_for(".receipt", receipt_no=outcome.receipt_no), code=303)


def _posted_catalog() -> Catalog:
    """A POST builds its choices from the cached catalog unchecked: the filing checks it (with_checked_catalog).
    When there is none and the database cannot be reached, the form still comes back (with the type sent)."""
    try:
        return cached_catalog() or current_catalog()
    except guards.UNAVAILABLE:
        guards.rollback_quietly()
        return Catalog(token=None, agency_code=None, types=())


def _still_current(catalog: Catalog) -> bool:
    """Whether `catalog` is current; when the database cannot be reached to say, the form's errors stand."""
    try:
        return is_current(catalog)
    except guards.UNAVAILABLE:
        guards.rollback_quietly()
        return True


def _judged(form: ComplaintForm, catalog: Catalog) -> tuple[bool, Catalog]:
    """Validate; a form refused by a catalog that has changed since is judged again with the current one."""
    valid = form.validate()
    if not valid and not _still_current(catalog):
        catalog = current_catalog()
        form.type_code.choices = _cached_choices(catalog, str(get_locale()))
        valid = form.validate()
    return valid, catalog


def _file_form(form: ComplaintForm, catalog: Catalog, token: str) -> tuple[guards.Outcome, Catalog]:
    """Validate and file; → the outcome and the catalog the form was judged with."""
    valid, catalog = _judged(form, catalog)
    if not valid:
        return guards.Outcome(), catalog
    if form.website.data:  # honeypot: people never see this field
        abort(400)
    now = now_utc()
    written = []
    first = granted_complaint(form.follows.data) if form.follows.data else None
    data = intake_data(form, read_uploads(request.files.getlist("attachments")), token,
                       follows_id=first.id if first else None)
    try:
        filed, written = with_checked_catalog(
            lambda catalog, guard: _file_web(catalog, guard, form.type_code.data, data, now, str(get_locale())))
        commit_filing()
    except IntakeError as error:
        db.session.rollback()
        remove_files(written)
        field = {"type": "type_code"}.get(error.field or "", error.field or "content")
        getattr(form, field).errors.append(intake_message(error))
        return guards.Outcome(), catalog
    except guards.DUPLICATE:  # this form was filed before: its token is taken (filing_guards)
        guards.rollback_quietly()
        remove_files(written)
        outcome = guards.resend_outcome(token, data.lookup_password)
        if outcome is None:  # not this form's token: some other conflict
            raise
        return outcome, catalog
    except guards.UNAVAILABLE:
        current_app.logger.exception("database unavailable while filing")
        guards.rollback_quietly()
        remove_files(written)
        return guards.Outcome(notice=guards.unavailable_notice()), catalog
    except Exception:
        db.session.rollback()
        remove_files(written)
        raise
    policy_optin.after_filing(form, ip=request.remote_addr or "", language=str(get_locale()), now=now)
    return guards.Outcome(filed.receipt_no), catalog


def _form_page(form: ComplaintForm, catalog: Catalog, token: str, notice: guards.Notice | None = None):
    if form.type_code.data and not catalog.types:  # the catalog could not be read: keep the type sent
        form.type_code.choices = [*form.type_code.choices, SelectChoice(form.type_code.data, form.type_code.data)]
    status = notice.status if notice else 400 if form.errors else 200
    policy_optin.prepare(form, str(get_locale()), render=True)
    response = make_response(render_template(
        "civil_complaints/new.html", form=form, types=catalog.active, filing_token=token, notice=notice,
        policy_optin=policy_optin.page_context(form),
        files_to_choose_again=guards.attached_names() if request.method == "POST" else []), status)
    if notice is not None and notice.retry_after:
        response.headers["Retry-After"] = str(notice.retry_after)
    return response


def _file_web(catalog: Catalog, guard_token: str | None, code: str, data: IntakeData, now, locale: str):
    ctype = catalog.by_code(code)
    if ctype is None:
        raise IntakeError("type_inactive", "type")
    return file_complaint(ctype, data, channel="web", now=now,
                          calendar=catalog.calendar(current_app.config["WORKING_BLOCKS"]),
                          agency_code=agency_code(catalog), upload_dir=upload_dir(), notice_language=locale,
                          guard_token=guard_token)


def deadline_context(complaint):
    deadline = deadline_of(complaint, load_calendar(), now_utc())
    return {"deadline": deadline, "steps": explain_text.describe_steps(deadline),
            "period_label": explain_text.period_label_spec(complaint.period_spec)}


def receipt(receipt_no: str):
    complaint = citizen_complaint_or_404(receipt_no)
    return render_template("civil_complaints/receipt.html", complaint=complaint, agency=agency(),
                           receipt_pdf_size=len(receipt_pdf_bytes(complaint, now=now_utc())),
                           **deadline_context(complaint))

