"""What the outbox pages read (notifications/views.py): a page of messages, the templates in use, one message.

The monitoring page's reads (job statuses, recent runs, counts per status) are in admin_services.py.
"""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from notifications.models import OutboxMessage


def outbox_page(*, status: str | None, template: str | None, page: int,
                page_size: int) -> tuple[list[OutboxMessage], bool]:
    """(the `page`-th page of `page_size` messages, newest first, of this status and template (None: any),
    whether a next page exists): one query, one row past the page."""
    query = select(OutboxMessage)
    if status:
        query = query.where(OutboxMessage.status == status)
    if template:
        query = query.where(OutboxMessage.template == template)
    rows = db.session.scalars(query.order_by(OutboxMessage.id.desc()).offset((page - 1) * page_size)
                              .limit(page_size + 1)).all()
    return rows[:page_size], len(rows) > page_size


def outbox_templates() -> list[str]:
    """Every template code a message in the outbox has, in order (the filter's choices)."""
    return list(db.session.scalars(select(OutboxMessage.template).distinct().order_by(OutboxMessage.template)))


def message_by_id(message_id: int) -> OutboxMessage | None:
    """The message with this id, or None."""
    return db.session.get(OutboxMessage, message_id)
