"""The SQL of the management review (review.py): 민원 received per KST month by top category, department and
channel; the 민원 finished in a quarter (the finish instant of the processing facts, computed in memory for those
still without stored facts, as the 점검표 does); their systemic causes and satisfaction ratings; the improvements
of the register that were open at some moment of the quarter, and the decisions taken in it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import aliased

from civil_complaints.complaint_models import Complaint, ComplaintCategory, Satisfaction
from civil_complaints.improvements.models import (
    Improvement,
    ImprovementComplaint,
    ImprovementEvent,
    ImprovementMilestone,
)
from civil_complaints.reports.facts import FINISHED, compute_facts, missing_condition
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.reports.processing_queries import month_key, month_text
from core.clock import KST
from core.extensions import db
from reporting.domain.periods import Period

c, f = Complaint, ProcessingFacts
#: the improvement steps that record a decision: deciding to carry it out, and putting it on hold
DECISIONS = ("start", "hold")


def instants(period: Period) -> tuple[datetime, datetime]:
    """[start, end) of the period's KST days as aware instants."""
    return (datetime.combine(period.start, time(0), KST),
            datetime.combine(period.end + timedelta(days=1), time(0), KST))


def _scope(column, departments: frozenset[int] | None) -> list[ColumnElement]:
    return [] if departments is None else [column.in_(sorted(departments) or [-1])]


def top_category() -> tuple:
    """(the 민원's top-level category id, or None; the aliased category to outer-join on)."""
    category = aliased(ComplaintCategory)
    return func.coalesce(category.parent_id, category.id), category


def received(period: Period, departments: frozenset[int] | None) -> list[tuple]:
    """(month 'YYYY-MM', top category id, department id, channel, count) of the 민원 received in the period."""
    start, end = instants(period)
    top, category = top_category()
    month = month_key().label("month")
    statement = (select(month, top.label("top"), c.department_id, c.channel, func.count())
                 .select_from(c).outerjoin(category, category.id == c.category_id)
                 .where(c.received_at >= start, c.received_at < end, *_scope(c.department_id, departments))
                 .group_by(month, top, c.department_id, c.channel))
    return [(month_text(m), *rest) for m, *rest in db.session.execute(statement)]


def computed_finished(period: Period, departments: frozenset[int] | None) -> list[int]:
    """The finished 민원 without stored facts whose computed finish instant lies in the period (the `report-facts`
    job stores them later; a report never writes)."""
    start, end = instants(period)
    ids = list(db.session.scalars(select(c.id).where(missing_condition(), c.received_at < end,
                                                     *_scope(c.department_id, departments))))
    return [cid for cid, fact in compute_facts(ids).items() if start <= fact.finished_at < end]


def finished_in(period: Period, departments: frozenset[int] | None) -> list[ColumnElement]:
    """The WHERE (over Complaint outer-joined to its facts) of the 민원 finished in the period."""
    start, end = instants(period)
    extra = computed_finished(period, departments)
    stored = (f.finished_at >= start) & (f.finished_at < end)
    return [c.status.in_(FINISHED), or_(stored, c.id.in_(extra)) if extra else stored,
            *_scope(c.department_id, departments)]


def systemic(period: Period, departments: frozenset[int] | None) -> tuple[list[tuple], list[tuple]]:
    """((top, department id, finished, systemic) per group that has a systemic 민원; (top, department id, cause,
    count) of the systemic ones' cause texts, the commonest first)."""
    where = finished_in(period, departments)
    top, category = top_category()
    base = select().select_from(c).outerjoin(f, f.complaint_id == c.id).outerjoin(category,
                                                                                 category.id == c.category_id)
    counts = db.session.execute(
        base.add_columns(top, c.department_id, func.count(), func.count().filter(c.is_systemic.is_(True)))
        .where(*where).group_by(top, c.department_id)).all()
    causes = db.session.execute(
        base.add_columns(top, c.department_id, c.cause, func.count())
        .where(*where, c.is_systemic.is_(True), c.cause.is_not(None), c.cause != "")
        .group_by(top, c.department_id, c.cause).order_by(func.count().desc(), c.cause)).all()
    return [tuple(row) for row in counts if row[3]], [tuple(row) for row in causes]


def ratings(period: Period, departments: frozenset[int] | None) -> list[tuple]:
    """(department id, rating, count) of the ratings of the 민원 finished in the period."""
    statement = (select(c.department_id, Satisfaction.rating, func.count())
                 .select_from(c).join(Satisfaction, Satisfaction.complaint_id == c.id)
                 .outerjoin(f, f.complaint_id == c.id)
                 .where(*finished_in(period, departments)).group_by(c.department_id, Satisfaction.rating))
    return [tuple(row) for row in db.session.execute(statement)]


def improvements(period: Period, departments: frozenset[int] | None) -> list[tuple]:
    """(Improvement, linked 민원, last milestone due) of those open at some moment of the period: proposed before
    its end and not finished before its start."""
    start, end = instants(period)
    linked = (select(func.count()).where(ImprovementComplaint.improvement_id == Improvement.id)
              .correlate(Improvement).scalar_subquery())
    due = (select(func.max(ImprovementMilestone.due_on)).where(ImprovementMilestone.improvement_id == Improvement.id)
           .correlate(Improvement).scalar_subquery())
    statement = (select(Improvement, linked, due)
                 .where(Improvement.created_at < end,
                        or_(Improvement.finished_at.is_(None), Improvement.finished_at >= start),
                        *_scope(Improvement.department_id, departments))
                 .order_by(Improvement.created_at, Improvement.id))
    return [tuple(row) for row in db.session.execute(statement)]


def decisions(period: Period, departments: frozenset[int] | None) -> list[tuple]:
    """(ImprovementEvent, Improvement) of the decisions taken in the period, in order."""
    start, end = instants(period)
    statement = (select(ImprovementEvent, Improvement).join(Improvement,
                                                            Improvement.id == ImprovementEvent.improvement_id)
                 .where(ImprovementEvent.action.in_(DECISIONS), ImprovementEvent.at >= start,
                        ImprovementEvent.at < end, *_scope(Improvement.department_id, departments))
                 .order_by(ImprovementEvent.at, ImprovementEvent.id))
    return [tuple(row) for row in db.session.execute(statement)]
