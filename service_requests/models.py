"""Records of internal requests between departments: the service catalog (services and their form fields), the
requests with the terms they were made under, their pauses, history, files and ratings, the number counters.

A request copies its service's targets when it is made (`response_target`, `resolution_target`): changing the
catalog never changes the promise made to a request already sent. Times are aware UTC (core.db_types).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import Department, User

CATEGORIES = ("it", "facilities", "vehicles", "legal", "survey", "admin", "other")
PRIORITIES = ("urgent", "normal", "low")
FIELD_KINDS = ("text", "long_text", "number", "date", "choice", "file")
STATUSES_SQL = ("status IN ('pending_approval', 'rejected', 'received', 'in_progress', 'waiting', 'resolved', "
                "'closed', 'cancelled')")
#: the open statuses (domain/workflow.py OPEN), as the predicate of the providing queues' partial indexes
OPEN_SQL = "status IN ('in_progress', 'received', 'waiting')"
#: the OLA jobs' work lists (service_requests/monitoring): running clocks (not paused) not yet reminded/escalated
REMIND_PENDING_SQL = "status IN ('in_progress', 'received') AND reminded_at IS NULL"
ESCALATE_PENDING_SQL = "status IN ('in_progress', 'received') AND escalated_at IS NULL"


def _target(column: str) -> CheckConstraint:
    return CheckConstraint(f"length({column}) BETWEEN 2 AND 5", name=f"{column}_length")


class Service(db.Model):
    """A service a department provides to the others (내부 서비스), with its targets per priority."""

    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint(f"category IN {CATEGORIES!r}", name="category"),
        *(_target(f"{kind}_{priority}") for kind in ("response", "resolution") for priority in PRIORITIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    description_ko: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(16))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    default_handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the requesting department's head approves before the provider sees it; the clocks start on approval
    needs_approval: Mapped[bool] = mapped_column(default=False)
    #: a request may name a 민원 the requester handles (its 처리기한 is shown to the provider)
    may_link_complaint: Mapped[bool] = mapped_column(default=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    # targets per priority: "Nh" working hours or "Nd" working days (service_requests.domain.ola)
    response_urgent: Mapped[str] = mapped_column(String(5))
    response_normal: Mapped[str] = mapped_column(String(5))
    response_low: Mapped[str] = mapped_column(String(5))
    resolution_urgent: Mapped[str] = mapped_column(String(5))
    resolution_normal: Mapped[str] = mapped_column(String(5))
    resolution_low: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    department: Mapped[Department] = relationship()
    default_handler: Mapped[User | None] = relationship()
    fields: Mapped[list[ServiceField]] = relationship(back_populates="service", cascade="all, delete-orphan",
                                                      order_by="ServiceField.position")

    def name(self, locale: str) -> str:
        return self.name_ko if locale == "ko" else self.name_en

    def description(self, locale: str) -> str:
        return self.description_ko if locale == "ko" else (self.description_en or self.description_ko)

    def targets(self, priority: str) -> tuple[str, str]:
        """(first response, resolution) targets for `priority`."""
        return getattr(self, f"response_{priority}"), getattr(self, f"resolution_{priority}")


class ServiceField(db.Model):
    """One typed field of a service's request form."""

    __tablename__ = "service_fields"
    __table_args__ = (
        UniqueConstraint("service_id", "key"),
        CheckConstraint(f"kind IN {FIELD_KINDS!r}", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(String(40))
    label_ko: Mapped[str] = mapped_column(String(100))
    label_en: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))
    required: Mapped[bool] = mapped_column(default=False)
    #: a choice field's options, one per line ("value|한국어|English")
    choices: Mapped[str] = mapped_column(Text, default="")
    help_ko: Mapped[str] = mapped_column(String(200), default="")
    help_en: Mapped[str] = mapped_column(String(200), default="")

    service: Mapped[Service] = relationship(back_populates="fields")

    def label(self, locale: str) -> str:
        return self.label_ko if locale == "ko" else self.label_en


def _open_index(name: str, *columns: str) -> Index:
    return Index(name, *columns, postgresql_where=text(OPEN_SQL), sqlite_where=text(OPEN_SQL))


