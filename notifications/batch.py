"""Many outbox rows in one go: the jobs queue thousands of messages per run, so they are collected and written
by ``notifications.services.enqueue_many`` (one existence check per chunk, one multi-row INSERT) instead of a
query and a flush per message. Same rules as ``enqueue``: no row without a recipient, never two rows with one
key, a missing template fails at once, the payload is stored as JSON (rendered at delivery time).
"""

from __future__ import annotations

from datetime import datetime

from notifications.services import enqueue_many


class OutboxBatch:
    def __init__(self) -> None:
        self._messages: dict[str, dict] = {}
        self._now: datetime | None = None

    def add(self, *, key: str, channel: str, recipient: str, template: str, language: str, payload: dict,
            now: datetime, attachment: str | None = None) -> bool:
        """Collect one message; False when there is no recipient or the key is already in this batch."""
        if not recipient or key in self._messages:
            return False
        self._messages[key] = {"key": key, "channel": channel, "recipient": recipient, "template": template,
                               "language": language, "payload": payload, "attachment": attachment}
        self._now = now
        return True

    def flush(self) -> int:
        """Write the messages whose key is not in the outbox yet; returns how many were written."""
        if not self._messages:
            return 0
        written = enqueue_many(list(self._messages.values()), now=self._now)
        self._messages.clear()
        return written
