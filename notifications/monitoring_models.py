"""Records of the scheduler: job runs, their locks, cursors, and alerts about the running system."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db

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

