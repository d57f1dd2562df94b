"""내부 메모: what an officer writes down about a 민원 for colleagues (a call made, a site visit planned).

Staff only, by construction: notes live in their own table, not in the 민원's events, so nothing that reads the
history for the 민원인 or for other systems (status page, public timeline, 접수증, letters, the staff API and
Open311, which list events) can meet one. The staff case page merges them into its timeline, marked internal
(casework/timeline.py:with_notes). A note is never edited or deleted (like the history); it goes with the 민원
when its records are destroyed (ON DELETE CASCADE, D18). Writing one does not change the 민원 (no version bump:
a colleague's note never makes an officer's open form stale).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_complaints.access import can_handle
from civil_complaints.complaint_models import Complaint
from core.db_types import UTCDateTime
from core.extensions import db
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User

MAX_NOTE_LENGTH = 2000


class ComplaintNote(db.Model):
    """One internal note on a 민원 (never shown to the 민원인)."""

    __tablename__ = "complaint_notes"
    __table_args__ = (Index("ix_complaint_notes_complaint", "complaint_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    text: Mapped[str] = mapped_column(String(MAX_NOTE_LENGTH))

    complaint: Mapped[Complaint] = relationship()
    author: Mapped[User | None] = relationship()


class EmptyNote(ValueError):
    """A note with nothing in it, or longer than MAX_NOTE_LENGTH."""


def can_write_note(user: User | None, complaint: Complaint) -> bool:
    """Those who handle the 민원 in its department; auditors and cooperating departments read only."""
    return can_handle(user, complaint)


def add_note(actor: User, complaint: Complaint, *, text: str, now: datetime) -> ComplaintNote:
    if not can_write_note(actor, complaint):
        raise PermissionDenied(Permission.COMPLAINTS_HANDLE.value)
    text = (text or "").strip()
    if not text or len(text) > MAX_NOTE_LENGTH:
        raise EmptyNote(text)
    note = ComplaintNote(complaint_id=complaint.id, author_id=actor.id, created_at=now, text=text)
    db.session.add(note)
    db.session.flush()
    return note


def notes_of(complaint: Complaint) -> list[ComplaintNote]:
    """Oldest first, as the timeline reads."""
    return list(db.session.scalars(select(ComplaintNote).where(ComplaintNote.complaint_id == complaint.id)
                                   .order_by(ComplaintNote.created_at, ComplaintNote.id)))
