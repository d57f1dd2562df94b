"""The case register's one SELECT: every 민원 received in a period, with what each row shows, streamed.

SQLAlchemy Core, no ORM object per row: the 민원 outer-joined with its assignee, its processing facts
(complaint_processing_facts, when the `report-facts` job has written them) and grouped counts of its extensions,
transfers (with the time of a transfer to another agency) and repeat-closure links (the time it was closed).
Types and departments are looked up from dictionaries the caller builds once.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import DateTime, Select, case, false, func, select, type_coerce

from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.domain.status import OPEN_STATUSES
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.workflow_models import ComplaintExtension, ComplaintLink, ComplaintTransfer
from core.clock import KST
from core.extensions import db
from organization.models import Department, User
from reporting.domain.periods import Period

OPEN = sorted(s.value for s in OPEN_STATUSES)
#: rows fetched from the database cursor at a time (PostgreSQL: a server-side cursor)
BATCH = 5000


def period_bounds(period: Period) -> tuple[datetime, datetime]:
    """[start, end) of a period of KST days (both ends inclusive) as aware instants."""
    return (datetime.combine(period.start, time(0), KST),
            datetime.combine(period.end + timedelta(days=1), time(0), KST))


def _counts():
    extensions = (select(ComplaintExtension.complaint_id.label("complaint_id"), func.count().label("n"))
                  .group_by(ComplaintExtension.complaint_id).subquery("ext"))
    transfers = (select(ComplaintTransfer.complaint_id.label("complaint_id"), func.count().label("n"),
                        func.max(ComplaintTransfer.transferred_at).filter(ComplaintTransfer.kind == "agency")
                        .label("to_agency_at"))
                 .group_by(ComplaintTransfer.complaint_id).subquery("tr"))
    closures = (select(ComplaintLink.complaint_id.label("complaint_id"),
                       func.max(ComplaintLink.created_at).label("closed_at"))
                .where(ComplaintLink.kind == "repeat_of").group_by(ComplaintLink.complaint_id).subquery("rep"))
    return extensions, transfers, closures


def _finished_at(status, transfers, closures):
    """When a finished 민원 finished: the processing facts' time, else the time its own way of finishing left (a
    transfer to another agency, a repeat-closure link), else the first time of any other; NULL while open."""
    c = Complaint
    own = case({"answered": c.answered_at, "withdrawn": c.withdrawn_at, "returned": c.returned_at,
                "transferred": transfers.c.to_agency_at, "closed": closures.c.closed_at}, value=status)
    return case((status.in_(OPEN), None), else_=func.coalesce(
        ProcessingFacts.finished_at, own, c.answered_at, c.withdrawn_at, c.returned_at, transfers.c.to_agency_at,
        closures.c.closed_at)).label("finished_at")


def register_select(period: Period, *, department_id: int | None = None, type_id: int | None = None,
                    kind: str | None = None, channel: str | None = None,
                    departments: frozenset[int] | None = None, nothing: bool = False,
                    aware_driver: bool = False) -> Select:
    """The register's rows in receipt order. `nothing`: a filter named something unknown. `aware_driver`: the
    driver returns aware datetimes itself (psycopg: timestamptz), so the three instants skip UTCDateTime's
    conversion of every value (they stay aware, in the connection's zone; every format writes them in KST)."""
    c, facts = Complaint, ProcessingFacts
    extensions, transfers, closures = _counts()
    start, end = period_bounds(period)
    instant = (lambda column: type_coerce(column, DateTime(timezone=True))) if aware_driver else (lambda column: column)
    statement = (
        select(c.receipt_no, c.channel, c.type_id, c.kind, c.department_id, User.display_name,
               c.complainant_name, instant(c.received_at), instant(c.due_at), c.due_date, c.period_spec, c.status,
               instant(_finished_at(c.status, transfers, closures)), facts.unit, facts.late_by,
               func.coalesce(extensions.c.n, 0), func.coalesce(transfers.c.n, 0))
        .select_from(c)
        .outerjoin(User, User.id == c.assignee_id)
        .outerjoin(facts, facts.complaint_id == c.id)
        .outerjoin(extensions, extensions.c.complaint_id == c.id)
        .outerjoin(transfers, transfers.c.complaint_id == c.id)
        .outerjoin(closures, closures.c.complaint_id == c.id)
        .where(c.received_at >= start, c.received_at < end)
        .order_by(c.received_at, c.id)
    )
    for column, value in ((c.department_id, department_id), (c.type_id, type_id), (c.kind, kind),
                          (c.channel, channel)):
        if value is not None:
            statement = statement.where(column == value)
    if departments is not None:
        statement = statement.where(c.department_id.in_(sorted(departments)) if departments else false())
    if nothing:
        statement = statement.where(false())
    return statement.execution_options(yield_per=BATCH, stream_results=True)


def departments_by_id() -> dict[int, Department]:
    return {d.id: d for d in db.session.scalars(select(Department))}


def types_by_id() -> dict[int, ComplaintType]:
    return {t.id: t for t in db.session.scalars(select(ComplaintType))}
