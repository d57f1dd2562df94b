"""Stored monthly 민원 처리상황 점검 reports (영 제22조①, 규칙 제7조) and the processing times the 점검표 reads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
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


class ProcessingFacts(db.Model):
    """When a finished 민원 finished and how long it took, on the working calendar (issue 19, the 점검표's times).

    Kept beside the 민원, not on it: writing them must not bump the 민원's version (an officer's open form would be
    refused). Filled by the `report-facts` job (reports/facts.py) for 민원 that finished since its last run; a report
    computes the few that are still missing in memory.
    """

    __tablename__ = "complaint_processing_facts"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True)
    #: answered, withdrawn, returned, closed or transferred to another agency
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: "hours" (periods of 5 days or less are counted in working hours, 법 제19조②) or "days"
    unit: Mapped[str] = mapped_column(String(5))
    #: working time from receipt to the end, 보완 periods excluded, in `unit`
    processing_time: Mapped[float] = mapped_column()
    #: working time after the deadline, in `unit`; 0 when finished on time
    late_by: Mapped[float] = mapped_column()
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
