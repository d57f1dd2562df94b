"""A year of past 민원 for the demo (issue 19.10): `flask demo seed` files a few thousand, so that a newcomer's
reports and charts (the 민원 처리상황 점검표 by department × type × month) show something real.

Deterministic: one `random.Random(seed)` and times derived from the seed's `now`. Idempotent: the history's
receipt numbers are a series of their own (`HB-YYMM-9xxxxx`, sequence 900001 upward in each month; the filing
counters start at 1), and nothing is added once one exists. Every state appears: answered on time and late,
refused, open, open and overdue, waiting for a 보완, supplemented, extended, moved to another department,
transferred to another agency, withdrawn (also 취하 간주), returned (반려) and closed as repeated (법 제23조);
some are rated. Written with bulk INSERTs (demo_history_rows.py), in a few seconds. Only the CLI files it: the
Python `seed_demo` the tests use does not.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.demo_history_people import address, filer, title_and_content
from civil_complaints.demo_history_plan import (
    CHANNEL_WEIGHTS,
    EXCLUDED,
    OPEN_SHARES,
    STORY_WEIGHTS,
    TYPE_WEIGHTS,
    Agency,
    Case,
    Step,
    kst,
    rate,
    recompute_due,
)
from civil_complaints.demo_history_rows import write_history
from civil_complaints.demo_history_stories import STORIES
from civil_complaints.domain.receipts import format_receipt_number, receipt_prefix
from core.clock import KST
from core.extensions import db
from organization.demo import DEMO_PASSWORD
from organization.models import Department, User
from organization.services import create_user
from working_calendar.cache import load_calendar

DEFAULT_COUNT = 3000
DEFAULT_SEED = 19_10
SERIES = 900_000  # receipt sequences of the history: 900001 upward in each month
SERIES_PATTERN = "HB-____-9_____"
#: who handles each department's 민원 (the demo accounts of app/demo.py, and one more for 교통행정과)
OFFICERS = {"HB-ROADS": ["officer"], "HB-CLEAN": ["officer2"], "HB-TRAFFIC": ["traffic"], "HB-CIVIL": ["civil"]}
HEADS = {"HB-ROADS": "head"}
EXTRA_USERS = [("traffic", "윤교통", "HB-TRAFFIC", "031-000-2211")]
STAFF_REGISTRAR = "civil"  # 민원여권과 registers what arrives by visit, telephone, letter, fax or e-mail
WINDOWS = {"open": (3, 0), "in_supplement": (8, 1)}  # days before `now`: from, to


def has_history() -> bool:
    return db.session.scalar(select(Complaint.id).where(Complaint.receipt_no.like(SERIES_PATTERN)).limit(1)) is not None


def seed_demo_history(*, now: datetime, count: int = DEFAULT_COUNT, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """File the demo history unless it exists (or the demo agency does not); returns {"history": n} when it did."""
    if current_app.config["APP_ENV"] == "production":
        raise RuntimeError("demo history is refused in production")
    if has_history():
        return {}
    agency = _agency(now)
    if agency is None:
        return {}
    cases = plan_history(agency, count=count, seed=seed)
    write_history(cases, calendar=agency.calendar, now=now, registrar=STAFF_REGISTRAR)
    return {"history": len(cases)}


def _agency(now: datetime) -> Agency | None:
    departments = {d.id: d.code for d in db.session.scalars(select(Department))}
    types = {t.code: (t.period_spec, t.kind, departments.get(t.department_id))
             for t in db.session.scalars(select(ComplaintType).where(ComplaintType.code.in_(TYPE_WEIGHTS)))}
    if len(types) < len(TYPE_WEIGHTS) or "HB-TRAFFIC" not in departments.values():
        return None
    _ensure_users({code: i for i, code in departments.items()}, now)
    logins = set(db.session.scalars(select(User.login_id)))
    if not {login for group in OFFICERS.values() for login in group} | set(HEADS.values()) <= logins:
        return None
    return Agency(types=types, officers=OFFICERS, heads=HEADS, calendar=load_calendar(), now=now)


def _ensure_users(department_ids: dict[str, int], now: datetime) -> None:
    existing = set(db.session.scalars(select(User.login_id)))
    for login_id, name, department_code, phone in EXTRA_USERS:
        if login_id not in existing:
            create_user(login_id=login_id, display_name=name, password=DEMO_PASSWORD, roles=["officer"],
                        department=db.session.get(Department, department_ids[department_code]), phone=phone,
                        email=f"{login_id}@hanbit.example.go.kr", now=now)
    db.session.flush()


def plan_history(agency: Agency, *, count: int, seed: int) -> list[Case]:
    """`count` planned 민원 received over the 12 months before `now`, numbered in order of receipt."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for story, share in OPEN_SHARES.items():
        cases += [_plan(agency, rng, story, len(cases) + i) for i in range(max(1, count // share))]
    stories, weights = zip(*STORY_WEIGHTS.items(), strict=True)
    while len(cases) < count:
        story = rng.choices(stories, weights)[0]
        if story == "repeated":
            if len(cases) + 3 > count:
                continue
            cases += _repeated(agency, rng, len(cases))
        else:
            cases.append(_plan(agency, rng, story, len(cases)))
    cases.sort(key=lambda c: c.received_at)
    _number(cases)
    return cases


def _number(cases: list[Case]) -> None:
    counters: dict[str, int] = {}
    for case in cases:
        prefix = receipt_prefix("HB", case.received_at.astimezone(KST).date())
        counters[prefix] = counters.get(prefix, SERIES) + 1
        case.receipt_no = format_receipt_number(prefix, counters[prefix])


def _window(agency: Agency, story: str, type_code: str) -> tuple[datetime, datetime]:
    now = agency.now
    if story == "overdue":
        hour_based = agency.types[type_code][0] in ("즉시", "3d", "5d")
        return (now - timedelta(days=20), now - timedelta(days=6)) if hour_based else \
            (now - timedelta(days=45), now - timedelta(days=24))
    if story in WINDOWS:
        start, end = WINDOWS[story]
        return now - timedelta(days=start), now - timedelta(days=end, minutes=30)
    return now - timedelta(days=365), now - timedelta(days=2)


def _received_at(rng: random.Random, channel: str, start: datetime, end: datetime) -> datetime:
    """A receipt instant: staff channels in office hours on weekdays, web filings any day from morning to night."""
    for _ in range(50):
        day = (start + (end - start) * rng.random()).astimezone(KST).date()
        staffed = channel not in ("web", "email")
        if day.weekday() >= 5 and (staffed or rng.random() < 0.7):
            continue
        hours = (9, 17) if staffed else (7, 22)
        at = kst(day, rng.randint(*hours), rng.randint(0, 59))
        if start <= at <= end:
            return at
    return end


def _plan(agency: Agency, rng: random.Random, story: str, number: int, *, type_code: str | None = None,
          person=None, window: tuple[datetime, datetime] | None = None) -> Case:
    """One case of `story`, tried again (another receipt time) until all its steps lie before `now`."""
    excluded = EXCLUDED.get(story, set())
    codes = [c for c in TYPE_WEIGHTS if c not in excluded]
    for _ in range(40):
        code = type_code or rng.choices(codes, [TYPE_WEIGHTS[c] for c in codes])[0]
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        start, end = window or _window(agency, story, code)
        case = _start(agency, rng, story, code, channel, _received_at(rng, channel, start, end),
                      person or filer(rng, number))
        STORIES[story](case, agency, rng)
        rate(case, rng, agency.now)
        if _fits(case, agency.now):
            return case
    raise RuntimeError(f"no demo history case of story {story} fits before {agency.now}")


def _start(agency: Agency, rng: random.Random, story: str, code: str, channel: str, received_at: datetime,
           person) -> Case:
    period, kind, department = agency.types[code]
    case = Case(type_code=code, kind=kind, period=period, origin=department, department=department, channel=channel,
                received_at=received_at, story=story, person=person)
    case.title, case.content = title_and_content(rng, code)
    case.address = address(rng) if code in ("ROAD-DAMAGE", "STREETLIGHT", "ILLEGAL-DUMPING", "ROAD-OCCUPANCY") \
        else None
    recompute_due(case, agency.calendar)
    staff = channel not in ("web",)
    case.steps.append(Step(received_at, "received", STAFF_REGISTRAR if staff else None,
                           {"channel": channel, "due_at": case.due_at.isoformat(), "attachments": 0},
                           kind="staff" if staff else "citizen"))
    return case


def _fits(case: Case, now: datetime) -> bool:
    if max(step.at for step in case.steps) >= now - timedelta(minutes=1):
        return False
    if case.story == "overdue":
        return case.due_at < now
    if case.story in ("open", "in_supplement"):
        return True
    return case.finished_at is not None


def _repeated(agency: Agency, rng: random.Random, number: int) -> list[Case]:
    """Three filings of the same 민원 by the same 민원인: two answered, the third closed (법 제23조①)."""
    codes = [c for c in TYPE_WEIGHTS if c not in EXCLUDED["repeated"]]
    code, person = rng.choice(codes), filer(rng, number)
    first_from = agency.now - timedelta(days=360)
    start = first_from + timedelta(days=rng.uniform(0, 240))
    trio: list[Case] = []
    for story in ("answered", "answered", "repeated"):
        case = _plan(agency, rng, story, number, type_code=code, person=person,
                     window=(start, start + timedelta(days=3)))
        trio.append(case)
        start = max(case.finished_at, case.received_at) + timedelta(days=rng.uniform(5, 30))
    for later in trio[1:]:
        later.title, later.content, later.address = trio[0].title, trio[0].content, trio[0].address
    trio[2].repeat_of = trio[:2]
    return trio
