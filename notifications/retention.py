"""Housekeeping jobs: personal-data retention (with an erasure log), log pruning, the calendar safety net.

Retention (개인정보 보호법 제21조): a finished 민원 (answered, closed, withdrawn or transferred) whose last
activity is older than PERSONAL_DATA_RETENTION_DAYS loses the 민원인's personal data — name (replaced by
"(파기)"), phone, e-mail, address and map position, lookup password, co-signers' names, attachment files —
and a `personal_data_erasures` row records what was erased and why. The 민원 itself (title, content,
answer, history) stays, as a public record. Each run erases at most 500 민원; it is idempotent.
Also pruned: the access log after ACCESS_LOG_RETENTION_DAYS (never under 2 years, 안전성 확보조치 기준
제8조), delivered or failed outbox rows (they hold addresses) and old job runs.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, exists, func, select

from app.extensions import db
from civil_complaints.access_log import purge_expired
from civil_complaints.calendar_source import load_calendar
from civil_complaints.complaint_models import Complaint, ComplaintEvent
from civil_complaints.domain.status import FINISHED_STATUSES
from civil_complaints.intake import add_event, attachment_path
from civil_complaints.models import PublicHoliday
from notifications.models import OutboxMessage
from notifications.monitoring_models import JobRun, PersonalDataErasure
from notifications.staff_notify import open_statuses

ERASED = "(파기)"
BATCH = 500
SKIPPED_RUNS_DAYS = 7


def complaints_past_retention(now: datetime, *, days: int, limit: int = BATCH) -> list[int]:
    """Finished, not yet erased 민원 whose last recorded activity is older than `days`."""
    last_activity = (select(func.max(ComplaintEvent.at)).where(ComplaintEvent.complaint_id == Complaint.id)
                     .scalar_subquery())
    erased = exists().where(PersonalDataErasure.complaint_id == Complaint.id)
    return list(db.session.scalars(
        select(Complaint.id).where(Complaint.status.in_([s.value for s in FINISHED_STATUSES]), ~erased,
                                   func.coalesce(last_activity, Complaint.created_at) < now - timedelta(days=days))
        .order_by(Complaint.id).limit(limit)))


def erase_personal_data(complaint: Complaint, *, now: datetime, upload_dir: Path, basis: str) -> PersonalDataErasure:
    """Erase the 민원인's personal data from one 민원 and record it. Files are deleted at once: if the
    transaction then fails, the next run erases the rows again (a missing file is not an error)."""
    erased = []
    for name in ("complainant_phone", "complainant_email", "address", "address_id", "zipcode", "latitude", "longitude",
                 "lookup_password_hash"):
        if getattr(complaint, name) is not None:
            setattr(complaint, name, None)
            erased.append(name)
    if complaint.complainant_name != ERASED:
        complaint.complainant_name = ERASED
        erased.append("complainant_name")
    complaint.notify_channel = "none"
    if complaint.signers:
        for signer in complaint.signers:
            signer.name = ERASED
        erased.append("co_signer_names")
    if _erase_citizen_text(complaint):
        erased.append("citizen_text")
    files = 0
    for attachment in list(complaint.attachments):
        attachment_path(upload_dir, attachment).unlink(missing_ok=True)
        complaint.attachments.remove(attachment)
        files += 1
    if files:
        erased.append("attachments")
    record = PersonalDataErasure(complaint_id=complaint.id, receipt_no=complaint.receipt_no, erased_at=now,
                                 fields=json.dumps(erased), files_deleted=files, basis=basis[:200])
    db.session.add(record)
    add_event(complaint, "personal_data_erased", at=now, actor_kind="system", public=False, fields=erased)
    return record


#: what the 민원인 typed into the history (보완 text, reasons for 취하 or for more time), erased with the rest
CITIZEN_TEXT_KEYS = ("text", "reason")


def _erase_citizen_text(complaint: Complaint) -> bool:
    """The 민원인's own free text outside the 민원 itself: history details and the satisfaction comment."""
    changed = False
    for event in complaint.events:
        if event.actor_kind != "citizen":
            continue
        detail = json.loads(event.detail or "{}")
        keys = [k for k in CITIZEN_TEXT_KEYS if detail.get(k) not in (None, "", ERASED)]
        if keys:
            detail.update(dict.fromkeys(keys, ERASED))
            event.detail = json.dumps(detail, ensure_ascii=False)
            changed = True
    satisfaction = complaint.satisfaction
    if satisfaction is not None and satisfaction.comment not in (None, ERASED):
        satisfaction.comment = ERASED
        changed = True
    return changed


def apply_retention(*, now: datetime) -> dict:
    """Job (every night, every day): erasures, then the prunes."""
    config = current_app.config
    days = config["PERSONAL_DATA_RETENTION_DAYS"]
    ids = complaints_past_retention(now, days=days)
    upload_dir = Path(config["UPLOAD_DIR"])
    files = 0
    for complaint_id in ids:
        complaint = db.session.get(Complaint, complaint_id)
        files += erase_personal_data(complaint, now=now, upload_dir=upload_dir,
                                     basis=f"PERSONAL_DATA_RETENTION_DAYS={days}").files_deleted
    db.session.flush()
    outbox_days = min(config["OUTBOX_RETENTION_DAYS"], days)
    return {"erased": len(ids), "files_deleted": files,
            **prune(now, outbox_days=outbox_days, access_log_days=config["ACCESS_LOG_RETENTION_DAYS"],
                    job_run_days=config["JOB_RUNS_RETENTION_DAYS"])}


def prune(now: datetime, *, outbox_days: int, access_log_days: int, job_run_days: int) -> dict:
    """Old sent/failed outbox rows, access-log entries past their retention (never under two years) and job runs."""
    outbox = db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status.in_(["sent", "failed"]), OutboxMessage.created_at < now - timedelta(days=outbox_days)))
    access_pruned = purge_expired(now=now, retention_days=access_log_days)
    runs = db.session.execute(delete(JobRun).where(JobRun.outcome != "running", (
        JobRun.started_at < now - timedelta(days=job_run_days)) | (
        (JobRun.outcome == "skipped") & (JobRun.started_at < now - timedelta(days=SKIPPED_RUNS_DAYS))))).rowcount
    return {"outbox_pruned": outbox.rowcount, "access_log_pruned": access_pruned, "job_runs_pruned": runs}


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
    from civil_complaints.recompute import recompute_open_deadlines

    result = recompute_open_deadlines(load_calendar(), now=now, reason="calendar_revision_check")
    return {"revision": revision, "stale": stale, "examined": result.examined, "changed": result.changed,
            "recomputed_change": change}
