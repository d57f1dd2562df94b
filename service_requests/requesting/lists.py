"""The requesting side's lists: my requests and my department's (/staff/service-requests; auditors: every
department's), and the head's approvals (/staff/service-requests/approvals) with approve / reject posted to
/staff/service-requests/<number>/approval."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from core.clock import now_utc
from core.extensions import db
from core.inputs import parse_int, query_int
from organization.auth import requires_any_permission, requires_permission
from organization.domain.roles import Permission
from service_requests.access import is_head_of
from service_requests.catalog.labels import PRIORITY_LABELS
from service_requests.domain.due_badges import due_badge
from service_requests.domain.workflow import Action, RequestRefused
from service_requests.handling.services import Step, act
from service_requests.requesting.forms import ApprovalForm
from service_requests.requesting.labels import STATUS_LABELS, badge_text
from service_requests.requesting.messages import refusal_message
from service_requests.requesting.queries import pending_approvals, request_by_number, requests_page
from service_requests.requesting.views import request_url
from working_calendar.cache import load_calendar

TAB_LABELS = {"mine": _l("My requests"), "department": _l("My department's requests"),
              "all": _l("Every department's requests")}


def _tabs() -> list[str]:
    if current_user.can(Permission.SERVICE_REQUESTS_USE) and current_user.department_id is not None:
        return ["mine", "department"]
    if current_user.can(Permission.SERVICE_REQUESTS_VIEW_ALL):
        return ["all"]
    abort(403)


@requires_any_permission(Permission.SERVICE_REQUESTS_USE, Permission.SERVICE_REQUESTS_VIEW_ALL)
def my_requests():
    tabs = _tabs()
    tab = request.args.get("tab") if request.args.get("tab") in tabs else tabs[0]
    number = query_int("page", default=1, low=1, high=100_000)
    status = request.args.get("status") if request.args.get("status") in STATUS_LABELS else None  # staff home tiles
    page = requests_page(requester_id=current_user.id if tab == "mine" else None,
                         department_id=current_user.department_id if tab == "department" else None, page=number,
                         status=status)
    now, calendar = now_utc(), load_calendar()
    rows = [(r, due_badge(r.status, r.resolution_due_at, r.resolution_target, now=now, calendar=calendar),
             request_url(r.number)) for r in page.rows]  # the badges of the providing queues
    heads = current_user.department_id is not None and is_head_of(current_user, current_user.department_id)
    waiting = len(pending_approvals(current_user.department_id)) if heads else None  # the link to approve them
    return render_template("service_requests/my_requests.html", tabs=tabs, tab=tab, tab_labels=TAB_LABELS,
                           page=page, rows=rows, locale=str(get_locale()), status_labels=STATUS_LABELS, status=status,
                           badge_text=badge_text, waiting=waiting, priority_labels=PRIORITY_LABELS)


def _head_department() -> int:
    if current_user.department_id is None or not is_head_of(current_user, current_user.department_id):
        abort(403)
    return current_user.department_id


def _approvals_page(department_id: int, *, problems: dict | None = None, kept: dict | None = None,
                    code: int = 200):
    rows = [(r, request_url(r.number)) for r in pending_approvals(department_id)]
    return render_template("service_requests/approvals.html", rows=rows, form=ApprovalForm(),
                           problems=problems or {}, kept=kept or {}, locale=str(get_locale()),
                           priority_labels=PRIORITY_LABELS), code


@requires_permission(Permission.SERVICE_REQUESTS_MANAGE)
def approvals():
    return _approvals_page(_head_department())


@requires_permission(Permission.SERVICE_REQUESTS_MANAGE)
def approve_request(number: str):
    department_id = _head_department()
    found = request_by_number(number)
    if found is None:
        abort(404)
    if found.requester_department_id != department_id:
        abort(403)
    form = ApprovalForm()
    reason = form.reason.data or ""
    if not form.validate_on_submit():
        return _approvals_page(department_id, problems={number: refusal_message("invalid")},
                               kept={number: reason}, code=400)
    if parse_int(form.version.data, low=0) != found.version:
        return _approvals_page(department_id, problems={number: refusal_message("stale")}, kept={number: reason},
                               code=409)
    action = Action.APPROVE if form.decision.data == "approve" else Action.REJECT
    try:
        act(current_user, found, Step(action, text=reason), calendar=load_calendar(), now=now_utc())
        db.session.commit()
    except RequestRefused as error:
        db.session.rollback()
        code = 400 if error.code in ("text_required", "text_too_long") else 409
        return _approvals_page(department_id, problems={number: refusal_message(error.code)},
                               kept={number: reason}, code=code)
    except StaleDataError:
        db.session.rollback()
        return _approvals_page(department_id, problems={number: refusal_message("stale")}, kept={number: reason},
                               code=409)
    flash(_("Request %(number)s was approved and sent.", number=number) if action is Action.APPROVE
          else _("Request %(number)s was refused; the requester is told why.", number=number), "success")
    return redirect(url_for(".approvals"), code=303)
