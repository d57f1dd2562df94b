"""What the 민원 feature tells the shared packages when the app is assembled (they never import it)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from civil_complaints.labels import (
    JOB_COUNT_FLAGS,
    JOB_COUNT_IDENTIFIERS,
    JOB_COUNT_LABELS,
    OUTBOX_TEMPLATE_LABELS,
)
from civil_complaints.privacy.destruction import DestructionItem
from civil_complaints.privacy.models import PersonalDataErasure
from core.extensions import db
from notifications import registry
from notifications.labels import register_words


def _destroyed() -> int:
    return db.session.scalar(select(func.count()).select_from(DestructionItem)
                             .where(DestructionItem.decision == "destroyed"))


def _erasures() -> int:
    return db.session.scalar(select(func.count()).select_from(PersonalDataErasure))


def init_app(app: Flask) -> None:
    """The words of the 민원 outbox templates and job counts, and the monitoring page's counts of 민원 records
    destroyed (D18) and of erasures made before D18."""
    register_words(templates=OUTBOX_TEMPLATE_LABELS, counts=JOB_COUNT_LABELS, identifiers=JOB_COUNT_IDENTIFIERS,
                   flags=JOB_COUNT_FLAGS)
    registry.register_monitoring_section(app, "civil_complaints/monitoring_section.html",
                                         lambda: {"destroyed": _destroyed(), "erasures": _erasures()})
