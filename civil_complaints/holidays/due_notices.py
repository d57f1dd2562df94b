"""D7: tell the 민원인 of a changed 처리기한 only once a holiday change has settled, and only when it really changed.

* A recomputation that moves a deadline (``recompute.py``) records it in the 민원's history at once and calls
  ``mark_moved``: the 민원 gets a row holding the 처리기한 its 민원인 was last told (the deadline before the first
  move) and ``notify_after`` = now + DUE_CHANGE_NOTICE_DELAY_MINUTES; a later move within the delay postpones it.
* The ``due-change-notices`` job (app/scheduler.py, every minute) takes the rows whose time has come: a 민원 still
  running whose 처리기한 differs from the one last told gets one notice with the new date (and the one it
  replaces), which becomes the one last told; any other row just stops waiting. So a closure added and removed
  within the delay tells nobody, and added, notified, then removed tells twice.
* Other notices that tell the 처리기한 (an extension, the 30-day progress notice) and the 민원인's own supplement
  (the status page shows the new date) update the date last told through ``record_told``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import selectinload

from civil_complaints.casework import notices
from civil_complaints.casework.support import officer_of
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.status import RUNNING_STATUSES
from civil_complaints.history import record_events
from civil_complaints.workflow_models import ComplaintDueNotice
from core.extensions import db
from notifications.services import enqueue_many

#: the statuses whose deadline runs: recomputed by a holiday change, and told when it moved
#: the statuses whose clock runs (one definition: domain/status.py), as stored
RUNNING = tuple(sorted(s.value for s in RUNNING_STATUSES))
BATCH = 500
_CHUNK = 500
_TABLE = ComplaintDueNotice.__table__


def settling_delay() -> timedelta:
    return timedelta(minutes=current_app.config["DUE_CHANGE_NOTICE_DELAY_MINUTES"])


def mark_moved(moved: Mapping[int, datetime], *, now: datetime) -> None:
    """{complaint id: its 처리기한 before this move}: tell (or not) once the change has settled."""
    notify_after = now + settling_delay()
    ids = list(moved)
    existing: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        existing.update(db.session.scalars(select(ComplaintDueNotice.complaint_id)
                                           .where(ComplaintDueNotice.complaint_id.in_(ids[start:start + _CHUNK]))))
    new = [{"complaint_id": cid, "told_due_at": before, "notices": 0, "notify_after": notify_after}
           for cid, before in moved.items() if cid not in existing]
    if new:
        db.session.execute(insert(ComplaintDueNotice), new)
    if existing:
        db.session.execute(update(_TABLE).where(_TABLE.c.complaint_id == bindparam("cid"))
                           .values(notify_after=notify_after), [{"cid": cid} for cid in existing])


def send_due_change_notices(*, now: datetime) -> dict:
    """Job: the settled changes — one notice to each 민원인 whose 처리기한 differs from the one last told."""
    counts = {"settled": 0, "notified": 0, "unchanged": 0, "not_running": 0, "no_channel": 0}
    while True:
        rows = list(db.session.scalars(select(ComplaintDueNotice).where(ComplaintDueNotice.notify_after <= now)
                                       .order_by(ComplaintDueNotice.complaint_id).limit(BATCH)))
        if not rows:
            return counts
        counts["settled"] += len(rows)
        _settle(rows, counts, now=now)
        db.session.flush()


def _settle(rows: list[ComplaintDueNotice], counts: dict, *, now: datetime) -> None:
    complaints = {c.id: c for c in db.session.scalars(
        select(Complaint).where(Complaint.id.in_([row.complaint_id for row in rows]))
        .options(selectinload(Complaint.department), selectinload(Complaint.assignee)))}
    languages = notices.notice_languages([c.receipt_no for c in complaints.values()])
    messages, events = [], []
    for row in rows:
        row.notify_after = None
        complaint = complaints[row.complaint_id]
        if complaint.status not in RUNNING:
            counts["not_running"] += 1
            continue
        if complaint.due_at == row.told_due_at:
            counts["unchanged"] += 1
            continue
        message = notices.due_changed(complaint, officer=officer_of(None, complaint), number=row.notices + 1,
                                      told=row.told_due_at, language=languages[complaint.receipt_no])
        if message is None or not message["recipient"]:
            counts["no_channel"] += 1  # they follow it online: nothing was told
            continue
        messages.append(message)
        events.append((complaint.id, {"before": row.told_due_at.isoformat(), "after": complaint.due_at.isoformat()}))
        row.told_due_at, row.told_at, row.notices = complaint.due_at, now, row.notices + 1
    counts["notified"] += enqueue_many(messages, now=now)
    record_events(events, "due_change_notified", now=now, public=True)
