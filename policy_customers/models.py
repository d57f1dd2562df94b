"""Records of the policy-customer registry (정책고객): the fields people may choose, the subscribers with the fields
they chose, their consent per purpose, and the one-time link tokens e-mailed to them.

What is stored of a person: the e-mail address, an optional name, the chosen fields and the consents (purpose,
version of the text agreed to, when given and withdrawn, from which address). Never an opinion or a stance
(개인정보 보호법 제23조). Leaving erases the row and everything hanging on it (ON DELETE CASCADE). Times are aware UTC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db

TOKEN_KINDS = ("confirm", "manage")


class PolicyField(db.Model):
    """A field of interest (관심 분야): 교통, 환경, 복지 …, managed by administrators."""

    __tablename__ = "policy_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)


class PolicyCustomerField(db.Model):
    """A field a subscriber chose."""

    __tablename__ = "policy_customer_fields"

    customer_id: Mapped[int] = mapped_column(ForeignKey("policy_customers.id", ondelete="CASCADE"),
                                             primary_key=True)
    field_id: Mapped[int] = mapped_column(ForeignKey("policy_fields.id"), primary_key=True, index=True)


class PolicyCustomer(db.Model):
    """One subscriber: pending until the address is confirmed, then kept until its retention ends."""

    __tablename__ = "policy_customers"
    __table_args__ = (CheckConstraint("status IN ('pending', 'confirmed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: normalised (trimmed, lower case); one record per address
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(2), default="ko")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: a pending record is destroyed after this (its confirmation link expired)
    pending_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the last confirmation or renewal; the retention period runs from here
    renewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retention_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    #: the renewal reminder sent for the current retention period
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the last mail queued to the address (a repeated form sends at most one mail a while)
    last_mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    field_links: Mapped[list[PolicyCustomerField]] = relationship(cascade="all, delete-orphan",
                                                                  passive_deletes=True)
    consents: Mapped[list[PolicyConsent]] = relationship(cascade="all, delete-orphan", passive_deletes=True,
                                                         order_by="PolicyConsent.id")
    tokens: Mapped[list[PolicyCustomerToken]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class PolicyConsent(db.Model):
    """A consent to one purpose (개인정보 보호법 제22조: per purpose), with the version of the text agreed to."""

    __tablename__ = "policy_consents"
    __table_args__ = (CheckConstraint("purpose IN ('news', 'surveys')", name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("policy_customers.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    text_version: Mapped[str] = mapped_column(String(20))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the client address the consent was given from
    ip: Mapped[str] = mapped_column(String(45), default="")


class PolicyCustomerToken(db.Model):
    """A link e-mailed to a subscriber: only the SHA-256 of the random token is stored."""

    __tablename__ = "policy_customer_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),
                      CheckConstraint("kind IN ('confirm', 'manage')", name="kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("policy_customers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
