"""Due badges on the officers' queues: the deadline read the way an officer thinks about it.

* Hour-based periods (즉시, N근무시간, 1–5일; 법 제19조①) count working hours: "3시간 남음", "40분 남음";
  late by less than a working day: "기한 경과 2시간".
* Day-based periods (6일 이상, 주·월·연; 법 제19조②③) count calendar days to the 처리기한 date: "D-2",
  "D-day" on the due date itself.
* Past the deadline: "기한 경과 N일" in calendar days after the due date (KST).
* 보완 요청 (영 제24조): the clock is stopped, "보완 중 (정지)", whatever the stored due says.
* Finished 민원 carry no badge.

Pure: the web layer turns a ``Badge`` into words through Babel. ``tone`` drives the colour only; the words
carry the meaning on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.status import RUNNING_STATUSES, ComplaintStatus
from working_calendar.domain.worktime import WorkCalendar, working_hours_between

RUNNING = RUNNING_STATUSES
URGENT_WORKING_HOURS = timedelta(hours=4)  # hour-based: half a working day or less left
URGENT_DAYS = 1  # day-based: due today or tomorrow


class BadgeKind(StrEnum):
    HOURS_LEFT = "hours_left"  # value: whole working hours left (≥ 1)
    MINUTES_LEFT = "minutes_left"  # value: working minutes left (< 60)
    DAYS_LEFT = "days_left"  # value: calendar days to the due date (0 = D-day)
    OVERDUE_HOURS = "overdue_hours"  # value: working hours late (< 1 working day), at least 1
    OVERDUE_DAYS = "overdue_days"  # value: calendar days late, at least 1
    PAUSED = "paused"  # 보완 중: the clock is stopped


class Tone(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    OVERDUE = "overdue"
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class Badge:
    kind: BadgeKind
    value: int
    tone: Tone


def _ceil_hours(span: timedelta) -> int:
    return -(-span // timedelta(hours=1))


def _ceil_minutes(span: timedelta) -> int:
    return max(1, -(-span // timedelta(minutes=1)))


def due_badge(status: str, due_at: datetime, period_spec: str, *, now: datetime,
              calendar: WorkCalendar) -> Badge | None:
    """The badge of a 민원 in ``status`` due at ``due_at`` (aware), counted at ``now`` (aware)."""
    status = ComplaintStatus(status)
    if status is ComplaintStatus.SUPPLEMENT_REQUESTED:
        return Badge(BadgeKind.PAUSED, 0, Tone.PAUSED)
    if status not in RUNNING:
        return None
    hour_based = ProcessingPeriod.parse(period_spec).is_hour_based
    if now >= due_at:
        return _overdue(due_at, hour_based, now=now, calendar=calendar)
    if hour_based:
        return _hours_left(working_hours_between(now, due_at, calendar=calendar))
    days = (calendar.local(due_at).date() - calendar.local(now).date()).days
    return Badge(BadgeKind.DAYS_LEFT, days, Tone.URGENT if days <= URGENT_DAYS else Tone.NORMAL)


def _hours_left(left: timedelta) -> Badge:
    tone = Tone.URGENT if left <= URGENT_WORKING_HOURS else Tone.NORMAL
    if left < timedelta(hours=1):
        return Badge(BadgeKind.MINUTES_LEFT, _ceil_minutes(left), tone)
    return Badge(BadgeKind.HOURS_LEFT, left // timedelta(hours=1), tone)


def _overdue(due_at: datetime, hour_based: bool, *, now: datetime, calendar: WorkCalendar) -> Badge:
    if hour_based:
        late = working_hours_between(due_at, now, calendar=calendar)
        if late < calendar.day_length:
            return Badge(BadgeKind.OVERDUE_HOURS, max(1, _ceil_hours(late)), Tone.OVERDUE)
    days = (calendar.local(now).date() - calendar.local(due_at).date()).days
    return Badge(BadgeKind.OVERDUE_DAYS, max(1, days), Tone.OVERDUE)
