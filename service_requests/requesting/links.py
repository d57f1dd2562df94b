"""A request linked to a 민원 the requester handles: which 민원 may be linked, and whether the service's resolution
target would end after the 민원's 처리기한 (the requester is told before sending and may mark it urgent).

The 민원 is known only through `service_requests.hooks.complaint_facts` (the two features never import each other).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from service_requests.domain.ola import due_at
from service_requests.hooks import LinkedComplaint, complaint_facts
from service_requests.models import Service
from working_calendar.domain.worktime import WorkCalendar

MAX_RECEIPT_CHARS = 40


class LinkRefused(Exception):
    """The 민원 cannot be linked: `code` is not_found (no such 민원, or one the user may not see), not_yours,
    closed or no_link (the service takes no links)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class LinkWarning:
    """The resolution target, counted from now, ends after the 민원's 처리기한."""

    complaint: LinkedComplaint
    resolution_due: datetime
    needs_approval: bool  # the clock starts only on approval: later still


def linked_complaint(user, service: Service, receipt_no: str) -> LinkedComplaint | None:
    """The 민원 named by `receipt_no` when it may be linked (None for an empty number); LinkRefused if not."""
    receipt_no = (receipt_no or "").strip()
    if not receipt_no:
        return None
    if not service.may_link_complaint:
        raise LinkRefused("no_link")
    facts = complaint_facts(user=user, receipt_no=receipt_no) if len(receipt_no) <= MAX_RECEIPT_CHARS else None
    if facts is None:
        raise LinkRefused("not_found")
    if not facts.handled_by_user:
        raise LinkRefused("not_yours")
    if not facts.is_open:
        raise LinkRefused("closed")
    return facts


def link_warning(complaint: LinkedComplaint | None, service: Service, priority: str, *, calendar: WorkCalendar,
                 now: datetime) -> LinkWarning | None:
    """A warning when the resolution due counted from now (for `priority`) falls after the 민원's 처리기한."""
    if complaint is None or complaint.due_at is None or priority not in ("urgent", "normal", "low"):
        return None
    resolution_due = due_at(now, service.targets(priority)[1], calendar)
    if resolution_due <= complaint.due_at:
        return None
    return LinkWarning(complaint, resolution_due, service.needs_approval)
