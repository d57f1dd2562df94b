"""Generated data for the management review tests: 민원 of 2026 Q2 and Q3 and of 2025 Q3 (plus some just outside)
with known categories, channels, answers, causes (systemic or not) and satisfaction ratings, and five improvements
with their decisions, written straight through the ORM. `Spec` keeps what each 민원 was made with, so the tests
count it again in plain Python."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from civil_complaints.complaint_models import Complaint, ComplaintCategory, ComplaintType, Satisfaction
from civil_complaints.domain.deadlines import compute_due
from civil_complaints.improvements.models import (
    Improvement,
    ImprovementComplaint,
    ImprovementEvent,
    ImprovementMilestone,
)
from core.clock import KST
from core.extensions import db
from organization.models import Department, User
from working_calendar.cache import load_calendar

NOW = datetime(2026, 10, 5, 10, 0, tzinfo=KST)
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
Q2 = (date(2026, 4, 1), date(2026, 6, 30))
Q3_2025 = (date(2025, 7, 1), date(2025, 9, 30))
TYPES = ("ROAD-DAMAGE", "STREETLIGHT", "ILLEGAL-DUMPING", "PARKING-LAW", "PROCEDURE-QUERY")
#: (subcategory or top category name, its top category's name); None: not categorised
CATEGORIES = (("주차", "도로·교통"), ("도로·교통", "도로·교통"), ("쓰레기·무단투기", "환경·청소"),
              ("환경·청소", "환경·청소"), ("복지", "복지"), None)
CHANNELS = ("web", "visit", "phone")
CAUSES = ("주차 안내 표지가 부족함", "수거 일정이 공지되지 않음", "담당자 연락처 010-1234-5678 안내 누락")
RATINGS = ("satisfied", "neutral", "dissatisfied", "satisfied")


@dataclass
class Spec:
    receipt_no: str
    received: datetime
    department: str
    top: str | None
    channel: str
    answered: datetime | None
    due: datetime | None = None
    systemic: bool | None = None
    cause: str | None = None
    rating: str | None = None


def _receipt(rng: random.Random, index: int) -> datetime:
    edges = (datetime(2026, 3, 31, 23, 30, tzinfo=KST), datetime(2026, 7, 1, 0, 10, tzinfo=KST),
             datetime(2026, 10, 1, 9, 0, tzinfo=KST), datetime(2025, 6, 30, 23, 50, tzinfo=KST))
    if index % 17 == 0:
        return edges[(index // 17) % len(edges)]
    first, last = (Q3_2025 if index % 5 == 0 else (Q2[0], Q3[1]))
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    return datetime(day.year, day.month, day.day, rng.randrange(7, 20), rng.randrange(60), tzinfo=KST)


def generate(count: int = 150, seed: int = 20) -> list[Spec]:
    rng, calendar = random.Random(seed), load_calendar()
    types = {t.code: t for t in db.session.scalars(select(ComplaintType).where(ComplaintType.code.in_(TYPES)))}
    categories = {c.name_ko: c for c in db.session.scalars(select(ComplaintCategory))}
    departments = {d.id: d.code for d in db.session.scalars(select(Department))}
    specs = []
    for index in range(count):
        ctype, received = types[TYPES[index % len(TYPES)]], _receipt(rng, index)
        category = CATEGORIES[index % len(CATEGORIES)]
        answered = received + timedelta(days=rng.randrange(0, 25), hours=rng.randrange(1, 8))
        spec = Spec(f"HB-R-{index:05d}", received, departments[ctype.department_id],
                    category[1] if category else None, CHANNELS[(index // 2) % len(CHANNELS)],
                    answered if index % 10 < 7 and answered <= NOW else None)
        if spec.answered is not None:
            if index % 4 in (0, 1):
                spec.systemic, spec.cause = index % 4 == 0, CAUSES[index % len(CAUSES)]
            if index % 3 == 0:
                spec.rating = RATINGS[index % len(RATINGS)]
        _write(spec, ctype, categories[category[0]].id if category else None, calendar)
        specs.append(spec)
    db.session.commit()
    return specs


def _write(spec: Spec, ctype: ComplaintType, category_id: int | None, calendar) -> None:
    deadline = compute_due(spec.received, ctype.period_spec, calendar=calendar, pauses=[])
    spec.due = deadline.due_at
    c = Complaint(receipt_no=spec.receipt_no, type_id=ctype.id, kind=ctype.kind, channel=spec.channel,
                  status="answered" if spec.answered else "received", title="점검", content="내용",
                  department_id=ctype.department_id, complainant_name="홍길동", arrived_at=spec.received,
                  received_at=spec.received, period_spec=ctype.period_spec, due_at=deadline.due_at,
                  due_date=deadline.due_date, calendar_revision=calendar.revision or "test",
                  created_at=spec.received, category_id=category_id, cause=spec.cause, is_systemic=spec.systemic,
                  answered_at=spec.answered, answer_text="답변" if spec.answered else None)
    db.session.add(c)
    db.session.flush()
    if spec.rating:
        db.session.add(Satisfaction(complaint_id=c.id, rating=spec.rating, created_at=spec.answered))


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 11, 0, tzinfo=KST)


#: title → (department, created, finished, status, [(action, at, note)], last milestone due, linked 민원)
IMPROVEMENTS = {
    "주차 안내 표지 정비": ("HB-ROADS", at(2026, 5, 10), None, "in_progress",
                     [("start", at(2026, 7, 15), None)], date(2026, 12, 31), 3),
    "가로등 점검 주기 단축": ("HB-ROADS", at(2026, 8, 1), at(2026, 9, 20), "done",
                      [("start", at(2026, 8, 10), None), ("finish", at(2026, 9, 20), None)], date(2026, 9, 15), 2),
    "상반기 민원 서식 개선": ("HB-CIVIL", at(2026, 6, 1), at(2026, 6, 30), "done",
                      [("start", at(2026, 6, 5), None)], None, 1),
    "10월 신규 과제": ("HB-ROADS", at(2026, 10, 2), None, "proposed", [], None, 0),
    "수거 일정 공지 개선": ("HB-CLEAN", at(2026, 8, 20), None, "on_hold",
                    [("hold", at(2026, 9, 1), "예산 부족으로 내년으로 보류")], None, 1),
}
DECISION = "과장 결재로 추진 결정"


def improvements(specs: list[Spec]) -> None:
    departments = {d.code: d.id for d in db.session.scalars(select(Department))}
    ids = {c.receipt_no: c.id for c in db.session.scalars(select(Complaint))}
    head = db.session.scalar(select(User).where(User.login_id == "head"))
    for n, (title, (department, created, finished, status, events, due, linked)) in enumerate(IMPROVEMENTS.items()):
        improvement = Improvement(title=title, problem="민원이 이어졌습니다.", department_id=departments[department],
                                  status=status, progress=100 if status == "done" else 40,
                                  decision=DECISION if any(e[0] == "start" for e in events) else events[0][2] if
                                  events else "", what_changed="바꿨습니다." if status == "done" else "",
                                  finished_at=finished, created_at=created, created_by_id=head.id,
                                  updated_at=created)
        for action, when, note in events:
            improvement.events.append(ImprovementEvent(at=when, action=action, actor_id=head.id, note=note,
                                                       after={"start": "in_progress", "hold": "on_hold",
                                                              "finish": "done"}[action]))
        if due:
            improvement.milestones.append(ImprovementMilestone(title="완료", due_on=due))
        for spec in specs[n * 5:n * 5 + linked]:
            improvement.links.append(ImprovementComplaint(complaint_id=ids[spec.receipt_no], linked_at=created))
        db.session.add(improvement)
    db.session.commit()
