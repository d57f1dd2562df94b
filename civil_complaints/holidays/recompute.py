"""D7: when the holiday table changes, every open deadline is recomputed from all its stored inputs.

* Inputs (D13): the 접수시각, the period, every excluded period (pauses) and every extension.
* Only open 민원 whose due is still ahead: deadlines already met or missed are not rewritten. A 민원 waiting
  for a 보완 (an open pause) is skipped: its deadline is recomputed when the supplement arrives.
* Batches of ``batch_size`` rows in id order, with the batch's pauses and extensions fetched in two queries;
  only the 민원 whose due changes are loaded as objects. Each change is recorded in that 민원's history with
  the calendar revision and the reason; the 민원인 is told the new date after a settling delay, if it still
  differs from the one they were last told (civil_complaints/holidays/due_notices.py).
* ``apply=False`` computes the same without writing anything: the holiday page's preview of a change.
* The caller commits once (the holiday page, or `flask complaints recompute`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select

from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintPause
from civil_complaints.domain.deadlines import Deadline, compute_due
from civil_complaints.domain.extensions import Extension
from civil_complaints.holidays.due_notices import RUNNING, mark_moved
from civil_complaints.workflow_models import ComplaintExtension
from core.extensions import db
from working_calendar.domain.worktime import WorkCalendar

BATCH_SIZE = 2000


@dataclass(frozen=True)
class RecomputeResult:
    examined: int
    #: 민원 whose deadline moved
    changed: int
    #: their 민원인, told apart by e-mail address, else mobile number, else one per 민원
    complainants: int = 0


def count_recomputable(now: datetime) -> int:
    """How many 민원 a recomputation would examine (running, due still ahead)."""
    return db.session.scalar(select(func.count()).select_from(Complaint)
                             .where(Complaint.status.in_(RUNNING), Complaint.due_at > now))


def recompute_open_deadlines(calendar: WorkCalendar, *, now: datetime, reason: str, note: str | None = None,
                             batch_size: int = BATCH_SIZE, apply: bool = True) -> RecomputeResult:
    """Recompute every running 민원 not yet past its due; returns how many were examined and changed, and the
    changed ones' 민원인. `note`: the administrator's reason, kept in each history entry. `apply=False`: count only."""
    examined = changed = 0
    people: set[str] = set()
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
            people |= _complainant_keys(list(moved))
            if apply:
                _apply_changes(moved, calendar, now=now, reason=reason, note=note)
            changed += len(moved)
        if apply:
            db.session.flush()
    return RecomputeResult(examined=examined, changed=changed, complainants=len(people))


def _complainant_keys(ids: list[int]) -> set[str]:
    """One key per 민원인: the e-mail address, else the mobile number's digits, else the 민원 itself."""
    keys = set()
    for row in db.session.execute(select(Complaint.id, Complaint.complainant_email, Complaint.complainant_phone)
                                  .where(Complaint.id.in_(ids))):
        if row.complainant_email:
            keys.add("e:" + row.complainant_email.strip().lower())
        elif row.complainant_phone and (digits := "".join(ch for ch in row.complainant_phone if ch.isdigit())):
            keys.add("p:" + digits)
        else:
            keys.add(f"c:{row.id}")
    return keys


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
                   reason: str, note: str | None) -> None:
    """One flush for the batch: the 민원 rows (version-checked), their events, then when to tell their 민원인."""
    complaints = list(db.session.scalars(select(Complaint).where(Complaint.id.in_(list(moved)))))
    events = []
    for complaint in complaints:
        before, deadline = moved[complaint.id]
        complaint.due_at, complaint.due_date = deadline.due_at, deadline.due_date
        complaint.calendar_revision = calendar.revision or ""
        detail = {"reason": reason, "before": before.isoformat(), "after": deadline.due_at.isoformat(),
                  "calendar": calendar.revision, **({"note": note} if note else {})}
        events.append({"complaint_id": complaint.id, "action": "deadline_recomputed", "at": now,
                       "actor_kind": "system", "actor_id": None, "is_public": True,
                       "detail": json.dumps(detail, ensure_ascii=False)})
    db.session.flush()
    db.session.execute(insert(ComplaintEvent), events)
    mark_moved({complaint_id: before for complaint_id, (before, _deadline) in moved.items()}, now=now)
