"""Everything a request's page shows: the request, the form's answers by label, the linked 민원 with its 처리기한,
both clocks, the history with before → after, the comments, and one form per step the viewer may take now."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import exists, select
from wtforms.fields.choices import SelectChoice

from core.extensions import db
from core.i18n import official_date, official_datetime
from organization.domain.roles import Permission
from organization.models import Department, User
from service_requests import hooks
from service_requests.access import sides_of
from service_requests.clocks import is_paused
from service_requests.domain.due_badges import due_badge
from service_requests.domain.form_fields import parse_choices
from service_requests.domain.workflow import Action, RequestFacts, RequestStatus, allowed_actions
from service_requests.handling import labels
from service_requests.handling.forms import step_form
from service_requests.history import changes_of
from service_requests.models import RequestEvent, Service, ServiceRequest


@dataclass(frozen=True)
class Answer:
    label: str
    value: str
    files: tuple = ()  # RequestFile rows of a file field


def _answer_text(field, value: str, locale: str) -> str:
    if field.kind == "choice":
        try:
            choice = next((c for c in parse_choices(field.choices) if c.value == value), None)
        except ValueError:
            choice = None
        return value if choice is None else (choice.label_ko if locale == "ko" else choice.label_en)
    if field.kind == "date":
        try:
            return official_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def answers_of(request: ServiceRequest, locale: str) -> list[Answer]:
    stored = json.loads(request.answers or "{}")
    rows = []
    for field in request.service.fields:
        files = tuple(f for f in request.files if f.field_key == field.key)
        value = stored.get(field.key)
        if value in (None, "") and not files:
            continue
        rows.append(Answer(field.label(locale), _answer_text(field, str(value or ""), locale), files))
    return rows


def _change_value(key: str, value, locale: str) -> str:
    if value is None or value == "":
        return "—"
    if key.endswith("_at"):
        try:
            return official_datetime(datetime.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if key == "provider_department" and locale != "ko":  # stored by its Korean name (handling/services.py)
        department = db.session.scalar(select(Department).where(Department.name_ko == value))
        return department.name(locale) if department is not None else str(value)
    return str(value)


@dataclass(frozen=True)
class HistoryRow:
    event: RequestEvent
    action: str
    changes: list[tuple[str, str, str]]  # (what, before, after)


def history_of(request: ServiceRequest, locale: str) -> list[HistoryRow]:
    rows = []
    for event in request.events:
        changes = [(str(labels.CHANGE_LABELS.get(key, key)), _change_value(key, pair[0], locale),
                    _change_value(key, pair[1], locale))
                   for key, pair in changes_of(event).items() if isinstance(pair, list) and len(pair) == 2]
        rows.append(HistoryRow(event, str(labels.ACTION_LABELS.get(event.action, event.action)), changes))
    return rows


def assignee_choices(request: ServiceRequest) -> list[SelectChoice]:
    users = db.session.scalars(select(User).where(User.department_id == request.provider_department_id,
                                                  User.is_active_account).order_by(User.display_name, User.id))
    return [SelectChoice(u.id, u.display_name) for u in users
            if u.can(Permission.SERVICE_REQUESTS_USE)]


def providing_departments(exclude: int, locale: str) -> list[SelectChoice]:
    """Departments that provide at least one active service, but `exclude` (the present providing department)."""
    provides = exists().where(Service.department_id == Department.id, Service.is_active)
    rows = db.session.scalars(select(Department).where(Department.is_active, Department.id != exclude, provides)
                              .order_by(Department.code))
    return [SelectChoice(d.id, d.path_name(locale)) for d in rows]


def actions_for(user, request: ServiceRequest) -> list[Action]:
    rating = request.rating
    facts = RequestFacts(status=RequestStatus(request.status), sides=sides_of(user, request),
                         poor_rating=rating is not None and rating.score <= 2)
    return allowed_actions(facts) if facts.sides else []


def build_forms(user, request: ServiceRequest, given: dict | None, locale: str) -> dict:
    """One form per allowed step (a re-shown one keeps what was typed), each with the request's version."""
    forms = {}
    for action in actions_for(user, request):
        form = (given or {}).get(action.value)
        if form is None:
            form = step_form(action, assignees=assignee_choices(request) if action is Action.ASSIGN else (),
                             departments=providing_departments(request.provider_department_id, locale)
                             if action is Action.FORWARD else ())
            form.version.data = str(request.version)
            if action is Action.ASSIGN:
                form.assignee.data = request.handler_id
        if "text" in form:
            form.text.label.text = str(labels.TEXT_LABELS.get(action.value, labels.ACTION_LABELS[action.value]))
        forms[action.value] = form
    return forms


def request_context(user, request: ServiceRequest, *, now: datetime, calendar, given: dict | None = None,
                    refusal: tuple[str, str] | None = None) -> dict:
    locale = str(get_locale())
    history = history_of(request, locale)
    return {
        "req": request, "locale": locale, "answers": answers_of(request, locale),
        "complaint": hooks.complaint_facts(user=user, complaint_id=request.complaint_id, shared=True)
        if request.complaint_id else None,
        "badge": due_badge(request.status, request.resolution_due_at, request.resolution_target, now=now,
                           calendar=calendar),
        "paused": is_paused(request), "history": history,
        "comments": [row for row in history if row.event.action == Action.COMMENT.value],
        "forms": build_forms(user, request, given, locale), "refusal": refusal,
        "status_labels": labels.STATUS_LABELS, "priority_labels": labels.PRIORITY_LABELS,
        "action_labels": labels.ACTION_LABELS, "badge_text": labels.badge_text, "target_text": labels.target_text,
        "other_files": [f for f in request.files if not f.field_key],
    }
