"""민원실 arrival log (D1, 영 제6조⑧): a 민원 that reached the agency but is not registered yet.

A letter, fax, visit or e-mail is logged when it arrives; the officer later registers it through the usual
registration form (prefilled), which links the two. The registration-delay job alerts when an arrival is
still unregistered 8 working hours after it arrived.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from civil_complaints.complaint_models import Complaint
from core.clock import KST
from core.db_types import UTCDateTime
from core.extensions import db
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import Department, User

ARRIVAL_CHANNELS = ("visit", "phone", "letter", "fax", "email")


class ComplaintArrival(db.Model):
    """One arrival at the 민원실, until it is registered as a 민원 (then `complaint_id` is set)."""

    __tablename__ = "complaint_arrivals"
    __table_args__ = (CheckConstraint("channel IN ('visit', 'phone', 'letter', 'fax', 'email')", name="channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))
    #: when it reached the agency (도달, D1): the 8 working hours of 영 제6조⑧ run from here
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: what arrived, without personal data (e.g. "우편 1건: 도로 보수 요청")
    summary: Mapped[str] = mapped_column(String(300))
    #: the unit that logged it and must register it
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    logged_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id", ondelete="SET NULL"), index=True)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: when the registration-delay alert went out (once)
    late_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    department: Mapped[Department] = relationship()
    logged_by: Mapped[User] = relationship()
    complaint: Mapped[Complaint | None] = relationship()


def _require_register(actor: User) -> None:
    if not actor.can(Permission.COMPLAINTS_REGISTER) or actor.department_id is None:
        raise PermissionDenied(Permission.COMPLAINTS_REGISTER.value)


def log_arrival(actor: User, *, channel: str, arrived_at: datetime, summary: str, now: datetime) -> ComplaintArrival:
    """Record that a 민원 arrived (its 8-working-hour registration clock starts at `arrived_at`)."""
    _require_register(actor)
    if channel not in ARRIVAL_CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    arrival = ComplaintArrival(channel=channel, arrived_at=arrived_at, summary=summary.strip()[:300],
                               department_id=actor.department_id, logged_by_id=actor.id, created_at=now)
    db.session.add(arrival)
    db.session.flush()
    return arrival


def arrival_for_registration(actor: User, arrival_id: int | None) -> ComplaintArrival | None:
    """The unregistered arrival `actor` may register (own unit), or None."""
    if not arrival_id:
        return None
    arrival = db.session.get(ComplaintArrival, arrival_id)
    if arrival is None or arrival.complaint_id is not None or arrival.department_id != actor.department_id:
        return None
    return arrival


def prefill_from_arrival(form, arrival: ComplaintArrival) -> None:
    """Start the registration form with what the log knows: the channel and the arrival time (D1)."""
    local = arrival.arrived_at.astimezone(KST)
    form.channel.data = arrival.channel
    form.arrived_on.data, form.arrived_time.data = local.date(), local.time().replace(second=0, microsecond=0)


def link_arrival(arrival: ComplaintArrival, complaint: Complaint, *, now: datetime) -> None:
    """The arrival was registered as `complaint` (its arrived_at is the complaint's arrived_at)."""
    arrival.complaint_id = complaint.id
    arrival.registered_at = now


def unregistered_arrivals(department_id: int) -> list[ComplaintArrival]:
    return list(db.session.scalars(
        select(ComplaintArrival).where(ComplaintArrival.department_id == department_id,
                                       ComplaintArrival.complaint_id.is_(None))
        .order_by(ComplaintArrival.arrived_at)))
