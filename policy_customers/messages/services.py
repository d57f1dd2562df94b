"""Policy news (정책 소식): staff write a message for fields, optionally attach an open survey, and send it.

Sending lists the recipients at once — every confirmed subscriber of the message's fields who consents to policy
news (policy_customers.queries.recipients) — as one `waiting` delivery row each (unique per message and subscriber);
the `policy-messages` job (sending.py) then queues them in the outbox a batch a minute, checking each again.

Who gets the survey link: the message goes to those who consent to policy news (purpose "news", whose notice
covers "notices of opinion surveys"); the personal survey link (an anonymous one-time invitation) goes only to
those of them who also consent to survey requests (purpose "surveys"). The others get the news without the link.
Callers commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select

from core.extensions import db
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import User
from policy_customers.domain import consent as rules
from policy_customers.messages.models import (
    DRAFT,
    SENDING,
    SENT,
    WAITING,
    PolicyMessage,
    PolicyMessageDelivery,
    PolicyMessageField,
)
from policy_customers.models import PolicyField
from policy_customers.queries import recipients
from surveys.access import can_read as can_read_survey
from surveys.domain import answers as survey_rules
from surveys.models import Survey


class MessageRefused(Exception):
    """`code`: "not_draft", "fields", "survey_closed", "survey"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class MessageData:
    subject: str
    body: str
    field_codes: Sequence[str]
    department_id: int
    survey_id: int | None = None


def can_edit(user: User | None, department_id: int | None) -> bool:
    if user is None or not user.is_active or not user.can(Permission.POLICY_MESSAGES_SEND):
        return False
    return user.can(Permission.SURVEYS_MANAGE_ALL) or department_id == user.department_id


def _require_edit(user: User, department_id: int) -> None:
    if not can_edit(user, department_id):
        raise PermissionDenied(Permission.POLICY_MESSAGES_SEND.value)


def _fields(codes: Sequence[str]) -> list[PolicyField]:
    wanted = set(codes)
    chosen = list(db.session.scalars(select(PolicyField).where(PolicyField.code.in_(wanted), PolicyField.is_active)))
    if not chosen or len(chosen) != len(wanted):
        raise MessageRefused("fields")
    return chosen


def _survey(actor: User, survey_id: int | None, now: datetime) -> int | None:
    if survey_id is None:
        return None
    survey = db.session.get(Survey, survey_id)
    if survey is None or not can_read_survey(actor, survey):
        raise MessageRefused("survey")
    if not survey_rules.accepts(survey.status, survey.closes_at, now):
        raise MessageRefused("survey_closed")
    return survey.id


def _apply(actor: User, message: PolicyMessage, data: MessageData, now: datetime) -> None:
    chosen = _fields(data.field_codes)
    message.subject = " ".join(data.subject.split())
    message.body = data.body.strip()
    message.department_id = data.department_id
    message.survey_id = _survey(actor, data.survey_id, now)
    message.updated_at = now
    message.field_links.clear()
    db.session.flush()
    message.field_links.extend(PolicyMessageField(field_id=f.id) for f in chosen)
    db.session.flush()


def create(actor: User, data: MessageData, *, now: datetime) -> PolicyMessage:
    _require_edit(actor, data.department_id)
    message = PolicyMessage(status=DRAFT, created_by_id=actor.id, created_at=now, updated_at=now, subject="", body="",
                            department_id=data.department_id)
    db.session.add(message)
    _apply(actor, message, data, now)
    return message


def update(actor: User, message: PolicyMessage, data: MessageData, *, now: datetime) -> None:
    _require_edit(actor, message.department_id)
    _require_edit(actor, data.department_id)
    if message.status != DRAFT:
        raise MessageRefused("not_draft")
    _apply(actor, message, data, now)


def field_codes(message: PolicyMessage) -> list[str]:
    ids = [link.field_id for link in message.field_links]
    return list(db.session.scalars(select(PolicyField.code).where(PolicyField.id.in_(ids)).order_by(PolicyField.id)))


def start_sending(actor: User, message: PolicyMessage, *, now: datetime) -> int:
    """List the recipients (one waiting row each) and hand the message to the sending job; returns how many."""
    _require_edit(actor, message.department_id)
    if message.status != DRAFT:
        raise MessageRefused("not_draft")
    if message.survey_id is not None:
        _survey(actor, message.survey_id, now)
    found = recipients(field_codes(message), rules.NEWS, now)
    if found:
        db.session.execute(insert(PolicyMessageDelivery), [
            {"message_id": message.id, "customer_id": r.customer_id, "status": WAITING, "with_survey": False}
            for r in found])
    message.status = SENDING if found else SENT
    message.send_started_at, message.sent_by_id, message.updated_at = now, actor.id, now
    if not found:
        message.finished_at = now
    return len(found)
