"""What the staff home page (/staff/) shows beside each link: the counts that cost one small query each.

Only counts for pages the user may open are asked for. The queue counts are those of the queue page's tabs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select

from app.navigation import may_open
from civil_complaints.queues.views import TAB_LABELS
from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission


@dataclass
class HomeFacts:
    tab_counts: list = field(default_factory=list)
    arrivals: int | None = None
    outbox_failed: int | None = None
    outbox_pending: int | None = None
    job_problems: int | None = None  # failed or abandoned runs among the last 20
    charters_in_progress: int | None = None  # drafts and approved versions not yet published


def _outbox(facts: HomeFacts) -> None:
    from notifications.models import OutboxMessage

    counts = dict(db.session.execute(select(OutboxMessage.status, func.count())
                                     .where(OutboxMessage.status.in_(["failed", "pending"]))
                                     .group_by(OutboxMessage.status)).all())
    facts.outbox_failed, facts.outbox_pending = counts.get("failed", 0), counts.get("pending", 0)


def _charters(facts: HomeFacts) -> None:
    from charters.domain.lifecycle import CharterStatus
    from charters.models import Charter

    facts.charters_in_progress = db.session.scalar(select(func.count()).select_from(Charter).where(
        Charter.status.in_([CharterStatus.DRAFT.value, CharterStatus.APPROVED.value])))


def home_facts(user, now: datetime) -> HomeFacts:
    from civil_complaints.queues.worklist import tab_counts, unregistered_arrival_count
    from notifications.admin_services import recent_runs

    facts = HomeFacts()
    if may_open(user, "civil_complaints.staff_complaints"):
        facts.tab_counts = tab_counts(user, now)
    if may_open(user, "civil_complaints.arrivals"):
        facts.arrivals = unregistered_arrival_count(user)
    if may_open(user, "notifications.outbox"):
        _outbox(facts)
    if may_open(user, "notifications.monitoring"):
        facts.job_problems = len(recent_runs(20, problems_only=True))
    if may_open(user, "charters.staff_list"):
        _charters(facts)
    return facts


@requires_permission(Permission.STAFF_HOME)
def home():
    """/staff/: the staff home (registered on organization's staff blueprint by the app factory)."""
    return render_template("staff/home.html", facts=home_facts(current_user, now_utc()), tab_labels=TAB_LABELS)
