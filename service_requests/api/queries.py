"""The queries of the internal-request API: the active catalog, a page of a department's requests, one by number."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from service_requests.domain.workflow import RequestStatus
from service_requests.models import Service, ServiceRequest

NOT_SENT = (RequestStatus.PENDING_APPROVAL.value, RequestStatus.REJECTED.value)


@dataclass(frozen=True)
class RequestScope:
    """Which requests a list holds: every one, or those made by or addressed to `department_id` (only one side
    when `side` is "requester" or "provider"); of one `status`, or of every status when None."""

    every_department: bool
    department_id: int | None = None
    side: str | None = None
    status: str | None = None


def active_services(category: str | None) -> list[Service]:
    query = select(Service).where(Service.is_active).options(selectinload(Service.fields),
                                                             selectinload(Service.department))
    if category is not None:
        query = query.where(Service.category == category)
    return list(db.session.scalars(query.order_by(Service.code)))


def service_by_code(code: str) -> Service | None:
    return db.session.scalar(select(Service).where(Service.code == code))


def _where(query, scope: RequestScope):
    if not scope.every_department:
        made = ServiceRequest.requester_department_id == scope.department_id
        # the provider sees a request once it reached them: not while it waits for approval, nor a rejected one
        provided = and_(ServiceRequest.provider_department_id == scope.department_id,
                        ServiceRequest.status.not_in(NOT_SENT))
        query = query.where({"requester": made, "provider": provided}.get(scope.side, or_(made, provided)))
    elif scope.side is not None and scope.department_id is not None:
        column = (ServiceRequest.requester_department_id if scope.side == "requester"
                  else ServiceRequest.provider_department_id)
        query = query.where(column == scope.department_id)
    if scope.status is not None:
        query = query.where(ServiceRequest.status == scope.status)
    return query


def page_of_requests(scope: RequestScope, *, page: int, per_page: int) -> tuple[int, list[ServiceRequest]]:
    """(how many match, the `page`-th page of `per_page`), newest first, with what the summary shows loaded."""
    query = _where(select(ServiceRequest), scope)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.options(selectinload(ServiceRequest.service),
                                            selectinload(ServiceRequest.requester_department),
                                            selectinload(ServiceRequest.provider_department))
                              .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return total, rows.all()


def request_by_number(number: str) -> ServiceRequest | None:
    if len(number) > 20:
        return None
    return db.session.scalar(select(ServiceRequest).where(ServiceRequest.number == number))
