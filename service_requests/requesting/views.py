"""Asking for a service (/staff/services/<code>/request): the service's form, files, an optional 민원 link with a
warning before sending when the service's resolution target would end after the 민원's 처리기한."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from core.clock import now_utc
from core.extensions import db
from core.uploads import clean_filename
from organization.auth import requires_permission
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from service_requests.catalog.labels import PRIORITY_LABELS, targets_line
from service_requests.catalog.queries import service_by_code
from service_requests.domain.form_fields import MAX_LENGTH
from service_requests.hooks import LinkedComplaint
from service_requests.models import PRIORITIES, Service, ServiceRequest
from service_requests.requesting.files import FileRefused, read_uploads, remove_files, store_files
from service_requests.requesting.forms import RequestForm, request_form_class
from service_requests.requesting.links import LinkRefused, LinkWarning, link_warning, linked_complaint
from service_requests.requesting.messages import request_message
from service_requests.requesting.services import RequestData, RequestError, create_request
from working_calendar.cache import load_calendar


def request_url(number: str) -> str | None:
    """The request's own page, once the handling side's page exists (another part of the feature)."""
    if "service_requests.request_page" not in current_app.view_functions:
        return None
    return url_for("service_requests.request_page", number=number)


def _limit(service: Service, name: str) -> int:
    if name in ("title", "description"):
        return 200 if name == "title" else 4000
    kind = next((f.kind for f in service.fields if f"field_{f.key}" == name), "long_text")
    return MAX_LENGTH.get(kind, 4000)


def _show_request_errors(form: RequestForm, service: Service, errors: dict[str, str]) -> None:
    for name, code in errors.items():
        field = form[name] if name in form else form.title
        field.errors = [*field.errors, request_message(code, limit=_limit(service, name))]


def _data(form: RequestForm, service: Service, priority: str, complaint: LinkedComplaint | None, rows) -> RequestData:
    answers = {f.key: form[f"field_{f.key}"].data or "" for f in service.fields if f.kind != "file"}
    return RequestData(title=form.title.data or "", description=form.description.data or "", priority=priority,
                       answers=answers, complaint_id=complaint.id if complaint else None, files=rows)


def _create(form: RequestForm, service: Service, priority: str, complaint: LinkedComplaint | None,
            now) -> ServiceRequest | None:
    """Store the files and make the request, committed; None (errors beside the fields, nothing kept) if refused."""
    written = []
    try:
        uploads = read_uploads(request.files, ["attachments", *form.file_field_names])
        rows, written = store_files(uploads, Path(current_app.config["UPLOAD_DIR"]), uploader_id=current_user.id,
                                    now=now)
        created = create_request(current_user, service, _data(form, service, priority, complaint, rows),
                                 calendar=load_calendar(), now=now)
        db.session.commit()
    except FileRefused as error:
        db.session.rollback()
        remove_files(written)
        field = form[error.field]
        field.errors = [*field.errors, request_message(error.code, **error.params)]
        return None
    except RequestError as error:
        db.session.rollback()
        remove_files(written)
        _show_request_errors(form, service, error.errors)
        return None
    except PermissionDenied:
        db.session.rollback()
        remove_files(written)
        abort(403)
    return created


def _sent(created: ServiceRequest):
    if created.status == "pending_approval":
        flash(_("Request %(number)s was saved and waits for your department head's approval.",
                number=created.number), "success")
    else:
        flash(_("Request %(number)s was sent to %(department)s.", number=created.number,
                department=created.provider_department.name(str(get_locale()))), "success")
    return redirect(request_url(created.number) or url_for(".my_requests"), code=303)


def _send(form: RequestForm, service: Service):
    """(a redirect once sent, a warning to confirm first): both None when the form comes back with errors."""
    now = now_utc()
    try:
        complaint = linked_complaint(current_user, service, form.complaint.data)
    except LinkRefused as error:
        form.complaint.errors = [*form.complaint.errors, request_message(error.code)]
        return None, None
    priority = "urgent" if form.make_urgent.data else form.priority.data
    warning = link_warning(complaint, service, priority, calendar=load_calendar(), now=now)
    if warning is not None and form.warned_for.data != complaint.receipt_no:
        form.warned_for.data = complaint.receipt_no  # shown once per 민원: the next send goes ahead
        return None, warning
    created = _create(form, service, priority, complaint, now)
    return (_sent(created) if created is not None else None), None


@requires_permission(Permission.SERVICE_REQUESTS_USE)
def new_request(code: str):
    service = service_by_code(code)
    if service is None or not service.is_active:
        abort(404)
    locale = str(get_locale())
    form = request_form_class(service, locale)()
    warning: LinkWarning | None = None
    if form.validate_on_submit():
        sent, warning = _send(form, service)
        if sent is not None:
            return sent
    failed = request.method == "POST" and warning is None
    attached = [clean_filename(f.filename) for name in ["attachments", *form.file_field_names]
                for f in request.files.getlist(name) if f and f.filename]
    return render_template(
        "service_requests/new_request.html", form=form, service=service, locale=locale, warning=warning,
        attached=attached, priorities=PRIORITIES, priority_labels=PRIORITY_LABELS, targets_line=targets_line,
        service_fields=[form[name] for name in form.service_field_names]), (400 if failed else 200)
