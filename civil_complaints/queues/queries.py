"""The officers' queues (내 민원, 부서 민원, 미배정, 오늘 기한, 기한 경과) as SQL: filters, search, keyset pages.

Pages are keyset pages on (due_at, id): page N costs what page 1 costs. Each tab keeps to the open statuses
unless a status is chosen, and the open-status lists are rendered as SQL literals so PostgreSQL can prove the
partial indexes of migration 0008 apply, also under a generic (prepared) plan. Counts stop at COUNT_CAP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import Select, and_, bindparam, false, func, literal, or_, select, tuple_
from sqlalchemy.orm import aliased

from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.domain.due_badges import RUNNING
from civil_complaints.domain.status import OPEN_STATUSES
from civil_complaints.workflow_models import CooperationRequest
from core.clock import KST
from core.db_types import UTCDateTime
from core.extensions import db
from core.inputs import DB_INT_MAX, EARLIEST_DAY, LATEST_DAY
from organization.models import Department, User

OPEN = tuple(sorted(s.value for s in OPEN_STATUSES))
RUNNING_VALUES = tuple(sorted(s.value for s in RUNNING))
PAGE_SIZE = 25
COUNT_CAP = 10_000
RECEIPT_PATTERN = re.compile(r"[A-Za-z]{1,8}-[0-9][0-9-]*")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: a cursor's due_at in microseconds since 1970, bounded like every date the app accepts
_EARLIEST_MICROS = (datetime.combine(EARLIEST_DAY, time(0), UTC) - _EPOCH) // timedelta(microseconds=1)
_LATEST_MICROS = (datetime.combine(LATEST_DAY, time(0), UTC) - _EPOCH) // timedelta(microseconds=1)


class Tab(StrEnum):
    MINE = "mine"
    DEPARTMENT = "department"
    UNASSIGNED = "unassigned"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    #: 민원 of other departments that asked this one for 협조 (법 제20조), while the request is open
    SHARED = "shared"


@dataclass(frozen=True)
class Scope:
    """Whose 민원 the queues show: one department, or every department (auditors: department_id None)."""

    user_id: int
    department_id: int | None


@dataclass(frozen=True)
class QueueFilters:
    tab: Tab = Tab.DEPARTMENT
    kind: str | None = None
    type_id: int | None = None
    #: None: the tab's open statuses; "all": any status; else one status value
    status: str | None = None
    channel: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    q: str = ""
    #: one officer's 민원 (the staff home's per-officer counts link here)
    assignee_id: int | None = None
    #: one department, for those who see every department (the staff home's per-department counts)
    department_id: int | None = None


@dataclass(frozen=True)
class Cursor:
    """A keyset position: the (due_at, id) of the row next to the page; ``before`` pages backwards."""

    due_at: datetime
    id: int
    before: bool = False

    def token(self) -> str:
        micros = (self.due_at - _EPOCH) // timedelta(microseconds=1)
        return f"{micros}.{self.id}"

    @classmethod
    def parse(cls, token: str | None, *, before: bool = False) -> Cursor | None:
        """The cursor in `token`; None when it is malformed or outside what the database can hold."""
        match = re.fullmatch(r"(-?[0-9]{1,18})\.([0-9]{1,10})", token or "")
        if not match or not _EARLIEST_MICROS <= int(match[1]) <= _LATEST_MICROS or int(match[2]) > DB_INT_MAX:
            return None
        due_at = _EPOCH + timedelta(microseconds=int(match[1]))
        return cls(due_at, int(match[2]), before)


@dataclass(frozen=True)
class Page:
    rows: list
    next: Cursor | None
    previous: Cursor | None
    total: int
    total_capped: bool


def _literal_in(column, values: tuple[str, ...]):
    """``column IN ('a', 'b')`` with the values inlined (partial-index predicates must be provable)."""
    return column.in_(bindparam(f"{column.key}_in", list(values), expanding=True, literal_execute=True))


def _status_clause(filters: QueueFilters):
    """No status chosen: the tab's statuses (open; 기한 경과 and 오늘 기한 only while the clock runs or
    is paused). "all" lifts that on 내 민원, 부서 민원 and 미배정; one status narrows any tab."""
    statuses = RUNNING_VALUES if filters.tab is Tab.OVERDUE else OPEN
    deadline_tab = filters.tab in (Tab.OVERDUE, Tab.DUE_TODAY)
    if filters.status == "all":
        return _literal_in(Complaint.status, statuses) if deadline_tab else None
    if filters.status:
        return Complaint.status == filters.status if filters.status in statuses or not deadline_tab else false()
    return _literal_in(Complaint.status, statuses)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=KST)


def _shared_with(department_id: int | None):
    asked = select(CooperationRequest.complaint_id).where(CooperationRequest.to_department_id == department_id,
                                                          CooperationRequest.status == "open")
    return Complaint.id.in_(asked)


def _tab_clauses(scope: Scope, filters: QueueFilters, now: datetime) -> list:
    if filters.tab is Tab.SHARED:
        clauses = [_shared_with(scope.department_id)]
    else:
        clauses = [] if scope.department_id is None else [Complaint.department_id == scope.department_id]
    if filters.tab is Tab.MINE:
        clauses.append(Complaint.assignee_id == scope.user_id)
    elif filters.tab is Tab.UNASSIGNED:
        clauses.append(Complaint.assignee_id.is_(None))
    elif filters.tab is Tab.DUE_TODAY:
        today = now.astimezone(KST).date()
        clauses += [Complaint.due_at >= _day_start(today), Complaint.due_at < _day_start(today + timedelta(days=1))]
    elif filters.tab is Tab.OVERDUE:
        clauses.append(Complaint.due_at < now)
    status = _status_clause(filters)
    return clauses if status is None else [*clauses, status]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_clause(q: str):
    """A receipt number (or its beginning) matches by prefix; any other text matches title or content."""
    q = q.strip()
    if RECEIPT_PATTERN.fullmatch(q):
        return Complaint.receipt_no.like(_like_escape(q.upper()) + "%", escape="\\")
    pattern = "%" + _like_escape(q) + "%"
    return or_(Complaint.title.ilike(pattern, escape="\\"), Complaint.content.ilike(pattern, escape="\\"))


def filter_clauses(scope: Scope, filters: QueueFilters, now: datetime) -> list:
    clauses = _tab_clauses(scope, filters, now)
    for column, value in ((Complaint.kind, filters.kind), (Complaint.type_id, filters.type_id),
                          (Complaint.channel, filters.channel), (Complaint.assignee_id, filters.assignee_id),
                          (Complaint.department_id, filters.department_id)):
        if value is not None:
            clauses.append(column == value)
    if filters.received_from:
        clauses.append(Complaint.received_at >= _day_start(filters.received_from))
    if filters.received_to:
        clauses.append(Complaint.received_at < _day_start(filters.received_to + timedelta(days=1)))
    if filters.q.strip():
        clauses.append(search_clause(filters.q))
    return clauses


def _row_select() -> Select:
    assignee = aliased(User)
    return (select(Complaint.id, Complaint.receipt_no, Complaint.title, Complaint.complainant_name,
                   Complaint.department_id,
                   Complaint.status, Complaint.kind, Complaint.channel, Complaint.due_at, Complaint.due_date,
                   Complaint.period_spec,
                   Complaint.version, Complaint.assignee_id, assignee.display_name.label("assignee_name"),
                   ComplaintType.name_ko.label("type_ko"), ComplaintType.name_en.label("type_en"),
                   Department.name_ko.label("department_ko"), Department.name_en.label("department_en"))
            .join(ComplaintType, ComplaintType.id == Complaint.type_id)
            .join(Department, Department.id == Complaint.department_id)
            .outerjoin(assignee, assignee.id == Complaint.assignee_id))


def page_statement(scope: Scope, filters: QueueFilters, now: datetime, cursor: Cursor | None,
                   size: int = PAGE_SIZE) -> Select:
    """One page (plus one row to know whether another follows), in due order or reversed for ``before``."""
    key = tuple_(Complaint.due_at, Complaint.id)
    clauses = filter_clauses(scope, filters, now)
    if cursor is not None:
        at = tuple_(literal(cursor.due_at, UTCDateTime()), literal(cursor.id))
        clauses.append(key < at if cursor.before else key > at)
    order = (Complaint.due_at.desc(), Complaint.id.desc()) if cursor and cursor.before else (
        Complaint.due_at, Complaint.id)
    return _row_select().where(and_(*clauses)).order_by(*order).limit(size + 1)


def upcoming_statement(scope: Scope, filters: QueueFilters, now: datetime, limit: int) -> Select:
    """The next deadlines: rows of the queue whose clock runs and whose 처리기한 has not passed, soonest first."""
    clauses = [*filter_clauses(scope, filters, now), Complaint.due_at >= now,
               _literal_in(Complaint.status, RUNNING_VALUES)]
    return _row_select().where(and_(*clauses)).order_by(Complaint.due_at, Complaint.id).limit(limit)


def count_statement(scope: Scope, filters: QueueFilters, now: datetime) -> Select:
    inner = select(Complaint.id).where(and_(*filter_clauses(scope, filters, now))).limit(COUNT_CAP + 1)
    return select(func.count()).select_from(inner.subquery())


def queue_page(scope: Scope, filters: QueueFilters, now: datetime, cursor: Cursor | None = None,
               size: int = PAGE_SIZE) -> Page:
    rows = list(db.session.execute(page_statement(scope, filters, now, cursor, size)).all())
    more = len(rows) > size
    rows = rows[:size]
    backwards = cursor is not None and cursor.before
    if backwards:
        rows.reverse()
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    has_next = more if not backwards else True
    has_previous = (more if backwards else cursor is not None) and first is not None
    total = db.session.scalar(count_statement(scope, filters, now))
    return Page(rows=rows,
                next=Cursor(last.due_at, last.id) if has_next and last is not None else None,
                previous=Cursor(first.due_at, first.id, before=True) if has_previous else None,
                total=min(total, COUNT_CAP), total_capped=total > COUNT_CAP)


def with_tab(filters: QueueFilters, tab: Tab) -> QueueFilters:
    return replace(filters, tab=tab)


def rows_before(scope: Scope, filters: QueueFilters, now: datetime, first) -> int:
    """How many rows of the queue come before `first` (a row of a page), capped: the page's place in the queue
    (its number in the page title) when it was reached by a cursor."""
    key = tuple_(Complaint.due_at, Complaint.id)
    at = tuple_(literal(first.due_at, UTCDateTime()), literal(first.id))
    inner = (select(Complaint.id).where(and_(*filter_clauses(scope, filters, now), key < at))
             .limit(COUNT_CAP + 1))
    return min(db.session.scalar(select(func.count()).select_from(inner.subquery())), COUNT_CAP)
