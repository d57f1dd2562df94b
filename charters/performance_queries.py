"""Every query 이행실적 makes on 민원 data, in one place so the 민원 workflow can change under it.

Cohort: the 민원 *received* in the chosen period (KST days). Each is counted once, by its stored
fields only, never by status (statuses change with the workflow):

* finished  = `FINISHED_AT` is set (answered; when closing without an answer gets its own timestamp,
  add it to `FINISHED_AT` with coalesce);
* on time   = finished at or before `due_at`, the current deadline (extensions and pauses included;
  day-unit deadlines are stored as the end of the due date in KST, D3);
* ended     = never answered and withdrawn (취하, 취하 간주), transferred to another agency (이송: no longer
  ours to answer) or closed without an answer (반복민원 종결): not counted;
* returned  = 반려 (영 제25조①, D15): `returned_at` is set; its own count, not counted in the rate and not 취하;
* open      = neither; past `due_at` at the report time counts as late, else pending.

Counts and ratings are aggregated by the database; only the processing-time percentiles (working
hours/days need the holiday calendar) are computed in Python from the finished rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, or_, select

from charters.domain.measure import Outcome, Ratings
from civil_complaints.complaint_models import Complaint, ComplaintPause, ComplaintType, Satisfaction
from civil_complaints.domain.status import ComplaintStatus
from core.clock import KST
from core.extensions import db

FINISHED_AT = Complaint.answered_at
#: Ended without an answer of ours. Terminal statuses only, so the workflow cannot move a row out of it.
RETURNED = Complaint.returned_at.is_not(None)
ENDED_UNANSWERED = and_(or_(Complaint.withdrawn_at.is_not(None),
                            Complaint.status.in_((ComplaintStatus.TRANSFERRED.value, ComplaintStatus.CLOSED.value))),
                        ~RETURNED)


def _cohort(start: datetime, end: datetime, type_ids: Iterable[int] | None):
    conditions = [Complaint.received_at >= start, Complaint.received_at < end]
    if type_ids is not None:
        conditions.append(Complaint.type_id.in_(list(type_ids)))
    return and_(*conditions)


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def outcomes_by_type(start: datetime, end: datetime, as_of: datetime,
                     type_ids: Iterable[int] | None = None) -> dict[int, Outcome]:
    """Per 민원 type: on time, late, open past due, pending, withdrawn and returned, against the stored deadline."""
    finished = FINISHED_AT.is_not(None)
    still_open = and_(FINISHED_AT.is_(None), ~ENDED_UNANSWERED, ~RETURNED)
    query = (
        select(Complaint.type_id,
               _count(and_(finished, FINISHED_AT <= Complaint.due_at)),
               _count(and_(finished, FINISHED_AT > Complaint.due_at)),
               _count(and_(still_open, Complaint.due_at < as_of)),
               _count(and_(still_open, Complaint.due_at >= as_of)),
               _count(and_(FINISHED_AT.is_(None), ENDED_UNANSWERED)),
               _count(and_(FINISHED_AT.is_(None), RETURNED)))
        .where(_cohort(start, end, type_ids)).group_by(Complaint.type_id)
    )
    return {row[0]: Outcome(*(int(value) for value in row[1:])) for row in db.session.execute(query)}


def ratings_by_type(start: datetime, end: datetime, type_ids: Iterable[int] | None = None) -> dict[int, Ratings]:
    """Per 민원 type: the 만족도 answers given for the cohort's 민원."""
    query = (
        select(Complaint.type_id,
               _count(Satisfaction.rating == "satisfied"),
               _count(Satisfaction.rating == "neutral"),
               _count(Satisfaction.rating == "dissatisfied"))
        .join(Satisfaction, Satisfaction.complaint_id == Complaint.id)
        .where(_cohort(start, end, type_ids)).group_by(Complaint.type_id)
    )
    return {row[0]: Ratings(*(int(value) for value in row[1:])) for row in db.session.execute(query)}


def _local(column):
    """PostgreSQL converts to KST wall-clock time itself (no Python object per value); SQLite gives aware UTC."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.timezone(KST.key, column)
    return column


def cohort_rows(start: datetime, end: datetime, type_ids: Iterable[int] | None = None,
                *, finished_only: bool = True) -> Iterator[tuple[int, int, datetime, datetime | None, bool, bool]]:
    """(id, type_id, received, finished, withdrawn, returned) of the cohort, finished ones only by default.

    Times are naive KST wall-clock times on PostgreSQL and aware datetimes on SQLite (charters.domain.measure
    takes both).
    """
    condition = _cohort(start, end, type_ids)
    if finished_only:
        condition = and_(condition, FINISHED_AT.is_not(None))
    query = select(Complaint.id, Complaint.type_id, _local(Complaint.received_at), _local(FINISHED_AT),
                   ENDED_UNANSWERED, RETURNED).where(condition)
    yield from db.session.connection().execute(query)  # Core rows: no ORM processing per row


def pauses_of_cohort(start: datetime, end: datetime, today: date,
                     type_ids: Iterable[int] | None = None) -> dict[int, tuple[tuple[date, date], ...]]:
    """Excluded periods (영 제20조) of the cohort's 민원; an open one runs to `today`."""
    query = (select(ComplaintPause.complaint_id, ComplaintPause.start_on, ComplaintPause.end_on)
             .join(Complaint, Complaint.id == ComplaintPause.complaint_id)
             .where(_cohort(start, end, type_ids)))
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for complaint_id, start_on, end_on in db.session.execute(query):
        spans[complaint_id].append((start_on, end_on or max(today, start_on)))
    return {key: tuple(sorted(value)) for key, value in spans.items()}


def complaint_types() -> list[ComplaintType]:
    return list(db.session.scalars(select(ComplaintType).order_by(ComplaintType.code)))


def received_between(first: date, last: date) -> bool:
    """Whether any 민원 was received on the KST days `first` … `last`."""
    start = datetime.combine(first, time(0), KST)
    end = datetime.combine(last + timedelta(days=1), time(0), KST)
    return db.session.scalar(select(Complaint.id).where(Complaint.received_at >= start,
                                                        Complaint.received_at < end).limit(1)) is not None


def latest_received_on(now: datetime) -> date | None:
    """The KST day of the latest 민원 received up to `now` (None when there is none)."""
    latest = db.session.scalar(select(func.max(Complaint.received_at)).where(Complaint.received_at <= now))
    return latest.astimezone(KST).date() if latest is not None else None
