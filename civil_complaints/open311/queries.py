"""What Open311 reads from the database: the public requests (민원 of the types marked `open311_public`) with
when each last changed, and when the cached catalog last changed (discovery's `changeset`).

What of a request is published is decided in open311/read.py; these queries only choose the rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintType
from civil_complaints.domain.status import OPEN_STATUSES
from core.cache_revisions import CATALOG, CacheRevision
from core.extensions import db

#: at most this many requests in one answer (and service_request_id values read from one query)
MAX_RESULTS = 1000

PublicRequest = tuple[Complaint, datetime | None]


def _public_requests(*conditions) -> list[PublicRequest]:
    """(민원, its last event's time or None) of the public types matching `conditions`, newest received first
    (then by id), at most MAX_RESULTS; type and department loaded. One query (plus the two loads)."""
    updated = (select(ComplaintEvent.complaint_id, func.max(ComplaintEvent.at).label("updated"))
               .group_by(ComplaintEvent.complaint_id).subquery())
    query = (select(Complaint, updated.c.updated).join(ComplaintType, Complaint.type_id == ComplaintType.id)
             .outerjoin(updated, updated.c.complaint_id == Complaint.id)
             .where(ComplaintType.open311_public, *conditions)
             .options(selectinload(Complaint.type), selectinload(Complaint.department))
             .order_by(Complaint.received_at.desc(), Complaint.id.desc()).limit(MAX_RESULTS))
    return [(complaint, at) for complaint, at in db.session.execute(query).all()]


def public_requests_numbered(receipt_nos: list[str]) -> list[PublicRequest]:
    """The public requests with these 접수번호 (already normalised); no query for an empty list."""
    return _public_requests(Complaint.receipt_no.in_(receipt_nos)) if receipt_nos else []


def public_requests_received(start: datetime, end: datetime, *, service_codes: list[str],
                             state: str | None) -> list[PublicRequest]:
    """The public requests received from `start` to `end` (both included), of `service_codes` (empty: every
    public type), "open" or "closed" in Open311's sense (None: both)."""
    conditions = [Complaint.received_at >= start, Complaint.received_at <= end]
    if service_codes:
        conditions.append(ComplaintType.code.in_(service_codes))
    open_values = [s.value for s in OPEN_STATUSES]
    if state == "open":
        conditions.append(Complaint.status.in_(open_values))
    elif state == "closed":
        conditions.append(Complaint.status.not_in(open_values))
    return _public_requests(*conditions)


def public_request(receipt_no: str) -> PublicRequest | None:
    """The public request with this 접수번호 (already normalised), or None."""
    rows = _public_requests(Complaint.receipt_no == receipt_no)
    return rows[0] if rows else None


def catalog_changed_at() -> datetime | None:
    """When a complaint type, department, agency or holiday last changed (`cache_revisions`, set by triggers)."""
    return db.session.scalar(select(CacheRevision.changed_at).where(CacheRevision.name == CATALOG))
