"""The case register's rows, one tuple per database row, in constant memory.

`RegisterRows` holds what every row needs (translated labels, types, departments, the calendar, `now`), built
once; `rows(result)` turns the streamed result of `register_query.register_select` into the document's rows.
A row of that result, by position: 0 receipt_no, 1 channel, 2 type_id, 3 kind, 4 department_id, 5 the assignee's
name, 6 complainant_name, 7 received_at, 8 due_at, 9 due_date, 10 period_spec, 11 status, 12 finished_at,
13 facts' unit, 14 facts' late_by, 15 extensions, 16 transfers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from civil_complaints.domain.late_by import DAYS, HOURS, late_by
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import OPEN_STATUSES, RUNNING_STATUSES
from core.masking import mask_name
from working_calendar.domain.worktime import WorkCalendar

OPEN = frozenset(s.value for s in OPEN_STATUSES)
RUNNING = frozenset(s.value for s in RUNNING_STATUSES)
#: the on-time column's values (keys of `RegisterRows.timing`)
ON_TIME, LATE, IN_PROGRESS, OVERDUE = "on_time", "late", "in_progress", "overdue"


@dataclass
class RegisterRows:
    #: {code: translated label} for channels, kinds, statuses and the on-time values
    channels: dict[str, str]
    kinds: dict[str, str]
    statuses: dict[str, str]
    timing: dict[str, str]
    #: {id: name in the report's language}
    types: dict[int, str]
    departments: dict[int, str]
    calendar: WorkCalendar
    now: datetime
    unmasked: bool = False
    _units: dict[str, str] = field(default_factory=dict)

    def unit(self, period_spec: str) -> str:
        """hours for periods counted in working hours (법 제19조①), days otherwise."""
        found = self._units.get(period_spec)
        if found is None:
            try:
                hourly = ProcessingPeriod.parse(period_spec).is_hour_based
            except ValueError:
                hourly = False
            found = self._units[period_spec] = HOURS if hourly else DAYS
        return found

    def rows(self, result: Iterable[Sequence]) -> Iterator[tuple]:
        row = self.row
        for record in result:
            yield row(record)

    def row(self, r: Sequence) -> tuple:
        timing, hours, days = self.late_cells(r)
        name = r[6] if self.unmasked else mask_name(r[6])
        return (r[0], self.channels.get(r[1], r[1]), self.types.get(r[2], ""), self.kinds.get(r[3], r[3]),
                self.departments.get(r[4], ""), r[5] or "", name, r[7], r[8], r[12],
                self.timing[timing] if timing else "", hours, days, r[15], r[16], self.statuses.get(r[11], r[11]))

    def late_cells(self, r: Sequence) -> tuple[str | None, float | int | None, float | int | None]:
        """(on-time value, late by in hours, late by in days) of a row (the COPY path asks for these too)."""
        timing, late = self._timing(r, r[11], r[12])
        unit = r[13] or self.unit(r[10])
        return timing, late if unit == HOURS else None, late if unit == DAYS else None

    def _timing(self, r: Sequence, status: str, finished_at: datetime | None) -> tuple[str | None, float | None]:
        """(on-time value, late by) of a row; late by comes from the processing facts when they exist."""
        if status not in OPEN:
            if finished_at is None:
                return None, None
            if r[14] is not None:
                return (LATE if finished_at > r[8] else ON_TIME), r[14]
            if finished_at <= r[8]:
                return ON_TIME, 0
            return LATE, late_by(self.unit(r[10]), r[8], r[9], finished_at, self.calendar)
        if status in RUNNING and self.now > r[8]:
            return OVERDUE, late_by(self.unit(r[10]), r[8], r[9], self.now, self.calendar)
        return IN_PROGRESS, None

