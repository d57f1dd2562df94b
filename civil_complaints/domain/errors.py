"""Domain exceptions. Each carries a stable ``code``; the web layer maps codes to Korean messages."""

from __future__ import annotations

# The calendar's own errors live with the working calendar; they are named here too because 민원 callers catch them.
from working_calendar.domain.errors import (  # noqa: F401 (re-exported)
    CalendarRangeError,
    DomainError,
    InvalidCalendarError,
    NaiveDatetimeError,
    require_aware,
)


class InvalidPeriodError(DomainError):
    """A processing-period spec could not be parsed (e.g. ``"14x"``)."""

    code = "INVALID_PERIOD"


class InvalidPauseError(DomainError):
    """An excluded period (영 제20조) is malformed, e.g. its end is before its start."""

    code = "INVALID_PAUSE"


class ExtensionError(DomainError):
    """An extension (영 제21조) was refused. ``code`` tells why (see ``extensions.ExtensionErrorCode``)."""

    code = "EXTENSION_REFUSED"

