"""The case register (민원 처리부, issue 19 item 3): one row per 민원 received in the period, on SQLite and PostgreSQL.

A hand-made set of 민원 in March 2025 (every way of finishing, hour- and day-counted periods, late and on time,
with extensions, transfers and processing facts) plus a seeded random set from February to April, checked against
independent counts of the ORM: the period's KST boundaries, filters, a department head's scope, masking, the
late-by values worked out by hand on the working calendar, the laziness of the rows and a CSV read back.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.domain.deadlines import compute_due
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.reports.register import build_register, definition
from civil_complaints.workflow_models import ComplaintExtension, ComplaintLink, ComplaintTransfer
from core.clock import KST
from core.exports import csv_chunks
from core.extensions import db
from organization.models import Department, User
from reporting import registry
from reporting.domain.periods import Period
from reporting.registry import ReportQuery
from working_calendar.cache import load_calendar

MARCH = Period(date(2025, 3, 1), date(2025, 3, 31), "month")
NOW = datetime(2025, 4, 15, 10, 0, tzinfo=KST)  # a Tuesday
NAMES = ("홍길동", "남궁민수", "김철", "이영희", "박서준")
CHANNELS = ("web", "phone", "visit", "letter", "email", "open311")


def kst(day: int, hour: int, minute: int = 0, month: int = 3, second: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, second, tzinfo=KST)


def _user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def _type(code: str) -> ComplaintType:
    return db.session.scalar(select(ComplaintType).where(ComplaintType.code == code))


def _complaint(receipt: str, code: str, received: datetime, status: str = "assigned", *, channel: str = "web",
               name: str = "홍길동", officer: str | None = "officer", **times) -> Complaint:
    kind = _type(code)
    deadline = compute_due(received.astimezone(UTC), kind.period_spec, calendar=load_calendar())
    assignee = _user(officer) if officer else None
    complaint = Complaint(
        receipt_no=receipt, type_id=kind.id, kind=kind.kind, channel=channel, status=status, title="제목",
        content="내용", department_id=kind.department_id, assignee_id=assignee.id if assignee else None,
        complainant_name=name, notify_channel="email", arrived_at=received, received_at=received,
        period_spec=kind.period_spec, due_at=deadline.due_at, due_date=deadline.due_date,
        calendar_revision=deadline.calendar_revision or "r", created_at=received, **times)
    db.session.add(complaint)
    db.session.flush()
    return complaint


def _hand_made() -> dict[str, Complaint]:
    """The cases whose rows are checked value by value (comments: the deadline worked out by hand)."""
    officer = _user("officer")
    made = {
        # 7일 (working days): 3. 10.–18. → due Tue 3. 18.; answered Thu 3. 20.: 2 working days late (19, 20)
        "days_late": _complaint("T-DAYS-LATE", "PROCEDURE-QUERY", kst(10, 10), "answered", name="남궁민수",
                                answered_at=kst(20, 11)),
        # 3일 = 24 working hours from Mon 3. 10. 10:00 → due Thu 3. 13. 10:00; answered Mon 3. 17. 10:00: 16 hours
        "hours_late": _complaint("T-HOURS-LATE", "ROAD-DAMAGE", kst(10, 10), "answered", channel="phone",
                                 answered_at=kst(17, 10)),
        # 즉시 = 3 working hours from Fri 3. 14. 16:00 → due Mon 3. 17. 10:00; answered 10:30: half an hour late
        "instant_late": _complaint("T-INSTANT", "STREETLIGHT", kst(14, 16), "answered", name="김철",
                                   answered_at=kst(17, 10, 30)),
        "on_time": _complaint("T-ON-TIME", "ILLEGAL-DUMPING", kst(11, 9), "answered", channel="visit",
                              officer="officer2", answered_at=kst(12, 15)),
        # 7일 from Thu 3. 20. → due Fri 3. 28.; still open at Tue 4. 15.: 12 working days (3. 31.–4. 15.)
        "overdue": _complaint("T-OVERDUE", "GRIEVANCE", kst(20, 14), "in_progress", officer="civil"),
        # past its stored due, but waiting for a supplement: the clock is stopped, not overdue
        "paused": _complaint("T-PAUSED", "GRIEVANCE", kst(5, 9), "supplement_requested", officer="civil"),
        # 14일 from Mon 3. 31. 23:59 → due Thu 4. 17.: in progress
        "last_minute": _complaint("T-LAST-MINUTE", "PARKING-LAW", kst(31, 23, 59, second=59), "received",
                                  officer=None),
        "first_minute": _complaint("T-FIRST-MINUTE", "PARKING-LAW", kst(1, 0), "withdrawn", channel="letter",
                                   withdrawn_at=kst(4, 11)),
        "returned": _complaint("T-RETURNED", "ROAD-OCCUPANCY", kst(12, 9), "returned", returned_at=kst(28, 10)),
        "closed": _complaint("T-CLOSED", "CITY-PROPOSAL", kst(13, 9), "closed", officer="civil"),
        "transferred": _complaint("T-AGENCY", "ROAD-DAMAGE", kst(18, 9), "transferred"),
        # the report-facts job wrote its row: its end and late-by are the register's
        "with_facts": _complaint("T-FACTS", "PARKING-LAW", kst(3, 9, month=3), "answered", answered_at=kst(28, 9)),
        # outside the period by a second / a minute
        "before": _complaint("T-BEFORE", "PARKING-LAW", kst(28, 23, 59, month=2, second=59), "received"),
        "after": _complaint("T-AFTER", "PARKING-LAW", kst(1, 0, month=4), "received"),
    }
    earlier = made["before"]
    db.session.add(ComplaintLink(complaint_id=made["closed"].id, linked_id=earlier.id, kind="repeat_of",
                                 created_at=kst(19, 15), created_by_id=officer.id))
    roads = made["transferred"].department_id
    for kind, at, to in (("department", kst(18, 10), "HB-CLEAN"), ("agency", kst(18, 16), None)):
        db.session.add(ComplaintTransfer(
            complaint_id=made["transferred"].id, kind=kind, from_department_id=roads,
            to_department_id=_department(to).id if to else None, to_agency=None if to else "국토교통부",
            reason="소관", limit_at=kst(19, 9), transferred_at=at, on_time=True, created_by_id=officer.id))
    for number in (1, 2):
        db.session.add(ComplaintExtension(
            complaint_id=made["days_late"].id, number=number, period_spec="7d", ground="FACT_OR_SITE_CHECK",
            reason_text="현장 확인", due_before=made["days_late"].due_at, due_after=made["days_late"].due_at,
            created_at=kst(12, 9), created_by_id=officer.id))
    db.session.add(ProcessingFacts(complaint_id=made["with_facts"].id, finished_at=kst(27, 17), unit="days",
                                   processing_time=18.0, late_by=5.0, computed_at=NOW))
    return made


def _department(code: str) -> Department:
    return db.session.scalar(select(Department).where(Department.code == code))


def _random_set(count: int = 160) -> None:
    """Seeded 민원 from 2. 20. to 4. 10. across every demo type, channel and state."""
    rng = random.Random(19)
    codes = [t.code for t in db.session.scalars(select(ComplaintType).order_by(ComplaintType.code))]
    start = kst(20, 0, month=2)
    for n in range(count):
        received = start + timedelta(minutes=rng.randrange(0, 50 * 24 * 60))
        status = rng.choice(["received", "assigned", "in_progress", "answered", "answered", "withdrawn"])
        finished = {"answered_at": received + timedelta(days=rng.randrange(1, 20))} if status == "answered" else {}
        if status == "withdrawn":
            finished = {"withdrawn_at": received + timedelta(hours=5)}
        _complaint(f"T-RND-{n:04d}", rng.choice(codes), received, status, channel=rng.choice(CHANNELS),
                   name=rng.choice(NAMES), officer=None if status == "received" else "officer", **finished)


@pytest.fixture
def world(demo) -> Iterator[dict[str, str]]:
    with demo.app_context():
        made = _hand_made()
        _random_set()
        db.session.commit()
        yield {key: complaint.receipt_no for key, complaint in made.items()}
        db.session.remove()


def _query(actor: str = "auditor", *, departments=None, unmasked=False, **filters) -> ReportQuery:
    return ReportQuery(period=MARCH, actor=_user(actor), now=NOW.astimezone(UTC), filters=filters,
                       departments=departments, unmasked=unmasked)


def _rows(query: ReportQuery) -> tuple[list[str], list[dict]]:
    table = build_register(query).tables[0]
    keys = [c.key for c in table.columns]
    return keys, [dict(zip(keys, row, strict=True)) for row in table.rows]


def _count(*conditions) -> int:
    """An independent count: the period's bounds written out in UTC (KST = UTC+9, no daylight saving)."""
    start, end = datetime(2025, 2, 28, 15, tzinfo=UTC), datetime(2025, 3, 31, 15, tzinfo=UTC)
    return db.session.scalar(select(func.count()).select_from(Complaint).join(ComplaintType)
                             .where(Complaint.received_at >= start, Complaint.received_at < end, *conditions))


