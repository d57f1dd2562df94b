"""Alerts already raised about a 민원 (so no job raises one twice), and the index the deadline scans read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db


class ComplaintAlert(db.Model):
    """An alert already raised about a 민원, so no job raises it twice (due-soon, overdue, progress notice…).

    `ref_at` is the instant the alert is about (the due_at for due-soon and overdue, received_at for the
    progress notice and late registration, answered_at for the satisfaction invitation); `level` separates
    thresholds (minutes of working time before due) and the n-th progress notice.
    """

    __tablename__ = "complaint_alerts"
    #: led by kind: "which 민원 were escalated" reads one kind's keys from this index alone
    __table_args__ = (UniqueConstraint("kind", "complaint_id", "ref_at", "level"),
                      Index("ix_complaint_alerts_kind_ref_at", "kind", "ref_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    ref_at: Mapped[datetime] = mapped_column(UTCDateTime())
    level: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def _complaint_scan_index() -> Index:
    """The due-soon and overdue scans read (due_at, status, id) of open 민원 only: this index answers them
    without visiting the table (index-only scans; bench/monitoring.py shows the plans). Declared here, with
    the monitoring that needs it, on the complaints table."""
    from civil_complaints.complaint_models import Complaint

    return Index("ix_complaints_due_at_status_id", Complaint.due_at, Complaint.status, Complaint.id)


COMPLAINT_SCAN_INDEX = _complaint_scan_index()
