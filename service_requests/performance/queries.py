"""Every query the performance page makes: the requests that reached a provider in a period (with their pauses and
rating), the backlog now, and the late ones of a drill-down. The figures themselves are `domain/performance.py`.

The period is KST days [first_day, last_day]; a request belongs to it by `clock_started_at` (when it reached the
provider). Requests are grouped by the department that provides them now (after a forward, the last one).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from core.clock import KST
from core.extensions import db
from organization.models import Department
from service_requests.domain.performance import OPEN_VALUES, RequestClocks
from service_requests.models import RequestPause, RequestRating, Service, ServiceRequest


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(0), KST)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time(0), KST)


def _in_period(period: Period, department_id: int | None = None, service_id: int | None = None) -> list:
    conditions = [ServiceRequest.clock_started_at >= period.start, ServiceRequest.clock_started_at < period.end]
    if department_id is not None:
        conditions.append(ServiceRequest.provider_department_id == department_id)
    if service_id is not None:
        conditions.append(ServiceRequest.service_id == service_id)
    return conditions


def _pauses(conditions: list) -> dict[int, list[tuple[datetime, datetime | None]]]:
    query = (select(RequestPause.request_id, RequestPause.started_at, RequestPause.ended_at)
             .join(ServiceRequest, ServiceRequest.id == RequestPause.request_id).where(*conditions))
    pauses: dict[int, list] = defaultdict(list)
    for request_id, started_at, ended_at in db.session.execute(query):
        pauses[request_id].append((started_at, ended_at))
    return pauses


def clocks_in_period(period: Period, department_id: int | None = None,
                     service_id: int | None = None) -> list[tuple[int, int, RequestClocks]]:
    """(provider department id, service id, clocks) of every request that reached a provider in `period`."""
    conditions = _in_period(period, department_id, service_id)
    pauses = _pauses(conditions)
    r = ServiceRequest
    query = (select(r.provider_department_id, r.service_id, r.id, r.status, r.response_due_at, r.responded_at,
                    r.resolution_clock_started_at, r.resolution_due_at, r.resolved_at, r.reopen_count,
                    RequestRating.score)
             .outerjoin(RequestRating, RequestRating.request_id == r.id).where(*conditions))
    return [(department, service, RequestClocks(id=rid, status=status, response_due_at=response_due,
                                                responded_at=responded, resolution_clock_started_at=started,
                                                resolution_due_at=resolution_due, resolved_at=resolved,
                                                reopen_count=reopens, pauses=tuple(pauses.get(rid, ())),
                                                score=score))
            for (department, service, rid, status, response_due, responded, started, resolution_due, resolved,
                 reopens, score) in db.session.execute(query)]


def backlog() -> dict[tuple[int, int], int]:
    """{(provider department id, service id): requests open now}."""
    query = (select(ServiceRequest.provider_department_id, ServiceRequest.service_id, func.count())
             .where(ServiceRequest.status.in_(sorted(OPEN_VALUES)))
             .group_by(ServiceRequest.provider_department_id, ServiceRequest.service_id))
    return {(department, service): count for department, service, count in db.session.execute(query)}


def providing_departments() -> list[Department]:
    """Departments with a service in the catalog or a request addressed to them, by code."""
    with_services = select(Service.department_id)
    with_requests = select(ServiceRequest.provider_department_id).distinct()
    return list(db.session.scalars(select(Department).where(
        Department.id.in_(with_services.union(with_requests))).order_by(Department.code)))


def services_by_id() -> dict[int, Service]:
    return {s.id: s for s in db.session.scalars(select(Service).order_by(Service.code))}


def department_by_code(code: str | None) -> Department | None:
    if not code or len(code) > 32:
        return None
    return db.session.scalar(select(Department).where(Department.code == code))


def service_by_code(code: str | None) -> Service | None:
    if not code or len(code) > 40:
        return None
    return db.session.scalar(select(Service).where(Service.code == code))


def requests_by_ids(ids: list[int]) -> list[ServiceRequest]:
    """The requests with these ids, by number (chunked: an IN list stays short)."""
    found: list[ServiceRequest] = []
    for index in range(0, len(ids), 500):
        found += db.session.scalars(select(ServiceRequest).where(ServiceRequest.id.in_(ids[index:index + 500])))
    return sorted(found, key=lambda request: request.number)
