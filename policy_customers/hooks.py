"""What this feature tells the shared packages (which import no feature): the words of its outbox templates and of
the counts its retention job reports, for the outbox and monitoring pages; and what it offers the 민원 filing form
(정책 소식 받기), which the app passes on (the two features never import each other)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

from notifications.labels import register_words
from policy_customers import services
from policy_customers.domain import consent as rules

OUTBOX_TEMPLATE_LABELS = {
    "policy_customer_confirm": _l("Policy news: confirm the subscription"),
    "policy_customer_welcome": _l("Policy news: subscription confirmed"),
    "policy_customer_manage": _l("Policy news: how to manage the subscription"),
    "policy_customer_renew": _l("Policy news: renewal reminder"),
    "policy_message": _l("Policy news: a message to subscribers"),
}
COUNT_LABELS = {
    "subscriptions_erased": _l("subscriptions erased"),
    "renewal_reminders": _l("renewal reminders queued"),
    "links_deleted": _l("expired links deleted"),
    "news_queued": _l("policy news mails queued"),
    "news_skipped": _l("subscribers skipped (no longer subscribed or consenting)"),
    "messages_finished": _l("policy news messages finished"),
}


def init_app(app: Flask) -> None:
    register_words(templates=OUTBOX_TEMPLATE_LABELS, counts=COUNT_LABELS)


def offered_fields(language: str) -> list[tuple[str, str]]:
    """The fields a person may choose, (code, name in `language`)."""
    return [(f.code, f.name_ko if language == "ko" else f.name_en) for f in services.active_fields()]


def subscribe_when_filing(*, email: str, field_codes: Iterable[str], surveys: bool, ip: str, language: str,
                          now: datetime) -> None:
    """A 민원인 opted in on the filing form: the same subscription as /subscribe's (a pending record and the
    confirmation mail; double opt-in), without a name (not asked for this purpose). Raises services.Refused."""
    purposes = {rules.NEWS} | ({rules.SURVEYS} if surveys else set())
    services.subscribe(email, name=None, field_codes=field_codes, purposes=purposes, ip=ip, language=language,
                       now=now)


def consent_terms() -> dict:
    """The arguments of the macros of CONSENT_TERMS_TEMPLATE."""
    return {"retention_days": current_app.config["POLICY_CUSTOMER_RETENTION_DAYS"],
            "token_days": current_app.config["POLICY_CUSTOMER_TOKEN_DAYS"]}


#: the consent texts of /subscribe (macros news_terms, surveys_terms), shown again on the filing form
CONSENT_TERMS_TEMPLATE = "policy_customers/consent_terms.html"
