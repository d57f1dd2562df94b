"""Words every room of internal requests shows: statuses, priorities, and the resolution due as a badge."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from service_requests.domain.due_badges import Badge, BadgeKind

STATUS_LABELS = {
    "pending_approval": _l("Waiting for approval"), "rejected": _l("Approval refused"), "received": _l("Received"),
    "in_progress": _l("In progress"), "waiting": _l("Waiting for the requester"), "resolved": _l("Resolved"),
    "closed": _l("Completed"), "cancelled": _l("Cancelled"),
}
PRIORITY_LABELS = {"urgent": _l("Urgent"), "normal": _l("Normal"), "low": _l("Low")}


def badge_text(badge: Badge | None) -> str:
    if badge is None:
        return ""
    n = badge.value
    return {
        BadgeKind.PAUSED: lambda: _("Waiting for the requester (clock paused)"),
        BadgeKind.MINUTES_LEFT: lambda: ngettext("%(num)d working minute left", "%(num)d working minutes left", n),
        BadgeKind.HOURS_LEFT: lambda: ngettext("%(num)d working hour left", "%(num)d working hours left", n),
        BadgeKind.DAYS_LEFT: lambda: _("D-day") if n == 0 else _("D-%(days)d", days=n),
        BadgeKind.OVERDUE_HOURS: lambda: ngettext("%(num)d working hour overdue", "%(num)d working hours overdue",
                                                  n),
        BadgeKind.OVERDUE_DAYS: lambda: ngettext("%(num)d day overdue", "%(num)d days overdue", n),
    }[badge.kind]()
