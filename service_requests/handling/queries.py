"""What the 민원 case page shows of the internal requests linked to a 민원 (passed through the app: the two
features never import each other): only the requests the viewer may read, and where to ask for a new one."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import get_locale
from sqlalchemy import select

from core.clock import now_utc
from core.extensions import db
from core.i18n import official_datetime
from organization.domain.roles import Permission
from service_requests.access import may_read
from service_requests.domain.due_badges import due_badge
from service_requests.handling.labels import STATUS_LABELS, badge_text
from service_requests.models import ServiceRequest
from working_calendar.cache import load_calendar


def linked_requests(complaint_id: int, user) -> list[dict]:
    """The requests made for the 민원 `complaint_id` that `user` may read, oldest first, as small dicts."""
    requests = db.session.scalars(select(ServiceRequest).where(ServiceRequest.complaint_id == complaint_id)
                                  .order_by(ServiceRequest.id))
    locale, now, calendar = str(get_locale()), now_utc(), load_calendar()
    rows = []
    for request in requests:
        if not may_read(user, request):
            continue
        badge = due_badge(request.status, request.resolution_due_at, request.resolution_target, now=now,
                          calendar=calendar)
        rows.append({
            "number": request.number, "title": request.title, "service": request.service.name(locale),
            "provider": request.provider_department.name(locale), "status": str(STATUS_LABELS[request.status]),
            "due": official_datetime(request.resolution_due_at), "badge": badge_text(badge),
            "tone": badge.tone.value if badge else "", "url": url_for("service_requests.request_page",
                                                                      number=request.number),
        })
    return rows


def case_panel(*, complaint_id: int, receipt_no: str, is_open: bool, user) -> dict:
    """The 민원 case page's panel: the linked requests, and the catalog link while the 민원 is open (for those who
    may ask for a service, once the catalog exists in this build)."""
    catalog = "service_requests.catalog" in current_app.view_functions
    may_ask = is_open and catalog and user.can(Permission.SERVICE_REQUESTS_USE)
    return {"requests": linked_requests(complaint_id, user),
            "new_url": url_for("service_requests.catalog", complaint=receipt_no) if may_ask else None}
