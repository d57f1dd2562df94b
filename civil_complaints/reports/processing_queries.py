"""The SQL of the 점검표 (processing.py): the cohort of 민원 received in a period (KST days, by 접수일), counted per
department × type × receipt month with GROUP BY, on SQLite and PostgreSQL alike.

Averages and percentiles come from the facts table: the values of each row are read (PostgreSQL: one array per
row) and reporting's statistics compute the row's, the department's and the total's (PERCENTILE.INC, as Excel
and percentile_cont), together with the facts computed in memory for finished 민원 still without stored ones.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, literal, literal_column, select, text, union_all
from sqlalchemy.orm import aliased

from civil_complaints.complaint_models import Complaint, ComplaintType, Satisfaction
from civil_complaints.domain.status import FINISHED_STATUSES, OPEN_STATUSES
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.workflow_models import (
    ComplaintExtension,
    ComplaintLink,
    ComplaintTransfer,
    SupplementRequest,
)
from core.clock import KST
from core.extensions import db
from organization.models import Department
from reporting.registry import ReportQuery

FINISHED = tuple(sorted(s.value for s in FINISHED_STATUSES))
OPEN = tuple(sorted(s.value for s in OPEN_STATUSES))
#: the counts of a row, in the order of the counting query's columns
COUNTS = ("received", "finished", "on_time", "late", "pending", "open", "overdue", "extensions", "transfers",
          "supplements", "withdrawn", "repeated", "returned", "rated", "satisfied", "followed_up")

c = Complaint
f = ProcessingFacts


def is_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


def tune_session() -> None:
    """PostgreSQL: no JIT compilation for the report's few large aggregates (compiling them took longer than
    running them) and room to sort and hash a year of 민원 in memory; both for this transaction only."""
    if is_postgres():
        db.session.execute(text("SET LOCAL jit = off"))
        db.session.execute(text("SET LOCAL work_mem = '32MB'"))


def month_of_receipt() -> ColumnElement:
    """The KST month of the 접수일 as 'YYYY-MM' (SQLite keeps naive UTC text)."""
    if is_postgres():
        return func.to_char(literal_column("(complaints.received_at AT TIME ZONE 'Asia/Seoul')"), "YYYY-MM")
    return func.strftime("%Y-%m", c.received_at, "+9 hours")


def month_key() -> ColumnElement:
    """The KST month of receipt to GROUP BY: PostgreSQL's date_trunc (cheaper than formatting every row), SQLite's
    text; `month_text` turns either into 'YYYY-MM'."""
    if is_postgres():
        return func.date_trunc("month", literal_column("(complaints.received_at AT TIME ZONE 'Asia/Seoul')"))
    return month_of_receipt()


def month_text(value) -> str:
    return value if isinstance(value, str) else value.strftime("%Y-%m")


def facts_on(query: ReportQuery) -> ColumnElement:
    """The join to the cohort's facts: every cohort 민원 finished after the period began (the condition keeps the
    facts of earlier years out of the join)."""
    return (f.complaint_id == c.id) & (f.finished_at >= bounds(query)[0])


def bounds(query: ReportQuery) -> tuple[datetime, datetime]:
    """[start, end) of the period's KST days as aware instants."""
    return (datetime.combine(query.period.start, time(0), KST),
            datetime.combine(query.period.end + timedelta(days=1), time(0), KST))


def cohort(query: ReportQuery) -> list[ColumnElement]:
    """The WHERE of the 민원 received in the period, filtered and limited to the asker's departments."""
    start, end = bounds(query)
    where = [c.received_at >= start, c.received_at < end]
    filters = query.filters
    if code := filters.get("department"):
        where.append(c.department_id.in_(select(Department.id).where(Department.code == code)))
    if kind := filters.get("kind"):
        where.append(c.kind == kind)
    if code := filters.get("type"):
        where.append(c.type_id.in_(select(ComplaintType.id).where(ComplaintType.code == code)))
    if channel := filters.get("channel"):
        where.append(c.channel == channel)
    if query.departments is not None:
        where.append(c.department_id.in_(sorted(query.departments) or [-1]))
    return where


#: what each child row adds to its 민원: extensions, transfers, 보완 requests, repeat links, ratings (answers,
#: satisfied, dissatisfied), follow-up 민원
_PARTS = ("extensions", "transfers", "supplements", "repeats", "rated", "satisfied", "dissatisfied", "followed")


def _part(complaint_id, name: str, where, value=None):
    values = [literal(0).label(p) if p != name else (value if value is not None else literal(1)).label(p)
              for p in _PARTS]
    return select(complaint_id.label("complaint_id"), *values).where(*where)


