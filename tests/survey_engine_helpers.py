"""Surveys and policy news for tests (surveys/, policy_customers/messages/): made through the real services."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from organization.models import User
from surveys import services


def head() -> User:
    return db.session.scalar(select(User).where(User.login_id == "head"))


def open_survey(now: datetime, *, is_public: bool = False, title: str = "버스 노선 의견조사", closes_at=None):
    """An open survey of the roads division: one required single choice, one multi choice, one free text."""
    actor = head()
    survey = services.create(actor, services.SurveyData(title=title, description="짧은 설문입니다.",
                                                        department_id=actor.department_id, is_public=is_public,
                                                        closes_at=closes_at), now=now)
    services.add_question(actor, survey, kind="single", text="노선 변경에 찬성하십니까?", required=True,
                          choices=["찬성", "반대", "모르겠음"], now=now)
    services.add_question(actor, survey, kind="multi", text="이용하는 시간대", required=False,
                          choices=["아침", "낮", "저녁"], now=now)
    services.add_question(actor, survey, kind="text", text="하고 싶은 말", required=False, choices=[], now=now)
    services.open_survey(actor, survey, now=now)
    db.session.flush()
    return survey
