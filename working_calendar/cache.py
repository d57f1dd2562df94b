"""The working calendar as each worker keeps it: built once per cache token and reused until the token changes.

Database triggers change the token (`core.cache_revisions`, migration 0009) in every transaction that writes the
holiday table, so every worker sees an administrator's change on its next request, and the writing transaction at
once. A feature that already read the token for its own cache passes it to `calendar_for` (the 민원 catalog does),
so a request reads the token once.
"""

from __future__ import annotations

import threading
import weakref

from flask import current_app

from core.cache_revisions import token_now
from core.extensions import db
from working_calendar.domain.worktime import WorkCalendar
from working_calendar.source import build_calendar

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → (token, {blocks: WorkCalendar})
_LOCK = threading.Lock()


def calendar_for(token: str | None, blocks: str) -> WorkCalendar:
    """The calendar with working `blocks` as of cache `token` (None: no token yet, so built and not kept)."""
    if token is None:
        return build_calendar(blocks)
    entry = _CACHE.get(db.engine)
    if entry is None or entry[0] != token:
        entry = (token, {})
        with _LOCK:
            _CACHE[db.engine] = entry
    found = entry[1].get(blocks)
    if found is None:
        found = entry[1][blocks] = build_calendar(blocks)
    return found


def load_calendar(blocks: str | None = None) -> WorkCalendar:
    """The agency's current calendar: active holidays, closures, working blocks, and a revision label.

    The revision is a digest of the active days, so every stored deadline can say which calendar it used (D13).
    """
    return calendar_for(token_now(), blocks or current_app.config["WORKING_BLOCKS"])
