"""The demo's fields of interest (관심 분야)."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from policy_customers.models import PolicyField

# code, name_ko, name_en
FIELDS = [
    ("TRAFFIC", "교통", "Transport"),
    ("ENVIRONMENT", "환경", "Environment"),
    ("WELFARE", "복지", "Welfare"),
    ("SAFETY", "안전", "Safety"),
    ("CULTURE", "문화·관광", "Culture and tourism"),
    ("ECONOMY", "경제·일자리", "Economy and jobs"),
]


def seed_demo_fields() -> int:
    """Add the fields that are missing; returns how many."""
    existing = set(db.session.scalars(select(PolicyField.code)))
    added = 0
    for position, (code, name_ko, name_en) in enumerate(FIELDS, start=1):
        if code not in existing:
            db.session.add(PolicyField(code=code, name_ko=name_ko, name_en=name_en, position=position,
                                       is_active=True))
            added += 1
    db.session.flush()
    return added
