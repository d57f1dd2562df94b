"""What the monitoring page shows, and the administrator's retry of a failed message."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from core.extensions import db
from core.masking import mask_email, mask_phone
from notifications.models import OutboxMessage
from notifications.monitoring_models import JobRun
from organization.access_log import PersonalDataAccess
from organization.domain.roles import Permission
from organization.models import User
from organization.services import require_permission


class OutboxRefused(Exception):
    """The action is not allowed in the message's state; `code` is translated by the view."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class JobStatus:
    spec: object
    next_run: datetime | None
    last_run: JobRun | None
    last_failure: JobRun | None

    @property
    def last_counts(self) -> dict:
        return json.loads(self.last_run.counts) if self.last_run else {}


def job_statuses(specs, now: datetime) -> list[JobStatus]:
    """Each job with its next fire time, its last completed (or running) run and its last failure."""
    out = []
    for spec in specs:
        last = db.session.scalar(select(JobRun).where(JobRun.job == spec.name, JobRun.outcome != "skipped")
                                 .order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(1))
        failure = db.session.scalar(select(JobRun).where(JobRun.job == spec.name,
                                                         JobRun.outcome.in_(["failed", "abandoned"]))
                                    .order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(1))
        out.append(JobStatus(spec, spec.trigger.get_next_fire_time(None, now), last, failure))
    return out


def recent_runs(limit: int = 30, *, problems_only: bool = False) -> list[JobRun]:
    query = select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(limit)
    if problems_only:
        query = query.where(JobRun.outcome.in_(["failed", "abandoned"]))
    return list(db.session.scalars(query))


def outbox_counts() -> dict[str, int]:
    return dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def retry_message(actor: User, message: OutboxMessage, *, now: datetime) -> None:
    """Put a failed (or waiting) message back in the queue now. A sent message is never sent again."""
    require_permission(actor, Permission.NOTIFICATIONS_MANAGE)
    if message.status == "sent":
        raise OutboxRefused("already_sent")
    if message.status == "sending":
        raise OutboxRefused("being_sent")
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = now
    message.last_error = f"retry requested by {actor.login_id} at {now.isoformat()}; previous: {message.last_error}"
    db.session.flush()


def mask_recipient(message: OutboxMessage) -> str:
    """The recipient as lists and the access log show it: a masked phone number or e-mail address."""
    return mask_phone(message.recipient) if message.channel == "sms" else mask_email(message.recipient)


def record_message_view(actor: User, message: OutboxMessage, *, ip_address: str, now: datetime) -> None:
    """접속기록 of an administrator or auditor opening one message (its text carries a 민원인's data), and commit."""
    require_permission(actor, Permission.AUDIT_READ)
    db.session.add(PersonalDataAccess(at=now, user_id=actor.id, ip_address=(ip_address or "")[:45], complaint_id=None,
                                      subject=f"outbox #{message.id} {mask_recipient(message)}"[:150],
                                      action="view"))
    db.session.commit()