def test_one_row_per_complaint_of_the_period_in_receipt_order(world):
    _, rows = _rows(_query())
    numbers = [r["receipt_no"] for r in rows]
    assert len(rows) == _count() > 100
    assert {world["last_minute"], world["first_minute"]} <= set(numbers)
    assert world["before"] not in numbers and world["after"] not in numbers
    assert numbers[0] == world["first_minute"] and numbers[-1] == world["last_minute"]
    assert [r["received"] for r in rows] == sorted(r["received"] for r in rows)


def test_each_column_of_the_hand_made_cases(world):
    _, rows = _rows(_query())
    row = {r["receipt_no"]: r for r in rows}
    days = row[world["days_late"]]
    assert (days["channel"], days["type"], days["kind"], days["department"], days["officer"]) == (
        "누리집", "민원 절차 문의", "질의민원 (제도·절차)", "민원여권과", "김담당")
    assert days["due"] == kst(18, 23, 59, second=59) + timedelta(microseconds=999_999)
    assert (days["finished"], days["on_time"], days["late_days"], days["late_hours"]) == (kst(20, 11), "지연", 2, None)
    assert (days["extensions"], days["transfers"], days["status"]) == (2, 0, "답변 완료")
    hours = row[world["hours_late"]]
    assert (hours["due"], hours["late_hours"], hours["late_days"], hours["on_time"]) == (
        kst(13, 10), 16.0, None, "지연")
    assert (row[world["instant_late"]]["due"], row[world["instant_late"]]["late_hours"]) == (kst(17, 10), 0.5)
    on_time = row[world["on_time"]]
    assert (on_time["on_time"], on_time["late_hours"], on_time["officer"]) == ("기한 내", 0, "이주무")
    assert (row[world["overdue"]]["on_time"], row[world["overdue"]]["late_days"]) == ("기한 경과(처리 중)", 12)
    assert (row[world["paused"]]["on_time"], row[world["paused"]]["late_days"]) == ("처리 중", None)
    last = row[world["last_minute"]]
    assert (last["on_time"], last["officer"], last["finished"], last["status"]) == ("처리 중", "", None, "접수")


