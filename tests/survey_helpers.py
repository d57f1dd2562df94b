"""A closed internal-customer survey with answers of three departments about 정보통신과 (enough to be shown),
for the route walks' `period_id`."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from organization.models import Department, User
from service_requests.models import SurveyAnswer, SurveyPeriod


def add_closed_survey(now: datetime) -> int:
    """The period's id (the caller commits)."""
    admin = db.session.scalar(select(User).where(User.login_id == "admin"))
    departments = {d.code: d for d in db.session.scalars(select(Department))}
    period = SurveyPeriod(title="2026 internal customer survey", opened_at=now - timedelta(days=20),
                          closes_at=now - timedelta(days=1), opened_by_id=admin.id)
    db.session.add(period)
    db.session.flush()
    for rater, overall in (("HB-ROADS", 5), ("HB-CLEAN", 3), ("HB-CIVIL", 4)):
        db.session.add(SurveyAnswer(period_id=period.id, rater_department_id=departments[rater].id,
                                    provider_department_id=departments["HB-IT"].id, speed=4, accuracy=4, kindness=5,
                                    overall=overall, comment=f"Comment of {rater}", submitted_by_id=admin.id,
                                    submitted_at=now - timedelta(days=2)))
    return period.id
