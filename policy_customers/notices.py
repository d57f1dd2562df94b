"""Mails to subscribers, queued in the outbox: the confirmation (double opt-in), the welcome with the links to
manage the subscription, the "manage your subscription" mail to a confirmed address that subscribed again, and the
renewal reminder. Every one of them carries the one-click unsubscribe link and the manage link (`message_links`),
and the `list_unsubscribe` payload entry that notifications/mail.py turns into the List-Unsubscribe headers
(RFC 2369, one-click RFC 8058). Policy news and surveys built on this registry put `message_links` in theirs too.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from core.i18n import official_date
from notifications.services import enqueue
from policy_customers import tokens
from policy_customers.models import PolicyCustomer, PolicyField

TEMPLATES = ("policy_customer_confirm", "policy_customer_welcome", "policy_customer_manage",
             "policy_customer_renew")


def message_links(customer: PolicyCustomer, now: datetime) -> dict:
    """A fresh manage token for one message: the manage page, the one-click leave page and the header value."""
    token = tokens.issue(customer, tokens.MANAGE, now)
    leave = tokens.link("/subscribe/leave/", token)
    return {"manage_url": tokens.link("/subscribe/manage/", token), "leave_url": leave,
            "renew_url": tokens.link("/subscribe/renew/", token), "list_unsubscribe": leave,
            "_key": tokens.token_hash(token)[:16]}


def _field_names(customer: PolicyCustomer, fields: dict[int, PolicyField]) -> list[str]:
    chosen = [fields[link.field_id] for link in customer.field_links if link.field_id in fields]
    chosen.sort(key=lambda f: (f.position, f.id))
    return [f.name_ko if customer.language == "ko" else f.name_en for f in chosen]


def _queue(customer: PolicyCustomer, template: str, now: datetime, fields: dict[int, PolicyField],
           extra: dict | None = None) -> None:
    config = current_app.config
    links = message_links(customer, now)
    key = links.pop("_key")
    payload = {"agency": config["AGENCY_NAME"] if customer.language == "ko" else config["AGENCY_NAME_EN"],
               "name": customer.name or "", "fields": _field_names(customer, fields),
               "until": official_date(customer.retention_until) if customer.retention_until else "",
               **links, **(extra or {})}
    enqueue(key=f"{template}:{customer.id}:{key}", channel="email", recipient=customer.email, template=template,
            language=customer.language, payload=payload, now=now)
    customer.last_mailed_at = now


def send_confirmation(customer: PolicyCustomer, now: datetime, fields: dict[int, PolicyField]) -> None:
    token = tokens.issue(customer, tokens.CONFIRM, now)
    _queue(customer, "policy_customer_confirm", now, fields,
           {"confirm_url": tokens.link("/subscribe/confirm/", token),
            "days": current_app.config["POLICY_CUSTOMER_TOKEN_DAYS"]})


def send_welcome(customer: PolicyCustomer, now: datetime, fields: dict[int, PolicyField]) -> None:
    _queue(customer, "policy_customer_welcome", now, fields)


def send_manage(customer: PolicyCustomer, now: datetime, fields: dict[int, PolicyField]) -> None:
    _queue(customer, "policy_customer_manage", now, fields)


def send_renewal_reminder(customer: PolicyCustomer, now: datetime, fields: dict[int, PolicyField]) -> None:
    _queue(customer, "policy_customer_renew", now, fields)
