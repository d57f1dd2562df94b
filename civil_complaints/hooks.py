"""What the 민원 feature tells the shared packages when the app is assembled (they never import it)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from civil_complaints.case_panels import register_case_panel  # noqa: F401 - the app fills it (_link_features)
from civil_complaints.intake.policy_optin import PolicyOptIn  # noqa: F401 - the app builds one (_link_features)
from civil_complaints.intake.policy_optin import register as register_policy_optin  # noqa: F401 - likewise
from civil_complaints.labels import (
    JOB_COUNT_FLAGS,
    JOB_COUNT_IDENTIFIERS,
    JOB_COUNT_LABELS,
    OUTBOX_TEMPLATE_LABELS,
)
from civil_complaints.privacy import review as access_review
from civil_complaints.privacy.destruction import DestructionItem
from civil_complaints.privacy.models import PersonalDataErasure
from civil_complaints.reports import register
from civil_complaints.reports.catalog import register_reports
from civil_complaints.satisfaction_survey import report as satisfaction_report
from core.extensions import db
from notifications import registry
from notifications.labels import register_words
from reporting.registry import register as register_report


def _destroyed() -> int:
    return db.session.scalar(select(func.count()).select_from(DestructionItem)
                             .where(DestructionItem.decision == "destroyed"))


def _erasures() -> int:
    return db.session.scalar(select(func.count()).select_from(PersonalDataErasure))


def init_app(app: Flask) -> None:
    """The words of the 민원 outbox templates and job counts, the monitoring page's counts of 민원 records
    destroyed (D18) and of erasures made before D18, and the 민원 reports of the hub (the 점검표 and its late
    cases, the register, the monthly review of the access log, the satisfaction survey by department)."""
    register_words(templates=OUTBOX_TEMPLATE_LABELS, counts=JOB_COUNT_LABELS, identifiers=JOB_COUNT_IDENTIFIERS,
                   flags=JOB_COUNT_FLAGS)
    registry.register_monitoring_section(app, "civil_complaints/monitoring_section.html",
                                         lambda: {"destroyed": _destroyed(), "erasures": _erasures()})
    register_reports(app)
    register_report(app, access_review.definition())
    register_report(app, register.definition())
    register_report(app, satisfaction_report.definition())


def linked_complaint(*, user, complaint_id: int | None = None, receipt_no: str | None = None,
                     shared: bool = False) -> dict | None:
    """What another feature may know of a 민원 it links to (internal requests, through the app): receipt number,
    title, stored 처리기한 and whether `user` handles it; None when it does not exist or `user` may not see it.
    `shared`: the 민원 an internal request names, shown to whoever may read that request (its officer shared
    the receipt number, title and 처리기한 by linking it; nothing of the 민원인 is passed)."""
    from sqlalchemy import select

    from civil_complaints.access import can_handle, can_view
    from civil_complaints.casework.staff_notify import due_text_of
    from civil_complaints.complaint_models import Complaint
    from civil_complaints.domain.status import OPEN_STATUSES
    from core.extensions import db

    if complaint_id is not None:
        complaint = db.session.get(Complaint, complaint_id)
    elif receipt_no:
        complaint = db.session.scalar(select(Complaint).where(Complaint.receipt_no == receipt_no.strip().upper()))
    else:
        return None
    if complaint is None or user is None or not (shared or can_view(user, complaint)):
        return None
    return {"id": complaint.id, "receipt_no": complaint.receipt_no, "title": complaint.title,
            "due_at": complaint.due_at, "due_text": due_text_of(complaint.period_spec, complaint.due_at,
                                                                complaint.due_date),
            "is_open": complaint.status in {s.value for s in OPEN_STATUSES},
            "handled_by_user": can_handle(user, complaint)}


def register_openapi_extension(app: Flask, *, paths: dict, schemas: dict, responses: dict | None = None) -> None:
    """More of /api/v1 described in its OpenAPI document (api/openapi.py): another feature's paths, schemas and
    responses, registered by the app (this package never imports that feature). Names must not clash."""
    extra = app.extensions.setdefault("civil_complaints", {}).setdefault(
        "openapi_extra", {"paths": {}, "schemas": {}, "responses": {}})
    for part, values in (("paths", paths), ("schemas", schemas), ("responses", responses or {})):
        clash = set(values) & set(extra[part])
        if clash:
            raise ValueError(f"OpenAPI {part} registered twice: {sorted(clash)}")
        extra[part].update(values)


def openapi_extension(app: Flask) -> dict:
    """{"paths", "schemas", "responses"} registered by other features (empty dicts when none)."""
    return app.extensions.get("civil_complaints", {}).get("openapi_extra",
                                                           {"paths": {}, "schemas": {}, "responses": {}})
