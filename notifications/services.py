"""Queue notifications (delivery is a separate job). Callers commit, so a message exists only if its
action was committed too."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy import insert, select

from core.extensions import db
from notifications.models import OutboxMessage

TEMPLATES = Path(__file__).resolve().parent / "templates" / "notifications"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape([]), undefined=StrictUndefined,
                   keep_trailing_newline=True)


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a notification payload")


def enqueue(*, key: str, channel: str, recipient: str, template: str, language: str, payload: dict,
            now: datetime) -> OutboxMessage | None:
    """Add a message unless one with the same idempotency key exists; returns the new row or None."""
    if not recipient:
        return None
    existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    if existing is not None:
        return None
    (TEMPLATES / f"{template}.{language}.txt").stat()  # fail now, not at delivery, on a missing template
    message = OutboxMessage(idempotency_key=key, channel=channel, recipient=recipient, template=template,
                            language=language, payload=json.dumps(payload, ensure_ascii=False,
                                                                  default=_json_default),
                            created_at=now, next_attempt_at=now)
    db.session.add(message)
    db.session.flush()
    return message


def enqueue_new(*, key: str, channel: str, recipient: str, template: str, language: str, payload: dict,
                now: datetime) -> None:
    """Like ``enqueue`` for a key that cannot exist yet because it holds a number drawn in this transaction
    (e.g. ``received:<receipt number>``): one plain INSERT, no lookup. The unique key still refuses a duplicate."""
    row = new_outbox_row(key=key, channel=channel, recipient=recipient, template=template, language=language,
                         payload=payload, now=now)
    if row is not None:
        db.session.connection().execute(_INSERT_OUTBOX, row)


def new_outbox_row(*, key: str, channel: str, recipient: str, template: str, language: str, payload: dict,
                   now: datetime) -> dict | None:
    """The columns of a new pending outbox row (None without a recipient), for callers that insert it."""
    if not recipient:
        return None
    _check_template(template, language)
    return {"idempotency_key": key, "channel": channel, "recipient": recipient, "template": template,
            "language": language, "payload": json.dumps(payload, ensure_ascii=False, default=_json_default),
            "status": "pending", "attempts": 0, "created_at": now, "next_attempt_at": now}


_INSERT_OUTBOX = insert(OutboxMessage.__table__)
_TEMPLATES_SEEN: set[tuple[str, str]] = set()


def _check_template(template: str, language: str) -> None:
    """Fail now, not at delivery, on a missing template (checked once per process: templates ship with the code)."""
    if (template, language) not in _TEMPLATES_SEEN:
        (TEMPLATES / f"{template}.{language}.txt").stat()
        _TEMPLATES_SEEN.add((template, language))


def render(message: OutboxMessage) -> tuple[str, str]:
    """(subject, body) of a queued message. The template's first line is the subject. Templates also see
    ``sent_as``, the message's channel ("email" or "sms": a text message without a short variant is the whole
    mail, see `delivery.render_sms`), so a line only a mail may say is written ``{% if sent_as == "email" %}``
    (a payload's own ``channel`` is something else, e.g. how a 민원 arrived)."""
    text = _env.get_template(f"{message.template}.{message.language}.txt").render(
        {**json.loads(message.payload), "sent_as": message.channel})
    subject, _, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


_KEY_CHUNK = 1000


def enqueue_many(messages: list[dict], *, now: datetime) -> int:
    """Like ``enqueue`` for many messages at once (one lookup of existing keys, one bulk insert); each dict has
    the keyword arguments of ``enqueue`` except ``now``. Returns how many rows were added."""
    wanted = {m["key"]: m for m in messages if m.get("recipient")}
    if not wanted:
        return 0
    keys = list(wanted)
    existing: set[str] = set()
    for start in range(0, len(keys), _KEY_CHUNK):  # bounded IN lists (SQLite's parameter limit)
        existing.update(db.session.scalars(select(OutboxMessage.idempotency_key)
                                           .where(OutboxMessage.idempotency_key.in_(keys[start:start + _KEY_CHUNK]))))
    for template, language in {(m["template"], m["language"]) for m in wanted.values()}:
        (TEMPLATES / f"{template}.{language}.txt").stat()
    rows = [{"idempotency_key": key, "channel": m["channel"], "recipient": m["recipient"], "template": m["template"],
             "language": m["language"], "payload": json.dumps(m["payload"], ensure_ascii=False, default=_json_default),
             "status": "pending", "attempts": 0, "created_at": now, "next_attempt_at": now,
             "attachment": m.get("attachment")}
            for key, m in wanted.items() if key not in existing]
    if rows:
        db.session.execute(insert(OutboxMessage), rows)
    return len(rows)
