"""Keeping a department's service catalog: its head adds and changes services, their forms and targets.

Targets are copied onto each request when it is made (`requesting/services.py:create_request`), so a change here
reaches only requests made afterwards. A service is never deleted (requests refer to it): it is deactivated.
Services only flush; the view commits once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from core.extensions import db
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User
from organization.services import require_permission
from service_requests.access import is_head_of
from service_requests.catalog.queries import service_by_code
from service_requests.domain.form_fields import FieldSpec, check_spec, parse_choices
from service_requests.domain.ola import Target, TargetError
from service_requests.models import CATEGORIES, PRIORITIES, Service, ServiceField

CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9-]{1,39}")
MAX_FIELDS = 20
TARGET_NAMES = tuple(f"{kind}_{priority}" for kind in ("response", "resolution") for priority in PRIORITIES)


class CatalogError(Exception):
    """Input the rules refuse: `errors` maps a form field's name to a code the web layer translates."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class FieldRow:
    key: str
    label_ko: str
    label_en: str = ""
    kind: str = "text"
    required: bool = False
    choices: str = ""


@dataclass
class ServiceData:
    code: str
    name_ko: str
    name_en: str
    category: str
    targets: dict[str, str]  # response_urgent … resolution_low: "4h", "2d"
    description_ko: str = ""
    description_en: str = ""
    default_handler_id: int | None = None
    needs_approval: bool = False
    may_link_complaint: bool = True
    is_active: bool = True
    fields: list[FieldRow] = field(default_factory=list)


def _check_texts(data: ServiceData, errors: dict) -> None:
    for name, limit, required in (("name_ko", 100, True), ("name_en", 100, True), ("description_ko", 2000, False),
                                  ("description_en", 2000, False)):
        value = getattr(data, name).strip()
        if required and not value:
            errors[name] = "required"
        elif len(value) > limit:
            errors[name] = "too_long"
    if data.category not in CATEGORIES:
        errors["category"] = "choice"


def _check_targets(data: ServiceData, errors: dict) -> None:
    for name in TARGET_NAMES:
        try:
            Target.parse((data.targets.get(name) or "").strip())
        except TargetError as error:
            errors[name] = error.code


def _check_row(row: FieldRow) -> str | None:
    if not row.label_ko.strip():
        return "label_required"
    if len(row.label_ko.strip()) > 100 or len(row.label_en.strip()) > 100:
        return "too_long"
    try:
        choices = parse_choices(row.choices) if row.kind == "choice" else ()
    except ValueError as error:
        return str(error)
    return check_spec(FieldSpec(row.key, row.kind, row.required, choices))


def _check_fields(data: ServiceData, errors: dict) -> None:
    if len(data.fields) > MAX_FIELDS:
        errors["fields"] = "too_many"
        return
    seen = set()
    for index, row in enumerate(data.fields):
        code = _check_row(row)
        if code is None and row.key in seen:
            code = "key_duplicate"
        seen.add(row.key)
        if code:
            errors[f"fields-{index}"] = code


def _check_handler(actor: User, data: ServiceData, errors: dict) -> User | None:
    if data.default_handler_id is None:
        return None
    handler = db.session.get(User, data.default_handler_id)
    if (handler is None or handler.department_id != actor.department_id or not handler.is_active_account
            or not handler.can(Permission.SERVICE_REQUESTS_USE)):
        errors["default_handler_id"] = "choice"
    return handler


def _check(actor: User, service: Service | None, data: ServiceData, version: int | None) -> User | None:
    errors: dict[str, str] = {}
    if service is None:
        if not CODE_PATTERN.fullmatch(data.code):
            errors["code"] = "code_format"
        elif service_by_code(data.code) is not None:
            errors["code"] = "code_taken"
    elif version is not None and version != service.version:
        errors["version"] = "stale"
    _check_texts(data, errors)
    _check_targets(data, errors)
    _check_fields(data, errors)
    handler = _check_handler(actor, data, errors)
    if errors:
        raise CatalogError(errors)
    return handler


def _apply_fields(service: Service, rows: list[FieldRow]) -> None:
    """Rows matched by key keep their id (a key is unique per service: a removed key's row goes, a kept one is
    updated in place, so one flush never inserts a key it also deletes)."""
    existing = {f.key: f for f in service.fields}
    kept = []
    for position, row in enumerate(rows):
        target = existing.get(row.key) or ServiceField(key=row.key)
        target.position, target.kind, target.required = position, row.kind, row.required
        target.label_ko, target.label_en = row.label_ko.strip(), (row.label_en.strip() or row.label_ko.strip())
        target.choices = row.choices.strip() if row.kind == "choice" else ""
        kept.append(target)
    service.fields = kept


def save_service(actor: User, service: Service | None, data: ServiceData, *, now: datetime,
                 version: int | None = None) -> Service:
    """Add a service to `actor`'s department (service None) or change one of its own; CatalogError on bad input."""
    require_permission(actor, Permission.SERVICE_REQUESTS_MANAGE)
    if actor.department_id is None or not is_head_of(actor, actor.department_id):
        raise PermissionDenied(Permission.SERVICE_REQUESTS_MANAGE.value)
    if service is not None and service.department_id != actor.department_id:
        raise PermissionDenied(Permission.SERVICE_REQUESTS_MANAGE.value)
    handler = _check(actor, service, data, version)
    if service is None:
        service = Service(code=data.code, department_id=actor.department_id, created_at=now, version=0)
        db.session.add(service)
    for name in ("name_ko", "name_en", "description_ko", "description_en"):
        setattr(service, name, getattr(data, name).strip())
    for name in TARGET_NAMES:
        setattr(service, name, data.targets[name].strip())
    service.category, service.default_handler = data.category, handler
    service.needs_approval, service.may_link_complaint = data.needs_approval, data.may_link_complaint
    service.is_active, service.updated_at = data.is_active, now
    service.version = (service.version or 0) + 1
    _apply_fields(service, data.fields)
    db.session.flush()
    return service
