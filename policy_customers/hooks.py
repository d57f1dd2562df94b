"""What this feature tells the shared packages (which import no feature): the words of its outbox templates and of
the counts its retention job reports, for the outbox and monitoring pages."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from notifications.labels import register_words

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
