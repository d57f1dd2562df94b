"""Internal requests in the staff API (/api/v1, JSON): the catalog, a department's requests, one request, and a new
request. A client authenticates as on /api/v1/complaints (`Authorization: Bearer <key>` of a staff API client)
and acts as the one staff user the key was issued to (`flask api-clients create --scope staff --user …`): a
POST is that user's request, of that user's department — no key may act on someone else's behalf. The same
rules as the pages apply (access.py); errors have the shape of the 민원 API's: {"error": {"code", "message"}},
with "fields" ({field: code}) when a request's input is refused.
"""

from __future__ import annotations

import json
from datetime import datetime

from flask import g, jsonify, request
from flask_babel import gettext as _

from core.clock import KST, now_utc
from core.extensions import db
from core.inputs import parse_int
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from service_requests.access import may_read
from service_requests.api import queries
from service_requests.domain.workflow import RequestStatus
from service_requests.hooks import api_user_for_key, complaint_facts
from service_requests.models import CATEGORIES, PRIORITIES, Service, ServiceRequest

MAX_PER_PAGE = 100
STATUSES = frozenset(s.value for s in RequestStatus)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields


def api_error(error: ApiError):
    body = {"code": error.code, "message": error.message}
    if error.fields:
        body["fields"] = error.fields
    response = jsonify(error=body)
    response.status_code = error.status
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def denied(error: PermissionDenied):
    db.session.rollback()
    return api_error(forbidden())


def forbidden() -> ApiError:
    return ApiError(403, "forbidden", _("You do not have permission to do this."))


def invalid(message: str, code: str = "invalid", fields: dict | None = None) -> ApiError:
    return ApiError(400, code, message, fields)


def caller():
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    found = api_user_for_key(key) if scheme.lower() == "bearer" else None
    if found is None:
        raise ApiError(401, "unauthorized", _("A valid API key is required: send Authorization: Bearer <key>."))
    user, g.api_client_id = found
    return user


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(KST).isoformat(timespec="seconds") if value else None


def _department(department) -> dict:
    return {"code": department.code, "name": department.name_ko}


def summary(item: ServiceRequest, now: datetime) -> dict:
    running = item.status in (RequestStatus.RECEIVED.value, RequestStatus.IN_PROGRESS.value)
    return {
        "number": item.number, "service_code": item.service.code, "title": item.title, "status": item.status,
        "priority": item.priority, "requester_department": _department(item.requester_department),
        "provider_department": _department(item.provider_department), "created_at": _iso(item.created_at),
        "response_due_at": _iso(item.response_due_at), "resolution_due_at": _iso(item.resolution_due_at),
        "resolved_at": _iso(item.resolved_at),
        "overdue": running and item.resolution_due_at is not None and now > item.resolution_due_at,
    }


def _record(user, item: ServiceRequest, now: datetime) -> dict:
    linked = complaint_facts(user=user, complaint_id=item.complaint_id) if item.complaint_id else None
    return {
        **summary(item, now), "description": item.description, "answers": json.loads(item.answers or "{}"),
        "requester": item.requester.display_name, "handler": item.handler.display_name if item.handler else None,
        "complaint_receipt_no": linked.receipt_no if linked else None, "responded_at": _iso(item.responded_at),
        "closed_at": _iso(item.closed_at),
        "events": [{"at": _iso(e.at), "action": e.action, "from_status": e.from_status, "to_status": e.to_status}
                   for e in item.events],
    }


def _service(service: Service) -> dict:
    from service_requests.requesting.services import field_specs

    specs = {spec.key: spec for spec in field_specs(service)}
    return {
        "code": service.code, "name": service.name_ko, "name_en": service.name_en,
        "description": service.description_ko, "category": service.category,
        "department": _department(service.department), "needs_approval": service.needs_approval,
        "may_link_complaint": service.may_link_complaint,
        "targets": {p: dict(zip(("response", "resolution"), service.targets(p), strict=True)) for p in PRIORITIES},
        "fields": [{"key": f.key, "label": f.label_ko, "kind": f.kind, "required": f.required,
                    "choices": [{"value": c.value, "label": c.label_ko} for c in specs[f.key].choices]}
                   for f in service.fields],
    }


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    value = parse_int(text, low=low, high=high) if text == text.strip() else None
    if value is None:
        raise invalid(_("%(name)s must be a whole number from %(low)d to %(high)d.", name=name, low=low, high=high))
    return value


def _enum_arg(name: str, values) -> str | None:
    value = request.args.get(name) or None  # empty: all (allowEmptyValue in the document)
    if value is not None and value not in values:
        raise invalid(_("%(name)s must be one of %(values)s.", name=name, values=", ".join(sorted(values))))
    return value


def service_catalog():
    user = caller()
    if not (user.can(Permission.SERVICE_REQUESTS_USE) or user.can(Permission.SERVICE_REQUESTS_VIEW_ALL)):
        raise forbidden()
    category = _enum_arg("category", CATEGORIES)
    return jsonify(items=[_service(s) for s in queries.active_services(category)])


def list_service_requests():
    user = caller()
    every = user.can(Permission.SERVICE_REQUESTS_VIEW_ALL)
    if not every and not (user.can(Permission.SERVICE_REQUESTS_USE) and user.department_id is not None):
        raise forbidden()
    status, side = _enum_arg("status", STATUSES), _enum_arg("side", ("requester", "provider"))
    page, per_page = _int_arg("page", 1, 1, 100_000), _int_arg("per_page", 20, 1, MAX_PER_PAGE)
    scope = queries.RequestScope(every_department=every, department_id=user.department_id, side=side,
                                 status=status)
    total, rows = queries.page_of_requests(scope, page=page, per_page=per_page)
    now = now_utc()
    return jsonify(items=[summary(r, now) for r in rows], page=page, per_page=per_page, total=total)


def get_service_request(number: str):
    user = caller()
    item = queries.request_by_number(number)
    if item is None:
        raise ApiError(404, "not_found", _("No request has this number."))
    if not may_read(user, item):
        raise forbidden()
    return jsonify(_record(user, item, now_utc()))