def test_every_way_of_finishing_has_its_end(world):
    _, rows = _rows(_query())
    row = {r["receipt_no"]: r for r in rows}
    assert row[world["first_minute"]]["finished"] == kst(4, 11)
    assert row[world["returned"]]["finished"] == kst(28, 10)
    assert row[world["closed"]]["finished"] == kst(19, 15)  # the repeat-closure link
    transferred = row[world["transferred"]]
    assert (transferred["finished"], transferred["transfers"]) == (kst(18, 16), 2)  # to another agency
    facts = row[world["with_facts"]]
    assert (facts["finished"], facts["late_days"], facts["late_hours"]) == (kst(27, 17), 5.0, None)


def test_names_are_masked_unless_asked_unmasked(world):
    keys, rows = _rows(_query())
    cells = [str(value) for row in rows for value in row.values()]
    assert not any(name in cell for name in NAMES for cell in cells)
    masked = {r["receipt_no"]: r["complainant"] for r in rows}
    assert (masked[world["days_late"]], masked[world["instant_late"]], masked[world["on_time"]]) == (
        "남**수", "김*", "홍*동")
    _, unmasked = _rows(_query(unmasked=True))
    assert {r["receipt_no"]: r["complainant"] for r in unmasked}[world["days_late"]] == "남궁민수"
    conditions = dict(build_register(_query(unmasked=True)).conditions)
    assert conditions != dict(build_register(_query()).conditions)


