"""The staff API at /api/v1 (JSON): a staff system acts as one user with `Authorization: Bearer <key>`.

The same rules as the staff pages apply (civil_complaints/access.py, organization Permission); sessions and
cookies are ignored here, so CSRF protection is not needed. The OpenAPI document is civil_complaints/api/openapi.py.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, g, jsonify, request, url_for
from flask_babel import gettext as _

from civil_complaints.access import can_handle, can_view
from civil_complaints.api.clients import client_for_key
from civil_complaints.api.openapi import openapi_document
from civil_complaints.api.queries import (
    ComplaintFilter,
    active_type_by_code,
    complaint_by_receipt_no,
    page_of_complaints,
)
from civil_complaints.attachments import IntakeError
from civil_complaints.casework.answers import answer as answer_complaint
from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.deadlines import explain_text
from civil_complaints.domain.contacts import is_mobile_number
from civil_complaints.domain.status import OPEN_STATUSES, ComplaintStatus, TransitionRefused
from civil_complaints.hooks import openapi_extension
from civil_complaints.intake.notices import queue_receipt_notice
from civil_complaints.intake.services import IntakeData, receive_complaint
from civil_complaints.privacy.access_log import record_access
from civil_complaints.web_support import agency, intake_message, upload_dir
from core.clock import KST, now_utc
from core.extensions import db
from core.inputs import EARLIEST_DAY, LATEST_DAY, instant_in_range, parse_int
from core.masking import mask_name
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User
from working_calendar.cache import load_calendar

#: where civil_complaints/blueprint.py mounts these routes
URL_PREFIX = "/api/v1"
OFFLINE_CHANNELS = ("visit", "phone", "letter", "fax", "email")
MAX_PER_PAGE = 100
OPEN_VALUES = frozenset(s.value for s in OPEN_STATUSES)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _error_body(status: int, code: str, message: str):
    response = jsonify(error={"code": code, "message": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _api_error(error: ApiError):
    return _error_body(error.status, error.code, error.message)


def _denied(error: PermissionDenied):
    db.session.rollback()
    return _error_body(403, "forbidden", _("You do not have permission to do this."))


def _refused(error: TransitionRefused):
    db.session.rollback()
    return _error_body(409, error.code, explain_text.refusal_message(error.code))


def _forbidden() -> ApiError:
    return ApiError(403, "forbidden", _("You do not have permission to do this."))


def _invalid(message: str, code: str = "invalid") -> ApiError:
    return ApiError(400, code, message)


def _user() -> User:
    """The user the calling client acts as; 401 without a valid staff key."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    client = client_for_key(key, "staff") if scheme.lower() == "bearer" else None
    if client is None:
        raise ApiError(401, "unauthorized", _("A valid API key is required: send Authorization: Bearer <key>."))
    g.api_client = client
    return client.user


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(KST).isoformat(timespec="seconds") if value else None


def _department(complaint: Complaint) -> dict:
    return {"code": complaint.department.code, "name": complaint.department.name_ko}


def _summary(complaint: Complaint, now: datetime) -> dict:
    return {
        "receipt_no": complaint.receipt_no, "type_code": complaint.type.code, "title": complaint.title,
        "status": complaint.status, "channel": complaint.channel, "department": _department(complaint),
        "complainant_name": mask_name(complaint.complainant_name), "received_at": _iso(complaint.received_at),
        "due_at": _iso(complaint.due_at), "overdue": complaint.status in OPEN_VALUES and now > complaint.due_at,
    }


def _record(complaint: Complaint, now: datetime) -> dict:
    return {
        **_summary(complaint, now),
        "complainant_name": complaint.complainant_name,
        "complainant_phone": complaint.complainant_phone, "complainant_email": complaint.complainant_email,
        "content": complaint.content, "kind": complaint.kind, "address": complaint.address,
        "lat": complaint.latitude, "long": complaint.longitude, "arrived_at": _iso(complaint.arrived_at),
        "period_spec": complaint.period_spec,
        "answer": None if complaint.answer_text is None else {
            "text": complaint.answer_text, "answered_at": _iso(complaint.answered_at),
            "answered_by": complaint.answered_by.display_name if complaint.answered_by else None},
        "events": [{"at": _iso(e.at), "action": e.action, "actor_kind": e.actor_kind} for e in complaint.events],
        "attachments": [{"name": a.original_name, "content_type": a.content_type, "size": a.size}
                        for a in complaint.attachments],
    }


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    value = parse_int(text, low=low, high=high) if text == text.strip() else None  # " 1" is no integer (OpenAPI)
    if value is None:
        raise _invalid(_("%(name)s must be a whole number from %(low)d to %(high)d.", name=name, low=low, high=high))
    return value


def list_complaints():
    user = _user()
    every_department = user.can(Permission.COMPLAINTS_VIEW_ALL)
    if not every_department and not user.can(Permission.COMPLAINTS_VIEW_DEPARTMENT):
        raise _forbidden()
    status = request.args.get("status") or None  # empty: every status (allowEmptyValue in the document)
    if status is not None and status not in {s.value for s in ComplaintStatus}:
        raise _invalid(_("Unknown status %(status)s.", status=status))
    page, per_page = _int_arg("page", 1, 1, 100_000), _int_arg("per_page", 20, 1, MAX_PER_PAGE)
    filters = ComplaintFilter(every_department=every_department, department_id=user.department_id, status=status)
    total, rows = page_of_complaints(filters, page=page, per_page=per_page)
    now = now_utc()
    return jsonify(items=[_summary(c, now) for c in rows], page=page, per_page=per_page, total=total)


