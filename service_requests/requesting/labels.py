"""Words of the request lists: statuses, and the resolution due as a badge (time left or overdue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from service_requests.domain.ola import elapsed
from service_requests.domain.workflow import OPEN, RequestStatus
from service_requests.models import ServiceRequest
from working_calendar.domain.worktime import WorkCalendar

STATUS_LABELS = {
    RequestStatus.PENDING_APPROVAL.value: _l("Waiting for approval"),
    RequestStatus.REJECTED.value: _l("Approval refused"),
    RequestStatus.RECEIVED.value: _l("Received"),
    RequestStatus.IN_PROGRESS.value: _l("In progress"),
    RequestStatus.WAITING.value: _l("Waiting for the requester"),
    RequestStatus.RESOLVED.value: _l("Resolved"),
    RequestStatus.CLOSED.value: _l("Completed"),
    RequestStatus.CANCELLED.value: _l("Cancelled"),
}


@dataclass(frozen=True)
class Badge:
    tone: str  # normal, urgent (a working day or less left), overdue, paused
    text: str


def _hours(delta: timedelta) -> int:
    return max(1, -(-int(delta.total_seconds()) // 3600))


def due_badge(request: ServiceRequest, now: datetime, calendar: WorkCalendar) -> Badge | None:
    """The resolution due of an open request as time left (working hours within a day, else working days) or
    overdue; None for a request whose clock has not started or has ended."""
    due = request.resolution_due_at
    if due is None or RequestStatus(request.status) not in OPEN:
        return None
    if request.status == RequestStatus.WAITING.value:
        return Badge("paused", _("Waiting for the requester (clock stopped)"))
    if now >= due:
        hours = _hours(elapsed(due, now, calendar))
        if hours < calendar.day_length / timedelta(hours=1):
            return Badge("overdue", ngettext("%(num)d working hour overdue", "%(num)d working hours overdue", hours))
        days = int(elapsed(due, now, calendar) / calendar.day_length)
        return Badge("overdue", ngettext("%(num)d working day overdue", "%(num)d working days overdue", days))
    left = elapsed(now, due, calendar)
    if left <= calendar.day_length:
        return Badge("urgent", ngettext("%(num)d working hour left", "%(num)d working hours left", _hours(left)))
    days = -(-left // calendar.day_length)
    return Badge("normal", ngettext("%(num)d working day left", "%(num)d working days left", days))
