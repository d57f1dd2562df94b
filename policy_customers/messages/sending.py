"""The `policy-messages` job: queue the next batch of each message being sent, rate-limited and resumable.

Every minute at most POLICY_MESSAGES_PER_MINUTE deliveries move from `waiting` to `queued` (a mail in the outbox,
key `policy_message:<message>:<subscriber>`, so even a repeated batch never queues one twice) or `skipped` (the
subscriber is no longer confirmed, no longer consents to policy news, or dropped the fields: checked again here,
just before). A subscriber who left has no row any more (ON DELETE CASCADE). Each batch commits with its state, so
a crash loses nothing: the next run takes the rows still waiting. A message with none left is `sent`.

Each mail carries the one-click unsubscribe and manage links (notices.message_links, with the List-Unsubscribe
header) and, for a subscriber who also consents to survey requests, a one-time anonymous survey link
(surveys.services.invite).
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from core.extensions import db
from core.i18n import official_date
from notifications.services import enqueue
from policy_customers.domain import consent as rules
from policy_customers.messages.models import (
    QUEUED,
    SENDING,
    SENT,
    SKIPPED,
    WAITING,
    PolicyMessage,
    PolicyMessageDelivery,
)
from policy_customers.messages.services import field_codes
from policy_customers.models import PolicyCustomer, PolicyField
from policy_customers.notices import message_links
from policy_customers.queries import Recipient, recipients
from policy_customers.tokens import link
from surveys import services as surveys
from surveys.domain import answers as survey_rules
from surveys.models import Survey

TEMPLATE = "policy_message"


def send_policy_messages(*, now: datetime) -> dict:
    """Scheduled job: queue up to POLICY_MESSAGES_PER_MINUTE deliveries of the messages being sent."""
    budget = current_app.config["POLICY_MESSAGES_PER_MINUTE"]
    totals = {"news_queued": 0, "news_skipped": 0, "messages_finished": 0}
    messages = list(db.session.scalars(select(PolicyMessage).where(PolicyMessage.status == SENDING)
                                       .order_by(PolicyMessage.id)))
    for message in messages:
        if budget <= 0:
            break
        queued, skipped, finished = _batch(message, budget, now)
        budget -= queued + skipped
        totals["news_queued"] += queued
        totals["news_skipped"] += skipped
        totals["messages_finished"] += finished
        db.session.commit()
    return totals


def _survey_tokens(message: PolicyMessage, eligible: list[Recipient], codes: list[str],
                   now: datetime) -> dict[int, str]:
    """customer id -> a survey invitation token, for those who consent to survey requests (open survey only)."""
    if message.survey_id is None or not eligible:
        return {}
    survey = db.session.get(Survey, message.survey_id)
    if survey is None or not survey_rules.accepts(survey.status, survey.closes_at, now):
        return {}
    consenting = [r.customer_id for r in recipients(codes, rules.SURVEYS, now, [r.customer_id for r in eligible])]
    return dict(zip(consenting, surveys.invite(survey, len(consenting), now=now), strict=True))


def _batch(message: PolicyMessage, limit: int, now: datetime) -> tuple[int, int, int]:
    rows = list(db.session.scalars(select(PolicyMessageDelivery).where(
        PolicyMessageDelivery.message_id == message.id, PolicyMessageDelivery.status == WAITING)
        .order_by(PolicyMessageDelivery.id).limit(limit)))
    codes = field_codes(message)
    eligible = recipients(codes, rules.NEWS, now, [row.customer_id for row in rows]) if rows else []
    by_id = {r.customer_id: r for r in eligible}
    tokens = _survey_tokens(message, eligible, codes, now)
    survey = db.session.get(Survey, message.survey_id) if tokens else None
    fields = {f.code: f for f in db.session.scalars(select(PolicyField).where(PolicyField.code.in_(codes)))}
    queued = skipped = 0
    for row in rows:
        recipient = by_id.get(row.customer_id)
        row.done_at = now
        if recipient is None:
            row.status, skipped = SKIPPED, skipped + 1
            continue
        token = tokens.get(row.customer_id)
        _queue(message, recipient, fields, survey, token, now)
        row.status, row.with_survey, queued = QUEUED, token is not None, queued + 1
    db.session.flush()
    left = db.session.scalar(select(func.count()).select_from(PolicyMessageDelivery).where(
        PolicyMessageDelivery.message_id == message.id, PolicyMessageDelivery.status == WAITING))
    if not left:
        message.status, message.finished_at = SENT, now
    return queued, skipped, int(not left)


def _queue(message: PolicyMessage, recipient: Recipient, fields: dict[str, PolicyField], survey: Survey | None,
           token: str | None, now: datetime) -> None:
    config = current_app.config
    customer = db.session.get(PolicyCustomer, recipient.customer_id)
    links = message_links(customer, now)
    links.pop("_key")
    ko = recipient.language == "ko"
    chosen = sorted((fields[c] for c in recipient.field_codes if c in fields), key=lambda f: (f.position, f.id))
    payload = {"agency": config["AGENCY_NAME"] if ko else config["AGENCY_NAME_EN"], "name": recipient.name or "",
               "subject": message.subject, "body": message.body,
               "fields": [f.name_ko if ko else f.name_en for f in chosen],
               "survey_title": survey.title if token and survey else "",
               "survey_url": link("/surveys/answer/", token) if token else "",
               "survey_until": "", **links}
    if token and survey and survey.closes_at is not None:
        payload["survey_until"] = official_date(survey.last_day)
    enqueue(key=f"policy_message:{message.id}:{recipient.customer_id}", channel="email", recipient=recipient.email,
            template=TEMPLATE, language=recipient.language, payload=payload, now=now)
    customer.last_mailed_at = now
