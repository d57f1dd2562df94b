"""Demo data for the fictional agency 한빛시. Demo only: `flask demo seed` refuses in production.

The demo accounts and their shared password are printed in README.md; they exist to click through
every feature, never for real use.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from organization.models import Agency, Department, User
from organization.services import create_agency, create_department, create_user

DEMO_PASSWORD = "hanbit-demo-2026"  # noqa: S105 - documented demo-only credential

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
]

# login id, name, roles, department code, phone
USERS = [
    ("officer", "김담당", ["officer"], "HB-ROADS", "031-000-2111"),
    ("officer2", "이주무", ["officer"], "HB-CLEAN", "031-000-3111"),
    ("head", "박과장", ["department_head", "officer"], "HB-ROADS", "031-000-2101"),
    ("auditor", "최감사", ["auditor"], "HB-AUDIT", "031-000-9001"),
    ("admin", "정관리", ["admin"], "HB-IT", "031-000-9101"),
]


def seed_demo(*, now: datetime) -> dict[str, int]:
    """Create what is missing of the demo agency, departments and users; return what was created."""
    created: dict[str, int] = {}
    agency = db.session.scalar(select(Agency).where(Agency.code == "HB"))
    if agency is None:
        agency = create_agency(code="HB", name_ko="한빛시", name_en="Hanbit City", phone="031-000-0114",
                               address="경기도 한빛시 시청로 1 (가상 주소)")
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
    from civil_complaints.holiday_services import sync_snapshot

    if added := sync_snapshot(now=now):
        created["holidays"] = added
    return created
