"""Persistent records of the 고객헌장: versions, their service standards, 보상 rules and contact channels.

A version's content changes only while it is a draft, and its published PDF never changes: the
services check this, and `_refuse_changes_to_fixed_versions` below refuses any flush that would
break it, whoever tries.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from charters.domain.lifecycle import CharterStatus
from civil_complaints.complaint_models import ComplaintType
from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User

STATUSES_SQL = "status IN ('draft', 'approved', 'published', 'superseded')"
#: Columns fixed once a version is approved.
CONTENT_COLUMNS = frozenset({
    "title", "preamble_source", "preamble_html", "mission_source", "mission_html", "services_source",
    "services_html", "remedy_source", "remedy_html", "improvement_source", "improvement_html", "based_on_id",
    "created_at", "created_by_id", "approved_at", "approved_by_id"})
#: Columns fixed once a version is published.
PUBLICATION_COLUMNS = frozenset({
    "version_no", "snapshot_json", "pdf_bytes", "pdf_sha256", "pdf_size", "published_at", "published_by_id"})


class CharterLocked(Exception):
    """Something tried to change an approved or published charter version."""


class Charter(db.Model):
    """One version of the agency's 고객헌장 (공운법 제13조)."""

    __tablename__ = "charters"
    __table_args__ = (
        CheckConstraint(STATUSES_SQL, name="status"),
        CheckConstraint("slot IN ('working', 'current')", name="slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 제N판: numbered when published (drafts that are discarded leave no gap)
    version_no: Mapped[int | None] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(12), default=CharterStatus.DRAFT.value)
    #: "working" for the one draft/approved version, "current" for the published one, NULL otherwise;
    #: unique, so two drafts or two current versions cannot exist even under concurrent requests
    slot: Mapped[str | None] = mapped_column(String(8), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: each section as written (safe Markdown subset) and as sanitized HTML
    preamble_source: Mapped[str] = mapped_column(Text, default="")
    preamble_html: Mapped[str] = mapped_column(Text, default="")
    mission_source: Mapped[str] = mapped_column(Text, default="")
    mission_html: Mapped[str] = mapped_column(Text, default="")
    services_source: Mapped[str] = mapped_column(Text, default="")
    services_html: Mapped[str] = mapped_column(Text, default="")
    remedy_source: Mapped[str] = mapped_column(Text, default="")
    remedy_html: Mapped[str] = mapped_column(Text, default="")
    improvement_source: Mapped[str] = mapped_column(Text, default="")
    improvement_html: Mapped[str] = mapped_column(Text, default="")
    #: the version this draft was copied from
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("charters.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: the published snapshot (charters.domain.snapshot) and the exact PDF bytes served
    snapshot_json: Mapped[str | None] = mapped_column(Text)
    pdf_bytes: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf_size: Mapped[int | None] = mapped_column(Integer)
    #: optimistic lock: a draft saved from a stale form is refused
    row_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": row_version}

    standards: Mapped[list[CharterStandard]] = relationship(
        back_populates="charter", cascade="all, delete-orphan", order_by="CharterStandard.position")
    compensations: Mapped[list[CharterCompensation]] = relationship(
        back_populates="charter", cascade="all, delete-orphan", order_by="CharterCompensation.position")
    channels: Mapped[list[CharterChannel]] = relationship(
        back_populates="charter", cascade="all, delete-orphan", order_by="CharterChannel.position")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])

    @property
    def status_enum(self) -> CharterStatus:
        return CharterStatus(self.status)

    def source(self, section: str) -> str:
        return getattr(self, f"{section}_source")

    def html(self, section: str) -> str:
        return getattr(self, f"{section}_html")


class CharterStandard(db.Model):
    """서비스 이행표준: a promise, measurable (linked to 민원 data) or descriptive."""

    __tablename__ = "charter_standards"
    __table_args__ = (
        CheckConstraint("service_group IN ('core', 'response')", name="service_group"),
        CheckConstraint("measure IN ('descriptive', 'deadline', 'satisfaction')", name="measure"),
        CheckConstraint("target_percent IS NULL OR (target_percent BETWEEN 1 AND 100)", name="target_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    #: core (핵심서비스 이행표준) or response (고객응대 이행표준)
    service_group: Mapped[str] = mapped_column(String(10))
    service: Mapped[str] = mapped_column(String(200))
    promise: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(12))
    complaint_type_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_types.id"))
    #: a promised period stricter than the type's 처리기간 ("5d", "즉시"); NULL: the type's own period
    promise_spec: Mapped[str | None] = mapped_column(String(10))
    target_percent: Mapped[int | None] = mapped_column()

    charter: Mapped[Charter] = relationship(back_populates="standards")
    complaint_type: Mapped[ComplaintType | None] = relationship()


class CharterCompensation(db.Model):
    """보상 기준: when the agency compensates and with what (e.g. 5,000원 문화상품권)."""

    __tablename__ = "charter_compensations"
    __table_args__ = (CheckConstraint("amount_won IS NULL OR amount_won >= 0", name="amount_won"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    condition: Mapped[str] = mapped_column(String(300))
    amount_won: Mapped[int | None] = mapped_column()
    form: Mapped[str] = mapped_column(String(100))
    basis: Mapped[str | None] = mapped_column(String(200))

    charter: Mapped[Charter] = relationship(back_populates="compensations")


class CharterChannel(db.Model):
    """A way to reach the agency about the charter: counter, phone, web, e-mail, post, fax."""

    __tablename__ = "charter_channels"
    __table_args__ = (
        CheckConstraint("kind IN ('visit', 'phone', 'web', 'email', 'mail', 'fax', 'other')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charters.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(String(200))
    hours: Mapped[str | None] = mapped_column(String(100))

    charter: Mapped[Charter] = relationship(back_populates="channels")


def _committed_status(charter: Charter) -> CharterStatus:
    history = inspect(charter).attrs.status.history
    if history.deleted:
        return CharterStatus(history.deleted[0])
    return CharterStatus(history.unchanged[0] if history.unchanged else charter.status)


def _changed_columns(obj) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _check_charter(charter: Charter, deleting: bool) -> None:
    if inspect(charter).pending:  # a new version is a draft
        return
    committed = _committed_status(charter)
    if deleting and committed is not CharterStatus.DRAFT:
        raise CharterLocked(f"charter {charter.id} is {committed.value}: it cannot be deleted")
    changed = _changed_columns(charter)
    if committed is not CharterStatus.DRAFT and changed & CONTENT_COLUMNS:
        raise CharterLocked(f"charter {charter.id} is {committed.value}: {sorted(changed & CONTENT_COLUMNS)}")
    if committed in (CharterStatus.PUBLISHED, CharterStatus.SUPERSEDED) and changed & PUBLICATION_COLUMNS:
        raise CharterLocked(f"charter {charter.id} is {committed.value}: {sorted(changed & PUBLICATION_COLUMNS)}")


def _check_child(child, session: Session) -> None:
    charter = child.charter
    if charter is None:
        charter = session.get(Charter, child.charter_id) if child.charter_id else None
    if charter is None or inspect(charter).pending:
        return
    if _committed_status(charter) is not CharterStatus.DRAFT:
        raise CharterLocked(f"charter {charter.id} is {charter.status}: its rows cannot change")


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_fixed_versions(session: Session, flush_context, instances) -> None:
    """Last line of defence behind the services: approved content and published documents never change."""
    for obj in session.deleted:
        if isinstance(obj, Charter):
            _check_charter(obj, deleting=True)
        elif isinstance(obj, CharterStandard | CharterCompensation | CharterChannel):
            _check_child(obj, session)
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Charter):
            _check_charter(obj, deleting=False)
        elif isinstance(obj, CharterStandard | CharterCompensation | CharterChannel):
            if obj in session.new or _changed_columns(obj):
                _check_child(obj, session)
