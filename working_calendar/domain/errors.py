"""Errors of the working calendar. Each carries a stable ``code``; the web layer maps codes to messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(ValueError):
    """Base class: a rule of the domain was violated. ``code`` is stable, ``params`` machine-readable."""

    code = "DOMAIN_ERROR"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params: Mapping[str, Any] = params


class NaiveDatetimeError(DomainError):
    """A datetime without timezone was given; the domain only accepts aware instants (style.md rule 9)."""

    code = "NAIVE_DATETIME"


class InvalidCalendarError(DomainError):
    """A WorkCalendar was configured with invalid working blocks, timezone or holidays."""

    code = "INVALID_CALENDAR"


class CalendarRangeError(DomainError):
    """A computation ran outside the supported date range."""

    code = "CALENDAR_RANGE"


def require_aware(value: object, name: str) -> None:
    """Raise NaiveDatetimeError unless ``value`` is a timezone-aware datetime."""
    utcoffset = getattr(value, "utcoffset", None)
    if utcoffset is None or not callable(utcoffset) or not hasattr(value, "hour"):
        raise NaiveDatetimeError(f"{name} must be a timezone-aware datetime, got {value!r}", argument=name)
    if utcoffset() is None:
        raise NaiveDatetimeError(
            f"{name} must be timezone-aware (e.g. datetime(..., tzinfo=ZoneInfo('Asia/Seoul'))), got naive {value!r}",
            argument=name,
        )
