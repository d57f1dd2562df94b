"""Reading the register: the staff list, one improvement, the panel on a 민원's case page, the public page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.improvements import ImprovementStatus
from civil_complaints.improvements.access import can_read
from civil_complaints.improvements.models import Improvement, ImprovementComplaint
from core.extensions import db
from organization.models import User

PAGE_SIZE = 20
PUBLIC_PAGE_SIZE = 10


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    pages: int
    total: int


def _page(query, count_query, page: int, size: int) -> Page:
    total = db.session.scalar(count_query) or 0
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    return Page(list(db.session.scalars(query.limit(size).offset((page - 1) * size))), page, pages, total)


def register_page(*, status: str | None, department_id: int | None, page: int) -> Page:
    """The staff list, newest first, optionally one status or department."""
    conditions = []
    if status in {s.value for s in ImprovementStatus}:
        conditions.append(Improvement.status == status)
    if department_id:
        conditions.append(Improvement.department_id == department_id)
    query = select(Improvement).where(*conditions).order_by(Improvement.created_at.desc(), Improvement.id.desc())
    return _page(query, select(func.count()).select_from(Improvement).where(*conditions), page, PAGE_SIZE)


def public_page(page: int) -> Page:
    """Finished improvements only, the latest first (the public page shows no 민원 and no person)."""
    done = Improvement.status == ImprovementStatus.DONE.value
    query = select(Improvement).where(done).order_by(Improvement.finished_at.desc(), Improvement.id.desc())
    return _page(query, select(func.count()).select_from(Improvement).where(done), page, PUBLIC_PAGE_SIZE)


def complaint_counts(improvement_ids: list[int]) -> dict[int, int]:
    """How many 민원 prompted each improvement (a count only: shown publicly)."""
    if not improvement_ids:
        return {}
    return dict(db.session.execute(select(ImprovementComplaint.improvement_id, func.count())
                                   .where(ImprovementComplaint.improvement_id.in_(improvement_ids))
                                   .group_by(ImprovementComplaint.improvement_id)).all())


def improvements_of(complaint: Complaint, user: User) -> list[dict]:
    """The improvements this 민원 prompted, for the panel on its case page (a link for those who may read)."""
    rows = db.session.scalars(select(Improvement).join(ImprovementComplaint)
                              .where(ImprovementComplaint.complaint_id == complaint.id).order_by(Improvement.id))
    readable = can_read(user)
    return [{"id": i.id, "title": i.title, "status": i.status, "progress": i.progress, "link": readable}
            for i in rows]
