"""The staff home page (/staff/): the worklist first — what needs the person now, each count one click from the
queue that lists the same 민원 — then every area of the menu with the counts that cost one small query each.

Who sees what: an officer their own 민원 (due today, overdue, awaiting a 보완) and the department's; a department
head the department's, each officer's load and the department's next deadlines; auditors and 민원심사관 the whole
agency by department. Only counts for pages the user may open are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app.navigation import may_open
from core.clock import now_utc
from core.extensions import db
from organization.auth import requires_permission
from organization.domain.roles import Permission

TILE_LABELS = {
    "mine": _l("My open complaints"),
    "mine_due_today": _l("Mine due today"),
    "mine_overdue": _l("Mine overdue"),
    "mine_supplement": _l("Mine awaiting a supplement"),
    "shared": _l("Cooperation requests"),
    "unassigned": _l("Unassigned"),
    "due_today": _l("Due today"),
    "overdue": _l("Overdue"),
    "supplement": _l("Awaiting a supplement"),
}
#: internal requests (issue 18): a providing department's queue, and what waits for a requester or head
REQUEST_TILE_LABELS = {
    "ir_unassigned": _l("Unassigned"),
    "ir_mine": _l("Assigned to me"),
    "ir_overdue": _l("Overdue"),
    "ir_waiting": _l("Waiting for the requester"),
    "ir_question": _l("Questions for you to answer"),
    "ir_confirm": _l("Resolved: to confirm"),
    "ir_approval": _l("Waiting for your approval"),
}
LOAD_LABELS = {
    "open": _l("Open"),
    "due_today": _l("Due today"),
    "overdue": _l("Overdue"),
    "supplement": _l("Awaiting a supplement"),
}


@dataclass
class Worklist:
    """The first screen's work: tiles, the load table (heads: per officer; agency-wide: per department), the
    next deadlines with their badges. Empty for those without a queue (administrators, records officers)."""

    personal: list = field(default_factory=list)
    team: list = field(default_factory=list)
    agency_wide: bool = False
    load: list = field(default_factory=list)
    load_by: str = ""  # "officer" or "department"
    deadlines: list = field(default_factory=list)  # (row, badge, due text)
    deadlines_mine: bool = False


@dataclass
class HomeFacts:
    worklist: Worklist = field(default_factory=Worklist)
    arrivals: int | None = None
    outbox_failed: int | None = None
    outbox_pending: int | None = None
    job_problems: int | None = None  # failed or abandoned runs among the last 20
    charters_in_progress: int | None = None  # drafts and approved versions not yet published
    requests_provided: list = field(default_factory=list)  # internal requests: the department's queue
    requests_asked: list = field(default_factory=list)  # internal requests waiting for the user (or their head)


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


def _deadline_rows(rows, now: datetime) -> list:
    from civil_complaints.casework.staff_notify import due_text_of
    from civil_complaints.domain.due_badges import due_badge
    from working_calendar.cache import load_calendar

    calendar = load_calendar()
    return [(row, due_badge(row.status, row.due_at, row.period_spec, now=now, calendar=calendar),
             due_text_of(row.period_spec, row.due_at, row.due_date)) for row in rows]


def worklist(user, now: datetime) -> Worklist:
    from civil_complaints.queues import worklist as work

    scope = work.scope_of(user)
    if scope is None:
        return Worklist()
    result = Worklist(personal=work.personal_tiles(user, scope, now), team=work.team_tiles(scope, now),
                      agency_wide=scope.department_id is None)
    if result.agency_wide:
        result.load, result.load_by = work.department_load(scope, now, str(get_locale())), "department"
    elif user.can(Permission.COMPLAINTS_ASSIGN):
        result.load, result.load_by = work.officer_load(scope, now), "officer"
    result.deadlines = _deadline_rows(work.next_deadlines(user, scope, now), now)
    result.deadlines_mine = bool(result.personal) and not user.can(Permission.COMPLAINTS_ASSIGN)
    return result


def home_facts(user, now: datetime) -> HomeFacts:
    from civil_complaints.queues.worklist import unregistered_arrival_count
    from notifications.admin_services import recent_runs

    facts = HomeFacts()
    if may_open(user, "civil_complaints.staff_complaints"):
        facts.worklist = worklist(user, now)
    if may_open(user, "civil_complaints.arrivals"):
        facts.arrivals = unregistered_arrival_count(user)
    if may_open(user, "notifications.outbox"):
        _outbox(facts)
    if may_open(user, "notifications.monitoring"):
        facts.job_problems = len(recent_runs(20, problems_only=True))
    if may_open(user, "charters.staff_list"):
        _charters(facts)
    from service_requests.worklist import home_tiles

    provided, asked = home_tiles(user, now)
    facts.requests_provided = [tile for tile in provided if may_open(user, tile.endpoint)]
    facts.requests_asked = [tile for tile in asked if may_open(user, tile.endpoint)]
    return facts


@requires_permission(Permission.STAFF_HOME)
def home():
    """/staff/: the staff home (registered on organization's staff blueprint by the app factory)."""
    from civil_complaints.queues.views import badge_text

    return render_template("staff/home.html", facts=home_facts(current_user, now_utc()), tile_labels=TILE_LABELS,
                           request_tile_labels=REQUEST_TILE_LABELS,
                           load_labels=LOAD_LABELS, badge_text=badge_text)
