"""What every workflow service shares: the facts the state machine needs, applying a transition, the
version bump that lets concurrent edits be detected, and the officer's 소속·성명·연락처 (영 제31조)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from civil_complaints.access import can_view
from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintPause
from civil_complaints.domain.receipts import normalise_receipt_number
from civil_complaints.domain.status import ComplaintStatus, TransitionRefused
from civil_complaints.domain.workflow import Action, CaseFacts, decide
from civil_complaints.workflow_models import (
    AuditReferral,
    ComplaintExtension,
    ComplaintLink,
    ComplaintTransfer,
    SupplementRequest,
)
from core.clock import KST
from core.extensions import db
from organization.models import User


class StaleVersion(Exception):
    """The form was filled in against an older version of the 민원: someone else changed it meanwhile."""


def check_version(complaint: Complaint, version: int | None) -> None:
    """Refuse an action whose form carried another version than the one stored (optimistic locking)."""
    if version is not None and version != complaint.version:
        raise StaleVersion(complaint.receipt_no)


def touch(complaint: Complaint) -> None:
    """Make the flush UPDATE the 민원 row so its version moves on (and a concurrent change is detected)."""
    flag_modified(complaint, "status")


def open_pause(complaint: Complaint) -> ComplaintPause | None:
    return db.session.scalar(select(ComplaintPause).where(ComplaintPause.complaint_id == complaint.id,
                                                          ComplaintPause.end_on.is_(None)))


def round_requests(pause: ComplaintPause | None) -> list[SupplementRequest]:
    if pause is None:
        return []
    return list(db.session.scalars(select(SupplementRequest).where(SupplementRequest.pause_id == pause.id)
                                   .order_by(SupplementRequest.number)))


def extensions_of(complaint: Complaint) -> list[ComplaintExtension]:
    return list(db.session.scalars(select(ComplaintExtension).where(ComplaintExtension.complaint_id == complaint.id)
                                   .order_by(ComplaintExtension.number)))


def supplement_time_extensions(complaint: Complaint, pause: ComplaintPause | None) -> int:
    """How many times the 민원인 asked for more time in the open 보완 round (영 제24조②)."""
    if pause is None:
        return 0
    details = db.session.scalars(select(ComplaintEvent.detail).where(
        ComplaintEvent.complaint_id == complaint.id, ComplaintEvent.action == "supplement_time_extended"))
    return sum(1 for detail in details if json.loads(detail or "{}").get("pause_id") == pause.id)


def merge_link(complaint: Complaint) -> ComplaintLink | None:
    """The merge (영 제6조⑦) this 민원 is part of as a merged one, while it stands (D16)."""
    return db.session.scalar(select(ComplaintLink).where(ComplaintLink.complaint_id == complaint.id,
                                                         ComplaintLink.kind == "merged_into",
                                                         ComplaintLink.ended_at.is_(None)))


def audit_referral_of(complaint: Complaint) -> AuditReferral | None:
    return db.session.scalar(select(AuditReferral).where(AuditReferral.complaint_id == complaint.id))


def supplement_flag_open(complaint: Complaint) -> bool:
    """Marked as needing a 보완 (규칙 제9조①) and no request sent since."""
    if complaint.supplement_needed_at is None:
        return False
    return db.session.scalar(select(SupplementRequest.id).where(
        SupplementRequest.complaint_id == complaint.id,
        SupplementRequest.sent_at >= complaint.supplement_needed_at).limit(1)) is None


def case_facts(complaint: Complaint, now: datetime) -> CaseFacts:
    """The state machine's view of the 민원 now (D3: overdue once the due instant has passed)."""
    today = now.astimezone(KST).date()
    pause = open_pause(complaint)
    requests = round_requests(pause)
    respond_by = requests[-1].respond_by if requests else (pause.respond_by if pause is not None else None)
    extension_count = db.session.scalar(select(func.count()).select_from(ComplaintExtension)
                                        .where(ComplaintExtension.complaint_id == complaint.id))
    followed_up = db.session.scalar(select(func.count()).select_from(ComplaintTransfer).where(
        ComplaintTransfer.complaint_id == complaint.id, ComplaintTransfer.followed_up_at.is_not(None)))
    return CaseFacts(
        status=complaint.status_enum, kind=complaint.kind, is_joint=complaint.is_joint,
        received_on=complaint.received_at.astimezone(KST).date(), due_passed=now > complaint.due_at,
        extensions=extension_count or 0,
        supplement_requests=len(requests) or (1 if pause is not None else 0),
        supplement_returned=sum(1 for r in requests if r.returned_at is not None),
        supplement_overdue=respond_by is not None and today > respond_by,
        supplement_last_returned=bool(requests) and requests[-1].returned_at is not None,
        supplement_flagged=supplement_flag_open(complaint),
        supplement_time_extensions=supplement_time_extensions(complaint, pause),
        followed_up=bool(followed_up), already_rated=complaint.satisfaction is not None,
        merged=merge_link(complaint) is not None, audit_referred=audit_referral_of(complaint) is not None)


@dataclass(frozen=True)
class Transition:
    before: ComplaintStatus
    after: ComplaintStatus


def apply(complaint: Complaint, action: Action, facts: CaseFacts, params: object = None) -> Transition:
    """Ask the state machine; on success set the new status and bump the version."""
    after = decide(action, facts, params)
    before = complaint.status_enum
    complaint.status = after.value
    touch(complaint)
    return Transition(before, after)


def refuse(code: str, complaint: Complaint, **params: object) -> TransitionRefused:
    """A refusal found by a service (e.g. a receipt number that does not exist), in the machine's form."""
    return TransitionRefused(code, complaint.status_enum, **params)


def find_linked(actor: User, complaint: Complaint, receipt_text: str) -> Complaint:
    """Another 민원 the actor may read; the same refusal whether it is missing or not theirs (no probing)."""
    number = normalise_receipt_number(receipt_text)
    other = db.session.scalar(select(Complaint).where(Complaint.receipt_no == number)) if number else None
    if other is not None and other.id == complaint.id:
        raise refuse("linked_self", complaint, receipt_no=other.receipt_no)
    if other is None or not can_view(actor, other):
        raise refuse("linked_not_found", complaint, receipt_no=receipt_text.strip())
    return other


@dataclass(frozen=True)
class Officer:
    """영 제31조: the 소속·성명·연락처 printed on every notice."""

    department: str
    name: str
    phone: str
    department_en: str = ""

    def department_in(self, language: str) -> str:
        """The 소속 in the notice's language (an English notice never carries the Korean department name)."""
        return self.department if language == "ko" else (self.department_en or self.department)

    def as_payload(self, language: str = "ko") -> dict[str, str]:
        return {"officer_department": self.department_in(language), "officer_name": self.name,
                "officer_phone": self.phone}


def officer_of(user: User | None, complaint: Complaint) -> Officer:
    """The acting officer; the department's contact when the system acts (e.g. a recomputed deadline)."""
    if user is None:
        user = complaint.assignee
    department = (user.department if user is not None and user.department is not None else complaint.department)
    phone = (user.phone if user is not None and user.phone else None) or department.phone or ""
    units = department.path()[-2:]
    return Officer(department=" ".join(d.name("ko") for d in units), department_en=", ".join(
        d.name("en") for d in reversed(units)), name=user.display_name if user is not None else "", phone=phone)
