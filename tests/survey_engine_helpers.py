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


def walk_samples(now: datetime) -> dict[str, int | str]:
    """Something behind every path variable of the survey and policy-news pages (the caller commits): a draft survey
    with a question (its forms live), an open public survey with an invitation token, a closed survey with its
    summary published, and a draft policy message."""
    from policy_customers.messages import services as messages

    actor = head()
    draft = services.create(actor, services.SurveyData(title="작성 중인 설문", description="",
                                                       department_id=actor.department_id), now=now)
    question = services.add_question(actor, draft, kind="single", text="좋습니까?", required=True,
                                     choices=["예", "아니요"], now=now)
    public = open_survey(now, is_public=True, title="누구나 답하는 설문")
    token = services.invite(public, 1, now=now)[0]
    published = open_survey(now, title="마감된 설문")
    services.close_survey(actor, published, now=now)
    services.publish_summary(actor, published, now=now)
    data = messages.MessageData(subject="정책 소식 예시", body="본문", field_codes=["TRAFFIC"],
                                department_id=actor.department_id)
    message = messages.create(actor, data, now=now)
    db.session.flush()
    return {"draft": draft.id, "question": question.id, "public": public.id, "token": token,
            "published": published.id, "message": message.id}
