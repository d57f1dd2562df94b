"""The demo agency's 민원 분류 (demo only; an agency keeps its own list on /admin/complaint-categories)."""

from __future__ import annotations

from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintCategory
from core.extensions import db

# top category (ko, en), its subcategories (ko, en)
CATEGORIES = [
    (("도로·교통", "Roads and traffic"), [
        ("도로 파손", "Road damage"), ("가로등·신호등", "Streetlights and signals"), ("주차", "Parking"),
        ("대중교통", "Public transport")]),
    (("환경·청소", "Environment and cleaning"), [
        ("쓰레기·무단투기", "Waste and dumping"), ("소음·악취", "Noise and odour"),
        ("공원·녹지", "Parks and green space")]),
    (("복지", "Welfare"), [("노인·장애인", "Older and disabled people"), ("아동·보육", "Children and childcare")]),
    (("안전", "Safety"), [("시설물 안전", "Safety of structures"), ("재난·재해", "Disasters")]),
    (("건축·주택", "Building and housing"), [
        ("건축 허가", "Building permits"), ("공동주택", "Apartment complexes")]),
    (("세무", "Taxes"), [("지방세", "Local taxes"), ("과태료", "Fines")]),
    (("민원 행정", "Complaint administration"), [
        ("절차·서식", "Procedures and forms"), ("직원 응대", "Staff conduct")]),
    (("기타", "Other"), []),
]


def seed_demo_categories() -> int:
    """Create the list unless a category exists; returns how many were created."""
    if db.session.scalar(select(ComplaintCategory.id).limit(1)) is not None:
        return 0
    created = 0
    for position, ((name_ko, name_en), children) in enumerate(CATEGORIES):
        top = ComplaintCategory(name_ko=name_ko, name_en=name_en, position=position, is_active=True)
        db.session.add(top)
        db.session.flush()
        for child_position, (child_ko, child_en) in enumerate(children):
            db.session.add(ComplaintCategory(parent_id=top.id, name_ko=child_ko, name_en=child_en,
                                             position=child_position, is_active=True))
        created += 1 + len(children)
    db.session.flush()
    return created


def category_named(name_ko: str) -> ComplaintCategory | None:
    return db.session.scalar(select(ComplaintCategory).where(ComplaintCategory.name_ko == name_ko))
