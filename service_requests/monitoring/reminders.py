"""The OLA clock job (`service-request-clocks`): at 80 % of a request's resolution time the handler (or, while
nobody is assigned, the providing department's heads) is reminded; at 100 % the providing department's heads and
the requester are told it is overdue. Each request is reminded once and escalated once per resolution clock (a
reopen starts a new one and clears both marks).

Exactly once across hosts, three ways: the job runner's lock and slot claim (notifications/job_runner.py); the
marks (`reminded_at`, `escalated_at`), set by a conditional UPDATE … RETURNING that only one transaction can win
for a row, and only those rows are told; and the outbox idempotency key per request, clock and recipient.

A paused request (요청자 확인 대기) is skipped: its clock does not run. The scans read two partial indexes that hold
exactly the work left (models.py: REMIND_PENDING_SQL, ESCALATE_PENDING_SQL), so they stay short however many
requests there are; each run takes at most BATCH of each and the next run takes the rest.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select, text, update
from sqlalchemy.orm import selectinload

from core.extensions import db
from service_requests import clocks
from service_requests.domain.workflow import RUNNING
from service_requests.models import ESCALATE_PENDING_SQL, OPEN_SQL, REMIND_PENDING_SQL, ServiceRequest
from service_requests.notices import heads_of, notify
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar

BATCH = 500
_RUNNING = [status.value for status in RUNNING]


def reminder_candidates(now: datetime, limit: int = BATCH) -> Select:
    """Running requests not yet reminded whose 80 % instant has come: a range of ix_service_requests_remind_pending."""
    return (select(ServiceRequest.id).where(text(REMIND_PENDING_SQL), ServiceRequest.remind_at <= now)
            .order_by(ServiceRequest.remind_at, ServiceRequest.id).limit(limit))


def escalation_candidates(now: datetime, limit: int = BATCH) -> Select:
    """Running requests not yet escalated whose resolution due has passed: ix_service_requests_escalate_pending."""
    return (select(ServiceRequest.id).where(text(ESCALATE_PENDING_SQL), ServiceRequest.resolution_due_at <= now)
            .order_by(ServiceRequest.resolution_due_at, ServiceRequest.id).limit(limit))


def _claim(candidates: Select, mark, due_column, now: datetime, **also) -> list[int]:
    """Set `mark` on the candidates still unmarked, running and due (checked again in the UPDATE itself, so two
    transactions never both win a row); the ids this transaction marked. The version is not bumped: nobody's
    open form goes stale because a reminder was sent."""
    ids = list(db.session.scalars(candidates))
    if not ids:
        return []
    statement = (update(ServiceRequest)
                 .where(ServiceRequest.id.in_(ids), mark.is_(None), ServiceRequest.status.in_(_RUNNING),
                        due_column <= now)
                 .values({mark: now, **also}).returning(ServiceRequest.id)
                 .execution_options(synchronize_session=False))
    return sorted(db.session.scalars(statement))


def _loaded(ids: list[int]) -> list[ServiceRequest]:
    return list(db.session.scalars(
        select(ServiceRequest).where(ServiceRequest.id.in_(ids)).order_by(ServiceRequest.id)
        .options(selectinload(ServiceRequest.handler), selectinload(ServiceRequest.requester))
        .execution_options(populate_existing=True)))


def escalate_overdue(now: datetime) -> tuple[int, int]:
    """100 %: the providing heads and the requester, once; (requests, messages). Also marks them reminded, so a
    request found overdue before its 80 % reminder went out gets only the overdue notice."""
    claimed = _claim(escalation_candidates(now), ServiceRequest.escalated_at, ServiceRequest.resolution_due_at, now,
                     reminded_at=func.coalesce(ServiceRequest.reminded_at, now))
    messages = 0
    for request in _loaded(claimed):
        messages += notify([*heads_of(request.provider_department_id), request.requester], request, "overdue",
                           now=now, key=f"clock{request.reopen_count}")
    return len(claimed), messages


def remind_due_soon(now: datetime) -> tuple[int, int]:
    """80 %: the handler, or the providing heads while nobody is assigned, once; (requests, messages)."""
    claimed = _claim(reminder_candidates(now), ServiceRequest.reminded_at, ServiceRequest.remind_at, now)
    messages = 0
    for request in _loaded(claimed):
        to = [request.handler] if request.handler is not None else heads_of(request.provider_department_id)
        messages += notify(to, request, "due_soon", now=now, key=f"clock{request.reopen_count}")
    return len(claimed), messages


def refresh_stale(calendar: WorkCalendar, now: datetime, limit: int = BATCH) -> int:
    """Open requests counted on another calendar (a holiday change made outside the holiday page, e.g. the yearly
    import) or made before `remind_at` existed: their dues recomputed; how many."""
    outdated = [ServiceRequest.remind_at.is_(None)]
    if calendar.revision:
        outdated += [ServiceRequest.calendar_revision.is_(None), ServiceRequest.calendar_revision != calendar.revision]
    stale = list(db.session.scalars(
        select(ServiceRequest).where(text(OPEN_SQL), ServiceRequest.resolution_clock_started_at.is_not(None),
                                     or_(*outdated)).order_by(ServiceRequest.id).limit(limit)))
    for request in stale:
        clocks.recompute(request, calendar, now)
    db.session.flush()
    return len(stale)


def run_ola_clocks(*, now: datetime) -> dict:
    """Job: bring stale dues up to date, then escalate what is overdue and remind what is at 80 %."""
    examined = refresh_stale(load_calendar(), now)
    overdue, overdue_messages = escalate_overdue(now)
    due_soon, due_soon_messages = remind_due_soon(now)
    return {"examined": examined, "overdue": overdue, "due_soon": due_soon,
            "queued": overdue_messages + due_soon_messages}
