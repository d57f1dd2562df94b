"""Shared test helpers: calendars built from the committed holiday snapshot (stdlib only)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from civil_complaints.domain.holiday_data import calendar_from_snapshot
from civil_complaints.domain.worktime import KST, WorkCalendar

SNAPSHOT = Path(__file__).resolve().parents[3] / "civil_complaints" / "data" / "holidays_kr.json"


def load_snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


KR_CALENDAR: WorkCalendar = calendar_from_snapshot(load_snapshot())


def kst(*args: int) -> datetime:
    return datetime(*args, tzinfo=KST)
