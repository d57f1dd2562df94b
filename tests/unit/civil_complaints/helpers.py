"""Shared test helpers: calendars built from the committed holiday snapshot (stdlib only)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from working_calendar.domain.holiday_data import calendar_from_snapshot
from working_calendar.domain.worktime import KST, WorkCalendar

SNAPSHOT = Path(__file__).resolve().parents[3] / "working_calendar" / "data" / "holidays_kr.json"


def load_snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


KR_CALENDAR: WorkCalendar = calendar_from_snapshot(load_snapshot())


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=KST)
