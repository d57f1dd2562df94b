"""/staff/service-queue: the providing department's queues with counts on the tabs, due badges like the 민원
queue's, the linked 민원's 처리기한 first in the row, keyset pages (queries.py), and the head's assign control per
row (it posts the `assign` step to the request's page route and comes back to the page it was sent from)."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from core.clock import now_utc
from core.extensions import db
from core.inputs import BadInput
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.models import User
from service_requests import hooks
from service_requests.access import is_head_of
from service_requests.domain.due_badges import due_badge
from service_requests.handling.labels import PRIORITY_LABELS, STATUS_LABELS, badge_text
from service_requests.queues.queries import Cursor, Tab, provider_page, tab_counts
from working_calendar.cache import load_calendar

TAB_LABELS = {
    Tab.UNASSIGNED: _l("Unassigned"), Tab.MINE: _l("Assigned to me"), Tab.DUE_SOON: _l("Due soon"),
    Tab.OVERDUE: _l("Overdue"), Tab.WAITING: _l("Waiting for the requester"),
}


def _cursor() -> Cursor | None:
    after, before = request.args.get("after", ""), request.args.get("before", "")
    cursor = Cursor.parse(after) if after else Cursor.parse(before, before=True) if before else None
    if (after or before) and cursor is None:
        raise BadInput(_("This page link is not valid. Open the list again from its first page."))
    return cursor


def _assignees(department_id: int) -> list:
    users = db.session.scalars(select(User).where(User.department_id == department_id, User.is_active_account)
                               .order_by(User.display_name, User.id))
    return [u for u in users if u.can(Permission.SERVICE_REQUESTS_USE)]


@requires_permission(Permission.SERVICE_REQUESTS_USE)
def provider_queue():
    department_id = current_user.department_id
    if department_id is None:
        abort(403)
    tab = next((t for t in Tab if t.value == request.args.get("tab")), Tab.UNASSIGNED)
    cursor = _cursor()
    now, calendar = now_utc(), load_calendar()
    page = provider_page(department_id, tab, current_user.id, now, cursor, calendar=calendar)
    counts = tab_counts(department_id, current_user.id, now, calendar=calendar)
    rows = [(row, due_badge(row.status, row.resolution_due_at, row.resolution_target, now=now, calendar=calendar),
             hooks.complaint_facts(user=current_user, complaint_id=row.complaint_id, shared=True)
             if row.complaint_id else None) for row in page.rows]
    head = is_head_of(current_user, department_id)
    return render_template(
        "service_requests/queue.html", tab=tab, tabs=list(Tab), tab_labels=TAB_LABELS, counts=counts, page=page,
        rows=rows, badge_text=badge_text, status_labels=STATUS_LABELS, priority_labels=PRIORITY_LABELS,
        assignees=_assignees(department_id) if head else None, department=current_user.department,
        back=request.full_path.rstrip("?"))
