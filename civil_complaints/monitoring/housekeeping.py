"""Housekeeping jobs: retention counted as the law counts (D18), log pruning, the calendar safety net.

Retention (D18): no personal data of a 민원 is erased inside its 보존기간 (개인정보 보호법 제21조① 단서). Each
night the job puts the finished 민원 whose 보존기간 has ended (the 민원 type's period in the 기록관리표, from 1
January of the year after completion, 공공기록물법 시행령 제26조⑤) on the open destruction list; they are
destroyed, whole, only once a records officer approves the list (civil_complaints/privacy/destruction.py).
Also pruned: access-log entries whose two years (ACCESS_LOG_RETENTION_YEARS, at least 2) have ended, counted by
the calendar (안전성 확보조치 기준 제8조; an entry of 2026-03-01 is kept through 2028-03-01), delivered or failed
outbox rows after OUTBOX_RETENTION_DAYS (they hold addresses), old job runs and resolved system alerts
(JOB_RUNS_RETENTION_DAYS).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from civil_complaints.casework.staff_notify import open_statuses
from civil_complaints.complaint_models import Complaint
from civil_complaints.privacy.access_log import purge_expired
from civil_complaints.privacy.destruction import propose
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.monitoring_models import JobRun, SystemAlert
from working_calendar.cache import load_calendar
from working_calendar.models import PublicHoliday

SKIPPED_RUNS_DAYS = 7


def apply_retention(*, now: datetime) -> dict:
    """Job (every night, every day): the destruction list, then the prunes. Nothing is destroyed here."""
    config = current_app.config
    listed = propose(now=now)
    return {"listed_for_destruction": listed,
            **prune(now, outbox_days=config["OUTBOX_RETENTION_DAYS"], access_log_years=config[
                "ACCESS_LOG_RETENTION_YEARS"], job_run_days=config["JOB_RUNS_RETENTION_DAYS"])}


def prune(now: datetime, *, outbox_days: int, access_log_years: int, job_run_days: int) -> dict:
    """Old sent/failed outbox rows, access-log entries past their retention (never under two years), job runs and
    resolved system alerts."""
    outbox = db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status.in_(["sent", "failed"]), OutboxMessage.created_at < now - timedelta(days=outbox_days)))
    access_pruned = purge_expired(now=now, years=access_log_years)
    runs = db.session.execute(delete(JobRun).where(JobRun.outcome != "running", (
        JobRun.started_at < now - timedelta(days=job_run_days)) | (
        (JobRun.outcome == "skipped") & (JobRun.started_at < now - timedelta(days=SKIPPED_RUNS_DAYS))))).rowcount
    alerts = db.session.execute(delete(SystemAlert).where(  # resolved episodes, kept as long as job runs
        SystemAlert.resolved_at.is_not(None), SystemAlert.resolved_at < now - timedelta(days=job_run_days))).rowcount
    return {"outbox_pruned": outbox.rowcount, "access_log_pruned": access_pruned, "job_runs_pruned": runs,
            "alerts_pruned": alerts}


def check_calendar_revision(*, now: datetime) -> dict:
    """Job (every five minutes): D7 for changes not recomputed at once — holidays imported with the CLI, or an
    admin change over more open 민원 than a request recomputes (INLINE_RECOMPUTE_LIMIT). When open 민원 carry
    another calendar revision than the holiday table's and no run recomputed this change yet, recompute every open
    deadline once. A change is the revision with the time of the last holiday edit, so going back to an earlier
    calendar is a new change too."""
    revision = load_calendar().revision or ""
    stale = db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.status.in_(open_statuses()), Complaint.due_at > now, Complaint.calendar_revision != revision))
    if not stale:
        return {"revision": revision, "stale": 0}
    edited = db.session.scalar(select(func.max(PublicHoliday.updated_at)))
    change = f"{revision}@{edited.isoformat() if edited else ''}"
    marker = f'"recomputed_change": "{change}"'
    if db.session.scalar(select(JobRun.id).where(JobRun.outcome == "ok", JobRun.counts.contains(marker)).limit(1)):
        return {"revision": revision, "stale": stale, "already_recomputed": 1}
    from civil_complaints.holidays.recompute import recompute_open_deadlines

    result = recompute_open_deadlines(load_calendar(), now=now, reason="calendar_revision_check")
    return {"revision": revision, "stale": stale, "examined": result.examined, "changed": result.changed,
            "recomputed_change": change}
