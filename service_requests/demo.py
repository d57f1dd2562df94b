"""The demo catalog of internal services (내부 서비스): 정보통신과 (accounts, PC repair, system outages), 총무과
(청사 시설, 관용차량) and 법무담당관 (법률 검토, asked by 민원 officers and approved by their head first)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from organization.models import Department, User
from service_requests.models import Service, ServiceField

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
