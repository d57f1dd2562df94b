"""Destruction of records at the end of their 보존기간 (D18): `/staff/records`.

Records officers (RECORDS_DESTROY) review the open list, take records off it with a reason, and approve it, which
destroys the listed records. Administrators and auditors (RECORDS_REVIEW) read the lists and the destruction log.
The lists carry no personal data (receipt number, type, department, dates, basis), so reading them is not a
personal-data access.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from civil_complaints.access import can_view
from civil_complaints.complaint_models import Complaint
from civil_complaints.labels import DESTRUCTION_DECISION_LABELS, RETENTION_PERIOD_LABELS
from civil_complaints.privacy.destruction import (
    DestructionError,
    DestructionItem,
    DestructionList,
    approve,
    exclude,
    lists,
    open_list,
    propose,
)
from civil_complaints.web_support import remove_files, upload_dir
from core.clock import now_utc
from core.extensions import db
from core.inputs import parse_int
from organization.auth import requires_permission
from organization.domain.roles import Permission


class ApproveForm(FlaskForm):
    expected = HiddenField()
    note = TextAreaField(_l("Remark (optional)"), validators=[Optional(), Length(max=2000)],
                         description=_l("For example the decision of the records evaluation committee."))
    confirm = BooleanField(_l("I have checked the list. Destroy these records now; this cannot be undone."),
                           validators=[DataRequired(message=_l("Tick the box to confirm."))])


class ExcludeForm(FlaskForm):
    reason = StringField(_l("Why keep it"), validators=[DataRequired(message=_l("Give the reason.")),
                                                        Length(max=300)],
                         description=_l("For example a pending lawsuit or audit. It is listed again next January."))


def destruction_message(error: DestructionError) -> str:
    return {
        "not_open": lambda: _("This list was already decided."),
        "reason_required": lambda: _("Give the reason."),
        "list_changed": lambda: _("Records were added to the list since you opened it. Check it again."),
    }.get(error.code, lambda: _("The list could not be changed."))()


def _render(target: DestructionList | None, *, approve_form: ApproveForm | None = None,
            exclude_form: ExcludeForm | None = None, exclude_id: int | None = None, code: int = 200):
    listed = [i for i in target.items if i.decision == "listed"] if target is not None else []
    approve_form = approve_form or ApproveForm(formdata=None)
    approve_form.expected.data = str(len(listed))
    return render_template("civil_complaints/staff/records.html", target=target, listed=listed, history=lists(),
                           approve_form=approve_form, exclude_form=exclude_form or ExcludeForm(formdata=None),
                           exclude_id=exclude_id, period_labels=RETENTION_PERIOD_LABELS,
                           decision_labels=DESTRUCTION_DECISION_LABELS,
                           may_destroy=current_user.can(Permission.RECORDS_DESTROY), can_open=_can_open), code


def _can_open(complaint_id: int) -> bool:
    """Link a listed record to its case page only for those who may read it (not the records officer)."""
    complaint = db.session.get(Complaint, complaint_id)
    return complaint is not None and can_view(current_user, complaint)


@requires_permission(Permission.RECORDS_REVIEW)
def records_destruction():
    """The open destruction list (if any) and the log of decided lists."""
    return _render(open_list())


@requires_permission(Permission.RECORDS_REVIEW)
def destruction_list(list_id: int):
    target = db.session.get(DestructionList, list_id) or abort(404)
    return _render(target)


@requires_permission(Permission.RECORDS_DESTROY)
def prepare_destruction_list():
    """List now what the nightly job would list (e.g. on the first working day of January)."""
    added = propose(now=now_utc())
    db.session.commit()
    flash(_("%(count)d record(s) whose retention period has ended were added to the list.", count=added),
          "success" if added else "info")
    return redirect(url_for(".records_destruction"), code=303)


@requires_permission(Permission.RECORDS_DESTROY)
def exclude_from_destruction(item_id: int):
    item = db.session.get(DestructionItem, item_id) or abort(404)
    form = ExcludeForm()
    if not form.validate_on_submit():
        return _render(item.destruction_list, exclude_form=form, exclude_id=item.id, code=400)
    try:
        exclude(current_user, item, reason=form.reason.data, now=now_utc())
    except DestructionError as error:
        db.session.rollback()
        form.reason.errors = [destruction_message(error)]
        return _render(item.destruction_list, exclude_form=form, exclude_id=item.id, code=409)
    db.session.commit()
    flash(_("%(number)s was taken off the list.", number=item.receipt_no), "success")
    return redirect(url_for(".destruction_list", list_id=item.list_id), code=303)


@requires_permission(Permission.RECORDS_DESTROY)
def approve_destruction_list(list_id: int):
    target = db.session.get(DestructionList, list_id) or abort(404)
    form = ApproveForm()
    expected = parse_int(form.expected.data)
    if not form.validate_on_submit() or expected is None:
        return _render(target, approve_form=form, code=400)
    try:
        outcome = approve(current_user, target, expected_items=expected, note=form.note.data or "",
                          now=now_utc(), upload_dir=upload_dir())
    except DestructionError as error:
        db.session.rollback()
        form.confirm.errors = [destruction_message(error)]
        return _render(db.session.get(DestructionList, list_id), approve_form=form, code=409)
    db.session.commit()
    remove_files(outcome.files)  # after the commit: a failed commit keeps both the rows and the files
    flash(_("%(destroyed)d record(s) destroyed, %(skipped)d not destroyed (see the list).",
            destroyed=outcome.destroyed, skipped=outcome.skipped), "success")
    return redirect(url_for(".destruction_list", list_id=list_id), code=303)
