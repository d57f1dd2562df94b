"""Records of deadline monitoring: scheduled job runs, their locks, alerts sent, erasures, monthly reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db_types import UTCDateTime
from app.extensions import db

JOB_OUTCOMES = ("running", "ok", "failed", "skipped", "abandoned")


class JobRun(db.Model):
    """One execution (or skipped attempt) of a scheduled job.

    (job, slot) is unique: the first process to claim a slot runs it; every other process that fires for
    the same slot records a 'skipped' row with a null slot. A 'running' row whose process died is marked
    'abandoned' by the next run that takes the job's lock.
    """

    __tablename__ = "job_runs"
    __table_args__ = (
        UniqueConstraint("job", "slot"),
        CheckConstraint("outcome IN ('running', 'ok', 'failed', 'skipped', 'abandoned')", name="outcome"),
        Index("ix_job_runs_job_started_at", "job", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    #: the scheduled fire time this run claimed (null for skipped attempts)
    slot: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(10))
    #: JSON: what the job did, e.g. {"examined": 120, "queued": 3}; for skipped runs, why
    counts: Mapped[str] = mapped_column(Text, default="{}")
    error: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(120))
    pid: Mapped[int] = mapped_column()


class JobLease(db.Model):
    """SQLite's stand-in for PostgreSQL's advisory lock: one row per job while a process holds it."""

    __tablename__ = "job_leases"

    job: Mapped[str] = mapped_column(String(60), primary_key=True)
    #: "host:pid" of the holder
    holder: Mapped[str] = mapped_column(String(160))
    #: a holder that died is replaced once this has passed (or at once when it is a dead pid on this host)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MonitorCursor(db.Model):
    """Where a job's incremental work stands, e.g. when the overdue escalation last swept every 민원."""

    __tablename__ = "monitor_cursors"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[datetime] = mapped_column(UTCDateTime())


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


class SystemAlert(db.Model):
    """A problem of the running system, shown on the monitoring page: one row per episode and process, e.g. the
    rate-limit storage (Redis) unreachable while this worker counted in its own memory. Open while
    `resolved_at` is null; `last_seen_at` moves with every failed retry, so an episode whose process ended
    shows when it was last reported."""

    __tablename__ = "system_alerts"
    __table_args__ = (Index("ix_system_alerts_kind_source", "kind", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    #: "host:pid" of the process that saw it
    source: Mapped[str] = mapped_column(String(160))
    #: the last error, as the library gave it (English)
    detail: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PersonalDataErasure(db.Model):
    """What the former retention job erased from a finished 민원, and when (개인정보 보호법 제21조 파기 기록).

    No longer written: since D18 nothing is erased inside a record's 보존기간, and whole records are destroyed
    only from an approved list (civil_complaints/record_destruction.py). Kept for the erasures made before."""

    __tablename__ = "personal_data_erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), unique=True)
    receipt_no: Mapped[str] = mapped_column(String(20))
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: JSON list of what was erased, e.g. ["complainant_name", "complainant_phone", "attachments"]
    fields: Mapped[str] = mapped_column(Text)
    files_deleted: Mapped[int] = mapped_column(default=0)
    #: why: the retention rule applied, e.g. "PERSONAL_DATA_RETENTION_DAYS=1095; finished 2023-01-05"
    basis: Mapped[str] = mapped_column(String(200))


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


def _complaint_scan_index() -> Index:
    """The due-soon and overdue scans read (due_at, status, id) of open 민원 only: this index answers them
    without visiting the table (index-only scans; bench/monitoring.py shows the plans). Declared here, with
    the monitoring that needs it, on the complaints table."""
    from civil_complaints.complaint_models import Complaint

    return Index("ix_complaints_due_at_status_id", Complaint.due_at, Complaint.status, Complaint.id)


COMPLAINT_SCAN_INDEX = _complaint_scan_index()
