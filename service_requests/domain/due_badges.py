"""Due badges of internal requests on the providing department's queues, read like the 민원 queue's badges.

The resolution due (`resolution_due_at`) of a request, counted at `now` on the agency's working calendar:

* an hour target ("4h"): working hours left ("3시간 남음"), minutes in the last hour ("40분 남음");
* a day target ("3d"): calendar days to the due date ("D-2", "D-day" on the day itself), as 민원 of 6 days or more;
* past the due: working hours late while less than a working day late ("기한 경과 2시간"), then calendar days;
* 요청자 확인 대기: the clock is paused, "요청자 확인 대기 (정지)", whatever the stored due says;
* ended requests (해결, 완료, 취소, 승인 거절) and those waiting for approval carry no badge.

Due soon (기한 임박, the queue's tab and the badge's urgent tone): the due falls within the next
`DUE_SOON` = 4 working hours, the same line as hour-based 민원. Chosen over "20 % of the target left" because
one instant for every request lets the queue find them with one range scan of its index, and because the handler
is already reminded at 80 % of the target (the OLA job); short targets (2h, 4h) are always due soon, as they are.

Pure: the web layer turns a `Badge` into words through Babel; `tone` drives the colour only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from service_requests.domain.ola import Target
from service_requests.domain.workflow import RUNNING, RequestStatus
from working_calendar.domain.worktime import WorkCalendar, add_working_hours, working_hours_between

DUE_SOON = timedelta(hours=4)


class BadgeKind(StrEnum):
    HOURS_LEFT = "hours_left"  # value: whole working hours left (≥ 1)
    MINUTES_LEFT = "minutes_left"  # value: working minutes left (< 60)
    DAYS_LEFT = "days_left"  # value: calendar days to the due date (0 = D-day)
    OVERDUE_HOURS = "overdue_hours"  # value: working hours late (< 1 working day), at least 1
    OVERDUE_DAYS = "overdue_days"  # value: calendar days late, at least 1
    PAUSED = "paused"  # 요청자 확인 대기: the clock is paused


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


def due_soon_until(now: datetime, calendar: WorkCalendar) -> datetime:
    """The instant `DUE_SOON` working time after `now`: a running request due before it is due soon."""
    return add_working_hours(now, DUE_SOON, calendar=calendar)


def due_badge(status: str, due_at: datetime | None, target: str, *, now: datetime,
              calendar: WorkCalendar) -> Badge | None:
    """The badge of a request in `status` whose resolution is due at `due_at` (aware), counted at `now`."""
    status = RequestStatus(status)
    if status is RequestStatus.WAITING:
        return Badge(BadgeKind.PAUSED, 0, Tone.PAUSED)
    if status not in RUNNING or due_at is None:
        return None
    if now >= due_at:
        return _overdue(due_at, now=now, calendar=calendar)
    urgent = due_at <= due_soon_until(now, calendar)
    tone = Tone.URGENT if urgent else Tone.NORMAL
    if Target.parse(target).unit == "d":
        return Badge(BadgeKind.DAYS_LEFT, (calendar.local(due_at).date() - calendar.local(now).date()).days, tone)
    left = working_hours_between(now, due_at, calendar=calendar)
    if left < timedelta(hours=1):
        return Badge(BadgeKind.MINUTES_LEFT, max(1, -(-left // timedelta(minutes=1))), tone)
    return Badge(BadgeKind.HOURS_LEFT, left // timedelta(hours=1), tone)


def _overdue(due_at: datetime, *, now: datetime, calendar: WorkCalendar) -> Badge:
    late = working_hours_between(due_at, now, calendar=calendar)
    if late < calendar.day_length:
        return Badge(BadgeKind.OVERDUE_HOURS, max(1, -(-late // timedelta(hours=1))), Tone.OVERDUE)
    days = (calendar.local(now).date() - calendar.local(due_at).date()).days
    return Badge(BadgeKind.OVERDUE_DAYS, max(1, days), Tone.OVERDUE)
