"""Asking for a service (요청): the request is checked against its service's form, numbered, given the terms of
its service, and either waits for the requesting head's approval or starts its clocks and reaches the provider.

Services only flush; the view commits once. Files are stored by the caller (requesting/views.py) through the
shared upload checks and passed in as `files` rows already built.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from core.extensions import db
from organization.domain.roles import Permission
from organization.services import require_permission
from service_requests import clocks
from service_requests.domain.form_fields import FieldSpec, check_answers, parse_choices
from service_requests.domain.workflow import RequestStatus
from service_requests.history import add_event
from service_requests.models import PRIORITIES, RequestFile, Service, ServiceRequest
from service_requests.notices import heads_of, notify
from service_requests.numbers import next_request_number
from working_calendar.domain.worktime import WorkCalendar


class RequestError(Exception):
    """Input the rules refuse: `errors` maps a field name to a code the web layer translates."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class RequestData:
    title: str
    description: str = ""
    priority: str = "normal"
    answers: dict[str, str] = field(default_factory=dict)  # what was typed per form field
    complaint_id: int | None = None  # a 민원 the requester handles (checked by the caller: link_check)
    files: list[RequestFile] = field(default_factory=list)


def field_specs(service: Service) -> list[FieldSpec]:
    return [FieldSpec(f.key, f.kind, f.required, parse_choices(f.choices) if f.kind == "choice" else ())
            for f in service.fields]


def _check(service: Service, data: RequestData) -> dict:
    errors = {}
    if not data.title.strip():
        errors["title"] = "required"
    elif len(data.title.strip()) > 200:
        errors["title"] = "too_long"
    if len(data.description) > 4000:
        errors["description"] = "too_long"
    if data.priority not in PRIORITIES:
        errors["priority"] = "choice"
    present = {**data.answers, **{f.field_key: str(f.id or "file") for f in data.files if f.field_key}}
    values, field_errors = check_answers(field_specs(service), present)
    errors.update({f"field_{key}": code for key, code in field_errors.items()})
    if data.complaint_id is not None and not service.may_link_complaint:
        errors["complaint"] = "no_link"
    if not service.is_active:
        errors["service"] = "inactive"
    if errors:
        raise RequestError(errors)
    files = {f.key for f in service.fields if f.kind == "file"}
    return {key: value for key, value in values.items() if key not in files}  # files: RequestFile.field_key


def create_request(actor, service: Service, data: RequestData, *, calendar: WorkCalendar,
                   now: datetime) -> ServiceRequest:
    """A request of `actor`'s department for `service`; waits for approval when the service asks for it."""
    require_permission(actor, Permission.SERVICE_REQUESTS_USE)
    if actor.department_id is None:
        raise RequestError({"service": "no_department"})
    values = _check(service, data)
    response, resolution = service.targets(data.priority)
    request = ServiceRequest(
        number=next_request_number(now), service=service, title=data.title.strip(),
        description=data.description.strip(), answers=json.dumps(values, ensure_ascii=False),
        priority=data.priority, requester_id=actor.id, requester_department_id=actor.department_id,
        provider_department_id=service.department_id, complaint_id=data.complaint_id,
        response_target=response, resolution_target=resolution, created_at=now,
        status=(RequestStatus.PENDING_APPROVAL if service.needs_approval else RequestStatus.RECEIVED).value)
    handler = service.default_handler
    if handler is not None and handler.is_active_account and handler.department_id == service.department_id:
        request.handler_id = handler.id
    request.files.extend(data.files)  # before add: the collection's cascade adds them (a backref would not)
    db.session.add(request)
    if not service.needs_approval:
        clocks.start(request, calendar, now)
    db.session.flush()
    add_event(request, action="create", actor=actor, at=now, from_status=None, to_status=request.status)
    _tell(actor, request, now)
    return request


def _tell(actor, request: ServiceRequest, now: datetime) -> None:
    if request.status == RequestStatus.PENDING_APPROVAL.value:
        notify(heads_of(request.requester_department_id), request, "approval_needed", now=now, key="created",
               actor=actor)
    else:
        reached_provider(request, now, actor=actor)


def reached_provider(request: ServiceRequest, now: datetime, *, actor=None, kind: str = "received") -> None:
    """Tell the providing side: the handler when there is one, else the providing department's heads."""
    db.session.flush()
    recipients = [request.handler] if request.handler is not None else heads_of(request.provider_department_id)
    notify(recipients, request, kind, now=now, key=f"{kind}:{request.forward_count}", actor=actor)
