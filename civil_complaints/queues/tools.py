"""What the queue page adds for the officer's daily work: 일괄 배정 (heads) and 저장한 검색 조건 (everyone with a
queue). Forms and the page's context; the routes are in tool_views.py, the rules in bulk.py and saved_filters.py.

The POST forms carry the queue's current query string in their action URL, so a refused form re-shows the same
queue (same tab, filters and page) with the input kept, and a successful one returns to it.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from civil_complaints.queues.queries import Scope
from civil_complaints.queues.saved_filters import MAX_NAME, clean_query, filters_of
from core.extensions import db
from core.inputs import db_id
from organization.domain.roles import Permission
from organization.models import User


def _officer_id(value) -> int | None:
    """An officer's id; None for the empty "choose" option (refused by InputRequired)."""
    return None if value in ("", None) else db_id(value)


class BulkAssignForm(FlaskForm):
    bulk_assignee = SelectField(_l("Assign the ticked complaints to"), coerce=_officer_id,
                                validators=[InputRequired(message=_l("Choose an officer."))])


class SaveFilterForm(FlaskForm):
    filter_name = StringField(_l("Name of these conditions"), validators=[
        DataRequired(message=_l("Enter a name.")), Length(max=MAX_NAME)],
        description=_l("For example: overdue statutory complaints. Only you see your saved conditions."))


class DeleteFilterForm(FlaskForm):
    pass


def may_bulk_assign(user, scope: Scope) -> bool:
    """The permission the single assignment asks for, in a department's queue (casework/services.can_assign)."""
    return user.can(Permission.COMPLAINTS_ASSIGN) and scope.department_id is not None


def officer_choices(department_id: int) -> list[SelectChoice]:
    users = db.session.scalars(select(User).where(User.department_id == department_id, User.is_active_account)
                               .order_by(User.display_name))
    return [SelectChoice(u.id, u.display_name) for u in users if u.can(Permission.COMPLAINTS_HANDLE)]


def bulk_form(scope: Scope, given: BulkAssignForm | None = None) -> BulkAssignForm | None:
    if not may_bulk_assign(current_user, scope):
        return None
    form = given or BulkAssignForm(formdata=None)
    form.bulk_assignee.choices = [SelectChoice("", _l("Choose an officer"))] + officer_choices(scope.department_id)
    return form


def filter_keys(filter_form) -> list[str]:
    """The queue's own query keys: the tab and the filter form's fields (cursors are not kept)."""
    return ["tab", *(f.name for f in filter_form)]


def current_query(filter_form) -> str:
    return clean_query(request.args.items(multi=True), filter_keys(filter_form))


def queue_url(query: str) -> str:
    base = url_for(".staff_complaints")
    return f"{base}?{query}" if query else base


def tools_context(scope: Scope, filter_form, extra: dict | None = None) -> dict:
    """The queue page's tools; `extra` (a refused POST) brings the submitted forms, refusals and ticked rows."""
    extra = extra or {}
    query = current_query(filter_form)
    suffix = ("?" + urlencode(list(request.args.items(multi=True)))) if request.args else ""
    context = {
        "bulk_form": bulk_form(scope, extra.get("bulk_form")),
        "bulk_refusals": extra.get("bulk_refusals", []),
        "ticked": extra.get("ticked", set()),
        "save_form": extra.get("save_form") or SaveFilterForm(formdata=None),
        "delete_form": DeleteFilterForm(formdata=None),
        "saved_filters": [(row, queue_url(row.query)) for row in filters_of(current_user)],
        "current_query": query, "action_suffix": suffix,
    }
    if request.method == "POST":  # re-shown after a refusal: the rows' own forms return to the queue itself
        context["back"] = queue_url(urlencode(list(request.args.items(multi=True))))
    return context
