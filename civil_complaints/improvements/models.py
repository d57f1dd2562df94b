"""Records of the 제도개선 register: the improvement, the 민원 that prompted it, its milestones and its history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.improvements import ImprovementStatus
from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import Department, User

STATUSES_SQL = "status IN ('proposed', 'reviewing', 'in_progress', 'done', 'on_hold')"


class Improvement(db.Model):
    """One 제도개선 과제: what 민원 asked, who owns it, where it stands, what was decided and what changed."""

    __tablename__ = "improvements"
    __table_args__ = (CheckConstraint(STATUSES_SQL, name="status"),
                      CheckConstraint("progress BETWEEN 0 AND 100", name="progress"))

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: what the 민원 asked (public once finished: written without personal data)
    problem: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ImprovementStatus.PROPOSED.value, index=True)
    progress: Mapped[int] = mapped_column(default=0)
    decision: Mapped[str] = mapped_column(Text, default="")
    #: what changed (public once finished)
    what_changed: Mapped[str] = mapped_column(Text, default="")
    #: the day the change took effect (public); finished_at: when the register marked it 완료
    changed_on: Mapped[date | None] = mapped_column(Date)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    department: Mapped[Department] = relationship()
    created_by: Mapped[User | None] = relationship()
    milestones: Mapped[list[ImprovementMilestone]] = relationship(
        back_populates="improvement", cascade="all, delete-orphan",
        order_by="(ImprovementMilestone.due_on, ImprovementMilestone.id)")
    links: Mapped[list[ImprovementComplaint]] = relationship(back_populates="improvement",
                                                             cascade="all, delete-orphan",
                                                             order_by="ImprovementComplaint.linked_at")
    events: Mapped[list[ImprovementEvent]] = relationship(cascade="all, delete-orphan",
                                                          order_by="ImprovementEvent.id")

    @property
    def status_enum(self) -> ImprovementStatus:
        return ImprovementStatus(self.status)


class ImprovementComplaint(db.Model):
    """A 민원 that prompted the improvement (shown on both pages)."""

    __tablename__ = "improvement_complaints"

    improvement_id: Mapped[int] = mapped_column(ForeignKey("improvements.id", ondelete="CASCADE"), primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True,
                                              index=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime())

    improvement: Mapped[Improvement] = relationship(back_populates="links")
    complaint: Mapped[Complaint] = relationship()


class ImprovementMilestone(db.Model):
    """A step with its due date; done with the day and the evidence (a text or a link)."""

    __tablename__ = "improvement_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    improvement_id: Mapped[int] = mapped_column(ForeignKey("improvements.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str | None] = mapped_column(String(500))

    improvement: Mapped[Improvement] = relationship(back_populates="milestones")


class ImprovementEvent(db.Model):
    """Append-only history of the improvement: who did what, when, before → after."""

    __tablename__ = "improvement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    improvement_id: Mapped[int] = mapped_column(ForeignKey("improvements.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    action: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    before: Mapped[str | None] = mapped_column(String(16))
    after: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))

    actor: Mapped[User | None] = relationship()
