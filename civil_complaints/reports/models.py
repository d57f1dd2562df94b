"""Stored monthly 민원 처리상황 점검 reports (영 제22조①, 규칙 제7조)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db


class MonthlyReport(db.Model):
    """민원 처리상황 점검 (영 제22조①, 규칙 제7조): the previous month per department, kept as a record."""

    __tablename__ = "monthly_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "2026-10"
    month: Mapped[str] = mapped_column(String(7), unique=True)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: JSON: {"departments": [{"code", "name_ko", "name_en", "received", "answered", "on_time", "overdue",
    #: "open"}], "totals": {...}}
    data: Mapped[str] = mapped_column(Text)
