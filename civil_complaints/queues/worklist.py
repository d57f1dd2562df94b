"""Whose queues a staff member sees and which tabs (queue page), and the staff home's worklist: what needs the
person now, counted by the queues' own filters (capped at ``queries.COUNT_CAP``) so each number links to its list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, func, select

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.status import ComplaintStatus
from civil_complaints.intake.arrivals import ComplaintArrival
from civil_complaints.queues.queries import (
    COUNT_CAP,
    QueueFilters,
    Scope,
    Tab,
    count_statement,
    filter_clauses,
    upcoming_statement,
)
from core.extensions import db
from organization.domain.roles import Permission
from organization.models import Department, User


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


def unregistered_arrival_count(user) -> int | None:
    """Arrivals of the user's department still waiting to be registered (None: the user registers none)."""
    if not user.can(Permission.COMPLAINTS_REGISTER) or user.department_id is None:
        return None
    return db.session.scalar(select(func.count()).select_from(ComplaintArrival).where(
        ComplaintArrival.department_id == user.department_id, ComplaintArrival.complaint_id.is_(None)))


# The staff home's worklist (app/staff_home.py): what needs the person now, each count one click from its queue.
SUPPLEMENT = ComplaintStatus.SUPPLEMENT_REQUESTED.value


@dataclass(frozen=True)
class WorkTile:
    """One count on the staff home and the queue arguments that list the same 민원."""

    key: str  # the label's key (app/staff_home.py:TILE_LABELS)
    count: int
    capped: bool
    args: dict[str, str]
    alert: bool = False  # 기한 경과: drawn in red when not zero


def _tile(scope: Scope, key: str, filters: QueueFilters, now: datetime, *, alert: bool = False) -> WorkTile:
    total = db.session.scalar(count_statement(scope, filters, now))
    return WorkTile(key, min(total, COUNT_CAP), total > COUNT_CAP, queue_args(filters), alert)


def queue_args(filters: QueueFilters) -> dict[str, str]:
    """The queue page's URL arguments for `filters` (the ones the worklist uses)."""
    args = {"tab": filters.tab.value, "status": filters.status, "assignee": filters.assignee_id,
            "department": filters.department_id}
    return {key: str(value) for key, value in args.items() if value is not None}


def personal_tiles(user, scope: Scope, now: datetime) -> list[WorkTile]:
    """내 민원 and what of it is due today, overdue or waiting for a 보완; 협조 요청 to the department. Only for
    those who handle 민원 in a department."""
    if Tab.MINE not in tabs_of(user, scope):
        return []
    return [
        _tile(scope, "mine", QueueFilters(tab=Tab.MINE), now),
        _tile(scope, "mine_due_today", QueueFilters(tab=Tab.DUE_TODAY, assignee_id=user.id), now),
        _tile(scope, "mine_overdue", QueueFilters(tab=Tab.OVERDUE, assignee_id=user.id), now, alert=True),
        _tile(scope, "mine_supplement", QueueFilters(tab=Tab.MINE, status=SUPPLEMENT), now),
        _tile(scope, "shared", QueueFilters(tab=Tab.SHARED), now),
    ]


def team_tiles(scope: Scope, now: datetime) -> list[WorkTile]:
    """The department's (or, for those who see every department, the agency's) open 민원 that need someone."""
    return [
        _tile(scope, "unassigned", QueueFilters(tab=Tab.UNASSIGNED), now),
        _tile(scope, "due_today", QueueFilters(tab=Tab.DUE_TODAY), now),
        _tile(scope, "overdue", QueueFilters(tab=Tab.OVERDUE), now, alert=True),
        _tile(scope, "supplement", QueueFilters(tab=Tab.DEPARTMENT, status=SUPPLEMENT), now),
    ]


#: the columns of the load tables: each one a queue's filters, counted per officer or per department
LOAD_COLUMNS = (
    ("open", QueueFilters(tab=Tab.DEPARTMENT)),
    ("due_today", QueueFilters(tab=Tab.DUE_TODAY)),
    ("overdue", QueueFilters(tab=Tab.OVERDUE)),
    ("supplement", QueueFilters(tab=Tab.DEPARTMENT, status=SUPPLEMENT)),
)


@dataclass(frozen=True)
class LoadRow:
    """One officer's (or one department's) open 민원, counted by the queues' own filters."""

    id: int
    name: str
    counts: dict[str, int]
    links: dict[str, dict[str, str]]  # the queue arguments of each count


def _load_counts(scope: Scope, group_by, now: datetime) -> dict[int, dict[str, int]]:
    """{group id: {column: count}} in one query: each column is a FILTERed count over the same clauses the
    queue tabs use, so a number and the list it links to always agree."""
    measures = [func.count().filter(and_(*filter_clauses(scope, filters, now))).label(key)
                for key, filters in LOAD_COLUMNS]
    where = filter_clauses(scope, QueueFilters(tab=Tab.DEPARTMENT), now)
    rows = db.session.execute(select(group_by, *measures).where(and_(*where), group_by.is_not(None))
                              .group_by(group_by)).all()
    return {row[0]: {key: row[i + 1] for i, (key, _) in enumerate(LOAD_COLUMNS)} for row in rows}


def officer_load(scope: Scope, now: datetime) -> list[LoadRow]:
    """Each officer of the department (who handles 민원 and is active, or still holds open 민원) with their open
    민원, due today, overdue and awaiting a 보완: for the department head."""
    counts = _load_counts(scope, Complaint.assignee_id, now)
    users = db.session.scalars(select(User).where(User.department_id == scope.department_id)
                               .order_by(User.display_name, User.id))
    empty = {key: 0 for key, _ in LOAD_COLUMNS}
    rows = []
    for user in users:
        if user.id in counts or (user.is_active_account and user.can(Permission.COMPLAINTS_HANDLE)):
            links = {key: queue_args(replace(filters, assignee_id=user.id)) for key, filters in LOAD_COLUMNS}
            rows.append(LoadRow(user.id, user.display_name, counts.get(user.id, empty), links))
    return rows


def department_load(scope: Scope, now: datetime, locale: str) -> list[LoadRow]:
    """Each department with open 민원 (most overdue first): for those who see every department."""
    counts = _load_counts(scope, Complaint.department_id, now)
    departments = db.session.scalars(select(Department).where(Department.id.in_(list(counts))))
    rows = [LoadRow(d.id, d.name_ko if locale == "ko" else d.name_en, counts[d.id],
                    {key: queue_args(replace(filters, department_id=d.id)) for key, filters in LOAD_COLUMNS})
            for d in departments]
    return sorted(rows, key=lambda row: (-row.counts["overdue"], -row.counts["open"], row.name))


def next_deadlines(user, scope: Scope, now: datetime, limit: int = 7) -> list:
    """The soonest running deadlines: one's own 민원 for an officer, the department's for a head, the agency's
    for those who see every department."""
    mine = Tab.MINE in tabs_of(user, scope) and not user.can(Permission.COMPLAINTS_ASSIGN)
    filters = QueueFilters(tab=Tab.MINE if mine else Tab.DEPARTMENT)
    return list(db.session.execute(upcoming_statement(scope, filters, now, limit)).all())
