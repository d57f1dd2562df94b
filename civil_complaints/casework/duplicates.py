"""가능한 중복 민원 on the case page: up to five other 민원 the viewer may read that share the 민원인, the place or
the wording of the one being read (the reasons: domain/duplicates.py).

Bounded: only 민원 received within WINDOW of this one (either side) and in the viewer's reach (their department,
those shared with it by 협조, or every department for auditors) are considered, in two queries of at most
CANDIDATES rows each — one by contact and place (equality on indexed columns, a latitude/longitude box), one of the
nearest in time for the wording. Scoring is pure (domain/duplicates.py:rank). The 민원인's contact is never
returned: only the receipt number, title, status, receipt time and the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from civil_complaints.access import can_view
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain import duplicates as rules
from civil_complaints.workflow_models import CooperationRequest
from core.extensions import db
from organization.domain.roles import Permission
from organization.models import User

WINDOW = timedelta(days=90)
CANDIDATES = 50
REASON_LABELS = {rules.Reason.SAME_PERSON: _l("Same complainant"), rules.Reason.SAME_PLACE: _l("Same place"),
                 rules.Reason.SIMILAR_TEXT: _l("Similar wording")}
_COLUMNS = (Complaint.id, Complaint.receipt_no, Complaint.title, Complaint.content, Complaint.status,
            Complaint.received_at, Complaint.department_id, Complaint.complainant_phone, Complaint.complainant_email,
            Complaint.address_id, Complaint.address, Complaint.latitude, Complaint.longitude)


@dataclass(frozen=True)
class Suggestion:
    receipt_no: str
    title: str
    status: str
    received_at: datetime
    reasons: tuple[rules.Reason, ...]


def traits_of(row) -> rules.Traits:
    return rules.Traits(id=row.id, phone=row.complainant_phone, email=row.complainant_email,
                        address_id=row.address_id, address=row.address, latitude=row.latitude,
                        longitude=row.longitude, text=f"{row.title} {row.content}")


def _reach(viewer: User):
    """The 민원 the viewer may read (access.can_view as SQL); None: every 민원."""
    if viewer.can(Permission.COMPLAINTS_VIEW_ALL):
        return None
    shared = select(CooperationRequest.complaint_id).where(CooperationRequest.to_department_id == viewer.department_id,
                                                           CooperationRequest.status == "open")
    own = (Complaint.department_id == viewer.department_id
           if viewer.can(Permission.COMPLAINTS_VIEW_DEPARTMENT) else None)
    return or_(own, Complaint.id.in_(shared)) if own is not None else Complaint.id.in_(shared)


def _contact_and_place(case: Complaint):
    """Equality on the contact and place columns, and the box around the point (None: nothing to match on)."""
    clauses = []
    variants = rules.phone_variants(case.complainant_phone)
    if variants:
        clauses.append(Complaint.complainant_phone.in_(variants))
    email = rules.email_key(case.complainant_email)
    if email:
        clauses.append(Complaint.complainant_email.in_({email, case.complainant_email.strip()}))
    if case.address_id and case.address_id.strip():
        clauses.append(Complaint.address_id == case.address_id.strip())
    if case.address and case.address.strip():
        clauses.append(Complaint.address == case.address.strip())
    if case.latitude is not None and case.longitude is not None:
        south, north, west, east = rules.bounding_box(case.latitude, case.longitude)
        clauses.append(and_(Complaint.latitude.between(south, north), Complaint.longitude.between(west, east)))
    return or_(*clauses) if clauses else None


def _nearest(where: list, case: Complaint) -> list:
    """At most CANDIDATES rows matching `where`, the nearest in receipt time on either side (two index ranges)."""
    half = CANDIDATES // 2
    later = (select(*_COLUMNS).where(*where, Complaint.received_at >= case.received_at)
             .order_by(Complaint.received_at, Complaint.id).limit(half))
    earlier = (select(*_COLUMNS).where(*where, Complaint.received_at < case.received_at)
               .order_by(Complaint.received_at.desc(), Complaint.id.desc()).limit(half))
    return [*db.session.execute(later).all(), *db.session.execute(earlier).all()]


def _candidates(viewer: User, case: Complaint) -> list:
    """Those sharing contact or place, then the nearest in time (for the wording), nearest first, once each."""
    base = [Complaint.id != case.id, Complaint.received_at >= case.received_at - WINDOW,
            Complaint.received_at <= case.received_at + WINDOW]
    reach = _reach(viewer)
    if reach is not None:
        base.append(reach)
    matching = _contact_and_place(case)
    rows = {row.id: row for row in (_nearest([*base, matching], case) if matching is not None else [])}
    for row in _nearest(base, case):
        rows.setdefault(row.id, row)
    return sorted(rows.values(), key=lambda row: (abs(row.received_at - case.received_at), row.id))


def possible_duplicates(viewer: User, case: Complaint, *, limit: int = rules.MAX_SUGGESTIONS) -> list[Suggestion]:
    """The likeliest duplicates of `case` among the 민원 `viewer` may read (none for a viewer who may not read it)."""
    if not can_view(viewer, case):
        return []
    candidates = _candidates(viewer, case)
    rows = {row.id: row for row in candidates}
    ranked = rules.rank(traits_of(case), [traits_of(row) for row in candidates], limit=limit)
    return [Suggestion(rows[m.id].receipt_no, rows[m.id].title, rows[m.id].status, rows[m.id].received_at,
                       m.reasons) for m in ranked]
