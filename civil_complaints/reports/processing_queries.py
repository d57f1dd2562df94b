"""The SQL of the 점검표 (processing.py): the cohort of 민원 received in a period (KST days, by 접수일), counted per
department × type × receipt month with GROUP BY, on SQLite and PostgreSQL alike.

Percentiles come from the facts table: PostgreSQL's percentile_cont over GROUPING SETS (row, department, all);
on SQLite, or while some finished 민원 still lack stored facts, the values are read and reporting's statistics
compute them (the same PERCENTILE.INC definition).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, literal_column, select, tuple_
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


def month_of_receipt() -> ColumnElement:
    """The KST month of the 접수일 as 'YYYY-MM' (SQLite keeps naive UTC text)."""
    if is_postgres():
        return func.to_char(literal_column("(complaints.received_at AT TIME ZONE 'Asia/Seoul')"), "YYYY-MM")
    return func.strftime("%Y-%m", c.received_at, "+9 hours")


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


def _per_complaint(model, *where) -> object:
    return (select(model.complaint_id.label("complaint_id"), func.count().label("n"))
            .where(*where).group_by(model.complaint_id).subquery())


def _children() -> dict:
    """Per-민원 counts of the child rows the 점검표 counts, as subqueries to join."""
    follow_up = aliased(Complaint)
    return {"extensions": _per_complaint(ComplaintExtension), "transfers": _per_complaint(ComplaintTransfer),
            "supplements": _per_complaint(SupplementRequest),
            "repeats": _per_complaint(ComplaintLink, ComplaintLink.kind == "repeat_of"),
            "followed": (select(follow_up.follows_complaint_id.label("complaint_id"))
                         .where(follow_up.follows_complaint_id.is_not(None)).distinct().subquery())}


def row_counts(query: ReportQuery) -> list[tuple]:
    """(department_id, type_id, month, *COUNTS) per row of the cohort."""
    month = month_of_receipt().label("month")
    finished, open_ = c.status.in_(FINISHED), c.status.in_(OPEN)
    k, s = _children(), Satisfaction
    statement = (
        select(c.department_id, c.type_id, month,
               func.count(),
               func.count().filter(finished),
               func.count().filter(finished & (f.finished_at <= c.due_at)),
               func.count().filter(finished & (f.finished_at > c.due_at)),
               func.count().filter(finished & f.complaint_id.is_(None)),
               func.count().filter(open_),
               func.count().filter(open_ & (c.due_at < query.now)),
               func.coalesce(func.sum(k["extensions"].c.n), 0),
               func.coalesce(func.sum(k["transfers"].c.n), 0),
               func.coalesce(func.sum(k["supplements"].c.n), 0),
               func.count().filter(c.status == "withdrawn"),
               func.count(k["repeats"].c.complaint_id),
               func.count().filter(c.status == "returned"),
               func.count(s.id),
               func.count().filter(s.rating == "satisfied"),
               func.count().filter((s.rating == "dissatisfied") & k["followed"].c.complaint_id.is_not(None)))
        .select_from(c).outerjoin(f, f.complaint_id == c.id).outerjoin(s, s.complaint_id == c.id))
    for child in k.values():
        statement = statement.outerjoin(child, child.c.complaint_id == c.id)
    statement = statement.where(*cohort(query)).group_by(c.department_id, c.type_id, month)
    return [tuple(row) for row in db.session.execute(statement)]


def pending(query: ReportQuery) -> list[tuple]:
    """(id, department_id, type_id, month, status, due_at) of finished 민원 of the cohort without stored facts."""
    statement = (select(c.id, c.department_id, c.type_id, month_of_receipt(), c.status, c.due_at)
                 .outerjoin(f, f.complaint_id == c.id)
                 .where(*cohort(query), c.status.in_(FINISHED), f.complaint_id.is_(None)))
    return [tuple(row) for row in db.session.execute(statement)]


def measured_condition() -> ColumnElement:
    """The 민원 whose processing time is measured: finished, not withdrawn by the 민원인."""
    return and_(c.status.in_(FINISHED), c.status != "withdrawn")


def stored_times(query: ReportQuery) -> list[tuple]:
    """(department_id, type_id, month, unit, processing_time) of measured 민원 with stored facts."""
    statement = (select(c.department_id, c.type_id, month_of_receipt(), f.unit, f.processing_time)
                 .join(f, f.complaint_id == c.id).where(*cohort(query), measured_condition()))
    return [tuple(row) for row in db.session.execute(statement)]


def time_statistics(query: ReportQuery) -> list[tuple]:
    """PostgreSQL: (department_id, type_id, month, unit, n, mean, median, p90) for each row, each department (type
    and month None) and all (department None), by unit, in one pass over GROUPING SETS."""
    month = month_of_receipt().label("month")
    time_ = f.processing_time
    statement = (
        select(c.department_id, c.type_id, month, f.unit, func.count(), func.avg(time_),
               func.percentile_cont(0.5).within_group(time_), func.percentile_cont(0.9).within_group(time_))
        .join(f, f.complaint_id == c.id).where(*cohort(query), measured_condition())
        .group_by(func.grouping_sets(tuple_(c.department_id, c.type_id, month, f.unit),
                                     tuple_(c.department_id, f.unit), tuple_(f.unit))))
    return [tuple(row) for row in db.session.execute(statement)]


def bucket_counts(query: ReportQuery, bounds_by_unit: dict[str, Sequence[float]]) -> list[tuple]:
    """PostgreSQL: (unit, bucket, count) of the processing-time distribution."""
    from sqlalchemy import case

    cases = []
    for unit, limits in bounds_by_unit.items():
        for index, bound in enumerate(limits):
            cases.append(((f.unit == unit) & (f.processing_time <= bound), index))
    bucket = case(*cases, else_=len(next(iter(bounds_by_unit.values())))).label("bucket")
    statement = (select(f.unit, bucket, func.count()).join(c, f.complaint_id == c.id)
                 .where(*cohort(query), measured_condition()).group_by(f.unit, bucket))
    return [tuple(row) for row in db.session.execute(statement)]


def transfer_times(query: ReportQuery) -> list[tuple]:
    """(department_id, type_id, month, received_at, transferred_at) of every transfer of the cohort."""
    t = ComplaintTransfer
    statement = (select(c.department_id, c.type_id, month_of_receipt(), c.received_at, t.transferred_at)
                 .join(c, t.complaint_id == c.id).where(*cohort(query)))
    return [tuple(row) for row in db.session.execute(statement)]
