"""What the staff API (/api/v1) reads: a page of 민원, one 민원 by its 접수번호, a type to register under.

The views (api/views.py) parse the request and check permissions; the queries here take plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from civil_complaints.complaint_models import Complaint, ComplaintType
from core.extensions import db


@dataclass(frozen=True)
class ComplaintFilter:
    """Which 민원 a list holds: every department's, or those of `department_id` only (compared as SQL compares:
    None matches none); of one `status`, or of every status when None."""

    every_department: bool
    department_id: int | None = None
    status: str | None = None


def page_of_complaints(filters: ComplaintFilter, *, page: int, per_page: int) -> tuple[int, list[Complaint]]:
    """(how many match, the `page`-th page of `per_page` of them) by 처리기한 then id, each with its type and
    department loaded: one count and one page query (plus the two loads)."""
    query = select(Complaint)
    if not filters.every_department:
        query = query.where(Complaint.department_id == filters.department_id)
    if filters.status is not None:
        query = query.where(Complaint.status == filters.status)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.options(selectinload(Complaint.type), selectinload(Complaint.department))
                              .order_by(Complaint.due_at, Complaint.id).offset((page - 1) * per_page).limit(per_page))
    return total, rows.all()


def complaint_by_receipt_no(receipt_no: str) -> Complaint | None:
    """The 민원 with this 접수번호 (exactly as given), or None."""
    return db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no))


def active_type_by_code(code: str | None) -> ComplaintType | None:
    """The type with this code if it accepts 민원, else None."""
    return db.session.scalar(select(ComplaintType).where(ComplaintType.code == code, ComplaintType.is_active))
