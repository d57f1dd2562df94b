"""What this feature needs from the 민원 package and offers to it, without either importing the other (they stand
in one layer): the app (app/__init__.py) fills these slots with functions of the 민원 package at start-up.

- `complaint_facts(complaint_id | receipt_no, user)` → `LinkedComplaint | None`: a 민원 a request may be linked to
  (only one the user handles or may see), with its 처리기한, for the request form and the provider's view;
  `shared=True`: the 민원 a request already names, whose receipt number, title and 처리기한 the requester shared
  with everyone who may read the request (the providing department sees that 처리기한 first).
- `api_user_for_key(key)` → (user, client id) | None: the staff API's bearer keys (API clients of /api/v1), so
  /api/v1/service-requests authenticates exactly as /api/v1/complaints does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from notifications.labels import register_words
from reporting.registry import register as register_report
from service_requests.performance import reports as performance_reports

#: the outbox template of every notice about an internal request (notifications/templates/notifications)
OUTBOX_TEMPLATE_LABELS = {"internal_request": _l("Internal service request notice")}


def init_app(app: Flask) -> None:
    """The words of this feature's outbox template, for the outbox pages, and its report for the reports hub (the
    shared packages import no feature)."""
    register_words(templates=OUTBOX_TEMPLATE_LABELS)
    register_report(app, performance_reports.definition())


@dataclass(frozen=True)
class LinkedComplaint:
    id: int
    receipt_no: str
    title: str
    due_at: datetime
    due_text: str  # the 처리기한 as notices state it (an instant for hour periods, else a date)
    is_open: bool
    handled_by_user: bool  # the asking user is its assignee (or may handle it in its department)


def register_complaint_lookup(app: Flask, lookup: Callable[..., LinkedComplaint | None]) -> None:
    app.extensions.setdefault("service_requests", {})["complaint_lookup"] = lookup


def complaint_facts(*, user, complaint_id: int | None = None, receipt_no: str | None = None,
                    shared: bool = False) -> LinkedComplaint | None:
    lookup = current_app.extensions.get("service_requests", {}).get("complaint_lookup")
    if lookup is None:
        return None
    if shared:
        return lookup(user=user, complaint_id=complaint_id, receipt_no=receipt_no, shared=True)
    return lookup(user=user, complaint_id=complaint_id, receipt_no=receipt_no)


def register_api_user_lookup(app: Flask, lookup: Callable[[str], tuple[object, int] | None]) -> None:
    """The staff API's key check (the API clients live with the 민원 package): key → (user, client id) or None."""
    app.extensions.setdefault("service_requests", {})["api_user_lookup"] = lookup


def api_user_for_key(key: str | None) -> tuple[object, int] | None:
    """(the staff user an API key acts as, the client's id), or None for a missing, revoked or non-staff key."""
    lookup = current_app.extensions.get("service_requests", {}).get("api_user_lookup")
    return None if lookup is None else lookup(key)
