"""Pure rules of delivery and reminders: backoff, SMS sizes, reminder thresholds (standard library only)."""

from __future__ import annotations

import re
from datetime import timedelta

SMS_MAX_BYTES = 90  # 단문(SMS): 90 bytes counted in EUC-KR/CP949 (a Hangul syllable is 2 bytes)
LMS_MAX_BYTES = 2000  # 장문(LMS)
LMS_SUBJECT_MAX_BYTES = 40
WORKING_DAY_HOURS = 8  # 법 제19조①: 1일은 8시간의 근무시간


def retry_delay(attempts: int, *, base_seconds: int = 60, max_seconds: int = 6 * 3600) -> timedelta:
    """Exponential backoff after the `attempts`-th failed attempt: base, 2×base, 4×base … capped."""
    if attempts < 1:
        return timedelta(0)
    return timedelta(seconds=min(base_seconds * 2 ** min(attempts - 1, 30), max_seconds))


def sms_bytes(text: str) -> int:
    """Length as Korean gateways count it: CP949 (EUC-KR superset) bytes; an unencodable character counts 2."""
    return sum(len(ch.encode("cp949")) if _encodable(ch) else 2 for ch in text)


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp949")
    except UnicodeEncodeError:
        return False
    return True


def cut_to_bytes(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` cut so that it (with `ellipsis` when cut) fits in `limit` CP949 bytes, never mid-character."""
    if sms_bytes(text) <= limit:
        return text
    budget = limit - sms_bytes(ellipsis)
    out, used = [], 0
    for ch in text:
        size = sms_bytes(ch)
        if used + size > budget:
            break
        out.append(ch)
        used += size
    return "".join(out).rstrip() + ellipsis


def sms_kind(text: str) -> str:
    """"SMS" when the text fits a short message (90 bytes), else "LMS"."""
    return "SMS" if sms_bytes(text) <= SMS_MAX_BYTES else "LMS"


_THRESHOLD = re.compile(r"^\s*(\d+)\s*([dhm])\s*$")


def parse_thresholds(text: str) -> tuple[timedelta, ...]:
    """"1d,4h" → (8 working hours, 4 working hours), largest first; "30m" is minutes. ValueError otherwise."""
    values = set()
    for part in text.split(","):
        match = _THRESHOLD.match(part)
        if not match:
            raise ValueError(f"reminder threshold {part!r}: use e.g. 1d, 4h or 30m")
        amount, unit = int(match.group(1)), match.group(2)
        hours = {"d": amount * WORKING_DAY_HOURS, "h": amount, "m": 0}[unit]
        value = timedelta(hours=hours, minutes=amount if unit == "m" else 0)
        if value <= timedelta(0):
            raise ValueError(f"reminder threshold {part!r} must be positive")
        values.add(value)
    if not values:
        raise ValueError("give at least one reminder threshold")
    return tuple(sorted(values, reverse=True))


def threshold_minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)


def working_time_text(value: timedelta, language: str) -> str:
    """"4근무시간 30분" / "4 working hours 30 min" for a reminder."""
    minutes = max(0, int(value.total_seconds() // 60))
    hours, rest = divmod(minutes, 60)
    if language == "ko":
        return f"{hours}근무시간" + (f" {rest}분" if rest else "") if hours else f"{rest}분"
    if hours:
        return f"{hours} working hour{'s' if hours != 1 else ''}" + (f" {rest} min" if rest else "")
    return f"{rest} min"
