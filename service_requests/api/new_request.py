"""POST /api/v1/service-requests: a request of the client's user, checked as the web form checks it
(requesting/services.py:create_request), one commit. The body's shape is ServiceRequestNew in api/openapi.py."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from core.clock import now_utc
from core.extensions import db
from organization.domain.roles import Permission
from service_requests.api import queries
from service_requests.api.views import ApiError, caller, forbidden, invalid, summary
from service_requests.hooks import complaint_facts
from service_requests.models import PRIORITIES
from service_requests.requesting.services import RequestData, RequestError, create_request
from working_calendar.cache import load_calendar

MAX_ANSWER = 4000
#: the service's error keys as the API names them (a form field's answer: answers.<key>)
FIELD_NAMES = {"complaint": "complaint_receipt_no", "service": "service_code"}


def _string(body: dict, name: str, *, limit: int, required: bool = False) -> str | None:
    """A string of at most `limit` characters as sent, stripped; null, empty or blank is "not given"."""
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or "\x00" in value):
        raise invalid(_("%(name)s must be a string.", name=name))
    if len(value or "") > limit:
        raise invalid(_("%(name)s may have at most %(limit)d characters.", name=name, limit=limit))
    value = (value or "").strip()
    if required and not value:
        raise invalid(_("%(name)s is required.", name=name))
    return value or None


def _answers(body: dict) -> dict[str, str]:
    answers = body.get("answers")
    if not isinstance(answers, dict):
        raise invalid(_("%(name)s must be an object of the form's answers.", name="answers"))
    for key, value in answers.items():
        if not isinstance(value, str) or "\x00" in value or len(value) > MAX_ANSWER:
            raise invalid(_("Each answer must be a string of at most %(limit)d characters.", limit=MAX_ANSWER),
                           fields={f"answers.{key}": "invalid"})
    return answers


def _priority(body: dict) -> str:
    value = body.get("priority")
    if value is not None and value not in PRIORITIES:
        raise invalid(_("%(name)s must be one of %(values)s.", name="priority", values=", ".join(PRIORITIES)))
    return value or "normal"


def _complaint_id(user, body: dict) -> int | None:
    receipt_no = _string(body, "complaint_receipt_no", limit=30)
    if receipt_no is None:
        return None
    facts = complaint_facts(user=user, receipt_no=receipt_no)
    if facts is None or not facts.handled_by_user:
        raise invalid(_("No complaint you handle has this receipt number."),
                       fields={"complaint_receipt_no": "not_found"})
    return facts.id


def _refused(error: RequestError) -> ApiError:
    fields = {(f"answers.{key[6:]}" if key.startswith("field_") else FIELD_NAMES.get(key, key)): code
              for key, code in error.errors.items()}
    return invalid(_("The request was refused: %(fields)s.", fields=", ".join(
        f"{name} ({code})" for name, code in fields.items())), fields=fields)


def create_service_request():
    user = caller()
    if not user.can(Permission.SERVICE_REQUESTS_USE):
        raise forbidden()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise invalid(_("Send a JSON object (Content-Type: application/json)."), "invalid_json")
    code = _string(body, "service_code", limit=40, required=True)
    title = _string(body, "title", limit=200, required=True)
    description = _string(body, "description", limit=4000) or ""
    priority, answers = _priority(body), _answers(body)
    service = queries.service_by_code(code)
    if service is None or not service.is_active:
        raise invalid(_("Unknown service_code %(code)s.", code=code), fields={"service_code": "not_found"})
    data = RequestData(title=title, description=description, priority=priority, answers=answers,
                       complaint_id=_complaint_id(user, body))
    now = now_utc()
    try:
        made = create_request(user, service, data, calendar=load_calendar(), now=now)
    except RequestError as error:
        db.session.rollback()
        raise _refused(error) from None
    db.session.commit()
    response = jsonify(summary(made, now))
    response.status_code = 201
    response.headers["Location"] = url_for(".get_service_request", number=made.number)
    return response
