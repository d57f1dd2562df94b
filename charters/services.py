"""Use cases of the 고객헌장: draft, edit, approve, publish, discard. Services flush; callers commit once.

Every verb takes the acting user and `now`, checks the permission itself and refuses what the
charter rules forbid with a `CharterRuleError` whose code the web layer translates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from charters.domain.content import (
    ALL_SECTIONS,
    Measure,
    StandardRule,
    check_standard,
    completeness_problems,
)
from charters.domain.lifecycle import CharterRuleError, CharterStatus, check_discardable, check_editable
from charters.domain.lifecycle import check_transition as _check_transition
from charters.models import Charter, CharterChannel, CharterCompensation, CharterStandard
from charters.richtext import MAX_SOURCE_CHARS, render_markdown
from civil_complaints.complaint_models import ComplaintType
from core.extensions import db
from organization.domain.roles import Permission
from organization.models import User
from organization.services import require_permission


@dataclass
class StandardData:
    service_group: str
    service: str
    promise: str
    measure: str = Measure.DESCRIPTIVE.value
    complaint_type_id: int | None = None
    promise_spec: str | None = None
    target_percent: int | None = None


@dataclass
class CompensationData:
    condition: str
    form: str
    amount_won: int | None = None
    basis: str | None = None


@dataclass
class ChannelData:
    kind: str
    name: str
    value: str
    hours: str | None = None


@dataclass
class DraftData:
    title: str
    sections: dict[str, str] = field(default_factory=dict)  # Section value → Markdown source
    standards: list[StandardData] = field(default_factory=list)
    compensations: list[CompensationData] = field(default_factory=list)
    channels: list[ChannelData] = field(default_factory=list)


def current_charter() -> Charter | None:
    """The published version (공표된 현행 헌장), if any."""
    return db.session.scalar(select(Charter).where(Charter.slot == "current"))


def charter_in_force(at: datetime) -> tuple[Charter | None, bool]:
    """The version whose promises applied at `at` (published before it, not yet superseded), and False.

    Before the first publication there is none: then the first published version and True ("published after"),
    so a period before the charter can still be read against the first promises, said as such.
    """
    in_force = db.session.scalar(
        select(Charter).where(Charter.published_at.is_not(None), Charter.published_at <= at,
                              (Charter.superseded_at.is_(None)) | (Charter.superseded_at > at))
        .order_by(Charter.published_at.desc()).limit(1))
    if in_force is not None:
        return in_force, False
    first = db.session.scalar(select(Charter).where(Charter.published_at.is_not(None))
                              .order_by(Charter.published_at).limit(1))
    return first, first is not None


def working_charter() -> Charter | None:
    """The draft or approved version being prepared, if any."""
    return db.session.scalar(select(Charter).where(Charter.slot == "working"))


def create_draft(*, actor: User, now: datetime, title: str | None = None, copy_from: Charter | None = None) -> Charter:
    """A new draft, empty or copied from an existing version; refused while another draft is being prepared."""
    require_permission(actor, Permission.CHARTER_EDIT)
    if working_charter() is not None:
        raise CharterRuleError("working_version_exists")
    charter = Charter(status=CharterStatus.DRAFT.value, slot="working", created_at=now, created_by_id=actor.id,
                      updated_at=now, updated_by_id=actor.id, title=(title or "").strip()[:200])
    if copy_from is not None:
        _copy_content(copy_from, charter)
        charter.title = charter.title or copy_from.title
    db.session.add(charter)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # another request created a draft at the same moment (unique slot)
        raise CharterRuleError("working_version_exists") from None
    return charter


def _copy_content(source: Charter, target: Charter) -> None:
    target.based_on_id = source.id
    for section in ALL_SECTIONS:
        setattr(target, f"{section.value}_source", source.source(section.value))
        setattr(target, f"{section.value}_html", render_markdown(source.source(section.value)))
    target.standards = [CharterStandard(position=s.position, service_group=s.service_group, service=s.service,
                                        promise=s.promise, measure=s.measure, complaint_type_id=s.complaint_type_id,
                                        promise_spec=s.promise_spec, target_percent=s.target_percent)
                        for s in source.standards]
    target.compensations = [CharterCompensation(position=c.position, condition=c.condition, amount_won=c.amount_won,
                                                form=c.form, basis=c.basis) for c in source.compensations]
    target.channels = [CharterChannel(position=c.position, kind=c.kind, name=c.name, value=c.value, hours=c.hours)
                       for c in source.channels]


def check_draft_data(data: DraftData) -> list[CharterRuleError]:
    """Every rule problem of the submitted content at once (the form shows them all)."""
    problems: list[CharterRuleError] = []
    if not data.title.strip():
        problems.append(CharterRuleError("title_required", field="title"))
    for key, source in data.sections.items():
        if len(source or "") > MAX_SOURCE_CHARS:
            problems.append(CharterRuleError("section_too_long", field=key, limit=MAX_SOURCE_CHARS))
    types = {t.id: t for t in db.session.scalars(select(ComplaintType))}
    for index, standard in enumerate(data.standards):
        ctype = types.get(standard.complaint_type_id) if standard.complaint_type_id else None
        if standard.complaint_type_id and ctype is None:
            problems.append(CharterRuleError("type_unknown", field="complaint_type_id", index=index))
        rule = StandardRule(measure=Measure(standard.measure), has_type=ctype is not None,
                            type_period=ctype.period_spec if ctype else None,
                            promise_spec=standard.promise_spec or None, target_percent=standard.target_percent)
        for field_name, code in check_standard(rule):
            problems.append(CharterRuleError(code, field=field_name, index=index))
    return problems


def save_draft(charter: Charter, data: DraftData, *, actor: User, now: datetime,
               expected_row_version: int | None = None) -> Charter:
    """Replace a draft's content with `data` (all or nothing); refused for approved and published versions."""
    require_permission(actor, Permission.CHARTER_EDIT)
    check_editable(charter.status)
    if expected_row_version is not None and expected_row_version != charter.row_version:
        raise CharterRuleError("stale_draft")
    if problems := check_draft_data(data):
        raise problems[0]
    charter.title = data.title.strip()
    for section in ALL_SECTIONS:
        source = (data.sections.get(section.value) or "").replace("\r\n", "\n").strip()
        setattr(charter, f"{section.value}_source", source)
        setattr(charter, f"{section.value}_html", render_markdown(source))
    charter.standards = [CharterStandard(position=i + 1, service_group=s.service_group, service=s.service.strip(),
                                         promise=s.promise.strip(), measure=s.measure,
                                         complaint_type_id=s.complaint_type_id if s.measure != "descriptive" else None,
                                         promise_spec=(s.promise_spec or None) if s.measure == "deadline" else None,
                                         target_percent=s.target_percent)
                         for i, s in enumerate(data.standards)]
    charter.compensations = [CharterCompensation(position=i + 1, condition=c.condition.strip(), form=c.form.strip(),
                                                 amount_won=c.amount_won, basis=(c.basis or "").strip() or None)
                             for i, c in enumerate(data.compensations)]
    charter.channels = [CharterChannel(position=i + 1, kind=c.kind, name=c.name.strip(), value=c.value.strip(),
                                       hours=(c.hours or "").strip() or None) for i, c in enumerate(data.channels)]
    charter.updated_at, charter.updated_by_id = now, actor.id
    db.session.flush()
    return charter


def approval_problems(charter: Charter) -> list[str]:
    sections = {section.value: charter.source(section.value) for section in ALL_SECTIONS}
    return completeness_problems(sections, standards=len(charter.standards), compensations=len(charter.compensations),
                                 channels=len(charter.channels))


def approve_charter(charter: Charter, *, actor: User, now: datetime) -> Charter:
    """결재: an admin or department head approves a complete draft; its content is fixed from now on."""
    require_permission(actor, Permission.CHARTER_APPROVE)
    _check_transition(charter.status, CharterStatus.APPROVED)
    if problems := approval_problems(charter):
        raise CharterRuleError("incomplete", problems=problems)
    charter.status = CharterStatus.APPROVED.value
    charter.approved_at, charter.approved_by_id = now, actor.id
    db.session.flush()
    return charter


def discard_draft(charter: Charter, *, actor: User) -> None:
    """Throw a draft away (approved and published versions are records and stay)."""
    require_permission(actor, Permission.CHARTER_EDIT)
    check_discardable(charter.status)
    db.session.delete(charter)
    db.session.flush()


def next_version_no() -> int:
    return (db.session.scalar(select(func.max(Charter.version_no))) or 0) + 1
