"""Demo 민원 in interesting states, so the staff pages show something after `make run` (demo only).

Filed and handled through the real services with past `now` values, relative to the seeding time:
unassigned, assigned, in 보완, extended, shared by 협조, answered, overdue, returned (반려), and one filed by
letter whose 보완 요구 waits in the letter queue. Idempotent: nothing is added when the first demo 민원 exists.
Citizens can look the online ones up with phone 010-0000-1001 … 1009 and the demo password. The last one repeats
the first one's filer and place (a possible duplicate on both case pages); the assigned one has an internal note.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from civil_complaints.casework import (
    answers as answer_services,
)
from civil_complaints.casework import (
    cooperation as cooperation_services,
)
from civil_complaints.casework import (
    returns as return_services,
)
from civil_complaints.casework import (
    services as workflow_services,
)
from civil_complaints.casework import (
    supplements as supplement_services,
)
from civil_complaints.casework.notes import add_note
from civil_complaints.categories.demo import category_named
from civil_complaints.complaint_models import Complaint, ComplaintTag, ComplaintType
from civil_complaints.intake.notices import queue_receipt_notice
from civil_complaints.intake.services import IntakeData, receive_complaint
from civil_complaints.web_support import upload_dir
from core.clock import KST
from core.extensions import db
from organization.demo import DEMO_PASSWORD
from organization.models import Department, User
from working_calendar.cache import load_calendar

# title, type, name, days ago received, what happens
CASES = [
    ("한빛대로 12 앞 포트홀", "ROAD-DAMAGE", "홍길동", 0, "unassigned"),
    ("시청로 보도블록 들뜸", "ROAD-DAMAGE", "김영희", 1, "assigned"),
    ("공사 현장 앞 도로 점용 허가", "ROAD-OCCUPANCY", "이철수", 2, "supplement"),
    ("상가 앞 도로 점용 허가 (행사)", "ROAD-OCCUPANCY", "박민준", 6, "extended"),
    ("하천변 도로 파손과 쓰레기", "ROAD-DAMAGE", "최지우", 0, "cooperation"),
    ("공원 입구 가로등 고장", "STREETLIGHT", "정하늘", 3, "answered"),
    ("한빛초 앞 맨홀 덮개 파손", "ROAD-DAMAGE", "강바다", 12, "overdue"),
    # filed by letter, no e-mail or mobile: its 보완 요구 waits in the letter queue to be printed (D14)
    ("주택가 이면도로 점용 허가", "ROAD-OCCUPANCY", "박우편", 1, "letter"),
    # two 보완 requests left unanswered past their 기한: returned with reasons and remedies (영 제25조①, D15)
    ("골목길 가설 울타리 설치 허가", "ROAD-OCCUPANCY", "윤서연", 20, "returned"),
    # the first 민원's filer again, about the same pothole: the case pages suggest each as a possible duplicate
    ("한빛대로 12 앞 도로 패임", "ROAD-DAMAGE", "홍길동", 0, "unassigned"),
]
#: where each 민원 is (the others: "한빛시 시청로 1 일대"); the last one's filer is the first one's (same contact)
ADDRESSES = {"한빛대로 12 앞 포트홀": "한빛대로 12 앞", "한빛대로 12 앞 도로 패임": "한빛대로 12 앞",
             "시청로 보도블록 들뜸": "한빛시 시청로 3", "하천변 도로 파손과 쓰레기": "한빛천 산책로 입구",
             "공원 입구 가로등 고장": "한빛공원 정문", "한빛초 앞 맨홀 덮개 파손": "한빛초등학교 정문 앞"}
SAME_FILER = {"한빛대로 12 앞 도로 패임": 0}
#: 민원인 who ticked "제 민원으로 바뀐 제도를 알려 주세요" (issue 20; told when a demo improvement is finished)
TELL_ME = {"한빛대로 12 앞 포트홀", "공원 입구 가로등 고장", "골목길 가설 울타리 설치 허가"}
#: 민원 분류 by type, and tags (categories/demo.py)
CATEGORY_OF_TYPE = {"ROAD-DAMAGE": "도로 파손", "STREETLIGHT": "가로등·신호등", "ROAD-OCCUPANCY": "도로·교통"}
TAGS = {"한빛대로 12 앞 포트홀": ["포트홀"], "한빛대로 12 앞 도로 패임": ["포트홀"],
        "한빛초 앞 맨홀 덮개 파손": ["맨홀", "어린이 보호구역"], "공원 입구 가로등 고장": ["가로등"]}
DEMO_NOTE = "민원인과 통화함: 이번 주 안에 현장을 확인하겠다고 안내했습니다."


def _at(now: datetime, days_ago: int) -> datetime:
    """A working-hours instant `days_ago` days before now (10:00 KST on that day)."""
    day = now.astimezone(KST).date() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=KST)


def _file(title: str, code: str, name: str, received_at: datetime, number: int, story: str) -> Complaint:
    ctype = db.session.scalar(select(ComplaintType).where(ComplaintType.code == code))
    number = SAME_FILER.get(title, number)
    data = IntakeData(title=title, content=f"{title}에 관한 민원입니다. 확인 부탁드립니다.", name=name,
                      phone=f"010-0000-{1001 + number}", email=f"demo.citizen{number + 1}@example.kr",
                      address=ADDRESSES.get(title, "한빛시 시청로 1 일대"), consent=True,
                      lookup_password=DEMO_PASSWORD, improvement_consent=title in TELL_ME)
    channel = "web"
    if story == "letter":
        channel, data.phone, data.email, data.notify_channel = "letter", None, None, "post"
        data.postal_code, data.postal_address = "12345", "경기도 한빛시 한빛로 20 (가상 주소)"
    complaint, _ = receive_complaint(ctype, data, channel=channel, received_at=received_at, arrived_at=received_at,
                                     calendar=load_calendar(), agency_code="HB", upload_dir=upload_dir(),
                                     now=received_at)
    queue_receipt_notice(complaint, language="ko", now=received_at)
    return complaint


def _handle(complaint: Complaint, story: str, users: dict[str, User], received_at: datetime,
            now: datetime) -> None:
    calendar, later = load_calendar(), received_at + timedelta(hours=2)
    officer, head = users["officer"], users["head"]
    if story in ("assigned", "supplement", "extended", "answered", "letter", "returned"):
        workflow_services.assign(head, complaint, assignee=officer, now=received_at + timedelta(hours=1))
    if story == "assigned":
        add_note(officer, complaint, text=DEMO_NOTE, now=received_at + timedelta(hours=1, minutes=30))
    if story == "returned":
        _return(officer, complaint, calendar, received_at, now)
    if story in ("supplement", "letter"):
        supplement_services.request_supplement(officer, complaint, request_text="점용 위치도와 점용 기간을 적은 "
                                               "계획서를 내 주세요.", days=7, calendar=calendar, now=later)
    if story == "extended":
        workflow_services.start(officer, complaint, now=later)
        workflow_services.extend(officer, complaint, period_spec="5d", ground="FACT_OR_SITE_CHECK",
                                 reason_text="행사 동선에 대한 현장 확인이 필요합니다.", consent_recorded=False,
                                 consent_note=None, calendar=calendar, now=later + timedelta(days=3))
    if story == "cooperation":
        clean = db.session.scalar(select(Department).where(Department.code == "HB-CLEAN"))
        cooperation_services.request_cooperation(officer, complaint, department=clean,
                                                 text="하천변 쓰레기 수거 일정을 알려 주세요.",
                                                 reply_due=complaint.due_date, now=later)
    if story == "answered":
        answer_services.answer(officer, complaint, text="가로등 안정기를 교체하여 정상 점등을 확인했습니다.",
                               now=later, cause="고장 난 가로등의 위치를 신고서로 정확히 알릴 방법이 없음",
                               systemic=True)


def _return(officer: User, complaint: Complaint, calendar, received_at: datetime, now: datetime) -> None:
    """Two 보완 requests, each left unanswered past its 기한, then 반려 the day after the second 기한 (when that is
    still in the past: otherwise the 민원 stays in 보완)."""
    first = supplement_services.request_supplement(officer, complaint, request_text="울타리 설치 위치도를 내 주세요.",
                                                   days=1, calendar=calendar, now=received_at + timedelta(hours=2))
    second = supplement_services.repeat_supplement(officer, complaint, request_text="위치도를 다시 요청합니다.", days=1,
                                                   calendar=calendar, now=_day_after(first.respond_by))
    returned_at = _day_after(second.respond_by)
    if returned_at > now:
        return
    return_services.return_complaint(
        officer, complaint, reasons="정해 드린 기한까지 위치도를 보완하지 않으셨습니다 (시행령 제24조).",
        remedies="이 처분을 받은 날부터 60일 이내에 문서로 이의신청을 할 수 있습니다 (민원 처리에 관한 법률 제35조). "
                 "행정심판(행정심판법 제27조)이나 행정소송(행정소송법 제20조)도 제기할 수 있습니다.",
        now=returned_at)


def _classify(complaint: Complaint, code: str) -> None:
    category = category_named(CATEGORY_OF_TYPE.get(code, "기타"))
    complaint.category_id = category.id if category else None
    db.session.add_all([ComplaintTag(complaint_id=complaint.id, tag=tag) for tag in TAGS.get(complaint.title, [])])


def _day_after(day: date) -> datetime:
    """10:00 KST on the day after `day` (a 기한 ends with its day)."""
    following = day + timedelta(days=1)
    return datetime(following.year, following.month, following.day, 10, 0, tzinfo=KST)


def seed_demo_cases(*, now: datetime) -> dict[str, int]:
    """Create the demo 민원 unless they exist; returns {"complaints": n} when it created them."""
    if current_app.config["APP_ENV"] == "production":
        raise RuntimeError("demo complaints are refused in production")
    if db.session.scalar(select(Complaint.id).where(Complaint.title == CASES[0][0]).limit(1)) is not None:
        return {}
    users = {u.login_id: u for u in db.session.scalars(select(User).where(User.login_id.in_(["officer", "head"])))}
    for number, (title, code, name, days_ago, story) in enumerate(CASES):
        received_at = _at(now, days_ago)
        complaint = _file(title, code, name, received_at, number, story)
        db.session.flush()
        _handle(complaint, story, users, received_at, now)
        _classify(complaint, code)
    db.session.flush()
    return {"complaints": len(CASES)}