def _children(query: ReportQuery):
    """One row per 민원 with child rows, summing what the 점검표 counts of them: one join instead of one per kind.
    Each part but the follow-ups is limited to rows made after the period began (an extension, transfer, 보완
    request, repeat link or rating never predates its 민원's receipt)."""
    start, s = bounds(query)[0], Satisfaction
    follow_up = aliased(Complaint)
    parts = union_all(
        _part(ComplaintExtension.complaint_id, "extensions", [ComplaintExtension.created_at >= start]),
        _part(ComplaintTransfer.complaint_id, "transfers", [ComplaintTransfer.transferred_at >= start]),
        _part(SupplementRequest.complaint_id, "supplements", [SupplementRequest.sent_at >= start]),
        _part(ComplaintLink.complaint_id, "repeats", [ComplaintLink.kind == "repeat_of",
                                                      ComplaintLink.created_at >= start]),
        select(s.complaint_id, *[literal(0) for _ in _PARTS[:4]], literal(1),
               case((s.rating == "satisfied", 1), else_=0), case((s.rating == "dissatisfied", 1), else_=0),
               literal(0)).where(s.created_at >= start),
        _part(follow_up.follows_complaint_id, "followed", [follow_up.follows_complaint_id.is_not(None)]),
    ).subquery()
    return (select(parts.c.complaint_id, *[func.sum(parts.c[p]).label(p) for p in _PARTS])
            .group_by(parts.c.complaint_id).subquery())


def row_counts(query: ReportQuery) -> list[tuple]:
    """(department_id, type_id, month, *COUNTS) per row of the cohort (month: see month_text)."""
    month = month_key().label("month")
    finished, open_ = c.status.in_(FINISHED), c.status.in_(OPEN)
    k = _children(query)
    statement = (
        select(c.department_id, c.type_id, month,
               func.count(),
               func.count().filter(finished),
               func.count().filter(finished & (f.finished_at <= c.due_at)),
               func.count().filter(finished & (f.finished_at > c.due_at)),
               func.count().filter(finished & f.complaint_id.is_(None)),
               func.count().filter(open_),
               func.count().filter(open_ & (c.due_at < query.now)),
               func.coalesce(func.sum(k.c.extensions), 0),
               func.coalesce(func.sum(k.c.transfers), 0),
               func.coalesce(func.sum(k.c.supplements), 0),
               func.count().filter(c.status == "withdrawn"),
               func.count().filter(k.c.repeats > 0),
               func.count().filter(c.status == "returned"),
               func.count().filter(k.c.rated > 0),
               func.count().filter(k.c.satisfied > 0),
               func.count().filter((k.c.dissatisfied > 0) & (k.c.followed > 0)))
        .select_from(c).outerjoin(f, facts_on(query)).outerjoin(k, k.c.complaint_id == c.id)
        .where(*cohort(query)).group_by(c.department_id, c.type_id, month))
    return [tuple(row) for row in db.session.execute(statement)]


def pending(query: ReportQuery) -> list[tuple]:
    """(id, department_id, type_id, month, status, due_at) of finished 민원 of the cohort without stored facts."""
    statement = (select(c.id, c.department_id, c.type_id, month_of_receipt(), c.status, c.due_at)
                 .outerjoin(f, facts_on(query))
                 .where(*cohort(query), c.status.in_(FINISHED), f.complaint_id.is_(None)))
    return [tuple(row) for row in db.session.execute(statement)]


def measured_condition() -> ColumnElement:
    """The 민원 whose processing time is measured: finished, not withdrawn by the 민원인."""
    return and_(c.status.in_(FINISHED), c.status != "withdrawn")


def time_values(query: ReportQuery) -> list[tuple]:
    """(department_id, type_id, month, unit, [processing times]) of the measured 민원 with stored facts, per row:
    PostgreSQL gathers each row's values with array_agg (one hash aggregate: faster than percentile_cont over
    GROUPING SETS, which sorts the year three times), SQLite returns them one by one (month: see month_text)."""
    month = month_key().label("month")
    where = (*cohort(query), measured_condition())
    if is_postgres():
        statement = (select(c.department_id, c.type_id, month, f.unit, func.array_agg(f.processing_time))
                     .join(f, facts_on(query)).where(*where).group_by(c.department_id, c.type_id, month, f.unit))
        return [tuple(row) for row in db.session.execute(statement)]
    statement = select(c.department_id, c.type_id, month, f.unit, f.processing_time).join(f, facts_on(query))
    return [(*row[:4], [row[4]]) for row in db.session.execute(statement.where(*where))]


def transfer_times(query: ReportQuery) -> list[tuple]:
    """(department_id, type_id, month, received_at, transferred_at) of every transfer of the cohort."""
    t = ComplaintTransfer
    statement = (select(c.department_id, c.type_id, month_of_receipt(), c.received_at, t.transferred_at)
                 .join(c, t.complaint_id == c.id).where(*cohort(query), t.transferred_at >= bounds(query)[0]))
    return [tuple(row) for row in db.session.execute(statement)]
