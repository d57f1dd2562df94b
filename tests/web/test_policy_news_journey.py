"""Issue 20's "Done when" for policy news, tried as a new user would, through a real SMTP server (aiosmtpd): a
citizen subscribes to 교통 at /subscribe and confirms by the e-mailed link; a department head writes a policy
message with a survey and sends it; the citizen receives it, follows the survey link and answers, then unsubscribes
with one click from the message's List-Unsubscribe address. A second subscriber who never confirmed and a third who
left receive nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from notifications.delivery import deliver_outbox
from policy_customers.messages.sending import send_policy_messages
from policy_customers.models import PolicyCustomer
from surveys.models import SurveyResponse
from tests.helpers import login, parse, post_form
from tests.monitoring_support import Sink, free_port, start_sink
from tests.survey_engine_helpers import open_survey

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def smtp(demo, frozen, monkeypatch):
    frozen(NOW)
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(demo.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(demo.config, "MAIL_PORT", port)
    yield sink
    controller.stop()


def _deliver(app, now=NOW) -> int:
    with app.app_context():
        return deliver_outbox(now=now)["sent"]


def _mails_to(sink: Sink, address: str) -> list:
    return [m for m in sink.messages() if m["To"] == address]


def _subscribe(client, email: str):
    response = post_form(client, "/subscribe", {"email": email, "fields": ["TRAFFIC"], "consent_news": "y",
                                                "consent_surveys": "y"})
    assert response.status_code == 303


def _link(mail, path: str) -> str:
    return re.search(rf"http://\S+({re.escape(path)}\S+)", mail.get_content()).group(1)


def _confirm(app, sink, client, email: str) -> None:
    [mail] = _mails_to(sink, email)
    assert post_form(client, _link(mail, "/subscribe/confirm/"), {}).status_code == 200


def test_a_citizen_subscribes_answers_a_survey_and_leaves_with_one_click(demo, smtp):
    citizen, pending, leaver = demo.test_client(), demo.test_client(), demo.test_client()
    _subscribe(citizen, "citizen@example.com")
    _subscribe(pending, "never-confirmed@example.com")
    _subscribe(leaver, "leaver@example.com")
    assert _deliver(demo) == 3
    _confirm(demo, smtp, citizen, "citizen@example.com")
    _confirm(demo, smtp, leaver, "leaver@example.com")
    assert _deliver(demo) == 2  # the welcome mails
    [welcome] = _mails_to(smtp, "leaver@example.com")[1:]
    assert post_form(leaver, _link(welcome, "/subscribe/leave/"), {}).status_code == 200

    with demo.app_context():
        survey_id = open_survey(NOW, title="버스 노선 개편 의견조사").id
        db.session.commit()
    staff = demo.test_client()
    login(staff, "head")
    form = parse(staff.get("/staff/policy-messages/new"))
    department = form.find("select", attrs={"name": "department_id"}).find("option")["value"]
    saved = post_form(staff, "/staff/policy-messages/new", {
        "subject": "버스 노선 개편 안내", "body": "다음 달부터 12번 버스 노선이 바뀝니다.", "fields": ["TRAFFIC"],
        "department_id": department, "survey_id": str(survey_id)})
    assert saved.status_code == 303
    preview = staff.get(saved.headers["Location"])
    assert "1명" in preview.get_data(as_text=True)  # would receive it now: the confirmed citizen only
    sent = post_form(staff, saved.headers["Location"] + "/send", {}, form_page=saved.headers["Location"])
    assert sent.status_code == 303
    with demo.app_context():
        assert send_policy_messages(now=NOW + MINUTE)["news_queued"] == 1
    assert _deliver(demo, NOW + MINUTE) == 1

    [news] = [m for m in _mails_to(smtp, "citizen@example.com") if "버스 노선 개편 안내" in str(m["Subject"])]
    assert "다음 달부터 12번 버스 노선이 바뀝니다." in news.get_content()
    assert len(_mails_to(smtp, "never-confirmed@example.com")) == 1  # its confirmation request only
    assert len(_mails_to(smtp, "leaver@example.com")) == 2  # confirmation and welcome; no news

    survey_path = _link(news, "/surveys/answer/")
    page = parse(citizen.get(survey_path))
    first_question = page.find("input", attrs={"type": "radio"})
    answered = post_form(citizen, survey_path, {first_question["name"]: first_question["value"]})
    assert answered.status_code == 200 and "응답해 주셔서 감사합니다" in answered.get_data(as_text=True)
    with demo.app_context():
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1

    leave_url = news["List-Unsubscribe"].strip("<>")
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert leave_url in news.get_content()
    one_click = demo.test_client().post(leave_url.removeprefix(demo.config["PUBLIC_BASE_URL"]),
                                        data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    with demo.app_context():
        assert db.session.scalar(select(PolicyCustomer).where(PolicyCustomer.email == "citizen@example.com")) is None
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1  # the answer stays
