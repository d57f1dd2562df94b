"""Destruction of 민원 records at the end of their 보존기간 (D18; 공공기록물 관리에 관한 법률 시행령 제26조,
개인정보 보호법 제21조).

* Every night the retention job puts each finished 민원 whose 보존기간 has ended on the open destruction list
  (one list at a time, at most BATCH records per night). The 보존기간 is its type's (the 기록관리표's
  단위과제, set in the type admin), counted from 1 January of the year after the record was completed; the record
  is complete at its last recorded step, so a later step (a letter posted, a rating) keeps it longer, never
  shorter. 준영구 and 영구 records are never listed.
* Nothing is erased before a records officer (role `records_officer`) approves the list. They may first take
  records off it with a reason (kept one more year: listed again from the next January).
* Approving destroys the whole record of each listed 민원 — the 민원인's data, the free text, the history, the
  answer, the attachments (files included) and every dependent row — after checking once more that its period
  has ended. The list and its items are the destruction log: what (receipt number, type, department, dates),
  on what basis, approved by whom, when. They keep no personal data and outlive the records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_complaints.attachments import attachment_path
from civil_complaints.complaint_models import Attachment, Complaint, ComplaintEvent, ComplaintType
from civil_complaints.domain.retention import RetentionPeriod, completed_before_for, record_retention
from civil_complaints.domain.status import FINISHED_STATUSES
from core.clock import KST
from core.db_types import UTCDateTime
from core.extensions import db
from notifications.models import OutboxMessage
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User

BATCH = 500
BASIS = "공공기록물 관리에 관한 법률 시행령 제26조①⑤"


class DestructionList(db.Model):
    """A list of records proposed for destruction; destroyed only once approved (D18)."""

    __tablename__ = "record_destruction_lists"
    __table_args__ = (CheckConstraint("status IN ('proposed', 'approved')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(10), default="proposed")
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the approver as they were named when they approved (the log outlives renamed accounts)
    approver_name: Mapped[str | None] = mapped_column(String(100))
    approver_login: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list[DestructionItem]] = relationship(back_populates="destruction_list",
                                                        order_by="DestructionItem.id")


class DestructionItem(db.Model):
    """One record on a list, with the basis of its destruction; what became of it once the list was decided."""

    __tablename__ = "record_destruction_items"
    __table_args__ = (CheckConstraint("decision IN ('listed', 'excluded', 'destroyed', 'skipped')", name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("record_destruction_lists.id", ondelete="CASCADE"), index=True)
    #: null once the record is destroyed
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id", ondelete="SET NULL"), index=True)
    receipt_no: Mapped[str] = mapped_column(String(20), index=True)
    type_code: Mapped[str] = mapped_column(String(40))
    type_name: Mapped[str] = mapped_column(String(100))
    department_name: Mapped[str] = mapped_column(String(100))
    received_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date] = mapped_column(Date)
    retention_period: Mapped[str] = mapped_column(String(16))
    retention_ends_on: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(300))
    decision: Mapped[str] = mapped_column(String(10), default="listed")
    #: why a records officer took it off the list, or why it was not destroyed after all
    decision_note: Mapped[str | None] = mapped_column(String(300))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    files_deleted: Mapped[int] = mapped_column(default=0)

    destruction_list: Mapped[DestructionList] = relationship(back_populates="items")


class DestructionError(Exception):
    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def _last_activity():
    return (select(func.max(ComplaintEvent.at)).where(ComplaintEvent.complaint_id == Complaint.id)
            .correlate(Complaint).scalar_subquery())


def _kst_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), KST)


def _already_handled(today: date):
    """Listed and not yet decided, or excluded this year (listed again from next January)."""
    listed = select(DestructionItem.complaint_id).where(DestructionItem.decision == "listed",
                                                        DestructionItem.complaint_id.is_not(None))
    excluded = select(DestructionItem.complaint_id).where(
        DestructionItem.decision == "excluded", DestructionItem.complaint_id.is_not(None),
        DestructionItem.decided_at >= _kst_midnight(date(today.year, 1, 1)))
    return Complaint.id.in_(listed.union(excluded))


def eligible(today: date, *, limit: int = BATCH) -> list[tuple[Complaint, datetime]]:
    """Finished 민원 whose 보존기간 ended before `today` (KST), not yet listed: (complaint, completed at)."""
    found: list[tuple[Complaint, datetime]] = []
    last = func.coalesce(_last_activity(), Complaint.created_at)
    for period in RetentionPeriod:
        before = completed_before_for(period, today)
        if before is None or len(found) >= limit:
            continue
        rows = db.session.execute(
            select(Complaint, last).join(ComplaintType, ComplaintType.id == Complaint.type_id)
            .where(ComplaintType.retention_period == period.value,
                   Complaint.status.in_([s.value for s in FINISHED_STATUSES]),
                   last < _kst_midnight(before), ~_already_handled(today))
            .order_by(Complaint.id).limit(limit - len(found))).all()
        found.extend((complaint, completed) for complaint, completed in rows)
    return found


def _item(complaint: Complaint, completed: datetime) -> DestructionItem:
    ctype = complaint.type
    retention = record_retention(RetentionPeriod(ctype.retention_period), completed.astimezone(KST).date())
    return DestructionItem(
        complaint_id=complaint.id, receipt_no=complaint.receipt_no, type_code=ctype.code, type_name=ctype.name_ko,
        department_name=complaint.department.name_ko, received_on=complaint.received_at.astimezone(KST).date(),
        completed_on=retention.completed_on, retention_period=retention.period.value,
        retention_ends_on=retention.ends_on, decision="listed",
        basis=f"{BASIS}; 기록관리표 {ctype.code} {retention.period.value}; "
              f"기산일 {retention.starts_on.isoformat()}; 종료 {retention.ends_on.isoformat()}")


def open_list() -> DestructionList | None:
    return db.session.scalar(select(DestructionList).where(DestructionList.status == "proposed")
                             .order_by(DestructionList.id).limit(1))


def propose(*, now: datetime) -> int:
    """Job step: put the records whose 보존기간 ended on the open list (created when needed). Returns how many."""
    rows = eligible(now.astimezone(KST).date())
    if not rows:
        return 0
    target = open_list()
    if target is None:
        target = DestructionList(created_at=now, status="proposed")
        db.session.add(target)
    for complaint, completed in rows:
        target.items.append(_item(complaint, completed))
    db.session.flush()
    return len(rows)


def _require(actor: User) -> None:
    if not (actor.is_active and actor.can(Permission.RECORDS_DESTROY)):
        raise PermissionDenied(Permission.RECORDS_DESTROY.value)


def exclude(actor: User, item: DestructionItem, *, reason: str, now: datetime) -> None:
    """Take a record off an open list (e.g. a pending lawsuit or 감사); it is listed again next January."""
    _require(actor)
    if item.destruction_list.status != "proposed" or item.decision != "listed":
        raise DestructionError("not_open")
    if not reason.strip():
        raise DestructionError("reason_required")
    item.decision, item.decision_note, item.decided_at = "excluded", reason.strip()[:300], now


@dataclass
class Outcome:
    destroyed: int = 0
    skipped: int = 0
    files: list[Path] | None = None


def _still_destroyable(item: DestructionItem, today: date) -> tuple[Complaint | None, str | None]:
    complaint = db.session.get(Complaint, item.complaint_id) if item.complaint_id else None
    if complaint is None:
        return None, "record no longer exists"
    if complaint.status_enum not in FINISHED_STATUSES:
        return None, "record is open again"
    completed = db.session.scalar(select(func.coalesce(func.max(ComplaintEvent.at), complaint.created_at))
                                  .where(ComplaintEvent.complaint_id == complaint.id))
    retention = record_retention(RetentionPeriod(complaint.type.retention_period), completed.astimezone(KST).date())
    if not retention.destroyable_on(today):
        return None, "retention period not over (changed since it was listed)"
    return complaint, None


def approve(actor: User, target: DestructionList, *, expected_items: int, note: str, now: datetime,
            upload_dir: Path) -> Outcome:
    """Approve the list and destroy its records. `expected_items` is how many listed records the approver saw:
    a list that grew meanwhile is refused (they approve what they read). The files to delete are returned:
    the caller deletes them after the commit."""
    _require(actor)
    if target.status != "proposed":
        raise DestructionError("not_open")
    listed = [item for item in target.items if item.decision == "listed"]
    if len(listed) != expected_items:
        raise DestructionError("list_changed")
    today, outcome = now.astimezone(KST).date(), Outcome(files=[])
    for item in listed:
        complaint, why_not = _still_destroyable(item, today)
        item.decided_at = now
        if complaint is None:
            item.decision, item.decision_note = "skipped", why_not
            outcome.skipped += 1
            continue
        files = _destroy(complaint, upload_dir)
        outcome.files.extend(files)
        item.decision, item.files_deleted, item.complaint_id = "destroyed", len(files), None
        outcome.destroyed += 1
    target.status, target.approved_at, target.approved_by_id = "approved", now, actor.id
    target.approver_name, target.approver_login, target.note = actor.display_name, actor.login_id, note.strip() or None
    db.session.flush()
    return outcome


def _destroy(complaint: Complaint, upload_dir: Path) -> list[Path]:
    """Delete the 민원 row; the database deletes every dependent row (ON DELETE CASCADE) and detaches the access
    log and the arrival log (SET NULL). Its outbox messages (addresses, text) go too. Returns its files."""
    files = [attachment_path(upload_dir, a) for a in db.session.scalars(
        select(Attachment).where(Attachment.complaint_id == complaint.id))]
    number = complaint.receipt_no
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.idempotency_key.like(f"%:{number}"))
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.idempotency_key.like(f"%:{number}:%"))
                       .execution_options(synchronize_session=False))
    db.session.execute(delete(Complaint).where(Complaint.id == complaint.id)
                       .execution_options(synchronize_session=False))
    return files


def lists(limit: int = 50) -> list[DestructionList]:
    return list(db.session.scalars(select(DestructionList).order_by(DestructionList.id.desc()).limit(limit)))
