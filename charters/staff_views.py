"""Staff pages of the 고객헌장: versions, new draft, edit, approve, publish, discard, preview PDF."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charters.domain.lifecycle import CharterRuleError, CharterStatus
from charters.editing import apply_rule_errors, draft_data, fill_form, flat_errors, set_choices
from charters.forms import CharterForm, NewCharterForm
from charters.messages import problem_message, rule_message
from charters.models import Charter
from charters.publication import build_snapshot, publish_charter, render_charter_pdf
from charters.queries import all_charters, charter_by_id
from charters.services import (
    approval_problems,
    approve_charter,
    check_draft_data,
    create_draft,
    discard_draft,
    save_draft,
    working_charter,
)
from charters.views import published_versions
from core.clock import now_utc
from core.extensions import db
from core.inputs import parse_int
from organization.auth import requires_permission
from organization.domain.roles import Permission


def _charter_or_404(charter_id: int) -> Charter:
    charter = charter_by_id(charter_id)
    if charter is None:
        abort(404)
    return charter


def _agency_name() -> str:
    return current_app.config["AGENCY_NAME"]


@requires_permission(Permission.CHARTER_EDIT)
def staff_list():
    return render_template("charters/staff/list.html", charters=all_charters(), working=working_charter())


@requires_permission(Permission.CHARTER_EDIT)
def staff_new():
    form = NewCharterForm()
    sources = published_versions()
    form.copy_from.choices = [(None, _("An empty draft"))] + [
        (c.id, _("Version %(number)d (%(status)s)", number=c.version_no,
                 status=_("current") if c.status == CharterStatus.PUBLISHED else _("superseded")))
        for c in sources]
    if request.method == "GET" and sources:
        form.copy_from.data = sources[0].id
        form.title.data = sources[0].title
    if form.validate_on_submit():
        source = charter_by_id(form.copy_from.data) if form.copy_from.data else None
        try:
            charter = create_draft(actor=current_user, now=now_utc(), title=form.title.data, copy_from=source)
        except CharterRuleError as error:
            db.session.rollback()
            form.title.errors.append(rule_message(error))
        else:
            db.session.commit()
            flash(_("The draft was created. Edit it, then ask for approval."), "success")
            return redirect(url_for(".staff_edit", charter_id=charter.id), code=303)
    return render_template("charters/staff/new.html", form=form), 400 if form.errors else 200


@requires_permission(Permission.CHARTER_EDIT)
def staff_show(charter_id: int):
    charter = _charter_or_404(charter_id)
    snapshot = build_snapshot(charter, agency_name=_agency_name(), version_no=charter.version_no)
    problems = [problem_message(p) for p in approval_problems(charter)] if charter.status == "draft" else []
    preview_size = len(_preview_pdf(charter, snapshot)) if charter.status in ("draft", "approved") else None
    return render_template("charters/staff/show.html", record=charter, charter=snapshot, problems=problems,
                           preview_pdf_size=preview_size)


@requires_permission(Permission.CHARTER_EDIT)
def staff_edit(charter_id: int):
    charter = _charter_or_404(charter_id)
    if charter.status != CharterStatus.DRAFT:
        flash(rule_message(CharterRuleError("not_a_draft")), "warning")
        return redirect(url_for(".staff_show", charter_id=charter.id), code=303)
    form = CharterForm()
    if request.method == "GET":
        fill_form(form, charter)
    set_choices(form)
    action = request.form.get("action", "save")
    if request.method == "POST" and action.startswith("add_"):
        rows = {"add_standard": form.standards, "add_compensation": form.compensations,
                "add_channel": form.channels}.get(action)
        if rows is not None and len(rows) < rows.max_entries:
            rows.append_entry()
            set_choices(form)
        return render_template("charters/staff/edit.html", form=form, record=charter, errors=[])
    if form.validate_on_submit():
        data = draft_data(form)
        if problems := check_draft_data(data):
            apply_rule_errors(form, problems)
        else:
            try:
                save_draft(charter, data, actor=current_user, now=now_utc(),
                           expected_row_version=parse_int(form.row_version.data, low=1))
                db.session.commit()
            except CharterRuleError as error:
                db.session.rollback()
                form.title.errors.append(rule_message(error))
            else:
                flash(_("The draft was saved."), "success")
                return redirect(url_for(".staff_show", charter_id=charter.id), code=303)
    status = 400 if request.method == "POST" else 200
    return render_template("charters/staff/edit.html", form=form, record=charter, errors=flat_errors(form)), status


def _step(charter_id: int, step, success: str):
    charter = _charter_or_404(charter_id)
    try:
        step(charter)
        db.session.commit()
    except CharterRuleError as error:
        db.session.rollback()
        flash(rule_message(error), "error")
    else:
        flash(success, "success")
    return redirect(url_for(".staff_show", charter_id=charter_id), code=303)


@requires_permission(Permission.CHARTER_APPROVE)
def staff_approve(charter_id: int):
    return _step(charter_id, lambda c: approve_charter(c, actor=current_user, now=now_utc()),
                 _("The version was approved. Its content can no longer change; publish it to make it public."))


@requires_permission(Permission.CHARTER_APPROVE)
def staff_publish(charter_id: int):
    return _step(charter_id, lambda c: publish_charter(c, actor=current_user, now=now_utc(),
                                                       agency_name=_agency_name()),
                 _("The version was published. The public charter page and PDF now show it."))


@requires_permission(Permission.CHARTER_EDIT)
def staff_discard(charter_id: int):
    charter = _charter_or_404(charter_id)
    try:
        discard_draft(charter, actor=current_user)
        db.session.commit()
    except CharterRuleError as error:
        db.session.rollback()
        flash(rule_message(error), "error")
        return redirect(url_for(".staff_show", charter_id=charter_id), code=303)
    flash(_("The draft was discarded."), "info")
    return redirect(url_for(".staff_list"), code=303)


def _preview_pdf(charter: Charter, snapshot) -> bytes:
    """Rendered once per content (publication.py keeps the last few): the draft's page states its size, the
    preview download then costs nothing."""
    return render_charter_pdf(snapshot, created_at=None, preview=charter.status in ("draft", "approved"))


@requires_permission(Permission.CHARTER_EDIT)
def staff_preview_pdf(charter_id: int):
    """The PDF as it would look; a published version's own bytes are served by the public URL."""
    charter = _charter_or_404(charter_id)
    snapshot = build_snapshot(charter, agency_name=_agency_name(), version_no=charter.version_no)
    response = Response(_preview_pdf(charter, snapshot), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="charter-preview-{charter.id}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
