"""Demo data for the fictional agency 한빛시. Demo only: `flask demo seed` refuses in production.

The demo accounts and their shared password are printed in README.md; they exist to click through
every feature, never for real use.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from organization.demo import DEMO_PASSWORD
from organization.models import Agency, Department, User
from organization.services import create_agency, create_department, create_user

# code, name_ko, name_en, kind, parent code, phone
DEPARTMENTS = [
    ("HB-CITIZEN", "시민소통국", "Citizen Communication Bureau", "bureau", None, "031-000-1000"),
    ("HB-CIVIL", "민원여권과", "Civil Affairs and Passport Division", "division", "HB-CITIZEN", "031-000-1100"),
    ("HB-CIVIL-DESK", "민원접수팀", "Complaint Reception Team", "team", "HB-CIVIL", "031-000-1110"),
    ("HB-TRANSPORT", "도시교통국", "Urban Transport Bureau", "bureau", None, "031-000-2000"),
    ("HB-ROADS", "도로과", "Roads Division", "division", "HB-TRANSPORT", "031-000-2100"),
    ("HB-TRAFFIC", "교통행정과", "Traffic Administration Division", "division", "HB-TRANSPORT", "031-000-2200"),
    ("HB-ENV", "환경녹지국", "Environment and Parks Bureau", "bureau", None, "031-000-3000"),
    ("HB-CLEAN", "자원순환과", "Waste and Recycling Division", "division", "HB-ENV", "031-000-3100"),
    ("HB-AUDIT", "감사관", "Audit Office", "division", None, "031-000-9000"),
    ("HB-IT", "정보통신과", "Information Technology Division", "division", None, "031-000-9100"),
    ("HB-GENERAL", "총무과", "General Affairs Division", "division", None, "031-000-9200"),
    ("HB-LEGAL", "법무담당관", "Legal Affairs Office", "division", None, "031-000-9300"),
]

# login id, name, roles, department code, phone
USERS = [
    ("officer", "김담당", ["officer"], "HB-ROADS", "031-000-2111"),
    ("officer2", "이주무", ["officer"], "HB-CLEAN", "031-000-3111"),
    ("civil", "한민원", ["officer"], "HB-CIVIL", "031-000-1111"),
    ("head", "박과장", ["department_head", "officer"], "HB-ROADS", "031-000-2101"),
    ("auditor", "최감사", ["auditor"], "HB-AUDIT", "031-000-9001"),
    ("admin", "정관리", ["admin"], "HB-IT", "031-000-9101"),
    ("reviewer", "한심사", ["review_officer"], "HB-CIVIL", "031-000-1101"),
    ("records", "문기록", ["records_officer"], "HB-IT", "031-000-9102"),
    # providers of internal services (내부 서비스): 정보통신과, 총무과 (청사·차량), 법무담당관
    ("itstaff", "오정보", ["officer"], "HB-IT", "031-000-9111"),
    ("ithead", "강과장", ["department_head", "officer"], "HB-IT", "031-000-9110"),
    ("general", "조총무", ["officer"], "HB-GENERAL", "031-000-9211"),
    ("legal", "서법무", ["officer"], "HB-LEGAL", "031-000-9311"),
]


# code, name_ko, name_en, kind, period, department, asks location, open311, service notice, description_ko
COMPLAINT_TYPES = [
    ("ROAD-DAMAGE", "도로 파손 신고", "Road damage", "other", "3d", "HB-ROADS", True, True, "3일 이내 보수 착수",
     "도로·보도의 파임, 균열, 맨홀 덮개 파손을 알려 주세요. "
     "한빛시 민원처리기준에 따라 3일(24근무시간) 안에 처리합니다."),
    ("STREETLIGHT", "가로등 고장 신고", "Broken streetlight", "other", "즉시", "HB-ROADS", True, True,
     "3근무시간 이내 조치", "꺼지거나 깜빡이는 가로등의 위치를 알려 주세요. 즉시(3근무시간) 처리합니다."),
    ("ILLEGAL-DUMPING", "쓰레기 무단투기 신고", "Illegal dumping", "other", "5d", "HB-CLEAN", True, True,
     "5일 이내 수거", "무단투기된 쓰레기의 위치와 상황을 알려 주세요."),
    ("PARKING-LAW", "주차 관련 법령 질의", "Question about parking law", "query_law", "14d", "HB-TRAFFIC", False,
     False, "14일 이내 답변", "주차 단속, 과태료 등 법령 해석을 묻는 질의민원입니다 (영 제14조제1호, 14일)."),
    ("PROCEDURE-QUERY", "민원 절차 문의", "Question about procedures", "query_system", "7d", "HB-CIVIL", False, False,
     "7일 이내 답변", "제도·절차에 관한 질의민원입니다 (영 제14조제2호, 7일)."),
    ("CITY-PROPOSAL", "시정 건의", "Proposal to the city", "proposal", "14d", "HB-CIVIL", False, False,
     "14일 이내 답변", "행정제도와 운영의 개선을 요구하는 건의민원입니다 (영 제15조, 14일)."),
    ("GRIEVANCE", "고충 민원", "Grievance", "grievance", "7d", "HB-CIVIL", False, False, "7일 이내 처리",
     "위법·부당하거나 소극적인 처분으로 겪는 불편을 알려 주세요 (영 제17조, 7일)."),
    ("ROAD-OCCUPANCY", "도로점용 허가 신청", "Road occupancy permit", "statutory", "10d", "HB-ROADS", True, False,
     "10일 이내 처리", "도로를 점용하려면 허가를 받아야 합니다. 처리기간은 한빛시 민원처리기준표에 따라 10일입니다."),
]


def _seed_types(by_code: dict) -> int:
    from civil_complaints.complaint_models import ComplaintType

    existing = set(db.session.scalars(select(ComplaintType.code)))
    added = 0
    for code, name_ko, name_en, kind, period, dept, location, open311, notice, description in COMPLAINT_TYPES:
        if code in existing:
            continue
        db.session.add(ComplaintType(code=code, name_ko=name_ko, name_en=name_en, kind=kind, period_spec=period,
                                     department=by_code[dept], asks_location=location, open311_public=open311,
                                     service_notice_ko=notice, description_ko=description,
                                     description_en=name_en + "."))
        added += 1
    db.session.flush()
    return added


def _seed_catalogs(by_code: dict) -> dict[str, int]:
    """The complaint types and the 민원 분류 (categories/demo.py)."""
    from civil_complaints.categories.demo import seed_demo_categories

    counts = {"complaint_types": _seed_types(by_code), "complaint_categories": seed_demo_categories()}
    return {name: count for name, count in counts.items() if count}


def seed_demo(*, now: datetime) -> dict[str, int]:
    """Create what is missing of the demo agency, departments and users; return what was created."""
    created: dict[str, int] = {}
    agency = db.session.scalar(select(Agency).where(Agency.code == "HB"))
    if agency is None:
        from flask import current_app

        agency = create_agency(code="HB", name_ko="한빛시", name_en="Hanbit City", phone="031-000-0114",
                               address=current_app.config["AGENCY_ADDRESS"])
        created["agencies"] = 1
    by_code = {d.code: d for d in db.session.scalars(select(Department))}
    for code, name_ko, name_en, kind, parent_code, phone in DEPARTMENTS:
        if code not in by_code:
            by_code[code] = create_department(agency=agency, code=code, name_ko=name_ko, name_en=name_en,
                                              kind=kind, parent=by_code.get(parent_code), phone=phone)
            created["departments"] = created.get("departments", 0) + 1
    existing = set(db.session.scalars(select(User.login_id)))
    for login_id, name, roles, dept_code, phone in USERS:
        if login_id not in existing:
            create_user(login_id=login_id, display_name=name, password=DEMO_PASSWORD, roles=roles,
                        department=by_code[dept_code], phone=phone, email=f"{login_id}@hanbit.example.go.kr",
                        now=now)
            created["users"] = created.get("users", 0) + 1
    from working_calendar.holidays import sync_snapshot

    created.update(_seed_catalogs(by_code))

    if added := sync_snapshot(now=now):
        created["holidays"] = added
    _seed_features(created, now)
    return created


def _seed_features(created: dict[str, int], now: datetime) -> None:
    """The charter, the internal services and the policy customers' fields."""
    if _seed_charter(now):
        created["charters"] = 1
    from service_requests.demo import seed_demo_services

    if services := seed_demo_services(now=now):
        created["services"] = services
    from policy_customers.demo import seed_demo_fields

    if fields := seed_demo_fields():
        created["policy_fields"] = fields


def _seed_charter(now: datetime) -> bool:
    from flask import current_app

    from charters.demo_content import seed_demo_charter
    from civil_complaints.complaint_models import ComplaintType

    users = {u.login_id: u for u in db.session.scalars(select(User).where(User.login_id.in_(["admin", "head"])))}
    if len(users) < 2:
        return False
    type_ids = {code: type_id for code, type_id in db.session.execute(select(ComplaintType.code, ComplaintType.id))}
    return seed_demo_charter(editor=users["admin"], approver=users["head"], type_ids=type_ids,
                             agency_name=current_app.config["AGENCY_NAME"], now=now)