def _complaint_for(user: User, receipt_no: str) -> Complaint:
    complaint = complaint_by_receipt_no(receipt_no)
    if complaint is None:
        raise ApiError(404, "not_found", _("No complaint has this receipt number."))
    if not can_view(user, complaint):
        raise _forbidden()
    return complaint


def get_complaint(receipt_no: str):
    user = _user()
    complaint = _complaint_for(user, receipt_no)
    record_access(user, complaint, action="view", ip_address=request.remote_addr or "", now=now_utc(),
                  reason=f"api client {g.api_client.id}")
    body = _record(complaint, now_utc())
    db.session.commit()
    return jsonify(body)


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise _invalid(_("Send a JSON object (Content-Type: application/json)."), "invalid_json")
    return body


def _text(body: dict, name: str, *, required: bool = False, limit: int = 200) -> str | None:
    """A string of at most `limit` characters as sent (the OpenAPI document's maxLength), stripped; null, empty
    or white space is "not given" (refused when required)."""
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or "\x00" in value):
        raise _invalid(_("%(name)s must be a string.", name=name))
    if len(value or "") > limit:
        raise _invalid(_("%(name)s may have at most %(limit)d characters.", name=name, limit=limit))
    value = (value or "").strip()
    if required and not value:
        raise _invalid(_("%(name)s is required.", name=name))
    return value or None


def _choice(body: dict, name: str, values: tuple[str, ...], *, required: bool = False) -> str | None:
    """One of `values` exactly as sent; null is "not given"."""
    value = body.get(name)
    if value is None and required:
        raise _invalid(_("%(name)s is required.", name=name))
    if value is not None and value not in values:
        raise _invalid(_("%(name)s must be one of %(values)s.", name=name, values=", ".join(values)))
    return value


def _instant(body: dict, name: str, *, required: bool) -> datetime | None:
    text = body.get(name)
    if text is None:
        if required:
            raise _invalid(_("%(name)s is required.", name=name))
        return None
    try:
        value = datetime.fromisoformat(text) if isinstance(text, str) and len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise _invalid(_("%(name)s must be an ISO 8601 date and time with an offset, e.g. "
                         "2026-03-02T09:00:00+09:00.", name=name))
    if not instant_in_range(value):
        raise _invalid(_("%(name)s must be between %(first)s and %(last)s.", name=name,
                         first=EARLIEST_DAY.isoformat(), last=LATEST_DAY.isoformat()))
    return value


def _registration(body: dict) -> tuple[ComplaintType, IntakeData, str, datetime, datetime]:
    code = _text(body, "type_code", required=True, limit=40)
    ctype = active_type_by_code(code)
    if ctype is None:
        raise _invalid(_("Unknown type_code %(code)s.", code=code))
    channel = _choice(body, "channel", OFFLINE_CHANNELS, required=True)
    received_at = _instant(body, "received_at", required=True)
    arrived_at = _instant(body, "arrived_at", required=False) or received_at
    if received_at > now_utc():
        raise _invalid(_("The time received cannot be in the future."))
    if arrived_at > received_at:
        raise _invalid(_("It cannot have reached us after it was received."))
    phone, email = _text(body, "phone", limit=20), _text(body, "email", limit=254)
    postal_code, postal_address = _text(body, "postal_code", limit=10), _text(body, "postal_address", limit=300)
    # no "none": the notices the law requires always go out (D14); by post when nothing else reaches the person
    notify = (_choice(body, "notify_channel", ("email", "sms", "post"))
              or ("email" if email else "sms" if is_mobile_number(phone) else "post" if postal_address else None))
    consent = body.get("consent", False)
    if not isinstance(consent, bool):
        raise _invalid(_("%(name)s must be true or false.", name="consent"))
    data = IntakeData(title=_text(body, "title", required=True), content=_text(body, "content", required=True,
                                                                               limit=10000),
                      name=_text(body, "name", required=True, limit=100), phone=phone, email=email,
                      notify_channel=notify, address=_text(body, "address", limit=300), consent=consent,
                      postal_code=postal_code, postal_address=postal_address)
    return ctype, data, channel, received_at, arrived_at


def register_complaint():
    user = _user()
    if not user.can(Permission.COMPLAINTS_REGISTER):
        raise _forbidden()
    ctype, data, channel, received_at, arrived_at = _registration(_body())
    now = now_utc()
    try:
        complaint, _written = receive_complaint(ctype, data, channel=channel, received_at=received_at,
                                               arrived_at=arrived_at, calendar=load_calendar(),
                                               agency_code=agency().code, upload_dir=upload_dir(), now=now,
                                               registered_by_id=user.id)
        queue_receipt_notice(complaint, language="ko", now=now)
        db.session.commit()
    except IntakeError as error:
        db.session.rollback()
        raise _invalid(intake_message(error), error.code) from None
    response = jsonify(_summary(complaint, now))
    response.status_code = 201
    response.headers["Location"] = url_for(".get_complaint", receipt_no=complaint.receipt_no)
    return response


def answer(receipt_no: str):
    user = _user()
    complaint = _complaint_for(user, receipt_no)
    if not can_handle(user, complaint):
        raise _forbidden()
    text = _text(_body(), "text", required=True, limit=20000)
    now = now_utc()
    answer_complaint(user, complaint, text=text, now=now)
    db.session.commit()
    return jsonify(_summary(complaint, now))


def openapi():
    return jsonify(openapi_document(server_url=request.url_root.rstrip("/") + URL_PREFIX,
                                    extension=openapi_extension(current_app)))