def test_a_department_head_sees_their_department_only(world):
    report = registry.definition("register")
    head, auditor = _user("head"), _user("auditor")
    roads = _department("HB-ROADS")
    assert report is not None and report.scope(head) == frozenset({roads.id}) and report.scope(auditor) is None
    _, rows = _rows(_query("head", departments=report.scope(head)))
    assert len(rows) == _count(Complaint.department_id == roads.id) > 5
    assert {r["department"] for r in rows} == {"도로과"}
    assert _rows(_query("head", departments=frozenset()))[1] == []


def test_who_may_read_and_unmask(world):
    report = definition()
    allowed = {login: report.may_read(_user(login)) for login in ("auditor", "reviewer", "head", "officer", "admin")}
    assert allowed == {"auditor": True, "reviewer": True, "head": True, "officer": False, "admin": False}
    unmask = {login: report.may_unmask(_user(login)) for login in ("auditor", "reviewer", "head")}
    assert unmask == {"auditor": True, "reviewer": True, "head": False}


@pytest.mark.parametrize("filters", [{"department": "HB-CIVIL"}, {"kind": "query_law"}, {"type": "ROAD-DAMAGE"},
                                     {"channel": "phone"}, {"department": "HB-ROADS", "channel": "web"}])
def test_filters_match_an_independent_count(world, filters):
    conditions = {"department": lambda v: Complaint.department_id == _department(v).id,
                  "kind": lambda v: Complaint.kind == v, "type": lambda v: ComplaintType.code == v,
                  "channel": lambda v: Complaint.channel == v}
    _, rows = _rows(_query(**filters))
    assert len(rows) == _count(*(conditions[k](v) for k, v in filters.items())) > 0


def test_an_unknown_code_gives_no_rows(world):
    assert _rows(_query(department="NO-SUCH"))[1] == [] and _rows(_query(type="NO-SUCH"))[1] == []


def test_the_rows_are_read_lazily(world):
    rows = build_register(_query()).tables[0].rows
    assert isinstance(rows, Iterator) and not isinstance(rows, list)
    _complaint("T-LATER", "ROAD-DAMAGE", kst(25, 9))  # written after the report was built, before it is read
    db.session.commit()
    assert "T-LATER" in {row[0] for row in rows}


def test_the_csv_reads_back_with_korean_intact(world):
    table = build_register(_query()).tables[0]
    header = [c.label for c in table.columns]
    text = "".join(csv_chunks([header, *table.rows]))
    assert text.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(text[1:])))
    assert read[0][:3] == ["접수번호", "경로", "유형"] and len(read) == _count() + 1
    by_number = {line[0]: dict(zip(header, line, strict=True)) for line in read[1:]}
    days = by_number[world["days_late"]]
    assert (days["민원인"], days["접수"], days["지연 (근무일)"], days["상태"]) == (
        "남**수", "2025. 3. 10. 10:00", "2", "답변 완료")


def test_the_report_states_its_conditions_and_is_registered(world):
    report = build_register(_query(department="HB-ROADS"))
    conditions = dict(report.conditions)
    assert conditions["부서"] == "도로과" and conditions["경로"] == "전체"
    assert conditions["접수 기간"] == "2025. 3. 1. ~ 2025. 3. 31. (접수일 기준)"
    assert report.period == MARCH and report.made_at == NOW.astimezone(UTC) and report.made_by == "최감사"
    assert report.landscape and report.notes and report.filename("csv") == "register_2025-03-01_2025-03-31.csv"
    assert registry.definition("register").order == 20


def test_english_and_the_choices_of_the_hub(world, demo):
    query = ReportQuery(period=MARCH, actor=_user("auditor"), now=NOW, locale="en")
    table = build_register(query).tables[0]
    assert [c.label for c in table.columns][:3] == ["Receipt number", "Channel", "Type"]
    row = next(r for r in table.rows if r[0] == world["hours_late"])
    assert row[1:5] == ("Telephone", "Road damage", "Other complaint", "Roads Division")
    with demo.test_request_context():
        choices = definition().choices()
    codes = [code for code, _ in choices["department"]]
    assert codes == sorted(codes) and "HB-ROADS" in codes
    assert ("phone", "전화") in choices["channel"] and ("ROAD-DAMAGE", "도로 파손 신고") in choices["type"]
    assert [code for code, _ in choices["kind"]][0] == "statutory"
