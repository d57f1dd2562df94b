"""The holiday table: the non-working days of the working calendar, read only by `working_calendar.source`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User

HOLIDAY_KINDS = ("national", "substitute", "temporary", "election", "closure")


HOLIDAY_SOURCES = ("snapshot", "import", "admin")


class PublicHoliday(db.Model):
    """A non-working day of the statutory clock: 관공서 공휴일 (national, 대체, 임시, 선거일) or an
    agency closure (D8). Rows are never deleted: an administrator's removal sets `is_active` false,
    so the history of the calendar stays visible to auditors. Only `calendar_source` reads this table.
    """

    __tablename__ = "public_holidays"
    __table_args__ = (
        CheckConstraint("kind IN ('national', 'substitute', 'temporary', 'election', 'closure')", name="kind"),
        CheckConstraint("source IN ('snapshot', 'import', 'admin')", name="source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the calendar day in KST
    day: Mapped[date] = mapped_column(Date, unique=True)
    #: Korean name as shown in explanations, e.g. "추석", "대체공휴일", "청사 이전 휴무"
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    #: where the row came from: the committed snapshot, a `flask holidays import`, or an administrator
    source: Mapped[str] = mapped_column(String(16))
    #: false when an administrator removed the day (the day then counts as a working day)
    is_active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    updated_by: Mapped[User | None] = relationship()
