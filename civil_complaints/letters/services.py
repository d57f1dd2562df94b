"""Notices by post (D14): a 민원인 with neither e-mail nor mobile number (or who chose post) receives each notice
the law requires as a letter. The letter is queued with the action, in its transaction, like an outbox message;
staff print it (an A4 PDF, letters_pdf.py) and mark it sent; the date it went out is in the 민원's history.

Who dispatches: the officers and heads of the 민원's department, and the units named in
LETTER_DISPATCH_DEPARTMENTS (the 민원실 or the mail room, which post for the whole agency). Printing a letter
shows the 민원인's name and address, so it is written to the personal-data access log as a print.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask import current_app
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_complaints.complaint_models import Complaint
from civil_complaints.history import add_event
from core.clock import KST
from core.db_types import UTCDateTime
from core.extensions import db
from notifications.services import TEMPLATES
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import Department, User


class NoticeLetter(db.Model):
    """One notice to go (or gone) by post, with the address it was issued to."""

    __tablename__ = "notice_letters"
    __table_args__ = (CheckConstraint("status IN ('pending', 'sent')", name="status"),
                      Index("ix_notice_letters_status_created_at", "status", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    #: the key the same notice would have in the outbox: a notice is issued once, by one channel
    idempotency_key: Mapped[str] = mapped_column(String(120), unique=True)
    template: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(8))
    #: JSON: the plain data of the notice (rendered when printed)
    payload: Mapped[str] = mapped_column(Text)
    recipient_name: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    postal_address: Mapped[str] = mapped_column(String(300))
    #: the issue date printed on the letter
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(8), default="pending")
    #: the day it was posted (발송일), as staff recorded it
    sent_on: Mapped[date | None] = mapped_column(Date)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship()
    sent_by: Mapped[User | None] = relationship()

    @property
    def payload_data(self) -> dict:
        return json.loads(self.payload)


class LetterError(Exception):
    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def letter_template(template: str, language: str) -> str:
    """The template file a letter is rendered from: the `.letter.txt` variant when there is one (it speaks of
    post and visits instead of the lookup page), else the notice's own."""
    variant = f"{template}.{language}.letter.txt"
    return variant if (TEMPLATES / variant).exists() else f"{template}.{language}.txt"


def queue_letter(complaint: Complaint, *, key: str, template: str, language: str, payload: dict,
                 now: datetime) -> NoticeLetter | None:
    """Queue the notice as a letter (once per key); the history records it for staff."""
    if db.session.scalar(select(NoticeLetter.id).where(NoticeLetter.idempotency_key == key)) is not None:
        return None
    (TEMPLATES / letter_template(template, language)).stat()  # fail now on a missing template
    letter = NoticeLetter(complaint_id=complaint.id, idempotency_key=key, template=template, language=language,
                          payload=json.dumps(payload, ensure_ascii=False, default=str),
                          recipient_name=complaint.complainant_name, postal_code=complaint.postal_code,
                          postal_address=complaint.postal_address or "", created_at=now, status="pending")
    db.session.add(letter)
    db.session.flush()
    add_event(complaint, "letter_queued", at=now, actor_kind="system", public=False, template=template,
              letter_id=letter.id)
    return letter


def dispatch_department_codes() -> frozenset[str]:
    text = current_app.config.get("LETTER_DISPATCH_DEPARTMENTS") or ""
    return frozenset(code.strip() for code in text.split(",") if code.strip())


def is_dispatch_unit(user: User) -> bool:
    """The user works in a unit that posts letters for the whole agency (the 민원실)."""
    return user.department is not None and user.department.code in dispatch_department_codes()


def can_dispatch(user: User | None, complaint: Complaint) -> bool:
    """Officers and heads of the 민원's department, and of the 민원실 (LETTER_DISPATCH_DEPARTMENTS)."""
    if user is None or not user.is_active or not user.can(Permission.COMPLAINTS_HANDLE):
        return False
    return user.department_id == complaint.department_id or is_dispatch_unit(user)


def may_use_queue(user: User | None) -> bool:
    return user is not None and user.is_active and user.can(Permission.COMPLAINTS_HANDLE) \
        and user.department_id is not None


def queue_query(user: User, *, status: str, department_id: int | None = None):
    """The letters `user` may dispatch, oldest first (pending) or latest first (sent)."""
    query = select(NoticeLetter).join(Complaint, Complaint.id == NoticeLetter.complaint_id) \
        .where(NoticeLetter.status == status)
    if not is_dispatch_unit(user):
        query = query.where(Complaint.department_id == user.department_id)
    elif department_id:
        query = query.where(Complaint.department_id == department_id)
    order = (NoticeLetter.created_at, NoticeLetter.id) if status == "pending" else (
        NoticeLetter.sent_on.desc(), NoticeLetter.id.desc())
    return query.order_by(*order)


def letters_of(complaint: Complaint) -> list[NoticeLetter]:
    return list(db.session.scalars(select(NoticeLetter).where(NoticeLetter.complaint_id == complaint.id)
                                   .order_by(NoticeLetter.id)))


def require_dispatch(user: User, letter: NoticeLetter) -> None:
    if not can_dispatch(user, letter.complaint):
        raise PermissionDenied(Permission.COMPLAINTS_HANDLE.value)


def mark_sent(actor: User, letter: NoticeLetter, *, sent_on: date, now: datetime) -> None:
    """Record that the letter was posted on `sent_on` (not in the future, not before it was issued); the
    민원인 sees the date in the history."""
    require_dispatch(actor, letter)
    if letter.status == "sent":
        raise LetterError("already_sent", day=letter.sent_on)
    issued = letter.created_at.astimezone(KST).date()
    if sent_on > now.astimezone(KST).date():
        raise LetterError("sent_in_future")
    if sent_on < issued:
        raise LetterError("sent_before_issue", day=issued)
    letter.status, letter.sent_on, letter.sent_at, letter.sent_by_id = "sent", sent_on, now, actor.id
    add_event(letter.complaint, "letter_sent", at=now, actor_kind="staff", actor_id=actor.id, public=True,
              template=letter.template, sent_on=sent_on.isoformat(), letter_id=letter.id)


def departments_with_pending(user: User) -> list[Department]:
    """For the 민원실: the departments whose letters wait, to filter the queue."""
    if not is_dispatch_unit(user):
        return []
    ids = db.session.scalars(select(Complaint.department_id).join(NoticeLetter, NoticeLetter.complaint_id ==
                                                                   Complaint.id)
                             .where(NoticeLetter.status == "pending").distinct())
    return list(db.session.scalars(select(Department).where(Department.id.in_(list(ids))).order_by(Department.code)))
