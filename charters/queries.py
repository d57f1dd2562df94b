"""What the staff pages of the 고객헌장 read (charters/staff_views.py): every version, one version.

The reads of 이행실적 are in performance_queries.py; the working version (the draft or approved one) is
services.working_charter.
"""

from __future__ import annotations

from sqlalchemy import select

from charters.models import Charter
from core.extensions import db


def all_charters() -> list[Charter]:
    """Every version in any state, the newest created first (then by id)."""
    return list(db.session.scalars(select(Charter).order_by(Charter.created_at.desc(), Charter.id.desc())))


def charter_by_id(charter_id: int) -> Charter | None:
    """The version with this id, or None."""
    return db.session.get(Charter, charter_id)
