"""Alerts about the running system for the monitoring page: today, the rate-limit storage (Redis) unreachable.

A worker that finds Redis unreachable keeps serving (it counts rate limits in its own memory,
`app.ratelimit_storage.FallbackCounters`) and records the episode here: a row when it starts, its last error at
every failed retry, and its end when Redis answers again. The rows are written by one background thread per
process, in order, on a connection of their own: the request that noticed is never held up (on SQLite it may
hold the database's only write lock) and never fails because of it.
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import threading
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import insert, or_, select, update

from core.clock import now_utc
from core.extensions import db
from notifications.monitoring_models import SystemAlert

RATE_LIMIT_STORAGE = "rate_limit_storage"
SHOWN_AFTER_END = timedelta(days=7)
#: an open episode not reported for this long (a failed retry reports at least every 30 s while requests come)
#: is shown as no longer reported: no requests since, or its process ended
QUIET_AFTER = timedelta(minutes=5)
EXTENSION = "policycrm.system_alerts"
log = logging.getLogger(__name__)
_LOCK = threading.Lock()


def source() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:160]


def record(kind: str, event: str, error: str | None, *, at: datetime, where: str) -> None:
    """Write one event of an episode (``down``, ``still_down``, ``up``) of `kind` seen by process `where`."""
    open_rows = (SystemAlert.kind == kind, SystemAlert.source == where, SystemAlert.resolved_at.is_(None))
    with db.engine.begin() as connection:
        if event == "up":
            connection.execute(update(SystemAlert).where(*open_rows).values(resolved_at=at, last_seen_at=at))
            return
        seen = connection.execute(update(SystemAlert).where(*open_rows)
                                  .values(last_seen_at=at, detail=error or "")).rowcount
        if not seen:
            connection.execute(insert(SystemAlert).values(kind=kind, source=where, detail=error or "",
                                                          started_at=at, last_seen_at=at))


def rate_limit_storage_changed(event: str, error: str | None) -> None:
    """`app.ratelimit.Limiter.on_storage_change` listener: queue the event for this app's writer thread."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _writer(app).put((RATE_LIMIT_STORAGE, event, error, now_utc(), source()))


def _writer(app: Flask) -> queue.Queue:
    with _LOCK:
        found = app.extensions.get(EXTENSION)
        if found is None:
            found = app.extensions[EXTENSION] = queue.Queue()
            threading.Thread(target=_write_forever, args=(app, found), name="system-alerts", daemon=True).start()
    return found


def _write_forever(app: Flask, events: queue.Queue) -> None:
    while True:
        kind, event, error, at, where = events.get()
        try:
            with app.app_context():
                record(kind, event, error, at=at, where=where)
        except Exception:  # noqa: BLE001 - e.g. the database is down too: the log still has it
            log.exception("could not record the %s alert (%s)", kind, event)
        finally:
            events.task_done()


def flush(app: Flask) -> None:
    """Wait until every event queued by `app` so far is written (tests, and a worker shutting down)."""
    found = app.extensions.get(EXTENSION)
    if found is not None:
        found.join()


def shown_alerts(now: datetime) -> list[SystemAlert]:
    """Open episodes, then those that ended in the last seven days; latest first."""
    return list(db.session.scalars(
        select(SystemAlert).where(or_(SystemAlert.resolved_at.is_(None),
                                      SystemAlert.resolved_at >= now - SHOWN_AFTER_END))
        .order_by(SystemAlert.resolved_at.is_not(None), SystemAlert.started_at.desc(), SystemAlert.id.desc())
        .limit(50)))
