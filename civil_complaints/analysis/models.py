"""What the keyword job stores for 민원 분석: per KST month of receipt and department, how many 민원 used each
keyword (a noun of their title or content), and per month what the counts were computed from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db


class KeywordCount(db.Model):
    """민원 of `month` (first day; KST month of 접수) in `department_id` whose title or content has `keyword`."""

    __tablename__ = "complaint_keyword_counts"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True)
    keyword: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class KeywordMonth(db.Model):
    """One month's state: the fingerprint of its 민원 when the counts were computed (a month whose 민원 changed —
    filed, moved to another department, destroyed — is computed again) and a staff request to compute it again."""

    __tablename__ = "complaint_keyword_months"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(100))
    complaints: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: a person asked for the month to be computed again (the next run does it first)
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
