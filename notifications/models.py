"""The outbox: every notification is a row written in the same transaction as the action that caused it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db

OUTBOX_STATUSES = ("pending", "sending", "sent", "failed")


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("channel IN ('email', 'sms')", name="channel"),
        CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the same key is never delivered twice (e.g. "receipt:HB-2611-000001")
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    channel: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str] = mapped_column(String(254))
    template: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(8))
    #: JSON: the plain data the template needs (rendered at delivery time)
    payload: Mapped[str] = mapped_column(Text)
    #: pending → sending (claimed by one deliverer, with a lease) → sent, or back to pending, or failed
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the deliverer ("host:pid:thread") holding the row while status is 'sending'
    claimed_by: Mapped[str | None] = mapped_column(String(160))
    #: after this instant a 'sending' row whose deliverer vanished may be claimed again
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: how it went out: smtp, local (no mail server configured: kept in this table only), http (SMS gateway)
    transport: Mapped[str | None] = mapped_column(String(10))
    #: the e-mail's Message-ID or the SMS gateway's message id
    provider_ref: Mapped[str | None] = mapped_column(String(200))
    #: a file sent with an e-mail, by reference ("frozen-report:12:xlsx"): the bytes stay where they are kept and
    #: are read at delivery through the source a package registered (notifications/registry.py)
    attachment: Mapped[str | None] = mapped_column(String(120))
