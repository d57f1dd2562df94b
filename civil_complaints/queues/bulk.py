"""일괄 배정 from the queue page: several 민원 to one officer, each through the one assignment service.

Every selected 민원 is handled exactly as the single assignment handles it (casework/services.py:assign): the
head's permission on that 민원, its version as shown on the page (someone changed it since: refused), the state
machine's checks and a history event each. All or nothing: the caller commits only when no 민원 was refused, and
otherwise rolls back and shows which were refused and why (a head's batch is one decision; half of it saved would
leave them to find out which half).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from civil_complaints.access import can_view
from civil_complaints.casework import services
from civil_complaints.casework.support import StaleVersion, check_version
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.status import TransitionRefused
from core.extensions import db
from organization.errors import PermissionDenied
from organization.models import User

#: at most this many 민원 in one batch (a queue page shows 25)
MAX_BATCH = 100
_ITEM = re.compile(r"([A-Za-z0-9-]{1,20}):([0-9]{1,9})")


@dataclass(frozen=True)
class Selected:
    """A ticked row: the 민원 and the version it had on the page."""

    receipt_no: str
    version: int

    @property
    def value(self) -> str:
        return f"{self.receipt_no}:{self.version}"


@dataclass(frozen=True)
class Refusal:
    receipt_no: str
    #: not_found, stale, not_permitted, or a state-machine refusal code (refusal_text.MESSAGES)
    code: str
    params: dict = field(default_factory=dict)


def parse_selection(values: list[str]) -> list[Selected] | None:
    """The ticked rows in page order, once each; None when a value is not one of the page's."""
    selected: dict[str, Selected] = {}
    for value in values:
        match = _ITEM.fullmatch(value.strip())
        if match is None:
            return None
        selected.setdefault(match[1], Selected(match[1], int(match[2])))
    return list(selected.values())


def _assign_one(actor: User, item: Selected, assignee: User, now: datetime) -> Refusal | None:
    complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == item.receipt_no))
    if complaint is None or not can_view(actor, complaint):
        return Refusal(item.receipt_no, "not_found")
    try:
        check_version(complaint, item.version)
        services.assign(actor, complaint, assignee=assignee, now=now)
    except StaleVersion:
        return Refusal(item.receipt_no, "stale")
    except PermissionDenied:
        return Refusal(item.receipt_no, "not_permitted")
    except TransitionRefused as error:
        return Refusal(item.receipt_no, error.code, dict(error.params))
    return None


def assign_many(actor: User, selection: list[Selected], *, assignee: User, now: datetime) -> list[Refusal]:
    """Assign each selected 민원 to `assignee` (flushed one by one); the refusals, in page order. The caller
    commits only when the list is empty."""
    refusals = []
    for item in selection:
        refusal = _assign_one(actor, item, assignee, now)
        if refusal is None:
            try:
                db.session.flush()
            except StaleDataError:  # changed between our read and our write: nothing more can be tried
                return [*refusals, Refusal(item.receipt_no, "stale")]
        else:
            refusals.append(refusal)
    return refusals
