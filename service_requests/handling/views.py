"""A request's page (/staff/service-requests/<number>) for both sides and auditors, its one step route (`act`),
and its files.

Every form carries the request's version: a stale version, or a concurrent change caught by the database
(StaleDataError), re-shows the page as it is now with "someone else changed this" and the user's text kept; a
step the rules refuse (RequestRefused) re-shows it with the reason beside the form, 400. One commit per request.
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.http import parse_options_header

from core.clock import now_utc
from core.extensions import db
from core.urls import safe_next
from organization.auth import requires_any_permission
from organization.domain.roles import Permission
from organization.models import Department, User
from service_requests.access import may_read, sides_of
from service_requests.domain.workflow import Action, RequestRefused
from service_requests.files import file_path
from service_requests.handling.forms import step_form
from service_requests.handling.labels import ACTION_LABELS, refusal_message
from service_requests.handling.page import actions_for, assignee_choices, providing_departments, request_context
from service_requests.handling.rating_views import rating_context
from service_requests.handling.services import Step, act
from service_requests.models import RequestFile, ServiceRequest
from working_calendar.cache import load_calendar

READERS = (Permission.SERVICE_REQUESTS_USE, Permission.SERVICE_REQUESTS_VIEW_ALL)
TEMPLATE = "service_requests/request.html"


def request_or_404(number: str) -> ServiceRequest:
    found = db.session.scalar(select(ServiceRequest).where(ServiceRequest.number == number[:20]))
    if found is None:
        abort(404)
    if not may_read(current_user, found):
        abort(403)
    return found


def render_request(found: ServiceRequest, *, given: dict | None = None, refusal=None, code: int = 200):
    context = request_context(current_user, found, now=now_utc(), calendar=load_calendar(), given=given,
                              refusal=refusal)
    context.update(rating_context(current_user, found))  # 내부고객 만족도: the requester's form, or the rating given
    return render_template(TEMPLATE, **context), code


@requires_any_permission(*READERS)
def request_page(number: str):
    return render_request(request_or_404(number))


@requires_any_permission(*READERS)
def request_file(number: str, file_id: int):
    """A file of the request, for those who may read it, as a download under a safe name."""
    found = request_or_404(number)
    file = db.session.get(RequestFile, file_id)
    if file is None or file.request_id != found.id:
        abort(404)
    path = file_path(Path(current_app.config["UPLOAD_DIR"]), file)
    if not path.is_file():
        abort(404)
    mimetype, _options = parse_options_header(file.content_type)
    data = io.BytesIO(path.read_bytes())  # small (the upload limit); nothing left open after the response
    response = send_file(data, mimetype=mimetype or "application/octet-stream", as_attachment=True,
                         download_name=file.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _step(action: Action, form) -> Step:
    text = form.text.data or "" if "text" in form else ""
    assignee = db.session.get(User, form.assignee.data) if "assignee" in form and form.assignee.data else None
    department = (db.session.get(Department, form.department.data)
                  if "department" in form and form.department.data else None)
    return Step(action, text=text, assignee=assignee, to_department=department)


def _conflict(number: str, action: Action, form):
    """Someone else changed the request: the page as it is now, the user's text kept, to send again."""
    db.session.rollback()
    db.session.expire_all()
    found = request_or_404(number)
    message = _("Someone else changed this request first. Check the page as it is now; what you entered is kept "
                "below, send it again if it still applies.")
    form.version.data = str(found.version)
    form.version.errors = [message]
    if action not in actions_for(current_user, found):
        return render_request(found, refusal=(action.value, message), code=409)
    return render_request(found, given={action.value: form}, refusal=(action.value, message), code=409)


def _refused(number: str, action: Action, form, code: str):
    db.session.rollback()
    db.session.expire_all()
    found = request_or_404(number)
    message = refusal_message(code)
    given = {action.value: form} if action in actions_for(current_user, found) else None
    return render_request(found, given=given, refusal=(action.value, message), code=400)


@requires_any_permission(Permission.SERVICE_REQUESTS_USE)
def request_act(number: str):
    """One step on the request: version check, the service, one commit; refusals re-show the page, 400/409."""
    found = request_or_404(number)
    if not sides_of(current_user, found):
        abort(403)  # auditors and anyone else who may only read
    try:
        action = Action(request.form.get("action", ""))
    except ValueError:
        return render_request(found, refusal=("", _("Choose one of the steps on this page.")), code=400)
    form = step_form(action, submitted=True, assignees=assignee_choices(found) if action is Action.ASSIGN else (),
                     departments=providing_departments(found.provider_department_id, "ko")
                     if action is Action.FORWARD else ())
    if not form.validate_on_submit():
        return render_request(found, given={action.value: form} if action in actions_for(current_user, found)
                              else None, refusal=(action.value, _("Check the form below.")), code=400)
    if form.version_number() != found.version:
        return _conflict(number, action, form)
    try:
        act(current_user, found, _step(action, form), calendar=load_calendar(), now=now_utc())
        db.session.commit()
    except StaleDataError:
        return _conflict(number, action, form)
    except RequestRefused as refused:
        return _refused(number, action, form, refused.code)
    flash(_("Done: %(step)s.", step=ACTION_LABELS[action.value]), "success")
    page = url_for(".request_page", number=number)
    back = safe_next(request.form.get("next"), page)  # the queue's assign control comes back to its page
    return redirect(back if back.startswith(url_for(".provider_queue")) else page, code=303)
