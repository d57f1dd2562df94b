"""Every step of a request after it was made, through one verb: `act(actor, request, action, …)`.

The pure state machine (`domain/workflow.py:decide`) says whether the step is allowed for the side the actor
stands on; this module applies what the step does to the clocks (`clocks.py`), writes the history with before →
after, and queues the notices. Services only flush; the view commits once (version checked by the mapper).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.extensions import db
from organization.models import Department, User
from service_requests import clocks
from service_requests.access import sides_of
from service_requests.domain.workflow import Action, RequestFacts, RequestRefused, RequestStatus, Side, decide
from service_requests.history import add_event
from service_requests.models import RequestPause, ServiceRequest
from service_requests.notices import heads_of, notify
from service_requests.requesting.services import reached_provider
from working_calendar.domain.worktime import WorkCalendar

MAX_TEXT = 4000


@dataclass(frozen=True)
class Step:
    """What the actor asks for: the action, its text, and a handler or department where the action needs one."""

    action: Action
    text: str = ""
    assignee: User | None = None
    to_department: Department | None = None


def _facts(actor, request: ServiceRequest, step: Step) -> RequestFacts:
    rating = request.rating
    return RequestFacts(
        status=RequestStatus(request.status), sides=sides_of(actor, request), text=step.text,
        poor_rating=rating is not None and rating.score <= 2,
        same_department=step.to_department is not None and step.to_department.id == request.provider_department_id,
        assignee_in_department=step.assignee is None or (
            step.assignee.department_id == request.provider_department_id and step.assignee.is_active_account))


def act(actor, request: ServiceRequest, step: Step, *, calendar: WorkCalendar, now: datetime) -> RequestStatus:
    """Take `step` on `request` for `actor`; RequestRefused (a code) when the rules forbid it."""
    if len(step.text) > MAX_TEXT:
        raise RequestRefused("text_too_long", RequestStatus(request.status))
    if step.action is Action.ASSIGN and step.assignee is None:
        raise RequestRefused("assignee_required", RequestStatus(request.status))
    if step.action is Action.FORWARD and step.to_department is None:
        raise RequestRefused("department_required", RequestStatus(request.status))
    before = RequestStatus(request.status)
    after = decide(step.action, _facts(actor, request, step))
    changes = EFFECTS[step.action](actor, request, step, calendar, now)
    request.status = after.value
    add_event(request, action=step.action.value, actor=actor, at=now, from_status=before.value,
              to_status=after.value, text=step.text.strip(), changes=changes)
    db.session.flush()
    _notify(actor, request, step, now)
    return after


def _responded(request: ServiceRequest, now: datetime) -> dict:
    if request.responded_at is None:
        request.responded_at = now
        return {"responded_at": [None, now]}
    return {}


def _approve(actor, request, step, calendar, now) -> dict:
    request.approved_at, request.approved_by_id = now, actor.id
    clocks.start(request, calendar, now)
    return {"resolution_due_at": [None, request.resolution_due_at]}


def _assign(actor, request, step, calendar, now) -> dict:
    before = request.handler.display_name if request.handler else None
    request.handler = step.assignee
    return {"handler": [before, step.assignee.display_name]}


def _ask(actor, request, step, calendar, now) -> dict:
    request.pauses.append(RequestPause(started_at=now))
    return _responded(request, now)


def _reply(actor, request, step, calendar, now) -> dict:
    before = request.resolution_due_at
    for pause in request.pauses:
        if pause.ended_at is None:
            pause.ended_at = now
    clocks.recompute(request, calendar, now)
    return {"resolution_due_at": [before, request.resolution_due_at]}


def _comment(actor, request, step, calendar, now) -> dict:
    on_provider_side = bool(sides_of(actor, request) & {Side.PROVIDER, Side.PROVIDER_HEAD})
    running = request.status in (RequestStatus.RECEIVED.value, RequestStatus.IN_PROGRESS.value)
    return _responded(request, now) if on_provider_side and running else {}


def _resolve(actor, request, step, calendar, now) -> dict:
    request.resolved_at = now
    return {**_responded(request, now), "resolved_at": [None, now]}


def _confirm(actor, request, step, calendar, now) -> dict:
    request.closed_at = now
    return {}


def _reopen(actor, request, step, calendar, now) -> dict:
    before = request.resolution_due_at
    request.reopen_count += 1
    request.resolved_at = request.closed_at = request.reminded_at = request.escalated_at = None
    request.resolution_clock_started_at = now
    request.pauses = []  # the pauses of the first resolution belong to that clock; the history keeps them
    clocks.recompute(request, calendar, now)
    return {"reopen_count": [request.reopen_count - 1, request.reopen_count],
            "resolution_due_at": [before, request.resolution_due_at]}


def _forward(actor, request, step, calendar, now) -> dict:
    before = request.provider_department
    changes = {"provider_department": [before.name_ko, step.to_department.name_ko]}
    request.provider_department_id, request.provider_department = step.to_department.id, step.to_department
    request.handler = None
    request.forward_count += 1
    if request.responded_at is None:  # the new department owns it from now: its first-response clock starts
        request.response_clock_started_at = now
        clocks.recompute(request, calendar, now)
        changes["response_due_at"] = [None, request.response_due_at]
    return changes


def _cancel(actor, request, step, calendar, now) -> dict:
    for pause in request.pauses:
        if pause.ended_at is None:
            pause.ended_at = now
    request.closed_at = now
    return {}


def _nothing(actor, request, step, calendar, now) -> dict:
    return {}


EFFECTS = {
    Action.APPROVE: _approve, Action.REJECT: _nothing, Action.ASSIGN: _assign,
    Action.START: lambda actor, request, step, calendar, now: _responded(request, now),
    Action.ASK: _ask, Action.REPLY: _reply, Action.COMMENT: _comment, Action.RESOLVE: _resolve,
    Action.CONFIRM: _confirm, Action.REOPEN: _reopen, Action.FORWARD: _forward, Action.CANCEL: _cancel,
}


def _provider_side(request: ServiceRequest) -> list:
    return [request.handler] if request.handler is not None else heads_of(request.provider_department_id)


def _notify(actor, request: ServiceRequest, step: Step, now: datetime) -> None:
    action, key = step.action, f"{step.action.value}:{len(request.events)}"
    requester = [request.requester]
    if action is Action.APPROVE:
        reached_provider(request, now, actor=actor)
    elif action is Action.FORWARD:
        reached_provider(request, now, actor=actor, kind="forwarded")
    elif action is Action.ASSIGN:
        notify([request.handler], request, "assigned", now=now, key=key, actor=actor)
    elif action is Action.COMMENT:
        others = _provider_side(request) if sides_of(actor, request) & {Side.REQUESTER} else requester
        notify(others, request, "comment", now=now, key=key, text=step.text, actor=actor)
    else:
        kind, to = {
            Action.REJECT: ("rejected", requester), Action.ASK: ("question", requester),
            Action.REPLY: ("reply", None), Action.RESOLVE: ("resolved", requester),
            Action.REOPEN: ("reopened", None), Action.CANCEL: ("cancelled", None),
        }.get(action, (None, None))
        if kind is not None:
            notify(to if to is not None else _provider_side(request), request, kind, now=now, key=key,
                   text=step.text, actor=actor)
