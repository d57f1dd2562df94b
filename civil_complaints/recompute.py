"""D7: when the holiday table changes, every open deadline is recomputed from all its stored inputs.

* Inputs (D13): the 접수시각, the period, every excluded period (pauses) and every extension.
* Only open 민원 whose due is still ahead: deadlines already met or missed are not rewritten. A 민원 waiting
  for a 보완 (an open pause) is skipped: its deadline is recomputed when the supplement arrives.
* Batches of ``batch_size`` rows in id order, with the batch's pauses and extensions fetched in two queries;
  only the 민원 whose due changes are loaded as objects. Each change is recorded in that 민원's history with
  the calendar revision and the reason, and the 민원인 is told the new date (with the officer, 영 제31조).
* The caller commits once (the holiday page, or `flask complaints recompute`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from civil_complaints import workflow_notices as notices
from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintPause
from civil_complaints.domain.deadlines import Deadline, compute_due
from civil_complaints.domain.extensions import Extension
from civil_complaints.domain.status import ComplaintStatus
from civil_complaints.domain.worktime import WorkCalendar
from civil_complaints.workflow_models import ComplaintExtension
from civil_complaints.workflow_support import officer_of
from notifications.services import enqueue_many

BATCH_SIZE = 2000
#: Open and counting: a 민원 in 보완 has its clock stopped (D5) and is recomputed when the supplement arrives.
RUNNING = (ComplaintStatus.RECEIVED.value, ComplaintStatus.ASSIGNED.value, ComplaintStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class RecomputeResult:
    examined: int
    changed: int


def count_recomputable(now: datetime) -> int:
    """How many 민원 a recomputation would examine (running, due still ahead)."""
    return db.session.scalar(select(func.count()).select_from(Complaint)
                             .where(Complaint.status.in_(RUNNING), Complaint.due_at > now))


def recompute_open_deadlines(calendar: WorkCalendar, *, now: datetime, reason: str,
                             batch_size: int = BATCH_SIZE) -> RecomputeResult:
    """Recompute every running 민원 not yet past its due; returns how many were examined and changed."""
    examined = changed = 0
    last_id = 0
    while True:
        rows = db.session.execute(
            select(Complaint.id, Complaint.received_at, Complaint.period_spec, Complaint.due_at)
            .where(Complaint.status.in_(RUNNING), Complaint.due_at > now, Complaint.id > last_id)
            .order_by(Complaint.id).limit(batch_size)).all()
        if not rows:
            break
        last_id = rows[-1].id
        examined += len(rows)
        moved = _recompute_batch(rows, calendar, now)
        if moved:
            _apply_changes(moved, calendar, now=now, reason=reason)
            changed += len(moved)
        db.session.flush()
    return RecomputeResult(examined=examined, changed=changed)


def _inputs(ids: list[int]) -> tuple[dict[int, list], dict[int, list[Extension]]]:
    pauses: dict[int, list] = defaultdict(list)
    for row in db.session.execute(select(ComplaintPause.complaint_id, ComplaintPause.start_on, ComplaintPause.end_on,
                                         ComplaintPause.reason).where(ComplaintPause.complaint_id.in_(ids))):
        pauses[row.complaint_id].append((row.start_on, row.end_on, row.reason))
    extensions: dict[int, list[Extension]] = defaultdict(list)
    for row in db.session.execute(select(ComplaintExtension.complaint_id, ComplaintExtension.period_spec,
                                         ComplaintExtension.ground, ComplaintExtension.consent_recorded)
                                  .where(ComplaintExtension.complaint_id.in_(ids))
                                  .order_by(ComplaintExtension.complaint_id, ComplaintExtension.number)):
        extensions[row.complaint_id].append(Extension.of(row.period_spec, row.ground, row.consent_recorded))
    return pauses, extensions


def _recompute_batch(rows, calendar: WorkCalendar, now: datetime) -> dict[int, tuple[datetime, Deadline]]:
    """{id: (due before, new deadline)} for the rows whose due moves."""
    pauses, extensions = _inputs([row.id for row in rows])
    moved = {}
    for row in rows:
        spans = pauses.get(row.id, ())
        if any(end is None for _start, end, _reason in spans):
            continue  # paused (D5): recomputed when the supplement arrives
        deadline = compute_due(row.received_at, row.period_spec, calendar=calendar, pauses=spans,
                               extensions=extensions.get(row.id, ()))
        if deadline.due_at != row.due_at:
            moved[row.id] = (row.due_at, deadline)
    return moved


def _apply_changes(moved: dict[int, tuple[datetime, Deadline]], calendar: WorkCalendar, *, now: datetime,
                   reason: str) -> None:
    """One flush for the batch: the 민원 rows (version-checked), their events, then their notices in bulk."""
    complaints = list(db.session.scalars(
        select(Complaint).where(Complaint.id.in_(list(moved)))
        .options(selectinload(Complaint.department), selectinload(Complaint.assignee))))
    languages = notices.notice_languages([c.receipt_no for c in complaints])
    messages, events = [], []
    for complaint in complaints:
        before, deadline = moved[complaint.id]
        complaint.due_at, complaint.due_date = deadline.due_at, deadline.due_date
        complaint.calendar_revision = calendar.revision or ""
        detail = {"reason": reason, "before": before.isoformat(), "after": deadline.due_at.isoformat(),
                  "calendar": calendar.revision}
        events.append({"complaint_id": complaint.id, "action": "deadline_recomputed", "at": now,
                       "actor_kind": "system", "actor_id": None, "is_public": True, "detail": json.dumps(detail)})
        message = notices.due_changed(complaint, officer=officer_of(None, complaint),
                                      language=languages.get(complaint.receipt_no, "ko"))
        if message is not None:
            messages.append(message)
    db.session.flush()
    db.session.execute(insert(ComplaintEvent), events)
    enqueue_many(messages, now=now)
