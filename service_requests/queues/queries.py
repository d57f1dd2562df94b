"""The providing department's queues as SQL: 미배정, 내 담당, 기한 임박, 기한 경과, 요청자 확인 대기.

Every tab keeps to the open requests (접수, 처리 중, 요청자 확인 대기) of one providing department and pages on
(resolution_due_at, id), so each page is a range scan of a partial index of migration 0021 over open requests:
`ix_service_requests_queue_provider` (department, due, id) for every tab but 내 담당, which uses
`ix_service_requests_queue_handler` (handler, due, id). The status lists are inlined as SQL literals so
PostgreSQL can prove the indexes' predicate also under a generic plan. `provider_page` is the one entry point
(the benchmark calls it too); `tab_counts` counts every tab in one pass over the same index.

- 미배정: open, no handler;  내 담당: open, handled by the user;  요청자 확인 대기: waiting (clock paused);
- 기한 임박: running (접수, 처리 중), due after now and at most 4 working hours from now (domain/due_badges.py);
- 기한 경과: running, due now or before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, bindparam, func, literal, select, tuple_
from sqlalchemy.orm import aliased

from core.db_types import UTCDateTime
from core.extensions import db
from core.inputs import DB_INT_MAX
from organization.models import Department, User
from service_requests.domain.due_badges import due_soon_until
from service_requests.domain.workflow import OPEN, RUNNING, RequestStatus
from service_requests.models import Service, ServiceRequest
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar

PAGE_SIZE = 25
OPEN_VALUES = tuple(sorted(s.value for s in OPEN))
RUNNING_VALUES = tuple(sorted(s.value for s in RUNNING))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_MICROS = 7_000_000_000_000_000_000  # about 221,000 years: well beyond any due a target can give


class Tab(StrEnum):
    UNASSIGNED = "unassigned"
    MINE = "mine"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    WAITING = "waiting"


@dataclass(frozen=True)
class Cursor:
    """A keyset position: the (resolution_due_at, id) of the row next to the page; `before` pages backwards."""

    due_at: datetime
    id: int
    before: bool = False

    def token(self) -> str:
        return f"{(self.due_at - _EPOCH) // timedelta(microseconds=1)}.{self.id}"

    @classmethod
    def parse(cls, token: str | None, *, before: bool = False) -> Cursor | None:
        """The cursor in `token`; None when it is not one of ours."""
        match = re.fullmatch(r"(-?[0-9]{1,19})\.([0-9]{1,10})", token or "")
        if not match or abs(int(match[1])) > _MAX_MICROS or int(match[2]) > DB_INT_MAX:
            return None
        try:
            due_at = _EPOCH + timedelta(microseconds=int(match[1]))
        except OverflowError:
            return None
        return cls(due_at, int(match[2]), before)


@dataclass(frozen=True)
class Page:
    rows: list
    next: Cursor | None
    previous: Cursor | None


def _status_in(values: tuple[str, ...]):
    return ServiceRequest.status.in_(bindparam("status_in", list(values), expanding=True, literal_execute=True))


def tab_clauses(department_id: int, tab: Tab, user_id: int, now: datetime, soon_until: datetime) -> list:
    """The WHERE of one tab (the department's open requests, narrowed by the tab)."""
    R = ServiceRequest
    if tab is Tab.MINE:  # the handler index; the department is implied by the handler (forward clears it)
        return [R.handler_id == user_id, R.provider_department_id == department_id, _status_in(OPEN_VALUES)]
    clauses = [R.provider_department_id == department_id]
    if tab is Tab.UNASSIGNED:
        return [*clauses, R.handler_id.is_(None), _status_in(OPEN_VALUES)]
    if tab is Tab.WAITING:
        return [*clauses, R.status == RequestStatus.WAITING.value, _status_in(OPEN_VALUES)]
    running = [*clauses, _status_in(OPEN_VALUES), R.status != RequestStatus.WAITING.value]
    if tab is Tab.OVERDUE:
        return [*running, R.resolution_due_at <= now]
    return [*running, R.resolution_due_at > now, R.resolution_due_at <= soon_until]


def _row_select():
    handler = aliased(User)
    requester = aliased(User)
    department = aliased(Department)
    R = ServiceRequest
    return (select(R.id, R.number, R.title, R.status, R.priority, R.resolution_due_at, R.resolution_target,
                   R.response_due_at, R.responded_at, R.handler_id, R.complaint_id, R.version, R.created_at,
                   handler.display_name.label("handler_name"), requester.display_name.label("requester_name"),
                   department.name_ko.label("requester_department_ko"),
                   department.name_en.label("requester_department_en"),
                   Service.name_ko.label("service_ko"), Service.name_en.label("service_en"))
            .join(Service, Service.id == R.service_id)
            .join(requester, requester.id == R.requester_id)
            .join(department, department.id == R.requester_department_id)
            .outerjoin(handler, handler.id == R.handler_id))


def provider_page(department_id: int, tab: Tab, user_id: int, now: datetime, cursor: Cursor | None = None,
                  size: int = PAGE_SIZE, *, calendar: WorkCalendar | None = None) -> Page:
    """One page of a tab of the department's queue, in resolution-due order (`cursor`: after or before a row)."""
    calendar = calendar or load_calendar()
    key = tuple_(ServiceRequest.resolution_due_at, ServiceRequest.id)
    clauses = tab_clauses(department_id, tab, user_id, now, due_soon_until(now, calendar))
    if cursor is not None:
        at = tuple_(literal(cursor.due_at, UTCDateTime()), literal(cursor.id))
        clauses.append(key < at if cursor.before else key > at)
    backwards = cursor is not None and cursor.before
    order = ((ServiceRequest.resolution_due_at.desc(), ServiceRequest.id.desc()) if backwards
             else (ServiceRequest.resolution_due_at, ServiceRequest.id))
    rows = list(db.session.execute(_row_select().where(and_(*clauses)).order_by(*order).limit(size + 1)).all())
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    first, last = (rows[0], rows[-1]) if rows else (None, None)
    has_next = (more if not backwards else True) and last is not None
    has_previous = (more if backwards else cursor is not None) and first is not None
    return Page(rows=rows, next=Cursor(last.resolution_due_at, last.id) if has_next else None,
                previous=Cursor(first.resolution_due_at, first.id, before=True) if has_previous else None)


def tab_counts(department_id: int, user_id: int, now: datetime, *,
               calendar: WorkCalendar | None = None) -> dict[Tab, int]:
    """How many requests each tab holds, in one pass over the department's open requests."""
    calendar = calendar or load_calendar()
    R = ServiceRequest
    soon = due_soon_until(now, calendar)
    running = R.status != RequestStatus.WAITING.value
    columns = {
        Tab.UNASSIGNED: R.handler_id.is_(None),
        Tab.MINE: R.handler_id == user_id,
        Tab.DUE_SOON: and_(running, R.resolution_due_at > now, R.resolution_due_at <= soon),
        Tab.OVERDUE: and_(running, R.resolution_due_at <= now),
        Tab.WAITING: R.status == RequestStatus.WAITING.value,
    }
    query = select(*(func.count().filter(condition).label(tab.value) for tab, condition in columns.items())).where(
        R.provider_department_id == department_id, _status_in(OPEN_VALUES))
    row = db.session.execute(query).one()
    return {tab: getattr(row, tab.value) or 0 for tab in columns}
