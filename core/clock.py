"""The only place that reads the wall clock. Everything else takes `now` as an argument."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

KST = ZoneInfo("Asia/Seoul")

#: Tests that walk through the law's dated examples on the real pages set this (monkeypatch); never set otherwise.
frozen_at: datetime | None = None


def now_utc() -> datetime:
    """The current instant, aware, in UTC."""
    if frozen_at is not None:
        return frozen_at.astimezone(UTC)
    return datetime.now(UTC)


def to_kst(value: datetime) -> datetime:
    """An aware datetime shown in Asia/Seoul."""
    if value.tzinfo is None:
        raise ValueError("naive datetime; store and pass aware datetimes only")
    return value.astimezone(KST)


def today_kst(now: datetime):
    """The calendar day (KST) of an aware instant."""
    return now.astimezone(KST).date()
