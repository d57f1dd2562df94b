"""Persistent records of a 민원: its type, the case itself, signers, attachments, events, satisfaction."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_complaints.domain.status import ComplaintStatus
from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import Department, User

KINDS_SQL = "kind IN ('statutory', 'query_law', 'query_system', 'proposal', 'other', 'grievance')"
CHANNELS = ("web", "open311", "api", "visit", "phone", "letter", "fax", "email")
#: the open statuses (domain/status.py OPEN_STATUSES), as the predicate of the queues' partial indexes
OPEN_SQL = "status IN ('assigned', 'in_progress', 'received', 'supplement_requested')"


def _open_index(name: str, *columns: str) -> Index:
    return Index(name, *columns, postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL))


def _trigram_index(name: str, column: str) -> Index:
    """pg_trgm GIN index for ILIKE '%…%' search; PostgreSQL only (migrations/env.py skips it elsewhere)."""
    index = Index(name, column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"},
                  info={"only_on": "postgresql"})
    return index.ddl_if(dialect="postgresql")


def _queue_indexes() -> tuple[Index, ...]:
    """The queues (civil_complaints/queues/queries.py): department, 내 민원 and (auditors) every department's pages
    in due order over open 민원 — closed 민원 would fill the past of a plain due_at index; `status` in the
    every-department index lets 기한 경과 be counted from the index alone —
    receipt-number prefix search and text search (migration 0008; bench/queues.py shows the plans)."""
    pattern = Index("ix_complaints_receipt_no_pattern", "receipt_no",
                    postgresql_ops={"receipt_no": "varchar_pattern_ops"},
                    info={"only_on": "postgresql"}).ddl_if(dialect="postgresql")
    return (_open_index("ix_complaints_queue_department", "department_id", "due_at", "id"),
            _open_index("ix_complaints_queue_assignee", "assignee_id", "due_at", "id"),
            _open_index("ix_complaints_queue_open_due", "due_at", "id", "status"),
            pattern, _trigram_index("ix_complaints_title_trgm", "title"),
            _trigram_index("ix_complaints_content_trgm", "content"))


def _duplicate_indexes() -> tuple[Index, ...]:
    """가능한 중복 민원 (casework/duplicates.py, migration 0020): candidates received within a window of the case,
    by the same contact (telephone as typed, e-mail), the same address or address id, or near the same point."""
    return tuple(Index(f"ix_complaints_{column}", column) for column in (
        "received_at", "complainant_phone", "complainant_email", "address_id", "address", "latitude"))


def _analysis_index() -> Index:
    """민원 분석 (civil_complaints/analysis/queries.py, migration 0026): the 민원 received in a range of months,
    counted by category, department, type, channel and place from the index alone (an index-only scan reads none
    of the wide rows); PostgreSQL only (INCLUDE)."""
    index = Index("ix_complaints_analysis", "received_at",
                  postgresql_include=["department_id", "category_id", "type_id", "channel", "address"],
                  info={"only_on": "postgresql"})
    return index.ddl_if(dialect="postgresql")


class ComplaintType(db.Model):
    """An administrator-managed kind of 민원 with its processing period and responsible department."""

    __tablename__ = "complaint_types"
    __table_args__ = (CheckConstraint(KINDS_SQL, name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: stable code, also the Open311 service_code
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))
    #: ProcessingPeriod spec: "즉시", "3h", "5d", "14d", "2w" … (법정민원: the 민원처리기준표's period)
    period_spec: Mapped[str] = mapped_column(String(10))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    asks_location: Mapped[bool] = mapped_column(default=False)
    #: comma-separated attachment kinds accepted (see core/uploads.py): "pdf,image,hwp,office,text"
    attachment_kinds: Mapped[str] = mapped_column(String(100), default="pdf,image,hwp,office,text")
    open311_public: Mapped[bool] = mapped_column(default=False)
    #: the charter promise shown as Open311 service_notice, e.g. "7일 이내 답변"
    service_notice_ko: Mapped[str | None] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=True)
    #: 보존기간 of the 단위과제 in the agency's 기록관리표 (domain/retention.py RetentionPeriod; D18): applies to
    #: every 민원 of this type, counted from 1 January of the year after it was completed
    retention_period: Mapped[str] = mapped_column(String(16), default="3y", server_default="3y")

    department: Mapped[Department] = relationship()

    def name(self, locale: str) -> str:
        return self.name_ko if locale == "ko" else self.name_en

    def description(self, locale: str) -> str:
        return self.description_ko if locale == "ko" else self.description_en

    @property
    def accepted_kinds(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.attachment_kinds.split(",") if k.strip())


class Complaint(db.Model):
    """One 민원 from receipt to answer. Its deadline inputs are stored with it (D13)."""

    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(KINDS_SQL, name="kind"),
        CheckConstraint("channel IN ('web', 'open311', 'api', 'visit', 'phone', 'letter', 'fax', 'email')",
                        name="channel"),
        Index("ix_complaints_department_status_due", "department_id", "status", "due_at"),
        *_queue_indexes(),
        *_duplicate_indexes(),
        _analysis_index(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(20), unique=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("complaint_types.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(24), default=ComplaintStatus.RECEIVED.value, index=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: 민원인 (personal data: minimum collected, masked on lists, erased after retention)
    complainant_name: Mapped[str] = mapped_column(String(100))
    complainant_phone: Mapped[str | None] = mapped_column(String(20))
    complainant_email: Mapped[str | None] = mapped_column(String(254))
    #: the channel the 민원인 chose: email, sms, post or none (checks online); required notices go out whatever
    #: it says (D14, domain/notice_kinds.py)
    notify_channel: Mapped[str] = mapped_column(String(10), default="email")
    address: Mapped[str | None] = mapped_column(String(300))
    #: Open311 address_id (an address system's id); 5-digit 우편번호 given or found in the address
    address_id: Mapped[str | None] = mapped_column(String(100))
    zipcode: Mapped[str | None] = mapped_column(String(10))
    #: the 민원인's postal address, for notices by post (D14) when there is no e-mail or mobile number
    postal_code: Mapped[str | None] = mapped_column(String(10))
    postal_address: Mapped[str | None] = mapped_column(String(300))
    #: when the 민원인 was told (at filing) that progress is published online and that progress and transfer
    #: notices are therefore omitted (영 제13조⑤, 제23조③); null: not told, those notices are given
    online_progress_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    lookup_password_hash: Mapped[str | None] = mapped_column(String(255))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_joint: Mapped[bool] = mapped_column(default=False)
    #: when it reached the agency (D1); equals received_at for web and API filings
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: 접수시각: the statutory clock starts here (법 제19조)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    period_spec: Mapped[str] = mapped_column(String(10))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    #: the WorkCalendar revision the deadline was computed with (D13)
    calendar_revision: Mapped[str] = mapped_column(String(32))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: 반려 (영 제25조①, D15): returned with reasons after the second 보완 request went unanswered
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: an officer noted that a 보완 is needed (규칙 제9조①: request within 8 working hours of receipt)
    supplement_needed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    supplement_needed_note: Mapped[str | None] = mapped_column(String(300))
    open311_client_id: Mapped[int | None] = mapped_column(ForeignKey("api_clients.id"))
    #: the random token of the web form it was sent with: a form sent twice (double click, retry after a dropped
    #: connection) is refused by this unique index and answered with the first filing's receipt
    filing_token: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: 재민원: the 민원인 asked again after an answer they were not satisfied with (or objected to a refusal); the
    #: 민원 they followed up (their own, opened in the same browser when they filed this one)
    follows_complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id", ondelete="SET NULL"),
                                                             index=True)
    #: 민원 분류 (categories/, two levels): set by the officer on the case page
    category_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_categories.id", ondelete="SET NULL"),
                                                    index=True)
    #: 원인 and whether it is 제도적 (a rule or process fault, not a one-off): recorded with the answer
    cause: Mapped[str | None] = mapped_column(String(300))
    is_systemic: Mapped[bool | None] = mapped_column()
    #: when the 민원인 asked (on the public form) to be told of a rule changed because of this 민원 (improvements/)
    improvement_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    type: Mapped[ComplaintType] = relationship()
    department: Mapped[Department] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    signers: Mapped[list[ComplaintSigner]] = relationship(back_populates="complaint", cascade="all, delete-orphan",
                                                           order_by="ComplaintSigner.position")
    attachments: Mapped[list[Attachment]] = relationship(back_populates="complaint", cascade="all, delete-orphan",
                                                         order_by="Attachment.id")
    events: Mapped[list[ComplaintEvent]] = relationship(back_populates="complaint", cascade="all, delete-orphan",
                                                        order_by="ComplaintEvent.id")
    satisfaction: Mapped[Satisfaction | None] = relationship(back_populates="complaint", uselist=False)
    follows: Mapped[Complaint | None] = relationship(remote_side=[id], foreign_keys=[follows_complaint_id],
                                                     back_populates="follow_ups")
    follow_ups: Mapped[list[Complaint]] = relationship(foreign_keys=[follows_complaint_id], back_populates="follows",
                                                       order_by="Complaint.id")

    @property
    def status_enum(self) -> ComplaintStatus:
        return ComplaintStatus(self.status)


class ComplaintCategory(db.Model):
    """민원 분류: two levels (a top category and its subcategories), kept by administrators (categories/)."""

    __tablename__ = "complaint_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_categories.id"), index=True)
    name_ko: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[ComplaintCategory | None] = relationship(remote_side=[id])

    def name(self, locale: str) -> str:
        return self.name_ko if locale == "ko" else self.name_en

    def path_name(self, locale: str) -> str:
        return f"{self.parent.name(locale)} › {self.name(locale)}" if self.parent else self.name(locale)


class ComplaintTag(db.Model):
    """A free tag on a 민원 (normalised: trimmed, lower-case, single spaces; categories/domain rules)."""

    __tablename__ = "complaint_tags"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class ComplaintSigner(db.Model):
    """A co-signer of a 다수인관련민원 (법 제2조제6호); the filer is the representative."""

    __tablename__ = "complaint_signers"
    __table_args__ = (UniqueConstraint("complaint_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(100))

    complaint: Mapped[Complaint] = relationship(back_populates="signers")


class Attachment(db.Model):
    """A file stored outside the web root under a random name; type decided by content."""

    __tablename__ = "complaint_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    #: citizen (with the filing or a supplement) or staff (with an answer)
    uploaded_by: Mapped[str] = mapped_column(String(10))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    complaint: Mapped[Complaint] = relationship(back_populates="attachments")


class ComplaintEvent(db.Model):
    """Append-only history: who did what, when, with before → after where it applies."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(40))
    #: citizen, staff, system or api
    actor_kind: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: whether the 민원인 sees this event on the tracking page
    is_public: Mapped[bool] = mapped_column(default=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")

    complaint: Mapped[Complaint] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class Satisfaction(db.Model):
    """만족도 (법 제26조): once per 민원."""

    __tablename__ = "complaint_satisfaction"
    __table_args__ = (CheckConstraint("rating IN ('satisfied', 'neutral', 'dissatisfied')", name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), unique=True)
    rating: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    complaint: Mapped[Complaint] = relationship(back_populates="satisfaction")


class ReceiptCounter(db.Model):
    """One row per agency and month; incremented with a row lock so numbers never repeat."""

    __tablename__ = "receipt_counters"

    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class ApiClient(db.Model):
    """A civic app or staff system allowed to call the APIs; only the key's hash is stored."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: open311 (file and read public requests) or staff (the /api/v1 staff API, acting as `user`)
    scope: Mapped[str] = mapped_column(String(10))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User | None] = relationship()


class ComplaintPause(db.Model):
    """An excluded period (영 제20조, D5): whole KST days, both ends included; open while `end_on` is null."""

    __tablename__ = "complaint_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    #: supplement (보완, 행정절차법 시행령 제11조제1호), inspection, system_failure
    reason: Mapped[str] = mapped_column(String(20))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    #: for a supplement: what was asked and by when (영 제24조)
    request_text: Mapped[str | None] = mapped_column(Text)
    respond_by: Mapped[date | None] = mapped_column(Date)
    #: how a 보완 pause ended: supplemented, returned (반려), withdrawn, deemed_withdrawn (null: before 0014)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

