"""Demo policy news (demo only): a handful of confirmed subscribers with clearly fictional addresses
(@example.com), one message sent three weeks ago to the 교통 subscribers with a survey attached, and that survey
closed with answers and its summary published. Made through the real services by the roads division's head; the
answers are sent with the invitations the message mailed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from notifications.models import OutboxMessage
from organization.models import User
from policy_customers.domain import consent as rules
from policy_customers.messages import services
from policy_customers.messages.sending import send_policy_messages
from policy_customers.models import PolicyConsent, PolicyCustomer, PolicyCustomerField, PolicyField
from surveys import services as surveys
from surveys.models import Survey

SURVEY_TITLE = "한빛대로 버스전용차로 운영 시간 의견조사"
# address, name, fields, consents to survey requests too
SUBSCRIBERS = [
    ("demo.citizen1@example.com", "김시민", ("TRAFFIC",), True),
    ("demo.citizen2@example.com", "이한빛", ("TRAFFIC", "ENVIRONMENT"), True),
    ("demo.citizen3@example.com", None, ("TRAFFIC", "SAFETY"), True),
    ("demo.citizen4@example.com", "박정책", ("TRAFFIC",), False),
    ("demo.citizen5@example.com", "최복지", ("WELFARE",), True),
    ("demo.citizen6@example.com", None, ("TRAFFIC", "CULTURE"), True),
]
QUESTIONS = [
    ("single", "버스전용차로 운영 시간을 어떻게 바꾸는 것이 좋겠습니까?", True,
     ["지금처럼 출퇴근 시간에만", "오전 7시부터 오후 9시까지", "하루 종일"]),
    ("multi", "주로 어떤 교통수단으로 한빛대로를 지나십니까? (모두 고르기)", False,
     ["시내버스", "승용차", "자전거", "걷기"]),
    ("text", "그 밖에 하고 싶은 말씀을 적어 주세요.", False, []),
]
# per answering subscriber: the choice positions of questions 1 and 2, the free text
ANSWERS = [(1, (1, 2), "퇴근 시간대 정체가 심해 연장이 필요합니다."), (1, (1,), ""),
           (0, (2, 4), "현행 유지가 좋겠습니다.")]


def _subscriber(email, name, codes, surveys_too, fields, when) -> None:
    customer = PolicyCustomer(email=email, name=name, language="ko", status=rules.CONFIRMED, created_at=when,
                              confirmed_at=when, renewed_at=when, retention_until=when + timedelta(days=730))
    customer.field_links = [PolicyCustomerField(field_id=fields[c].id) for c in codes]
    purposes = (rules.NEWS, rules.SURVEYS) if surveys_too else (rules.NEWS,)
    customer.consents = [PolicyConsent(purpose=p, text_version=rules.CONSENT_VERSIONS[p], given_at=when,
                                       ip="192.0.2.10") for p in purposes]
    db.session.add(customer)


def _survey(head: User, when: datetime) -> Survey:
    survey = surveys.create(head, surveys.SurveyData(
        title=SURVEY_TITLE, department_id=head.department_id,
        description="한빛대로 버스전용차로의 운영 시간 조정을 검토하고 있습니다. 짧은 질문 세 가지에 답해 주세요.",
        closes_at=when + timedelta(days=14)), now=when)
    for kind, text, required, choices in QUESTIONS:
        surveys.add_question(head, survey, kind=kind, text=text, required=required, choices=choices, now=when)
    surveys.open_survey(head, survey, now=when)
    return survey


def _answer(survey: Survey, token: str, answer, when: datetime) -> None:
    first, second, text = answer
    q1, q2, q3 = survey.questions
    surveys.answer(token, {q1.id: [str(q1.choices[first].id)], q2.id: [str(q2.choices[i - 1].id) for i in second],
                           q3.id: [text]}, now=when)


def seed_demo_policy_news(*, now: datetime) -> dict[str, int]:
    """Create the demo subscribers, message and survey unless the survey exists (needs the fields and the head)."""
    if db.session.scalar(select(Survey.id).where(Survey.title == SURVEY_TITLE)) is not None:
        return {}
    head = db.session.scalar(select(User).where(User.login_id == "head"))
    fields = {f.code: f for f in db.session.scalars(select(PolicyField))}
    if head is None or "TRAFFIC" not in fields:
        return {}
    known = set(db.session.scalars(select(PolicyCustomer.email)))
    for email, name, codes, surveys_too in SUBSCRIBERS:
        if email not in known:
            _subscriber(email, name, codes, surveys_too, fields, now - timedelta(days=60))
    db.session.flush()
    sent_at = now - timedelta(days=21)
    survey = _survey(head, sent_at)
    message = services.create(head, services.MessageData(
        subject="한빛대로 버스전용차로 운영 시간 조정 검토 안내",
        body="한빛시는 한빛대로 버스전용차로의 운영 시간 조정을 검토하고 있습니다.\n"
             "출퇴근 시간대 버스 통행 속도와 승용차 정체를 함께 살펴, 올해 안에 결정하겠습니다.\n"
             "아래 의견조사에 참여해 주시면 검토에 반영하겠습니다.",
        field_codes=["TRAFFIC"], department_id=head.department_id, survey_id=survey.id), now=sent_at)
    services.start_sending(head, message, now=sent_at)
    send_policy_messages(now=sent_at)
    payloads = db.session.scalars(select(OutboxMessage.payload).where(
        OutboxMessage.idempotency_key.like(f"policy_message:{message.id}:%")).order_by(OutboxMessage.id))
    links = [p["survey_url"] for p in map(json.loads, payloads) if p.get("survey_url")]
    for offset, (url, answer) in enumerate(zip(links, ANSWERS, strict=False), start=1):
        _answer(survey, url.rsplit("/", 1)[1], answer, sent_at + timedelta(days=offset))
    surveys.close_survey(head, survey, now=sent_at + timedelta(days=14))
    surveys.publish_summary(head, survey, now=sent_at + timedelta(days=15))
    db.session.flush()
    return {"policy_subscribers": len(SUBSCRIBERS), "policy_messages": 1, "surveys": 1}
