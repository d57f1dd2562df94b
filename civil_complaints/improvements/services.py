"""Verbs of the 제도개선 register. Each takes the acting user and `now`, checks who may (access.py), asks the state
machine (domain/improvements.py:decide), writes the history, and leaves the commit to the caller (one per request).
Finishing queues the notice to the 민원인 who asked to be told (notices.py), delivered after the commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.improvements import (
    ImprovementAction,
    ImprovementFacts,
    ImprovementRefused,
    ImprovementStatus,
    decide,
    progress_after,
)
from civil_complaints.improvements.access import may_link, require_edit
from civil_complaints.improvements.models import (
    Improvement,
    ImprovementComplaint,
    ImprovementEvent,
    ImprovementMilestone,
)
from civil_complaints.improvements.notices import queue_done_notices
from core.clock import KST
from core.extensions import db
from organization.models import User


class StaleImprovement(Exception):
    """The improvement changed since the form was shown."""


class LinkRefused(Exception):
    """Receipt numbers that are unknown or not the user's to link."""

    def __init__(self, numbers: list[str]) -> None:
        super().__init__(", ".join(numbers))
        self.numbers = numbers


@dataclass
class ImprovementData:
    title: str
    problem: str
    department_id: int
    progress: int = 0
    decision: str = ""
    what_changed: str = ""
    changed_on: date | None = None
    receipt_numbers: list[str] | None = None


def check_version(improvement: Improvement, version: int | None) -> None:
    if version != improvement.version:
        raise StaleImprovement()


def facts_of(improvement: Improvement) -> ImprovementFacts:
    return ImprovementFacts(status=improvement.status_enum, decision=improvement.decision or "",
                            what_changed=improvement.what_changed or "", progress=improvement.progress,
                            open_milestones=sum(1 for m in improvement.milestones if m.done_on is None))


def _event(improvement: Improvement, action: str, *, actor: User, now: datetime, before: str | None = None,
           after: str | None = None, note: str | None = None) -> None:
    improvement.events.append(ImprovementEvent(at=now, action=action, actor_id=actor.id, before=before, after=after,
                                               note=(note or "")[:500] or None))
    improvement.updated_at = now


def create(actor: User, data: ImprovementData, *, now: datetime) -> Improvement:
    require_edit(actor, data.department_id)
    improvement = Improvement(title=data.title.strip(), problem=data.problem.strip(),
                              department_id=data.department_id, status=ImprovementStatus.PROPOSED.value,
                              progress=0, decision="", what_changed="", created_at=now, created_by_id=actor.id,
                              updated_at=now)
    db.session.add(improvement)
    _apply(actor, improvement, data, now=now)
    _event(improvement, "proposed", actor=actor, now=now, after=ImprovementStatus.PROPOSED.value)
    db.session.flush()
    return improvement


def update(actor: User, improvement: Improvement, data: ImprovementData, *, now: datetime) -> None:
    """Change the text, the owner (within what the user may edit), the progress and the linked 민원."""
    require_edit(actor, improvement.department_id)
    require_edit(actor, data.department_id)
    decide(ImprovementAction.EDIT, ImprovementFacts(status=improvement.status_enum, progress=data.progress))
    improvement.title, improvement.problem = data.title.strip(), data.problem.strip()
    improvement.department_id = data.department_id
    _apply(actor, improvement, data, now=now)
    _event(improvement, "edited", actor=actor, now=now)


def _apply(actor: User, improvement: Improvement, data: ImprovementData, *, now: datetime) -> None:
    improvement.progress = data.progress
    improvement.decision, improvement.what_changed = data.decision.strip(), data.what_changed.strip()
    improvement.changed_on = data.changed_on
    if data.receipt_numbers is not None:
        link(actor, improvement, data.receipt_numbers, now=now)


def link(actor: User, improvement: Improvement, receipt_numbers: list[str], *, now: datetime) -> None:
    """The 민원 that prompted it become exactly `receipt_numbers` (unknown ones, or ones the user may not read:
    LinkRefused, nothing changed)."""
    wanted = list(dict.fromkeys(n.strip().upper() for n in receipt_numbers if n.strip()))
    found = {c.receipt_no: c for c in db.session.scalars(select(Complaint).where(Complaint.receipt_no.in_(wanted)))}
    refused = [n for n in wanted if n not in found or not may_link(actor, found[n])]
    if refused:
        raise LinkRefused(refused)
    keep = {found[n].id for n in wanted}
    for row in list(improvement.links):
        if row.complaint_id not in keep:
            improvement.links.remove(row)
    present = {row.complaint_id for row in improvement.links}
    for number in wanted:
        if found[number].id not in present:
            improvement.links.append(ImprovementComplaint(complaint_id=found[number].id, linked_at=now))


def step(actor: User, improvement: Improvement, action: ImprovementAction, *, decision: str | None,
         what_changed: str | None, changed_on: date | None, now: datetime) -> int:
    """One move of the state machine; the texts given are saved with it. Returns the notices queued (finishing)."""
    require_edit(actor, improvement.department_id)
    if action is ImprovementAction.EDIT:
        raise ImprovementRefused("improvement_wrong_status", improvement.status_enum)
    if decision is not None and decision.strip():
        improvement.decision = decision.strip()
    if what_changed is not None and what_changed.strip():
        improvement.what_changed = what_changed.strip()
    if changed_on is not None:
        improvement.changed_on = changed_on
    before = improvement.status_enum
    after = decide(action, facts_of(improvement))
    improvement.status, improvement.progress = after.value, progress_after(action, improvement.progress)
    _event(improvement, action.value, actor=actor, now=now, before=before.value, after=after.value,
           note=decision if action is ImprovementAction.HOLD else None)
    if after is not ImprovementStatus.DONE:
        return 0
    improvement.finished_at = now
    improvement.changed_on = improvement.changed_on or now.astimezone(KST).date()
    db.session.flush()
    return queue_done_notices(improvement, now=now)


def add_milestone(actor: User, improvement: Improvement, *, title: str, due_on: date, now: datetime) -> None:
    require_edit(actor, improvement.department_id)
    decide(ImprovementAction.EDIT, facts_of(improvement))
    improvement.milestones.append(ImprovementMilestone(title=title.strip(), due_on=due_on))
    _event(improvement, "milestone_added", actor=actor, now=now, note=title)


def complete_milestone(actor: User, improvement: Improvement, milestone: ImprovementMilestone, *, done_on: date,
                       evidence: str, now: datetime) -> None:
    require_edit(actor, improvement.department_id)
    decide(ImprovementAction.EDIT, facts_of(improvement))
    milestone.done_on, milestone.evidence = done_on, evidence.strip() or None
    _event(improvement, "milestone_done", actor=actor, now=now, note=milestone.title)
