"""The periodic satisfaction survey of finished 민원 (ISO 10004), as pure rules: which round a 민원 belongs to,
whether it is in the round's sample, when it may be invited, and the score of the overall question.

* A **round** is the calendar month (or quarter, configurable) in which the 민원 was answered, in Asia/Seoul:
  "2026-12" or "2026-Q4".
* The **sample** is deterministic: a 민원 is in it when the SHA-256 of "<round>:<receipt number>", read as a
  fraction of 1, is below the sample rate. The same 민원 is in or out of the sample whoever computes it and
  however often; about `rate` of each round is in.
* A sampled 민원 is invited once it was answered at least `delay_days` ago, and at most `delay_days` +
  CATCH_UP_DAYS ago (a job stopped for a while catches up, a 민원 answered long ago is never asked).
* The overall question's answer is scored by its choice's position: the first of n choices scores n (5: "very
  satisfied"), the last 1.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

ROUND_KINDS = ("month", "quarter")
#: how long after the delay a sampled 민원 may still be invited
CATCH_UP_DAYS = 30


def round_of(day: date, kind: str = "month") -> str:
    """The round of a 민원 answered on `day` (Asia/Seoul)."""
    if kind == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind != "month":
        raise ValueError(f"unknown round kind {kind!r}: one of {ROUND_KINDS}")
    return f"{day.year}-{day.month:02d}"


def sample_point(receipt_no: str, round_name: str) -> float:
    """A fraction in [0, 1) fixed by the receipt number and the round."""
    digest = hashlib.sha256(f"{round_name}:{receipt_no}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def in_sample(receipt_no: str, round_name: str, rate: float) -> bool:
    if not 0 <= rate <= 1:
        raise ValueError("the sample rate is a fraction between 0 and 1")
    return sample_point(receipt_no, round_name) < rate


def answered_window(now: datetime, delay_days: int) -> tuple[datetime, datetime]:
    """(earliest, latest) answer time of the 민원 that may be invited at `now` (earliest exclusive)."""
    latest = now - timedelta(days=delay_days)
    return latest - timedelta(days=CATCH_UP_DAYS), latest


def score(position: int, choices: int) -> int:
    """The score (choices … 1) of the choice at `position` (1-based) of the overall question."""
    if not 1 <= position <= choices:
        raise ValueError("position out of range")
    return choices + 1 - position
