"""A year of past 민원 for the demo (issue 19.10), planned as plain values: who filed what, when, and what became of it.

Everything comes from one seeded `random.Random` and the seed's `now`, and every 처리기한 from the real deadline
engine (compute_due with the 보완 pauses and extensions) on the agency's working calendar, so the reports read
deadlines exactly as the app would have computed them. demo_history_rows.py turns the plan into table rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from civil_complaints.demo_history_people import answer_text
from civil_complaints.domain.civil_calendar import compute_civil_due
from civil_complaints.domain.deadlines import compute_due
from civil_complaints.domain.periods import ProcessingPeriod
from core.clock import KST
from working_calendar.domain.worktime import US_PER_HOUR, WorkCalendar

#: finished stories and their weights (per 1,000); the open ones are counted apart (OPEN_SHARES)
STORY_WEIGHTS = {"answered": 600, "late": 90, "refused": 35, "supplemented": 55, "extended": 40, "moved": 30,
                 "transferred": 30, "withdrawn": 45, "returned": 15, "deemed_withdrawn": 6, "repeated": 15}
#: open 민원 at the seed's `now`: one in … of all (still running, past their 처리기한, waiting for a 보완)
OPEN_SHARES = {"open": 90, "overdue": 250, "in_supplement": 300}
TYPE_WEIGHTS = {"ROAD-DAMAGE": 24, "STREETLIGHT": 14, "ILLEGAL-DUMPING": 20, "PARKING-LAW": 8,
                "PROCEDURE-QUERY": 12, "CITY-PROPOSAL": 6, "GRIEVANCE": 7, "ROAD-OCCUPANCY": 9}
CHANNEL_WEIGHTS = {"web": 60, "visit": 14, "phone": 11, "email": 7, "letter": 5, "fax": 3}
#: types a story may not happen to: no 보완 or extension of a 3-hour 즉시 민원, no 종결 of a 법정민원 or 고충민원
EXCLUDED = {"supplemented": {"STREETLIGHT"}, "returned": {"STREETLIGHT"}, "deemed_withdrawn": {"STREETLIGHT"},
            "in_supplement": {"STREETLIGHT"}, "extended": {"STREETLIGHT"},
            "repeated": {"ROAD-OCCUPANCY", "GRIEVANCE", "PARKING-LAW"}}
#: 부서 이송: a 민원 filed under one department's type that another department handles
MOVES = {"HB-ROADS": "HB-CLEAN", "HB-CLEAN": "HB-ROADS", "HB-CIVIL": "HB-TRAFFIC", "HB-TRAFFIC": "HB-CIVIL"}
AGENCIES = ["경기도청 (가상)", "한빛경찰서 (가상)", "국민권익위원회 (가상)", "한빛교육지원청 (가상)"]
EXTENSION_REASON = "현장 확인과 관계 부서 의견 조회가 더 필요합니다."
RATINGS = ("satisfied", "neutral", "dissatisfied")


@dataclass
class Step:
    """One ComplaintEvent: `actor` is a login id (staff) or None (the 민원인, or the system)."""

    at: datetime
    action: str
    actor: str | None
    detail: dict
    public: bool = True
    kind: str = "staff"


@dataclass
class Request:
    number: int
    sent_at: datetime
    days: int
    respond_by: date
    limit_at: datetime | None = None
    returned_at: datetime | None = None


@dataclass
class Pause:
    start_on: date
    end_on: date | None
    end_reason: str | None
    text: str
    requests: list[Request] = field(default_factory=list)


@dataclass
class Case:
    """One planned 민원; `department` is where it ended up, `origin` where it was filed (a 부서 이송 moves it)."""

    type_code: str
    kind: str
    period: str
    origin: str
    channel: str
    received_at: datetime
    story: str
    person: tuple[str, str | None, str | None]
    department: str = ""
    title: str = ""
    content: str = ""
    address: str | None = None
    status: str = "received"
    assignee: str | None = None
    due_at: datetime | None = None
    due_date: date | None = None
    steps: list[Step] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    extension: dict | None = None
    transfer: dict | None = None
    answer: dict | None = None
    withdrawn_at: datetime | None = None
    returned_at: datetime | None = None
    finished_at: datetime | None = None
    repeat_of: list[int] = field(default_factory=list)
    rating: tuple[str, datetime] | None = None
    receipt_no: str = ""

    @property
    def hour_based(self) -> bool:
        return ProcessingPeriod.parse(self.period).is_hour_based


@dataclass(frozen=True)
class Agency:
    """What the plan needs of the demo agency: types (code → period, kind, department), officers and heads."""

    types: dict[str, tuple[str, str, str]]
    officers: dict[str, list[str]]
    heads: dict[str, str]
    calendar: WorkCalendar
    now: datetime


def kst(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), KST)


def after_working(calendar: WorkCalendar, at: datetime, hours: float) -> datetime:
    """The instant `hours` working hours after `at`."""
    return calendar.instant(calendar.position(at) + max(1, int(hours * US_PER_HOUR)))


def between(calendar: WorkCalendar, rng: random.Random, start: datetime, end: datetime, skew: float = 1.0) -> datetime:
    """A working instant after `start` and at or before `end` (near `start` when there is no working time between);
    `skew` > 1 draws it nearer to `start`."""
    low, high = calendar.position(start) + 1, calendar.position(end)
    if high <= low:
        return calendar.instant(low + US_PER_HOUR // 4)
    return calendar.instant(low + int((high - low) * rng.random() ** skew))


def late_time(calendar: WorkCalendar, rng: random.Random, case: Case) -> datetime:
    """A working instant after the 처리기한: hours late for hour-counted 민원, days late for day-counted ones."""
    hours = rng.uniform(0.5, 14) if case.hour_based else rng.randint(1, 6) * 8 - rng.uniform(0.5, 7)
    return after_working(calendar, case.due_at, hours)


def recompute_due(case: Case, calendar: WorkCalendar, extensions: tuple = ()) -> None:
    pauses = [(p.start_on, p.end_on, "supplement") for p in case.pauses if p.end_on is not None]
    deadline = compute_due(case.received_at, case.period, calendar=calendar, pauses=pauses, extensions=extensions)
    case.due_at, case.due_date = deadline.due_at, deadline.due_date


def take(case: Case, agency: Agency, rng: random.Random, at: datetime) -> None:
    """배정 by the department head where there is one, else 처리중 by the officer who takes it."""
    officer = rng.choice(agency.officers[case.department])
    head = agency.heads.get(case.department)
    before, case.assignee = case.status, officer
    if head is not None:
        case.status = "assigned"
        case.steps.append(Step(at, "assigned", head, {"before": before, "after": "assigned", "assignee_before": None,
                                                      "assignee_after": officer}))
    else:
        case.status = "in_progress"
        case.steps.append(Step(at, "started", officer, {"before": before, "after": "in_progress",
                                                        "assignee_after": officer}))


def answer(case: Case, at: datetime, rng: random.Random, *, refused: bool = False) -> None:
    """답변 (or 거부 with reasons and remedies) by the assigned officer."""
    before, case.status, case.finished_at = case.status, "answered", at
    case.answer = {"at": at, "refused": refused, "text": answer_text(case.type_code, refused, rng)}
    case.steps.append(Step(at, "refused" if refused else "answered", case.assignee,
                           {"before": before, "after": "answered", "on_time": at <= case.due_at, "attachments": 0,
                            "template": None}))


def rate(case: Case, rng: random.Random, now: datetime) -> None:
    """만족도 of about one answered 민원 in three, worse when late or refused."""
    if case.answer is None or rng.random() > 0.35:
        return
    at = case.answer["at"] + timedelta(hours=rng.uniform(1, 72))
    if at >= now:
        return
    weights = (15, 30, 55) if case.answer["refused"] else (30, 30, 40) if case.answer["at"] > case.due_at \
        else (65, 25, 10)
    case.rating = (rng.choices(RATINGS, weights)[0], at)
    case.steps.append(Step(at, "rated", None, {"rating": case.rating[0]}, public=False, kind="citizen"))


def supplement_request(case: Case, calendar: WorkCalendar, at: datetime, *, days: int = 7,
                       number: int = 1) -> Request:
    respond_by = compute_civil_due(at, days=days, calendar=calendar).due_date
    request = Request(number, at, days, respond_by)
    if number == 1:
        request.limit_at = after_working(calendar, case.received_at, 8)
        case.pauses.append(Pause(at.astimezone(KST).date(), None, None, "보완 서류를 내 주세요."))
        before, case.status = case.status, "supplement_requested"
        detail = {"before": before, "after": case.status, "number": 1, "days": days,
                  "respond_by": respond_by.isoformat(), "limit_at": request.limit_at.isoformat(),
                  "late": at > request.limit_at, "late_reason": None}
    else:
        detail = {"number": 2, "days": days, "respond_by": respond_by.isoformat(),
                  "respond_by_before": case.pauses[-1].requests[-1].respond_by.isoformat()}
    case.pauses[-1].requests.append(request)
    case.steps.append(Step(at, "supplement_requested", case.assignee, {"request": case.pauses[-1].text, **detail}))
    return request


def end_pause(case: Case, at: datetime, reason: str) -> None:
    pause = case.pauses[-1]
    pause.end_on, pause.end_reason = max(at.astimezone(KST).date(), pause.start_on), reason


def day_after(day: date) -> datetime:
    return kst(day + timedelta(days=1), 10)
