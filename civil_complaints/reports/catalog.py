"""The 민원 reports this feature gives the reporting hub (`register_reports(app)`, called from hooks.py).

Who may read them: whoever holds Permission.REPORTS_DOWNLOAD (auditors, 민원심사관, department heads). A department
head sees their own department only, unless they may also read every 민원 (COMPLAINTS_VIEW_ALL); auditors and
review officers see every department.
"""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from civil_complaints.complaint_models import CHANNELS, ComplaintType
from civil_complaints.labels import CHANNEL_LABELS, KIND_LABELS
from civil_complaints.reports.late_cases import build_late_cases
from civil_complaints.reports.processing import build_processing
from civil_complaints.reports.review import KEY as REVIEW_KEY
from civil_complaints.reports.review import build_review
from core.extensions import db
from organization.domain.roles import Permission, Role
from organization.models import Department, User
from reporting.registry import ReportDefinition, register

FILTERS = ("department", "kind", "type", "channel")


def may_read(user: User) -> bool:
    return user.can(Permission.REPORTS_DOWNLOAD)


def scope(user: User) -> frozenset[int] | None:
    """None (every department) for those who may read every 민원; a head: their own department."""
    if user.can(Permission.COMPLAINTS_VIEW_ALL):
        return None
    if user.has_role(Role.DEPARTMENT_HEAD) and user.department_id is not None:
        return frozenset({user.department_id})
    return frozenset()


def may_read_review(user: User) -> bool:
    """The management review: whoever reads the processing check, and administrators (it holds counts, improvement
    titles and decisions, no personal data)."""
    return may_read(user) or user.has_role(Role.ADMIN)


def review_scope(user: User) -> frozenset[int] | None:
    """As the processing check; administrators see every department."""
    return None if user.has_role(Role.ADMIN) else scope(user)


def choices() -> dict[str, list[tuple[str, str]]]:
    from flask_babel import get_locale

    locale = str(get_locale() or "ko")
    departments = db.session.scalars(select(Department).order_by(Department.code))
    types = db.session.scalars(select(ComplaintType).order_by(ComplaintType.code))
    return {"department": [(d.code, d.name(locale)) for d in departments],
            "kind": [(kind.value, str(label)) for kind, label in KIND_LABELS.items()],
            "type": [(t.code, t.name(locale)) for t in types],
            "channel": [(channel, str(CHANNEL_LABELS[channel])) for channel in CHANNELS]}


def definitions() -> list[ReportDefinition]:
    """The feature's reports, in the hub's order (another report joins by adding its definition here)."""
    return [
        ReportDefinition(
            key="processing", title=lambda: _l("Complaint processing check"),
            description=lambda: _l("Received, finished on time and late, still open and overdue, processing times, "
                                   "extensions, transfers and satisfaction by department, type and month "
                                   "(Enforcement Decree Article 22(1))."),
            build=build_processing, may_read=may_read, scope=scope, filters=FILTERS, choices=choices, order=10),
        ReportDefinition(
            key="late-cases", title=lambda: _l("Late cases of the processing check"),
            description=lambda: _l("The complaints of a row of the processing check finished after the deadline "
                                   "or still open past it, names masked."),
            build=build_late_cases, may_read=may_read, scope=scope, filters=FILTERS, choices=choices,
            listed=False, extra_params=("month",), order=11),
        ReportDefinition(
            key=REVIEW_KEY, title=lambda: _l("Management review of complaints handling"),
            description=lambda: _l("One quarter for the management review (ISO 10002): complaint trends by "
                                   "category, department and channel, systemic causes, the improvement register, "
                                   "satisfaction, and the decisions taken."),
            build=build_review, may_read=may_read_review, scope=review_scope, default_preset="quarter", order=12),
    ]


def register_reports(app: Flask) -> None:
    for definition in definitions():
        register(app, definition)
