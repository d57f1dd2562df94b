"""Processing periods (처리기간) and how each is counted (법 제19조, 영 제19조).

Spec strings are the stored form: ``"즉시"``, ``"3h"``, ``"5d"``, ``"14d"``, ``"2w"``, ``"1m"``, ``"1y"``;
``str(ProcessingPeriod.parse(spec)) == spec`` for every canonical spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from civil_complaints.domain.errors import InvalidPeriodError

IMMEDIATE_SPEC = "즉시"
IMMEDIATE_HOURS = 3  # 영 제19조: 즉시 = 3근무시간
HOURS_PER_DAY = 8  # 법 제19조①: 1일은 8시간의 근무시간
HOUR_MODE_MAX_DAYS = 5  # 법 제19조①: 5일 이하 → 시간 단위; 6일 이상 → 일 단위 (②)
_SPEC = re.compile(r"([1-9][0-9]*)([hdwmy])")
_MAX_AMOUNT = {"h": 10_000, "d": 3_660, "w": 530, "m": 120, "y": 10}


class Unit(StrEnum):
    HOUR = "h"
    DAY = "d"
    WEEK = "w"
    MONTH = "m"
    YEAR = "y"


class CountingMode(StrEnum):
    """How a period is counted."""

    WORKING_HOURS = "WORKING_HOURS"  # 법 제19조① (≤ 5일, 즉시, N근무시간): exact instant (D3)
    WORKING_DAYS = "WORKING_DAYS"  # 법 제19조② (≥ 6일): first day counted, Sat/공휴일 skipped (D4)
    CALENDAR = "CALENDAR"  # 법 제19조③ (주·월·연): 민법 제159조–제161조, first day counted


@dataclass(frozen=True, slots=True)
class ProcessingPeriod:
    """A 처리기간: ``amount`` of ``unit``; ``immediate`` marks 즉시 (3 working hours, 영 제19조)."""

    unit: Unit
    amount: int
    immediate: bool = False
    mode: CountingMode = field(init=False, repr=False, compare=False)
    working_hours: int | None = field(init=False, repr=False, compare=False)
    """Working hours of an hour-based period (N일 ≤ 5 → N × 8, 법 제19조①); ``None`` otherwise."""

    def __post_init__(self) -> None:
        if not isinstance(self.unit, Unit):
            raise InvalidPeriodError(f"unit must be a Unit, got {self.unit!r}")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise InvalidPeriodError(f"amount must be a positive integer, got {self.amount!r}")
        if self.amount > _MAX_AMOUNT[self.unit.value]:
            raise InvalidPeriodError(f"{self.amount}{self.unit.value} is longer than this engine supports")
        if self.immediate and (self.unit is not Unit.HOUR or self.amount != IMMEDIATE_HOURS):
            raise InvalidPeriodError("즉시 is exactly 3 working hours (영 제19조)")
        hour_based = self.unit is Unit.HOUR or (self.unit is Unit.DAY and self.amount <= HOUR_MODE_MAX_DAYS)
        if hour_based:
            mode, hours = CountingMode.WORKING_HOURS, self.amount * (1 if self.unit is Unit.HOUR else HOURS_PER_DAY)
        else:
            mode, hours = (CountingMode.WORKING_DAYS if self.unit is Unit.DAY else CountingMode.CALENDAR), None
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "working_hours", hours)

    @classmethod
    def parse(cls, spec: str | ProcessingPeriod) -> ProcessingPeriod:
        """Parse ``"즉시"`` or ``"<N><h|d|w|m|y>"`` (N ≥ 1); raise InvalidPeriodError otherwise."""
        if isinstance(spec, ProcessingPeriod):
            return spec
        if not isinstance(spec, str):
            raise InvalidPeriodError(f"period spec must be a string, got {spec!r}", spec=repr(spec))
        return _parse(spec.strip())

    @classmethod
    def hours(cls, amount: int) -> ProcessingPeriod:
        return cls(Unit.HOUR, amount)

    @classmethod
    def days(cls, amount: int) -> ProcessingPeriod:
        return cls(Unit.DAY, amount)

    def __str__(self) -> str:
        return IMMEDIATE_SPEC if self.immediate else f"{self.amount}{self.unit.value}"

    @property
    def spec(self) -> str:
        return str(self)

    @property
    def is_hour_based(self) -> bool:
        """True for 즉시, N근무시간 and 1–5일 (법 제19조①)."""
        return self.mode is CountingMode.WORKING_HOURS

    @property
    def months(self) -> int:
        """Calendar months of a week/month/year period (0 for weeks)."""
        return {Unit.MONTH: self.amount, Unit.YEAR: 12 * self.amount}.get(self.unit, 0)


IMMEDIATE = ProcessingPeriod(Unit.HOUR, IMMEDIATE_HOURS, immediate=True)


@lru_cache(maxsize=512)
def _parse(spec: str) -> ProcessingPeriod:
    if spec == IMMEDIATE_SPEC:
        return IMMEDIATE
    match = _SPEC.fullmatch(spec)
    if match is None:
        raise InvalidPeriodError(
            f"invalid processing period {spec!r}: use '즉시' or a positive number followed by h, d, w, m or y "
            "(e.g. '3h', '14d', '2w', '1m', '1y')",
            spec=spec,
        )
    return ProcessingPeriod(Unit(match.group(2)), int(match.group(1)))
