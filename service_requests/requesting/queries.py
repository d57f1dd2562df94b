"""What the requesting side reads: my requests, my department's (every department for auditors), and the
requests waiting for the head's approval; newest first, in pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from core.extensions import db
from service_requests.domain.workflow import RequestStatus
from service_requests.models import ServiceRequest

PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    rows: list[ServiceRequest]
    number: int
    total: int

    @property
    def last(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def requests_page(*, requester_id: int | None = None, department_id: int | None = None, page: int = 1,
                  status: str | None = None) -> Page:
    """Requests made by one person, or by one department, or (both None) by every department; of one status."""
    condition = [] if status is None else [ServiceRequest.status == status]
    if requester_id is not None:
        condition.append(ServiceRequest.requester_id == requester_id)
    if department_id is not None:
        condition.append(ServiceRequest.requester_department_id == department_id)
    total = db.session.scalar(select(func.count(ServiceRequest.id)).where(*condition))
    rows = db.session.scalars(
        select(ServiceRequest).where(*condition)
        .options(selectinload(ServiceRequest.service), selectinload(ServiceRequest.provider_department))
        .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return Page(list(rows), page, total)


def pending_approvals(department_id: int) -> list[ServiceRequest]:
    """The department's requests waiting for its head's approval, oldest first."""
    return list(db.session.scalars(
        select(ServiceRequest).where(ServiceRequest.requester_department_id == department_id,
                                     ServiceRequest.status == RequestStatus.PENDING_APPROVAL.value)
        .options(selectinload(ServiceRequest.service), selectinload(ServiceRequest.requester))
        .order_by(ServiceRequest.created_at, ServiceRequest.id)))


def request_by_number(number: str) -> ServiceRequest | None:
    if not number or len(number) > 20:
        return None
    return db.session.scalar(select(ServiceRequest).where(ServiceRequest.number == number))
