"""The demo catalog of internal services (내부 서비스): 정보통신과 (accounts, PC repair, system outages), 총무과
(청사 시설, 관용차량) and 법무담당관 (법률 검토, asked by 민원 officers and approved by their head first)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from organization.models import Department, User
from service_requests.domain.workflow import Action
from service_requests.handling.services import Step, act
from service_requests.models import RequestRating, Service, ServiceField, ServiceRequest
from service_requests.requesting.services import RequestData, create_request
from working_calendar.cache import load_calendar

# code, ko, en, category, department, default handler, needs approval, links 민원,
# (response urgent/normal/low), (resolution urgent/normal/low), description ko, description en, fields
SERVICES = [
    ("IT-ACCOUNT", "업무시스템 계정 발급·변경", "Work system account", "it", "HB-IT", "itstaff", False, False,
     ("1h", "4h", "1d"), ("4h", "2d", "5d"),
     "새올행정시스템·전자결재 등 업무시스템 계정의 발급, 권한 변경, 잠금 해제를 요청합니다.",
     "Accounts, permission changes and unlocking for work systems.",
     [("system", "시스템", "System", "choice", True, "saeol|새올행정시스템|Saeol\\nedoc|전자결재|e-approval\\n"
       "crm|정책고객관리|Policy CRM"), ("user_name", "사용자 성명", "User's name", "text", True, ""),
      ("start_date", "사용 시작일", "Start date", "date", False, "")]),
    ("IT-PC-REPAIR", "PC·프린터 고장 수리", "PC or printer repair", "it", "HB-IT", "itstaff", False, True,
     ("1h", "2h", "4h"), ("4h", "1d", "3d"),
     "업무용 PC, 모니터, 프린터의 고장 수리나 점검을 요청합니다.", "Repair or check of office PCs and printers.",
     [("asset_no", "자산번호", "Asset number", "text", False, ""),
      ("symptom", "증상", "Symptom", "long_text", True, ""), ("photo", "사진", "Photo", "file", False, "")]),
    ("IT-OUTAGE", "업무시스템 장애 신고", "System outage", "it", "HB-IT", None, False, True,
     ("1h", "1h", "2h"), ("2h", "4h", "1d"),
     "업무시스템이 멈추거나 느려져 민원 처리에 지장이 있을 때 신고합니다.",
     "Report a work system that stopped or slowed down.",
     [("system_name", "시스템명", "System", "text", True, ""), ("users_affected", "영향받는 직원 수", "Staff affected",
                                                                 "number", False, "")]),
    ("GA-FACILITY", "청사 시설 보수", "Building repair", "facilities", "HB-GENERAL", "general", False, False,
     ("2h", "1d", "2d"), ("1d", "5d", "10d"),
     "청사 사무실·회의실의 전기, 냉난방, 문·창호 등의 보수를 요청합니다.",
     "Repairs to offices and meeting rooms: power, heating and cooling, doors and windows.",
     [("location", "위치", "Location", "text", True, "")]),
    ("GA-VEHICLE", "관용차량 배차", "Official vehicle", "vehicles", "HB-GENERAL", "general", True, True,
     ("2h", "4h", "1d"), ("4h", "1d", "2d"),
     "현장 조사·출장에 쓸 관용차량 배차를 요청합니다. 부서장 승인 후 접수됩니다.",
     "An official car for a site survey or trip; sent after the head of your department approves.",
     [("use_date", "사용일", "Date of use", "date", True, ""),
      ("destination", "행선지", "Destination", "text", True, ""),
      ("passengers", "탑승 인원", "Passengers", "number", False, "")]),
    ("LEGAL-REVIEW", "법률 검토", "Legal review", "legal", "HB-LEGAL", "legal", True, True,
     ("4h", "1d", "2d"), ("2d", "5d", "10d"),
     "민원 답변이나 처분에 앞서 법령 해석·법률 검토를 요청합니다. 부서장 승인 후 접수됩니다.",
     "A legal opinion before a 민원 answer or a decision; sent after the head of your department approves.",
     [("question", "검토 요청 사항", "Question", "long_text", True, ""),
      ("laws", "관련 법령", "Laws concerned", "text", False, ""),
      ("document", "관련 문서", "Document", "file", False, "")]),
]


def seed_demo_services(*, now: datetime) -> int:
    """Create the demo services that are missing; returns how many were created."""
    existing = set(db.session.scalars(select(Service.code)))
    departments = {d.code: d for d in db.session.scalars(select(Department))}
    users = {u.login_id: u for u in db.session.scalars(select(User))}
    created = 0
    for (code, ko, en, category, dept, handler, approval, link, response, resolution, desc_ko, desc_en,
         fields) in SERVICES:
        if code in existing or dept not in departments:
            continue
        service = Service(code=code, name_ko=ko, name_en=en, category=category, department=departments[dept],
                          default_handler=users.get(handler) if handler else None, needs_approval=approval,
                          may_link_complaint=link, description_ko=desc_ko, description_en=desc_en,
                          created_at=now, updated_at=now,
                          **{f"response_{p}": t for p, t in zip(("urgent", "normal", "low"), response, strict=True)},
                          **{f"resolution_{p}": t for p, t in zip(("urgent", "normal", "low"), resolution,
                                                                   strict=True)})
        service.fields = [ServiceField(position=i, key=key, label_ko=lko, label_en=len_, kind=kind, required=req,
                                       choices=choices.replace("\\n", "\n"))
                          for i, (key, lko, len_, kind, req, choices) in enumerate(fields)]
        db.session.add(service)
        created += 1
    db.session.flush()
    return created


# Demo requests in every state (issue 18.11): (title, service, requester, priority, hours before the seed time it
# was made, the steps after it as (login id, action, hours after it was made, text[, department code])).
A = Action
STORIES = [
    ("현장 조사 차량 배차 요청", "GA-VEHICLE", "officer", "normal", 3, []),  # 승인 대기
    ("주말 행사 차량 배차", "GA-VEHICLE", "officer", "low", 50, [("head", A.REJECT, 1, "이번 주는 예산이 없습니다.")]),
    ("새올 계정 권한 추가", "IT-ACCOUNT", "officer2", "low", 1, []),  # 접수
    ("도로점용 허가 취소 가능 여부 검토", "LEGAL-REVIEW", "officer", "normal", 26,
     [("head", A.APPROVE, 1, ""), ("legal", A.START, 3, "")]),  # 처리 중, linked to a demo 민원
    ("프린터 용지 걸림", "IT-PC-REPAIR", "civil", "normal", 4,
     [("itstaff", A.ASK, 1, "자산번호 스티커 사진을 보내 주십시오.")]),  # 요청자 확인 대기
    ("회의실 형광등 교체", "GA-FACILITY", "officer2", "normal", 30,
     [("general", A.START, 1, ""), ("general", A.RESOLVE, 5, "형광등 4개를 LED로 교체했습니다.")]),  # 해결
    ("전자결재 계정 잠금 해제", "IT-ACCOUNT", "head", "urgent", 120,
     [("itstaff", A.START, 1, ""), ("itstaff", A.RESOLVE, 2, "잠금을 해제했습니다."),
      ("head", A.CONFIRM, 4, "")]),  # 완료
    ("민원 시스템 접속 지연", "IT-OUTAGE", "civil", "normal", 72, [("civil", A.CANCEL, 1, "자체 복구되었습니다.")]),
    ("민원실 PC 부팅 불가", "IT-PC-REPAIR", "civil", "normal", 240, []),  # 기한 경과
    ("모니터 화면 깜빡임", "IT-PC-REPAIR", "officer", "normal", 100,
     [("itstaff", A.START, 1, ""), ("itstaff", A.RESOLVE, 3, "케이블을 교체했습니다."),
      ("officer", A.REOPEN, 20, "다시 깜빡입니다.")]),  # 재요청
    ("사무실 콘센트 고장", "IT-OUTAGE", "officer2", "normal", 6,
     [("itstaff", A.FORWARD, 1, "전기 설비는 총무과 소관입니다.", "HB-GENERAL")]),  # 이관
]
LINKED = "도로점용 허가 취소 가능 여부 검토"


def _story(title, code, requester, priority, hours_ago, steps, *, users, services, departments, calendar, now,
           complaint_id) -> ServiceRequest:
    service = services[code]
    answers = {f.key: DEMO_ANSWERS.get(f.kind, "데모 입력") for f in service.fields if f.required and f.kind != "file"}
    if code == "IT-ACCOUNT":
        answers["system"] = "saeol"
    made = now - timedelta(hours=hours_ago)
    data = RequestData(title=title, priority=priority, answers=answers, description=f"{title} 부탁드립니다.",
                       complaint_id=complaint_id if title == LINKED else None)
    request = create_request(users[requester], service, data, calendar=calendar, now=made)
    for login_id, action, after, text, *department in steps:
        step = Step(action, text=text, to_department=departments[department[0]] if department else None)
        act(users[login_id], request, step, calendar=calendar, now=made + timedelta(hours=after))
    return request


DEMO_ANSWERS = {"text": "데모 입력", "long_text": "데모 요청 내용입니다.", "number": "1", "date": "2026-12-31"}


def seed_demo_requests(*, now: datetime, complaint_id: int | None = None) -> dict[str, int]:
    """Demo requests in every state, made through the services at times before `now` (the seed time), once;
    `complaint_id`: a demo 민원 one of them serves (the app finds it; this package never reads 민원)."""
    if db.session.scalar(select(ServiceRequest.id).where(ServiceRequest.title == STORIES[0][0]).limit(1)):
        return {}
    users = {u.login_id: u for u in db.session.scalars(select(User))}
    services = {s.code: s for s in db.session.scalars(select(Service))}
    departments = {d.code: d for d in db.session.scalars(select(Department))}
    needed = {s[1] for s in STORIES}
    if not needed <= set(services) or not {s[2] for s in STORIES} <= set(users):
        return {}  # an agency without the demo departments
    calendar = load_calendar()
    made = [_story(*story, users=users, services=services, departments=departments, calendar=calendar, now=now,
                   complaint_id=complaint_id) for story in STORIES]
    closed = next(r for r in made if r.status == "closed")
    db.session.add(RequestRating(request=closed, score=5, comment="빠르게 처리해 주셨습니다.",
                                 rated_by_id=closed.requester_id, rated_at=closed.closed_at))
    db.session.flush()
    return {"service_requests": len(made)}
