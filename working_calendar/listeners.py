"""Who follows the holiday calendar: callbacks run after a saved change, in the same transaction.

The holiday page belongs to the 민원 package (civil_complaints/holidays/); other features keep dues on the same
calendar (internal requests' OLA clocks) and must move them with the change, yet the two features never import
each other. So a feature's callback is registered here when the app is assembled (app/__init__.py:_link_features),
and the code that saves a change calls `calendar_changed`, which runs every callback before the caller commits:
the change and every moved due are committed together, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Flask, current_app

from working_calendar.domain.worktime import WorkCalendar

EXTENSION = "policycrm.working_calendar.listeners"


def register_after_change(app: Flask, name: str, callback: Callable[[WorkCalendar, datetime], int]) -> None:
    """`callback(calendar, now)` runs after every saved holiday change (it flushes, never commits) and returns how
    many of its records moved."""
    app.extensions.setdefault(EXTENSION, {})[name] = callback


def calendar_changed(calendar: WorkCalendar, *, now: datetime) -> dict[str, int]:
    """Run every registered callback on the changed `calendar`; {name: how many moved}."""
    return {name: callback(calendar, now) for name, callback in current_app.extensions.get(EXTENSION, {}).items()}
