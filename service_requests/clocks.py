"""A stored request's OLA clocks, counted by the pure `domain/ola.py` on the agency's working calendar.

Every due is recomputed from what is stored — when each clock started, the targets the request was made under
and every pause — so a holiday change (recompute_open) or a forward never loses or invents time:

- first response: from `response_clock_started_at` (the start, or a forward to a department that had not yet
  answered), no pauses (asking the requester a question is a response);
- resolution: from `resolution_clock_started_at` (the start, or a reopen), less every pause after it; while a
  pause is open the due is as if it ended now (the queues still sort it sensibly; the jobs skip paused requests).
  `remind_at` (80 % of it, counted the same way) is stored beside it so the reminder job reads an index range.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from service_requests.domain.ola import due_at, share_at
from service_requests.domain.workflow import OPEN, RequestStatus
from service_requests.models import ServiceRequest
from working_calendar.domain.worktime import WorkCalendar

#: the handler is reminded when this share of the resolution time has run (`remind_at`)
REMIND_PERCENT = 80


def pauses_of(request: ServiceRequest, now: datetime) -> list[tuple[datetime, datetime]]:
    return [(p.started_at, p.ended_at or now) for p in request.pauses]


def recompute(request: ServiceRequest, calendar: WorkCalendar, now: datetime) -> None:
    """Set both dues from the stored clocks (nothing while the request waits for approval)."""
    if request.response_clock_started_at is not None:
        request.response_due_at = due_at(request.response_clock_started_at, request.response_target, calendar)
    if request.resolution_clock_started_at is not None:
        pauses = pauses_of(request, now)
        request.resolution_due_at = due_at(request.resolution_clock_started_at, request.resolution_target, calendar,
                                           pauses)
        request.remind_at = share_at(request.resolution_clock_started_at, request.resolution_target, calendar,
                                     pauses, REMIND_PERCENT)
    request.calendar_revision = calendar.revision


def start(request: ServiceRequest, calendar: WorkCalendar, now: datetime) -> None:
    """Both clocks start now (on sending, or on the head's approval)."""
    request.clock_started_at = request.response_clock_started_at = request.resolution_clock_started_at = now
    recompute(request, calendar, now)


def recompute_open(calendar: WorkCalendar, now: datetime) -> int:
    """After a holiday change: the dues of every open request on the new calendar; returns how many moved."""
    moved = 0
    for request in db.session.scalars(select(ServiceRequest).where(ServiceRequest.status.in_([s.value for s in OPEN]))):
        before = (request.response_due_at, request.resolution_due_at)
        recompute(request, calendar, now)
        moved += (request.response_due_at, request.resolution_due_at) != before
    return moved


def is_paused(request: ServiceRequest) -> bool:
    return request.status == RequestStatus.WAITING.value