class ServiceRequest(db.Model):
    """One request from a department to a providing department, with the terms it was made under."""

    __tablename__ = "service_requests"
    __table_args__ = (
        CheckConstraint(STATUSES_SQL, name="status"),
        CheckConstraint(f"priority IN {PRIORITIES!r}", name="priority"),
        _open_index("ix_service_requests_queue_provider", "provider_department_id", "resolution_due_at", "id"),
        _open_index("ix_service_requests_queue_handler", "handler_id", "resolution_due_at", "id"),
        _open_index("ix_service_requests_open_due", "resolution_due_at", "id"),
        Index("ix_service_requests_remind_pending", "remind_at", "id", postgresql_where=text(REMIND_PENDING_SQL),
              sqlite_where=text(REMIND_PENDING_SQL)),
        Index("ix_service_requests_escalate_pending", "resolution_due_at", "id",
              postgresql_where=text(ESCALATE_PENDING_SQL), sqlite_where=text(ESCALATE_PENDING_SQL)),
        Index("ix_service_requests_requester_department", "requester_department_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: the form's answers as JSON ({field key: value}; a file field holds the attachment's id)
    answers: Mapped[str] = mapped_column(Text, default="{}")
    priority: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requester_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    provider_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the 민원 this request serves (complaints.id; the 민원 package shows it, this one only keeps the link)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id", ondelete="SET NULL"), index=True)
    #: the terms it was made under: targets copied from the service, and the holiday data they were counted on
    response_target: Mapped[str] = mapped_column(String(5))
    resolution_target: Mapped[str] = mapped_column(String(5))
    calendar_revision: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: when the clocks started (on sending, or on approval); None while waiting for approval
    clock_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: when the first-response clock started (the start, or the last forward to a department that had not answered)
    response_clock_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: when the resolution clock started (the start, or the last reopen)
    resolution_clock_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the resolution due, pushed back by every pause; while paused, the due as if the pause ended now
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reopen_count: Mapped[int] = mapped_column(default=0)
    forward_count: Mapped[int] = mapped_column(default=0)
    #: when 80 % of the resolution time will have run (set with the dues): the reminder job's index range
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: reminders sent by the OLA jobs (80 % to the handler; 100 % to the provider head and the requester)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    service: Mapped[Service] = relationship()
    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    handler: Mapped[User | None] = relationship(foreign_keys=[handler_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    requester_department: Mapped[Department] = relationship(foreign_keys=[requester_department_id])
    provider_department: Mapped[Department] = relationship(foreign_keys=[provider_department_id])
    pauses: Mapped[list[RequestPause]] = relationship(back_populates="request", cascade="all, delete-orphan",
                                                      order_by="RequestPause.started_at")
    events: Mapped[list[RequestEvent]] = relationship(back_populates="request", cascade="all, delete-orphan",
                                                      order_by="RequestEvent.id")
    files: Mapped[list[RequestFile]] = relationship(back_populates="request", cascade="all, delete-orphan",
                                                    order_by="RequestFile.id")
    rating: Mapped[RequestRating | None] = relationship(back_populates="request", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class RequestPause(db.Model):
    """A stretch during which the resolution clock did not run (요청자 확인 대기), kept across forwards."""

    __tablename__ = "service_request_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_requests.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    request: Mapped[ServiceRequest] = relationship(back_populates="pauses")


class RequestEvent(db.Model):
    """Append-only history: who did what, when, the status before → after, the text it carried, what changed."""

    __tablename__ = "service_request_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: a scheduled job
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    #: JSON {field: [before, after]} of what else changed (handler, department, due times)
    changes: Mapped[str] = mapped_column(Text, default="{}")

    request: Mapped[ServiceRequest] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class RequestFile(db.Model):
    """A file attached to a request (by the form or a comment), stored under the upload folder."""

    __tablename__ = "service_request_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_requests.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("service_request_events.id", ondelete="SET NULL"))
    field_key: Mapped[str | None] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(255), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    request: Mapped[ServiceRequest] = relationship(back_populates="files")


class RequestRating(db.Model):
    """내부고객 만족도 of one request: five levels and a comment, once, by the requesting side."""

    __tablename__ = "service_request_ratings"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_requests.id", ondelete="CASCADE"), unique=True)
    score: Mapped[int] = mapped_column()
    comment: Mapped[str] = mapped_column(String(1000), default="")
    rated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    request: Mapped[ServiceRequest] = relationship(back_populates="rating")


class RequestCounter(db.Model):
    """One row per month (`IR-2612`): bumped with an upsert so request numbers never repeat."""

    __tablename__ = "service_request_counters"

    prefix: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_value: Mapped[int] = mapped_column(default=0)


class SurveyPeriod(db.Model):
    """A periodic internal-customer survey (내부고객 만족도 조사) opened by an administrator."""

    __tablename__ = "internal_survey_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    opened_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class SurveyAnswer(db.Model):
    """One department's rating of one providing department it used, in one survey period (1–5 each)."""

    __tablename__ = "internal_survey_answers"
    __table_args__ = (
        UniqueConstraint("period_id", "rater_department_id", "provider_department_id"),
        *(CheckConstraint(f"{c} BETWEEN 1 AND 5", name=c) for c in ("speed", "accuracy", "kindness", "overall")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("internal_survey_periods.id", ondelete="CASCADE"),
                                           index=True)
    rater_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    provider_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    speed: Mapped[int] = mapped_column()  # 신속성
    accuracy: Mapped[int] = mapped_column()  # 정확성
    kindness: Mapped[int] = mapped_column()  # 친절성
    overall: Mapped[int] = mapped_column()  # 전반적 만족
    comment: Mapped[str] = mapped_column(String(1000), default="")
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
