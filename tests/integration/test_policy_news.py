"""Policy news (issue 20 item 5) below the pages: consent is enforced when a message is sent — nobody unconfirmed,
left, withdrawn, of other fields or past retention gets anything, and someone who leaves or withdraws while the
message is being sent gets nothing either; every recipient once; N a minute; resumable from the database; the survey
link only to those who consented to survey requests, and its answers not linked to them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.demo import seed_demo
from core.extensions import db
from notifications.models import OutboxMessage
from policy_customers import services as subscriptions
from policy_customers.messages import services
from policy_customers.messages.models import PolicyMessage, PolicyMessageDelivery
from policy_customers.messages.sending import send_policy_messages
from policy_customers.models import PolicyCustomer
from surveys import services as surveys
from surveys.models import SurveyInvitation, SurveyResponse
from tests.policy_customer_helpers import subscriber_links
from tests.survey_engine_helpers import head, open_survey

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def world(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    return ctx


def _customer(email: str) -> PolicyCustomer:
    return db.session.scalar(select(PolicyCustomer).where(PolicyCustomer.email == email))


def _people(now=NOW) -> None:
    """ok (news + surveys), newsonly, unconfirmed, left, withdrawn (news withdrawn = left), welfare, expired."""
    subscriber_links("ok@example.com", now=now - 2 * MINUTE)
    subscriptions.subscribe("newsonly@example.com", name=None, field_codes=("TRAFFIC",), purposes=("news",),
                            ip="192.0.2.1", language="en", now=now - 2 * MINUTE)
    db.session.commit()
    subscriber_links("unconfirmed@example.com", now=now - 2 * MINUTE, confirmed=False)
    subscriber_links("left@example.com", now=now - 2 * MINUTE)
    subscriptions.leave(_customer("left@example.com"), now - MINUTE)
    subscriber_links("surveys-withdrawn@example.com", now=now - 2 * MINUTE)
    subscriptions.set_consent(_customer("surveys-withdrawn@example.com"), "surveys", give=False, ip="",
                              now=now - MINUTE)
    subscriber_links("welfare@example.com", now=now - 2 * MINUTE, fields=("WELFARE",))
    subscriber_links("expired@example.com", now=now - timedelta(days=800))
    db.session.commit()


def _confirm_newsonly(now=NOW) -> None:
    from policy_customers import tokens

    customer = _customer("newsonly@example.com")
    subscriptions.confirm(tokens.issue(customer, tokens.CONFIRM, now - 2 * MINUTE), now - 2 * MINUTE)
    db.session.commit()


def _message(survey_id=None, fields=("TRAFFIC",)) -> PolicyMessage:
    actor = head()
    message = services.create(actor, services.MessageData(
        subject="버스 노선 개편 안내", body="노선이 바뀝니다.", field_codes=list(fields),
        department_id=actor.department_id, survey_id=survey_id), now=NOW)
    db.session.commit()
    return message


def _mails(message_id: int) -> dict[str, dict]:
    rows = db.session.execute(select(OutboxMessage.recipient, OutboxMessage.payload).where(
        OutboxMessage.idempotency_key.like(f"policy_message:{message_id}:%")))
    return {recipient: json.loads(payload) for recipient, payload in rows}


def test_only_confirmed_consenting_subscribers_of_the_fields_receive_it_once(world):
    _people()
    _confirm_newsonly()
    survey = open_survey(NOW)
    message = _message(survey.id)
    assert services.start_sending(head(), message, now=NOW) == 3
    db.session.commit()
    assert send_policy_messages(now=NOW)["news_queued"] == 3
    assert send_policy_messages(now=NOW + MINUTE) == {"news_queued": 0, "news_skipped": 0, "messages_finished": 0}
    mails = _mails(message.id)
    assert sorted(mails) == ["newsonly@example.com", "ok@example.com", "surveys-withdrawn@example.com"]
    # the survey link only to whoever consents to survey requests; every mail has the one-click unsubscribe link
    assert mails["ok@example.com"]["survey_url"].startswith("http")
    assert mails["newsonly@example.com"]["survey_url"] == ""
    assert mails["surveys-withdrawn@example.com"]["survey_url"] == ""
    assert all("/subscribe/leave/" in m["list_unsubscribe"] and m["leave_url"] for m in mails.values())
    assert db.session.get(PolicyMessage, message.id).status == "sent"
    assert db.session.scalar(select(func.count()).select_from(SurveyInvitation)) == 1
    # sending again is refused: one row per message and subscriber, one mail each
    with pytest.raises(services.MessageRefused):
        services.start_sending(head(), message, now=NOW + MINUTE)


def test_leaving_or_withdrawing_while_it_is_sent_stops_the_mail(world, monkeypatch):
    monkeypatch.setitem(world.config, "POLICY_MESSAGES_PER_MINUTE", 1)
    for n in range(5):
        subscriber_links(f"p{n}@example.com", now=NOW - MINUTE)
    message = _message()
    assert services.start_sending(head(), message, now=NOW) == 5
    db.session.commit()
    assert send_policy_messages(now=NOW) == {"news_queued": 1, "news_skipped": 0, "messages_finished": 0}  # N/min
    later = NOW + MINUTE / 2
    subscriptions.leave(_customer("p1@example.com"), later)
    subscriptions.set_consent(_customer("p2@example.com"), "news", give=False, ip="", now=later)  # = leaving
    subscriptions.update(_customer("p3@example.com"), name=None, field_codes=("WELFARE",), now=later)
    db.session.commit()
    assert send_policy_messages(now=NOW + MINUTE) == {"news_queued": 0, "news_skipped": 1, "messages_finished": 0}
    assert send_policy_messages(now=NOW + 2 * MINUTE) == {"news_queued": 1, "news_skipped": 0,
                                                          "messages_finished": 1}
    assert sorted(_mails(message.id)) == ["p0@example.com", "p4@example.com"]
    assert db.session.scalar(select(func.count()).select_from(PolicyMessageDelivery)) == 3  # the leavers' rows gone


def test_a_batch_that_crashed_is_done_again_without_a_second_mail(world, monkeypatch):
    monkeypatch.setitem(world.config, "POLICY_MESSAGES_PER_MINUTE", 2)
    for n in range(3):
        subscriber_links(f"c{n}@example.com", now=NOW - MINUTE)
    message = _message()
    services.start_sending(head(), message, now=NOW)
    db.session.commit()
    import policy_customers.messages.sending as sending

    real_queue = sending._queue
    calls = []

    def crash_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_queue(*args, **kwargs)

    monkeypatch.setattr(sending, "_queue", crash_on_second)
    with pytest.raises(RuntimeError):
        send_policy_messages(now=NOW)
    db.session.rollback()
    assert _mails(message.id) == {}  # nothing half-done: the batch's state and its mails go together
    monkeypatch.setattr(sending, "_queue", real_queue)
    assert send_policy_messages(now=NOW + MINUTE)["news_queued"] == 2
    assert send_policy_messages(now=NOW + 2 * MINUTE) == {"news_queued": 1, "news_skipped": 0,
                                                          "messages_finished": 1}
    assert sorted(_mails(message.id)) == ["c0@example.com", "c1@example.com", "c2@example.com"]


def test_an_answer_is_not_linked_to_the_person(world):
    subscriber_links("ok@example.com", now=NOW - MINUTE)
    survey = open_survey(NOW)
    message = _message(survey.id)
    services.start_sending(head(), message, now=NOW)
    send_policy_messages(now=NOW)
    token = _mails(message.id)["ok@example.com"]["survey_url"].rsplit("/", 1)[1]
    q1, _q2, q3 = survey.questions
    surveys.answer(token, {q1.id: [str(q1.choices[0].id)], q3.id: ["좋아요"]}, now=NOW + MINUTE)
    db.session.commit()
    with pytest.raises(surveys.SurveyRefused, match="used"):
        surveys.answer(token, {q1.id: [str(q1.choices[1].id)]}, now=NOW + 2 * MINUTE)
    db.session.rollback()
    response = db.session.scalar(select(SurveyResponse))
    columns = set(SurveyResponse.__table__.columns.keys()) | set(SurveyInvitation.__table__.columns.keys())
    assert not columns & {"customer_id", "email", "invitation_id", "ip", "session", "answered_at"}
    assert response.channel == "invited" and not hasattr(response, "invitation_id")
    assert str(response.submitted_on) == "2026-12-07"  # the day only
