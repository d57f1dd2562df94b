"""What the pages for the catalog of 민원 types read (admin/types.py): the types, one type, the departments a
type may be given to."""

from __future__ import annotations

from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintType
from core.extensions import db
from organization.models import Department


def all_types() -> list[ComplaintType]:
    """Every type, active or not, by code."""
    return list(db.session.scalars(select(ComplaintType).order_by(ComplaintType.code)))


def type_by_id(type_id: int) -> ComplaintType | None:
    """The type with this id, or None."""
    return db.session.get(ComplaintType, type_id)


def type_by_code(code: str | None) -> ComplaintType | None:
    """The type with this code, active or not (codes are unique), or None."""
    return db.session.scalar(select(ComplaintType).where(ComplaintType.code == code))


def active_departments() -> list[Department]:
    """The departments a type may be given to: the active ones, by code."""
    return list(db.session.scalars(select(Department).where(Department.is_active).order_by(Department.code)))
