"""Held interface: `civil_complaints.domain.worktime.WorkCalendar` and its arithmetic, for outside callers.

The working calendar is its own package now (`working_calendar.domain.worktime`); this module only names it here.
"""

from working_calendar.domain.worktime import (  # noqa: F401 (re-exported)
    KST,
    US_PER_HOUR,
    SkipReason,
    WorkCalendar,
    add_working_hours,
    is_working_day,
    next_working_day,
    working_hours_between,
)
