"""Fixtures for the pure deadline engine (no Flask app, no database)."""

from __future__ import annotations

import pytest

from working_calendar.domain.worktime import WorkCalendar

from .helpers import KR_CALENDAR, load_snapshot


@pytest.fixture(scope="session")
def snapshot() -> dict:
    return load_snapshot()


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return KR_CALENDAR
