"""Policy news (정책 소식): a message staff write for one or more fields, optionally with a survey, and its
deliveries — one row per message and subscriber (unique), so every recipient gets it once and the sending job can
stop and resume anywhere: the rows still `waiting` are what is left to do.

A delivery row names the subscriber (to send once), never an answer: the survey link in the mail is an anonymous
invitation (surveys/), not tied to this row. The row goes with the subscriber when they leave (ON DELETE CASCADE).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db

DRAFT, SENDING, SENT = "draft", "sending", "sent"
WAITING, QUEUED, SKIPPED = "waiting", "queued", "skipped"


class PolicyMessage(db.Model):
    __tablename__ = "policy_messages"
    __table_args__ = (CheckConstraint("status IN ('draft', 'sending', 'sent')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=DRAFT, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: when staff pressed "send" (the recipients were listed then)
    send_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: when the last waiting delivery was queued
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    field_links: Mapped[list[PolicyMessageField]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class PolicyMessageField(db.Model):
    __tablename__ = "policy_message_fields"

    message_id: Mapped[int] = mapped_column(ForeignKey("policy_messages.id", ondelete="CASCADE"), primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("policy_fields.id"), primary_key=True, index=True)


class PolicyMessageDelivery(db.Model):
    """One recipient of one message: waiting → queued (in the outbox) or skipped (no longer allowed to receive)."""

    __tablename__ = "policy_message_deliveries"
    __table_args__ = (UniqueConstraint("message_id", "customer_id"),
                      CheckConstraint("status IN ('waiting', 'queued', 'skipped')", name="status"),
                      Index("ix_policy_message_deliveries_message_id_status", "message_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("policy_messages.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("policy_customers.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=WAITING)
    #: the survey link went with it (the subscriber consented to survey requests)
    with_survey: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
