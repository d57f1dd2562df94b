"""The service catalog: every staff member finds a service (/staff/services); a department head keeps the
catalog of their own department (/staff/services/manage)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_any_permission, requires_permission
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from service_requests.access import is_head_of
from service_requests.catalog import editing
from service_requests.catalog.forms import CatalogSearchForm, ServiceForm
from service_requests.catalog.labels import CATEGORY_LABELS, PRIORITY_LABELS, targets_line
from service_requests.catalog.queries import (
    department_services,
    possible_handlers,
    providing_departments,
    search_services,
    service_by_code,
)
from service_requests.catalog.services import CatalogError, save_service
from service_requests.models import PRIORITIES


def _department_id(value: str | None) -> int | None:
    return int(value) if (value or "").isdigit() and len(value) < 10 else None


@requires_any_permission(Permission.SERVICE_REQUESTS_USE, Permission.SERVICE_REQUESTS_VIEW_ALL)
def catalog():
    locale = str(get_locale())
    form = CatalogSearchForm(request.args)
    departments = providing_departments()
    form.department.choices = [SelectChoice("", _("All"))] + [
        SelectChoice(str(d.id), d.name_ko if locale == "ko" else d.name_en) for d in departments]
    valid = form.validate()
    services = search_services(words=(form.q.data or "").strip() if valid else "",
                               category=form.category.data or None if valid else None,
                               department_id=_department_id(form.department.data) if valid else None)
    searched = valid and any(v for k, v in request.args.items() if k in ("q", "category", "department"))
    return render_template("service_requests/catalog.html", form=form, services=services, locale=locale,
                           searched=searched, categories=CATEGORY_LABELS, priorities=PRIORITIES,
                           priority_labels=PRIORITY_LABELS, targets_line=targets_line,
                           may_request=current_user.can(Permission.SERVICE_REQUESTS_USE)), (200 if valid else 400)


def _head_only() -> int:
    if current_user.department_id is None or not is_head_of(current_user, current_user.department_id):
        abort(403)
    return current_user.department_id


@requires_permission(Permission.SERVICE_REQUESTS_MANAGE)
def manage_catalog():
    department_id = _head_only()
    return render_template("service_requests/manage_catalog.html", services=department_services(department_id),
                           locale=str(get_locale()), categories=CATEGORY_LABELS, priorities=PRIORITIES,
                           priority_labels=PRIORITY_LABELS, targets_line=targets_line)


@requires_permission(Permission.SERVICE_REQUESTS_MANAGE)
def edit_service(code: str | None = None):
    department_id = _head_only()
    service = None
    if code is not None:
        service = service_by_code(code)
        if service is None:
            abort(404)
        if service.department_id != department_id:
            abort(403)
    form = ServiceForm(obj=None) if request.method == "POST" else editing.filled_form(service)
    form.default_handler_id.choices = [SelectChoice("", _("None (the head assigns)"))] + [
        SelectChoice(str(u.id), u.display_name) for u in possible_handlers(department_id)]
    if request.method == "POST" and request.form.get("action") == "add_field":
        editing.add_row(form)
        return render_template("service_requests/edit_service.html", form=form, service=service, errors=[])
    if form.validate_on_submit():
        try:
            saved = save_service(current_user, service, editing.service_data(form, service), now=now_utc(),
                                 version=editing.version_of(form))
            db.session.commit()
        except CatalogError as error:
            db.session.rollback()
            editing.show_errors(form, error.errors)
        except PermissionDenied:
            db.session.rollback()
            abort(403)
        else:
            flash(_("The service %(name)s was saved. Requests already made keep the terms they were made under.",
                    name=saved.name(str(get_locale()))), "success")
            return redirect(url_for(".manage_catalog"), code=303)
    errors = editing.flat_errors(form)
    return render_template("service_requests/edit_service.html", form=form, service=service,
                           errors=errors), (400 if errors else 200)
