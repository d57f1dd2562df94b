"""Each finished 민원's processing time (ProcessingFacts): when it finished, its unit, how long it took on the
working calendar with 보완 pauses excluded, and how late it was (domain/processing_time.py).

When a 민원 finished:
* 답변 (answered): `answered_at`; 취하 (withdrawn): `withdrawn_at`; 반려 (returned): `returned_at`;
* 종결 (closed as a repeat, 법 제23조): the time of its `closed_repeated` event, else `answered_at`;
* 이송 to another agency (transferred): the latest agency transfer's `transferred_at`;
* otherwise (records older than these columns): its latest history event.

The `report-facts` job fills the table for 민원 that finished since its last run, in batches; a report computes
the few still missing in memory (`compute_facts`) and never writes: auditors change no data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, exists, func, insert, select

from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintPause
from civil_complaints.domain.processing_time import timing
from civil_complaints.domain.status import FINISHED_STATUSES, ComplaintStatus
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.workflow_models import ComplaintTransfer
from core.extensions import db
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar

BATCH = 2_000
#: batches per job run (the first runs after an upgrade catch up on the past in a few hours)
BATCHES_PER_RUN = 25
FINISHED = tuple(sorted(s.value for s in FINISHED_STATUSES))
S = ComplaintStatus


class Fact(NamedTuple):
    """A computed ProcessingFacts row, not stored."""

    unit: str
    processing_time: float
    late_by: float
    finished_at: datetime


def _no_facts():
    return ~exists().where(ProcessingFacts.complaint_id == Complaint.id)


def missing_condition():
    """Finished 민원 without stored facts (a WHERE clause over Complaint)."""
    return and_(Complaint.status.in_(FINISHED), _no_facts())


def _finish_times(ids: list[int]) -> tuple[dict[int, datetime], dict[int, datetime], dict[int, datetime]]:
    closed = dict(db.session.execute(
        select(ComplaintEvent.complaint_id, func.max(ComplaintEvent.at))
        .where(ComplaintEvent.complaint_id.in_(ids), ComplaintEvent.action == "closed_repeated")
        .group_by(ComplaintEvent.complaint_id)).all())
    transferred = dict(db.session.execute(
        select(ComplaintTransfer.complaint_id, func.max(ComplaintTransfer.transferred_at))
        .where(ComplaintTransfer.complaint_id.in_(ids), ComplaintTransfer.kind == "agency")
        .group_by(ComplaintTransfer.complaint_id)).all())
    last_event = dict(db.session.execute(
        select(ComplaintEvent.complaint_id, func.max(ComplaintEvent.at))
        .where(ComplaintEvent.complaint_id.in_(ids)).group_by(ComplaintEvent.complaint_id)).all())
    return closed, transferred, last_event


def finished_at_of(row, closed: datetime | None, transferred: datetime | None,
                   last_event: datetime | None) -> datetime:
    status = row.status
    found = {S.ANSWERED.value: row.answered_at, S.WITHDRAWN.value: row.withdrawn_at,
             S.RETURNED.value: row.returned_at, S.CLOSED.value: closed or row.answered_at,
             S.TRANSFERRED.value: transferred}.get(status)
    return found or row.answered_at or row.withdrawn_at or row.returned_at or last_event or row.received_at


def compute_facts(ids: Iterable[int], calendar: WorkCalendar | None = None) -> dict[int, Fact]:
    """The facts of these finished 민원, computed (not stored)."""
    ids = list(ids)
    if not ids:
        return {}
    calendar = calendar or load_calendar()
    out: dict[int, Fact] = {}
    for start in range(0, len(ids), BATCH):
        out.update(_compute_batch(ids[start:start + BATCH], calendar))
    return out


def _compute_batch(ids: list[int], calendar: WorkCalendar) -> dict[int, Fact]:
    c = Complaint
    rows = db.session.execute(select(c.id, c.status, c.received_at, c.due_at, c.period_spec, c.answered_at,
                                     c.withdrawn_at, c.returned_at).where(c.id.in_(ids))).all()
    pauses: dict[int, list] = defaultdict(list)
    for complaint_id, start, end in db.session.execute(
            select(ComplaintPause.complaint_id, ComplaintPause.start_on, ComplaintPause.end_on)
            .where(ComplaintPause.complaint_id.in_(ids))):
        pauses[complaint_id].append((start, end))
    closed, transferred, last_event = _finish_times(ids)
    out = {}
    for row in rows:
        finished_at = finished_at_of(row, closed.get(row.id), transferred.get(row.id), last_event.get(row.id))
        found = timing(calendar, period_spec=row.period_spec, received_at=row.received_at, finished_at=finished_at,
                       due_at=row.due_at, pauses=pauses.get(row.id, ()))
        out[row.id] = Fact(*found, finished_at)
    return out


def fill_processing_facts(*, now: datetime) -> dict:
    """Job (`report-facts`): store the facts of finished 민원 that have none, BATCH at a time, up to
    BATCHES_PER_RUN batches; the job runner commits once."""
    calendar, filled, batches = load_calendar(), 0, 0
    while batches < BATCHES_PER_RUN:
        ids = list(db.session.scalars(select(Complaint.id).where(missing_condition())
                                      .order_by(Complaint.id).limit(BATCH)))
        if not ids:
            break
        facts = _compute_batch(ids, calendar)
        db.session.execute(insert(ProcessingFacts), [
            {"complaint_id": cid, "finished_at": f.finished_at, "unit": f.unit, "processing_time": f.processing_time,
             "late_by": f.late_by, "computed_at": now} for cid, f in facts.items()])
        db.session.flush()
        filled += len(facts)
        batches += 1
    counts = {"facts_filled": filled}
    if batches == BATCHES_PER_RUN:
        counts["more_to_fill"] = 1
    return counts
