"""Turn holiday data (the JSON snapshot ``working_calendar/data/holidays_kr.json`` or DB rows) into a WorkCalendar.

Pure: callers read the file or query the table and pass plain data in (style.md rule 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from working_calendar.domain.errors import InvalidCalendarError
from working_calendar.domain.worktime import WorkCalendar

KINDS = frozenset({"national", "substitute", "temporary", "election"})


def parse_entries(entries: Iterable[Mapping[str, str]]) -> dict[date, str]:
    """``[{"date": "2026-05-01", "name": "노동절", "kind": "national"}, ...]`` → ``{date: name}``."""
    out: dict[date, str] = {}
    for entry in entries:
        try:
            day = date.fromisoformat(entry["date"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidCalendarError(f"bad holiday entry {entry!r}") from exc
        if entry.get("kind", "national") not in KINDS:
            raise InvalidCalendarError(f"unknown holiday kind in {entry!r}; expected one of {sorted(KINDS)}")
        out[day] = entry.get("name") or ""
    return out


def calendar_from_snapshot(data: Mapping[str, object], **options: object) -> WorkCalendar:
    """A WorkCalendar from the parsed snapshot JSON; ``revision`` defaults to its generator and date."""
    options.setdefault("revision", f"snapshot:{data.get('taken_on')}:{data.get('generator')}")
    return WorkCalendar(parse_entries(data["entries"]), **options)  # type: ignore[arg-type]
