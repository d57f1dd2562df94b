"""E-mails about internal requests, queued in the outbox in the same transaction as the change (sent after the
commit by the delivery job). One template (`internal_request`) with a headline and a message per event, in the
recipient's language; each message has an idempotency key, so a retried job never sends one twice."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.i18n import official_datetime
from notifications.services import enqueue
from organization.domain.roles import Role
from organization.models import User, UserRole
from service_requests.models import ServiceRequest


def _headline(kind: str) -> tuple[str, str]:
    """(headline, message) of an event, in the current locale."""
    return {
        "approval_needed": (_("Approval needed"),
                            _("A request of your department waits for your approval before it is sent.")),
        "received": (_("New request"), _("Your department received a request for one of its services.")),
        "assigned": (_("Assigned to you"), _("This request was assigned to you.")),
        "rejected": (_("Not approved"), _("The head of your department did not approve this request.")),
        "question": (_("Question about your request"),
                     _("The providing department asks a question; its clock is paused until you answer.")),
        "reply": (_("The requester answered"), _("The requester answered your question; the clock runs again.")),
        "comment": (_("New comment"), _("There is a new comment on this request.")),
        "resolved": (_("Request resolved"),
                     _("The providing department resolved your request. Confirm it, or ask again, and rate it.")),
        "reopened": (_("Request reopened"), _("The request was reopened; its resolution clock starts again.")),
        "forwarded": (_("Request forwarded to you"),
                      _("Another department forwarded this request to your department.")),
        "cancelled": (_("Request cancelled"), _("The requesting department cancelled this request.")),
        "due_soon": (_("Resolution target approaching"),
                     _("Four fifths of the resolution time of this request have run.")),
        "overdue": (_("Resolution target missed"), _("This request was not resolved within its target.")),
        "poor_rating": (_("Poor rating"),
                        _("The requester rated the resolution poorly. You may reopen the request.")),
    }[kind]


def request_url(request: ServiceRequest) -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + f"/staff/service-requests/{request.number}"


def heads_of(department_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(UserRole).where(
        User.department_id == department_id, User.is_active_account, UserRole.role == Role.DEPARTMENT_HEAD.value)))


def notify(users, request: ServiceRequest, kind: str, *, now: datetime, text: str = "", key: str | None = None,
           actor=None) -> int:
    """Queue `kind` to each of `users` with an address (never to the person who acted); returns how many."""
    queued = 0
    for user in {u.id: u for u in users if u is not None}.values():
        if not user.email or not user.is_active_account or (actor is not None and user.id == actor.id):
            continue
        language = "en" if user.preferred_locale == "en" else "ko"
        with force_locale(language):
            headline, message = _headline(kind)
            payload = _payload(request, language, headline=headline, message=message, name=user.display_name,
                               text=text)
        stamp = key or now.isoformat()
        queued += enqueue(key=f"internal:{request.number}:{kind}:{stamp}:{user.id}", channel="email",
                          recipient=user.email, template="internal_request", language=language, payload=payload,
                          now=now) is not None
    return queued


def _payload(request: ServiceRequest, language: str, **fields) -> dict:
    config = current_app.config
    requester, provider = request.requester_department, request.provider_department
    return {
        "agency": config["AGENCY_NAME"] if language == "ko" else config["AGENCY_NAME_EN"],
        "number": request.number, "title": request.title, "service": request.service.name(language),
        "requester_department": requester.name_ko if language == "ko" else requester.name_en,
        "provider_department": provider.name_ko if language == "ko" else provider.name_en,
        "due": official_datetime(request.resolution_due_at) if request.resolution_due_at else "",
        "url": request_url(request), **fields,
    }
