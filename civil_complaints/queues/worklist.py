"""Whose queues a staff member sees, which tabs, and how many 민원 each tab holds (queue page and staff home).

Counts are the queue page's own count query (capped at ``queries.COUNT_CAP``), one per tab.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from civil_complaints.intake.arrivals import ComplaintArrival
from civil_complaints.queues.queries import COUNT_CAP, QueueFilters, Scope, Tab, count_statement
from core.extensions import db
from organization.domain.roles import Permission


def scope_of(user) -> Scope | None:
    """Every department for those who read all 민원 (auditors, 민원심사관); one's own department for officers and
    heads; None for anyone else (no queue)."""
    if user.can(Permission.COMPLAINTS_VIEW_ALL):
        return Scope(user.id, None)
    if user.can(Permission.COMPLAINTS_VIEW_DEPARTMENT) and user.department_id is not None:
        return Scope(user.id, user.department_id)
    return None


def tabs_of(user, scope: Scope) -> list[Tab]:
    """내 민원 and 협조 only for those who handle 민원 in a department (auditors have none of their own)."""
    handles = user.can(Permission.COMPLAINTS_HANDLE) and scope.department_id is not None
    return [t for t in Tab if t not in (Tab.MINE, Tab.SHARED) or handles]


@dataclass(frozen=True)
class TabCount:
    tab: Tab
    count: int
    capped: bool  # more than COUNT_CAP


def tab_counts(user, now: datetime) -> list[TabCount]:
    """The open 민원 in each of `user`'s queue tabs (empty when the user has no queue)."""
    scope = scope_of(user)
    if scope is None:
        return []
    counts = []
    for tab in tabs_of(user, scope):
        total = db.session.scalar(count_statement(scope, QueueFilters(tab=tab), now))
        counts.append(TabCount(tab, min(total, COUNT_CAP), total > COUNT_CAP))
    return counts


def unregistered_arrival_count(user) -> int | None:
    """Arrivals of the user's department still waiting to be registered (None: the user registers none)."""
    if not user.can(Permission.COMPLAINTS_REGISTER) or user.department_id is None:
        return None
    return db.session.scalar(select(func.count()).select_from(ComplaintArrival).where(
        ComplaintArrival.department_id == user.department_id, ComplaintArrival.complaint_id.is_(None)))
