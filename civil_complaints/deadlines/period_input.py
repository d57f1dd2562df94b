"""Processing periods as people type and read them: "14일", "3근무시간", "즉시" / "14 days", "3 working hours".

The stored form stays the domain's spec ("14d", "3h", "즉시"; civil_complaints.domain.periods); forms accept
the words of either language as well as the spec, and show a stored spec in words of the page's language.
"""

from __future__ import annotations

import re

from civil_complaints.domain.periods import IMMEDIATE_SPEC, ProcessingPeriod

_IMMEDIATE_WORDS = frozenset({IMMEDIATE_SPEC, "immediately", "immediate"})
_UNIT_WORDS = {
    "h": ("근무시간", "시간", "h", "hour", "hours", "working hour", "working hours"),
    "d": ("일", "d", "day", "days", "working day", "working days"),
    "w": ("주", "w", "week", "weeks"),
    "m": ("개월", "달", "m", "month", "months"),
    "y": ("년", "y", "year", "years"),
}
_UNIT_OF = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
_INPUT = re.compile(r"([0-9]{1,5})\s*([^\d]+?)\.?")
_KOREAN = {"h": "{n}근무시간", "d": "{n}일", "w": "{n}주", "m": "{n}개월", "y": "{n}년"}
_ENGLISH = {"h": ("{n} working hour", "{n} working hours"), "d": ("{n} day", "{n} days"),
            "w": ("{n} week", "{n} weeks"), "m": ("{n} month", "{n} months"), "y": ("{n} year", "{n} years")}


def parse_period_input(text: str | None) -> str | None:
    """The spec of a typed period ("14 days", "14일", "14d" → "14d"); None when it is not a period."""
    words = " ".join((text or "").split()).lower()
    if words in _IMMEDIATE_WORDS:
        return IMMEDIATE_SPEC
    match = _INPUT.fullmatch(words)
    unit = _UNIT_OF.get(match.group(2).strip()) if match else None
    if unit is None:
        return None
    spec = f"{int(match.group(1))}{unit}"
    try:
        return str(ProcessingPeriod.parse(spec))
    except ValueError:
        return None


def period_input_text(spec: str | None, locale: str) -> str:
    """A stored spec in words for a form field ("14d" → "14일" / "14 days"); other text is kept as it is."""
    if not spec:
        return ""
    try:
        period = ProcessingPeriod.parse(spec)
    except ValueError:
        return spec
    if period.immediate:
        return IMMEDIATE_SPEC if locale == "ko" else "immediately"
    unit, n = period.unit.value, period.amount
    if locale == "ko":
        return _KOREAN[unit].format(n=n)
    singular, plural = _ENGLISH[unit]
    return (singular if n == 1 else plural).format(n=n)
