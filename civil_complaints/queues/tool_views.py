"""The queue page's POST tools (tools.py): 일괄 배정 for heads, saving and deleting one's own search conditions.

Each refused form re-shows the queue as it was (the action URL carries its query string) with a 400 and the input
kept (ticked rows, chosen officer, typed name); each success commits once and returns to the same queue (303).
"""

from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from civil_complaints import refusal_text
from civil_complaints.queues import bulk, saved_filters
from civil_complaints.queues.tools import (
    BulkAssignForm,
    DeleteFilterForm,
    SaveFilterForm,
    bulk_form,
    current_query,
    queue_url,
)
from civil_complaints.queues.views import QueueFilterForm, filters_valid, queue_response
from civil_complaints.queues.worklist import scope_of
from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_any_permission, requires_permission
from organization.domain.roles import Permission
from organization.models import User

VIEW = (Permission.COMPLAINTS_VIEW_ALL, Permission.COMPLAINTS_VIEW_DEPARTMENT)
BULK_MESSAGES = {
    "not_found": lambda p: _("This complaint does not exist or is not in your department."),
    "stale": lambda p: _("Someone else changed this complaint after the list was shown. Check it in the list "
                         "below as it is now."),
    "not_permitted": lambda p: _("You may assign only complaints of your own department."),
}


def _scope():
    return scope_of(current_user) or abort(403)


def _back():
    return redirect(queue_url(current_query(QueueFilterForm(request.args))), code=303)


def _refusal_text(refusal: bulk.Refusal) -> str:
    message = BULK_MESSAGES.get(refusal.code)
    return message(refusal.params) if message else refusal_text.refusal_message(refusal.code, refusal.params)


def _selection_error(selection) -> str | None:
    if selection is None:
        return _("The ticked rows are not valid. Open the list again and tick the complaints.")
    if not selection:
        return _("Tick at least one complaint in the list.")
    if len(selection) > bulk.MAX_BATCH:
        return _("Assign at most %(count)d complaints at a time.", count=bulk.MAX_BATCH)
    return None


@requires_permission(Permission.COMPLAINTS_ASSIGN)
def bulk_assign():
    scope = _scope()
    form = bulk_form(scope, BulkAssignForm())
    if form is None:
        abort(403)
    values = request.form.getlist("selected")
    selection = bulk.parse_selection(values)
    ticked = {item.receipt_no for item in selection or []}
    valid = form.validate_on_submit()
    problem = _selection_error(selection)
    if problem:
        form.bulk_assignee.errors = [*form.bulk_assignee.errors, problem]
    if not valid or problem:
        return queue_response({"bulk_form": form, "ticked": ticked}, 400)
    assignee = db.session.get(User, form.bulk_assignee.data) or abort(400)
    refusals = bulk.assign_many(current_user, selection, assignee=assignee, now=now_utc())
    if refusals:
        db.session.rollback()
        shown = [(r.receipt_no, _refusal_text(r)) for r in refusals]
        return queue_response({"bulk_form": form, "ticked": ticked, "bulk_refusals": shown}, 400)
    db.session.commit()
    flash(ngettext("%(num)d complaint was assigned to %(name)s.", "%(num)d complaints were assigned to %(name)s.",
                   len(selection), name=assignee.display_name), "success")
    return _back()


SAVE_MESSAGES = {
    "empty": lambda: _("Enter a name."),
    "too_long": lambda: _("The name or the conditions are too long."),
    "name_taken": lambda: _("You already saved conditions with this name. Choose another name."),
    "too_many": lambda: _("You can keep at most %(count)d saved conditions. Delete one first.",
                          count=saved_filters.MAX_PER_USER),
    "invalid": lambda: _("These conditions have errors. Correct the search first, then save it."),
}


@requires_any_permission(*VIEW)
def save_filter():
    _scope()
    form = SaveFilterForm()
    if form.validate_on_submit():
        query = current_query(QueueFilterForm(request.args))
        try:
            if not filters_valid(MultiDict(saved_filters.query_pairs(query))):
                raise saved_filters.FilterRefused("invalid")
            saved_filters.save_filter(current_user, name=form.filter_name.data, query=query, now=now_utc())
        except saved_filters.FilterRefused as refused:
            db.session.rollback()
            form.filter_name.errors = [SAVE_MESSAGES[refused.code]()]
        else:
            db.session.commit()
            flash(_("The search conditions were saved."), "success")
            return _back()
    return queue_response({"save_form": form}, 400)


@requires_any_permission(*VIEW)
def delete_filter(filter_id: int):
    _scope()
    if not DeleteFilterForm().validate_on_submit():
        abort(400)
    if not saved_filters.delete_filter(current_user, filter_id):
        abort(404)
    db.session.commit()
    flash(_("The saved search conditions were deleted."), "success")
    return _back()
