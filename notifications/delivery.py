"""Delivery of the outbox: claim due rows, send them, mark each sent only after the server accepted it.

* Claim: one UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) sets status 'sending' with
  this deliverer's name and a lease, and commits. Two deliverers never hold the same row; a row whose
  deliverer vanished is claimed again after its lease.
* Send: e-mail over SMTP (one session per batch), SMS through the configured gateway. With no MAIL_SERVER
  (or SMS_API_URL), messages are "delivered" to the local outbox only (transport 'local'), so the demo
  works without a mail server.
* Outcome: 'sent' (guarded by status and claimer, committed per message); a failed attempt goes back to
  'pending' with exponential backoff, or to 'failed' when permanent or after OUTBOX_MAX_ATTEMPTS. When
  a server cannot be reached, the rest of the batch is released untouched.

A crash after the server accepted a message and before 'sent' was committed delivers it again after the
lease (at-least-once); the Message-ID derived from the idempotency key stays the same.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta

from flask import current_app
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import and_, or_, select, update

from core.extensions import db
from notifications.locks import holder_name
from notifications.mail import SmtpTransport, build_email, message_id
from notifications.models import OutboxMessage
from notifications.policy import retry_delay
from notifications.registry import attachment
from notifications.services import TEMPLATES, render
from notifications.sms import DeliveryError, HttpSmsProvider

LEASE = timedelta(minutes=30)
BATCH = 50
_sms_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, undefined=StrictUndefined)  # noqa: S701 - plain text


def deliver_outbox_job(*, now: datetime) -> dict:
    """Scheduled job: deliver until nothing due is left (at most 20 batches per run)."""
    totals: dict[str, int] = {}
    for _ in range(20):
        counts = deliver_outbox(now=now)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        if counts["claimed"] < BATCH or counts["released"]:
            break
    return totals


def claim_due(*, now: datetime, worker: str, limit: int = BATCH) -> list[int]:
    """Mark up to `limit` due messages as 'sending' for `worker` and commit; returns their ids."""
    due = or_(
        and_(OutboxMessage.status == "pending",
             or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)),
        and_(OutboxMessage.status == "sending", OutboxMessage.claimed_until < now),
    )
    candidates = (select(OutboxMessage.id).where(due).order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
                  .limit(limit).with_for_update(skip_locked=True))
    ids = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(candidates.scalar_subquery()))
        .values(status="sending", claimed_by=worker, claimed_until=now + LEASE).returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    db.session.commit()
    return sorted(ids)


def deliver_outbox(*, now: datetime, limit: int = BATCH) -> dict:
    """Claim and deliver one batch; returns counts (claimed, sent, retry, failed, released)."""
    worker = f"{holder_name()}:{threading.get_ident()}"
    ids = claim_due(now=now, worker=worker, limit=limit)
    counts = {"claimed": len(ids), "sent": 0, "retry": 0, "failed": 0, "released": 0}
    sender = _Sender(current_app.config)
    unreachable: set[str] = set()
    try:
        for message_id_ in ids:
            message = db.session.get(OutboxMessage, message_id_)
            if message is None or message.status != "sending" or message.claimed_by != worker:
                continue
            if message.channel in unreachable:
                _release(message)
                counts["released"] += 1
            else:
                outcome = _deliver_one(message, sender, worker, now)
                counts[outcome] += 1
                if outcome == "retry" and sender.last_error is not None and sender.last_error.connection:
                    unreachable.add(message.channel)
            db.session.commit()
    finally:
        sender.close()
    return counts


def _deliver_one(message: OutboxMessage, sender: _Sender, worker: str, now: datetime) -> str:
    try:
        transport, ref = sender.send(message, now)
    except DeliveryError as error:
        return _failed_attempt(message, error, now)
    done = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.status == "sending",
                                    OutboxMessage.claimed_by == worker)
        .values(status="sent", sent_at=now, attempts=OutboxMessage.attempts + 1, transport=transport,
                provider_ref=ref, last_error=None, claimed_by=None, claimed_until=None, next_attempt_at=None)
        .execution_options(synchronize_session=False))
    db.session.expire(message)
    return "sent" if done.rowcount else "released"


def _failed_attempt(message: OutboxMessage, error: DeliveryError, now: datetime) -> str:
    config = current_app.config
    message.attempts += 1
    message.last_error = str(error)[:2000]
    message.claimed_by = message.claimed_until = None
    if error.permanent or message.attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
        message.status, message.next_attempt_at = "failed", None
        return "failed"
    message.status = "pending"
    message.next_attempt_at = now + retry_delay(message.attempts, base_seconds=config["OUTBOX_RETRY_BASE_SECONDS"])
    return "retry"


def _release(message: OutboxMessage) -> None:
    message.status = "pending"
    message.claimed_by = message.claimed_until = None


def render_sms(message: OutboxMessage) -> tuple[str, str]:
    """(subject, text) of a text message: the `.sms.txt` variant of the template when there is one."""
    subject, body = render(message)
    short = TEMPLATES / f"{message.template}.{message.language}.sms.txt"
    if short.exists():
        return subject, _sms_env.get_template(short.name).render(**json.loads(message.payload)).strip()
    return subject, f"{subject}\n{body}".strip()


class _Sender:
    """Sends one message by its channel; remembers the last error so the batch can stop on a dead server."""

    def __init__(self, config) -> None:
        self.config = config
        self.smtp = SmtpTransport(config) if config["MAIL_SERVER"] else None
        self.sms = HttpSmsProvider(config["SMS_API_URL"], api_key=config["SMS_API_KEY"],
                                   sender=config["SMS_SENDER"]) if config["SMS_API_URL"] else None
        self.last_error: DeliveryError | None = None

    def send(self, message: OutboxMessage, now: datetime) -> tuple[str, str]:
        self.last_error = None
        try:
            return self._send(message, now)
        except DeliveryError as error:
            self.last_error = error
            raise

    def _send(self, message: OutboxMessage, now: datetime) -> tuple[str, str]:
        try:
            subject, body = render_sms(message) if message.channel == "sms" else render(message)
        except Exception as error:  # a template that no longer renders will not render on retry either
            raise DeliveryError(f"cannot render {message.template}: {error!r}", permanent=True) from error
        if message.channel == "sms":
            if self.sms is None:
                return "local", f"local-sms-{message.id}"
            return "http", self.sms.send(message.recipient, body, subject=subject)
        sender = self.config["MAIL_DEFAULT_SENDER"]
        ref = message_id(message.idempotency_key, sender)
        if self.smtp is None:
            return "local", ref
        name = self.config["AGENCY_NAME"] if message.language == "ko" else self.config["AGENCY_NAME_EN"]
        self.smtp.send(build_email(key=message.idempotency_key, to=message.recipient, subject=subject, body=body,
                                   sender=sender, sender_name=name, now=now, attachment=_attachment(message),
                                   list_unsubscribe=json.loads(message.payload).get("list_unsubscribe")))
        return "smtp", ref

    def close(self) -> None:
        if self.smtp is not None:
            self.smtp.close()


def _attachment(message: OutboxMessage):
    """The file an e-mail carries, read at delivery; a reference whose file is gone will not come back on retry."""
    if not message.attachment:
        return None
    found = attachment(message.attachment)
    if found is None:
        raise DeliveryError(f"attachment {message.attachment} is gone", permanent=True)
    return found
