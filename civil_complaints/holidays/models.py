"""Records of holiday changes (D7): each administrator's change with its reason, and what each 민원인 was told.

A holiday change recomputes open deadlines at once (each move is in the 민원's history), but the 민원인 is told
only after a settling delay and only when the 처리기한 then differs from the one they were last told
(civil_complaints/holidays/due_notices.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User

HOLIDAY_CHANGE_ACTIONS = ("added", "removed", "restored")


class HolidayChange(db.Model):
    """One administrator's change of the holiday table, with the reason asked for before it was saved."""

    __tablename__ = "holiday_changes"
    __table_args__ = (CheckConstraint("action IN ('added', 'removed', 'restored')", name="action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    holiday_id: Mapped[int] = mapped_column(ForeignKey("public_holidays.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(300))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: open 민원 whose deadline moved and their 민원인 (null: left to the scheduler, over INLINE_RECOMPUTE_LIMIT)
    moved: Mapped[int | None] = mapped_column()
    complainants: Mapped[int | None] = mapped_column()

    actor: Mapped[User] = relationship()

