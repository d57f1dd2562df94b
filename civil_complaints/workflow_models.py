"""Records of the officer workflow: 보완 requests, extensions, transfers, 협조, answers, templates, links.

Each row is written once by a service and never rewritten except where a later step completes it
(a transfer's follow-up, a 협조 request's extension and reply, a 보완 request coming back undeliverable).
The complaint's history (ComplaintEvent) records every step as well, with before → after.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_complaints.complaint_models import Complaint, ComplaintPause, ComplaintType
from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import Department, User


class SupplementRequest(db.Model):
    """One 보완 요구 (영 제24조). A round is one pause (D5); its second request follows 영 제24조③."""

    __tablename__ = "complaint_supplement_requests"
    __table_args__ = (UniqueConstraint("pause_id", "number"), CheckConstraint("number IN (1, 2)", name="number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    pause_id: Mapped[int] = mapped_column(ForeignKey("complaint_pauses.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    request_text: Mapped[str] = mapped_column(Text)
    days: Mapped[int] = mapped_column()
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: 민법 제157조·제160조·제161조 (영 제24조④): the last day to supplement
    respond_by: Mapped[date] = mapped_column(Date)
    #: the request came back undeliverable (주소불명 등, 영 제25조②)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    returned_note: Mapped[str | None] = mapped_column(String(300))
    #: 규칙 제9조①: a first request is due within 8 working hours of receipt; later ones are recorded as late,
    #: with the 정당한 사유 (현지조사 등) the officer gives
    limit_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    late_reason: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    pause: Mapped[ComplaintPause] = relationship()

    @property
    def late(self) -> bool:
        return self.limit_at is not None and self.sent_at > self.limit_at
    created_by: Mapped[User] = relationship()


class ComplaintExtension(db.Model):
    """처리기간 연장 (영 제21조, D6): its length, ground, consent, and the due before and after."""

    __tablename__ = "complaint_extensions"
    __table_args__ = (UniqueConstraint("complaint_id", "number"), CheckConstraint("number IN (1, 2)", name="number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    period_spec: Mapped[str] = mapped_column(String(10))
    #: ExtensionGround / RefusedExtensionGround value, or UNAVOIDABLE (구 영 제21조①)
    ground: Mapped[str] = mapped_column(String(40))
    #: the reason as the 민원인 reads it (별지 제5호서식: 연장 사유)
    reason_text: Mapped[str] = mapped_column(Text)
    consent_recorded: Mapped[bool] = mapped_column(default=False)
    #: how and when the 민원인 consented to the second extension
    consent_note: Mapped[str | None] = mapped_column(String(300))
    due_before: Mapped[datetime] = mapped_column(UTCDateTime())
    due_after: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User] = relationship()


class ComplaintTransfer(db.Model):
    """이송: to another department (영 제13조②, 3근무시간) or agency (영 제13조③, 8근무시간, notice)."""

    __tablename__ = "complaint_transfers"
    __table_args__ = (CheckConstraint("kind IN ('department', 'agency')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    from_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    to_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    to_agency: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    #: when the transfer had to be done (영 제13조: 1, 3 or 8 working hours after it reached the department)
    limit_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: the paragraph of 영 제13조 that timed it (domain/transfers.py TransferBasis; null: before migration 0014)
    basis: Mapped[str | None] = mapped_column(String(12))
    transferred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    on_time: Mapped[bool] = mapped_column()
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: the original officer's follow-up (agency transfers)
    follow_up_note: Mapped[str | None] = mapped_column(Text)
    followed_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    followed_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    from_department: Mapped[Department] = relationship(foreign_keys=[from_department_id])
    to_department: Mapped[Department | None] = relationship(foreign_keys=[to_department_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])


class CooperationRequest(db.Model):
    """협조 요청 (법 제20조): another department's help, with a reply period inside the 민원's period."""

    __tablename__ = "cooperation_requests"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'replied', 'cancelled')", name="status"),
        Index("ix_cooperation_requests_to_department_status", "to_department_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    from_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    to_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    request_text: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reply_due: Mapped[date] = mapped_column(Date)
    #: 법 제20조②③: one extension, notified before the reply period ends
    extended_due: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str | None] = mapped_column(Text)
    #: 법 제20조③: the 처리진행상황 notified with the extension
    extension_progress: Mapped[str | None] = mapped_column(Text)
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    extended_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reply_text: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship()
    from_department: Mapped[Department] = relationship(foreign_keys=[from_department_id])
    to_department: Mapped[Department] = relationship(foreign_keys=[to_department_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    replied_by: Mapped[User | None] = relationship(foreign_keys=[replied_by_id])

    @property
    def current_due(self) -> date:
        return self.extended_due or self.reply_due


class AnswerTemplate(db.Model):
    """A canned answer for one type of 민원, kept by the department head."""

    __tablename__ = "answer_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("complaint_types.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    type: Mapped[ComplaintType] = relationship()


class ComplaintAnswer(db.Model):
    """처리결과 통지 (법 제27조): the answer, a refusal's reasons and remedies (③), and who answered (영 제31조).

    The officer's 소속·성명·연락처 are copied as they were when the notice went out.
    """

    __tablename__ = "complaint_answers"
    __table_args__ = (CheckConstraint("outcome IN ('accepted', 'refused')", name="outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), unique=True)
    outcome: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    refusal_reasons: Mapped[str | None] = mapped_column(Text)
    remedies: Mapped[str | None] = mapped_column(Text)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("answer_templates.id", ondelete="SET NULL"))
    officer_department: Mapped[str] = mapped_column(String(200))
    #: the same 소속 in English, for English pages (None for answers recorded before it was kept)
    officer_department_en: Mapped[str | None] = mapped_column(String(200))
    officer_name: Mapped[str] = mapped_column(String(100))
    officer_phone: Mapped[str] = mapped_column(String(40))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    def department_in(self, locale: str) -> str:
        return self.officer_department if locale == "ko" else (self.officer_department_en or self.officer_department)


class ComplaintLink(db.Model):
    """A 민원 closed as a repeat of an earlier one (법 제23조) or merged into another (영 제6조⑦).

    A merge is undone (D16) when the primary ends without an answer: `ended_at` and `ended_reason` (the primary's
    outcome: withdrawn, returned, transferred, closed) are set and the 민원 continues on its own.
    """

    __tablename__ = "complaint_links"
    __table_args__ = (
        UniqueConstraint("complaint_id", "linked_id", "kind"),
        CheckConstraint("kind IN ('repeat_of', 'merged_into')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    linked_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_reason: Mapped[str | None] = mapped_column(String(20))

    complaint: Mapped[Complaint] = relationship(foreign_keys=[complaint_id])
    linked: Mapped[Complaint] = relationship(foreign_keys=[linked_id])


class ComplaintReturn(db.Model):
    """반려 (영 제25조①, D15): the reasons, for a 법정민원 the remedies, and the officer (영 제31조) as notified."""

    __tablename__ = "complaint_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), unique=True)
    reasons: Mapped[str] = mapped_column(Text)
    remedies: Mapped[str | None] = mapped_column(Text)
    officer_department: Mapped[str] = mapped_column(String(200))
    officer_department_en: Mapped[str | None] = mapped_column(String(200))
    officer_name: Mapped[str] = mapped_column(String(100))
    officer_phone: Mapped[str] = mapped_column(String(40))
    returned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    returned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    def department_in(self, locale: str) -> str:
        return self.officer_department if locale == "ko" else (self.officer_department_en or self.officer_department)


class AuditReferral(db.Model):
    """감사부서 조사 의뢰 of a re-filed 고충민원 (영 제17조②, D17): what to investigate, by when, and the findings."""

    __tablename__ = "complaint_audit_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), unique=True)
    to_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    #: receipt numbers of the earlier filings of the same content by the same 민원인
    earlier: Mapped[str] = mapped_column(String(300))
    request_text: Mapped[str] = mapped_column(Text)
    referred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: the investigation's reply date, inside the 민원's 처리기한 (영 제17조①)
    due_date: Mapped[date] = mapped_column(Date)
    referred_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    findings: Mapped[str | None] = mapped_column(Text)
    findings_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    findings_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    to_department: Mapped[Department] = relationship()
    referred_by: Mapped[User] = relationship(foreign_keys=[referred_by_id])


class ComplaintDueNotice(db.Model):
    """The 처리기한 a 민원인 was last told, once a holiday change has moved their deadline.

    No row: no holiday change has moved the deadline since the 민원인 was last told it (at receipt, by an
    extension notice, after their supplement). A recomputation that moves the deadline creates the row with the
    deadline before the move, or keeps the row's, and sets `notify_after`; the notice job then tells the 민원인 if
    the deadline still differs from `told_due_at`.
    """

    __tablename__ = "complaint_due_notices"

    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), primary_key=True)
    told_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: due-change notices sent so far (each notice's key carries its number)
    notices: Mapped[int] = mapped_column(default=0)
    #: a holiday change moved the deadline: compare and tell from then on (null: nothing pending)
    notify_after: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
