"""The survey pages (surveys/): staff build a survey, open it, read results with counts and a chart, close it and
publish a summary; respondents answer by an e-mailed link once, or at the public address once per browser
session; bad answers are refused in Korean with the input kept; other departments and auditors cannot change it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.extensions import db
from surveys import services
from surveys.models import Survey, SurveyResponse
from tests.helpers import csrf_token_from, login, parse, post_form
from tests.survey_engine_helpers import open_survey

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


@pytest.fixture
def at_now(demo, frozen):
    frozen(NOW)
    return demo


def _survey(app, **options) -> tuple[int, list[int], list[list[int]]]:
    with app.app_context():
        survey = open_survey(NOW, **options)
        db.session.commit()
        return survey.id, [q.id for q in survey.questions], [[c.id for c in q.choices] for q in survey.questions]


def _tokens(app, survey_id: int, n: int) -> list[str]:
    with app.app_context():
        tokens = services.invite(db.session.get(Survey, survey_id), n, now=NOW)
        db.session.commit()
        return tokens


def _responses(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SurveyResponse))


def test_staff_build_open_and_read_a_survey(at_now):
    client = at_now.test_client()
    login(client, "head")
    response = post_form(client, "/staff/surveys/new", {"title": "공원 이용 설문", "description": "",
                                                       "department_id": "", "closes_on": ""})
    assert response.status_code == 400 and "부서" in response.get_data(as_text=True)  # refused, input kept
    assert 'value="공원 이용 설문"' in response.get_data(as_text=True)
    page = client.get("/staff/surveys/new")
    department = parse(page).find("select", attrs={"name": "department_id"}).find("option")["value"]
    response = post_form(client, "/staff/surveys/new", {"title": "공원 이용 설문", "department_id": department,
                                                       "closes_on": ""})
    assert response.status_code == 303
    url = response.headers["Location"]
    survey_id = int(url.rsplit("/", 1)[1])
    token = csrf_token_from(client.get(url))
    refused = client.post(f"{url}/open", data={"csrf_token": token}, follow_redirects=True)
    assert "질문을 하나 이상 추가하세요" in refused.get_data(as_text=True)
    one_choice = post_form(client, f"{url}/questions/new", {"text": "자주 가십니까?", "kind": "single",
                                                             "choices": "예", "position": "1"})
    assert one_choice.status_code == 303
    refused = client.post(f"{url}/open", data={"csrf_token": token}, follow_redirects=True)
    assert "보기가 두 개 이상" in refused.get_data(as_text=True)
    with at_now.app_context():
        question_id = db.session.get(Survey, survey_id).questions[0].id
    assert post_form(client, f"{url}/questions/{question_id}", {"text": "자주 가십니까?", "kind": "single",
                                                                 "choices": "예\n아니요", "position": "1",
                                                                 "required": "y"}).status_code == 303
    assert client.post(f"{url}/open", data={"csrf_token": token}).status_code == 303
    with at_now.app_context():
        assert db.session.get(Survey, survey_id).status == "open"
    # open: questions can no longer change
    edit = post_form(client, f"{url}/questions/{question_id}", {"text": "바꿈", "kind": "text", "position": "1"})
    assert edit.status_code == 400 and "이미 시작되었습니다" in edit.get_data(as_text=True)


def test_an_invited_answer_is_checked_kept_and_taken_once(at_now):
    survey_id, questions, choices = _survey(at_now)
    token = _tokens(at_now, survey_id, 1)[0]
    client = at_now.test_client()
    url = f"/surveys/answer/{token}"
    page = client.get(url)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    bad = post_form(client, url, {f"q{questions[1]}": [str(choices[1][2])], f"q{questions[2]}": "의견 그대로"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "이 질문에 답해 주세요" in text
    assert "의견 그대로" in text and re.search(rf'value="{choices[1][2]}" checked', text)  # the input is kept
    assert _responses(at_now) == 0
    wrong = post_form(client, url, {f"q{questions[0]}": [str(choices[0][0]), str(choices[0][1])]})
    assert wrong.status_code == 400 and "하나만 고르세요" in wrong.get_data(as_text=True)
    done = post_form(client, url, {f"q{questions[0]}": str(choices[0][0]), f"q{questions[2]}": "좋아요"})
    assert done.status_code == 200 and "응답해 주셔서 감사합니다" in done.get_data(as_text=True)
    again = client.get(url)
    assert again.status_code == 410 and "이미 응답" in again.get_data(as_text=True)
    assert _responses(at_now) == 1
    assert at_now.test_client().get("/surveys/answer/not-a-token").status_code == 404


def test_a_survey_published_on_its_own_takes_one_answer_per_browser(at_now):
    private_id, *_ = _survey(at_now, title="링크로만")
    assert at_now.test_client().get(f"/surveys/{private_id}").status_code == 404
    survey_id, questions, choices = _survey(at_now, is_public=True, title="누구나")
    first = at_now.test_client()
    answer = {f"q{questions[0]}": str(choices[0][1])}
    assert post_form(first, f"/surveys/{survey_id}", answer).status_code == 200
    assert first.get(f"/surveys/{survey_id}").status_code == 409
    assert post_form(at_now.test_client(), f"/surveys/{survey_id}", answer).status_code == 200
    assert _responses(at_now) == 2


def test_results_count_choices_and_the_summary_is_published_once_closed(at_now):
    survey_id, questions, choices = _survey(at_now)
    for token, choice, text in zip(_tokens(at_now, survey_id, 3), (0, 0, 1), ("첫째 의견", "", "셋째 의견"),
                                   strict=True):
        with at_now.app_context():
            services.answer(token, {questions[0]: [str(choices[0][choice])], questions[2]: [text]}, now=NOW)
            db.session.commit()
    staff = at_now.test_client()
    login(staff, "head")
    results = staff.get(f"/staff/surveys/{survey_id}/results")
    page = parse(results)
    assert results.status_code == 200 and page.find("svg", attrs={"role": "img"}) is not None
    table = page.find("table")
    assert [td.get_text(strip=True) for td in table.find_all("td")][:3] == ["2", "1", "0"]
    assert "첫째 의견" in results.get_data(as_text=True) and "셋째 의견" in results.get_data(as_text=True)
    public = at_now.test_client()
    assert public.get(f"/surveys/{survey_id}/results").status_code == 404
    token = csrf_token_from(staff.get(f"/staff/surveys/{survey_id}"))
    refused = staff.post(f"/staff/surveys/{survey_id}/publish", data={"csrf_token": token}, follow_redirects=True)
    assert "마감한 뒤에" in refused.get_data(as_text=True)
    assert staff.post(f"/staff/surveys/{survey_id}/close", data={"csrf_token": token}).status_code == 303
    assert staff.post(f"/staff/surveys/{survey_id}/publish", data={"csrf_token": token}).status_code == 303
    summary = public.get(f"/surveys/{survey_id}/results")
    assert summary.status_code == 200 and parse(summary).find("svg") is not None
    assert "첫째 의견" not in summary.get_data(as_text=True)  # free texts stay with the department
    assert public.get(f"/surveys/answer/{_tokens_closed(at_now, survey_id)}").status_code in (404, 410)


def _tokens_closed(app, survey_id: int) -> str:
    with app.app_context(), pytest.raises(services.SurveyRefused):
        services.invite(db.session.get(Survey, survey_id), 1, now=NOW)
    return "none"


@pytest.mark.parametrize(("account", "read", "write"), [
    ("head", 200, 303), ("admin", 200, 303), ("auditor", 200, 403), ("officer", 403, 403), ("ithead", 403, 403)])
def test_only_the_department_and_administrators_change_a_survey(at_now, account, read, write):
    survey_id, *_ = _survey(at_now)
    client = at_now.test_client()
    login(client, account)
    assert client.get(f"/staff/surveys/{survey_id}").status_code == read
    assert client.get(f"/staff/surveys/{survey_id}/results").status_code == read
    token = csrf_token_from(client.get("/staff/password"))
    assert client.post(f"/staff/surveys/{survey_id}/close", data={"csrf_token": token}).status_code == write
    with at_now.app_context():
        assert db.session.get(Survey, survey_id).status == ("closed" if write == 303 else "open")
    listed = client.get("/staff/surveys")
    if read == 200:
        assert f"/staff/surveys/{survey_id}" in listed.get_data(as_text=True)


@pytest.mark.parametrize(("account", "read", "write"), [
    ("head", 200, 200), ("admin", 200, 200), ("auditor", 200, 403), ("officer", 403, 403), ("ithead", 200, 403)])
def test_only_the_department_and_administrators_edit_or_send_a_policy_message(at_now, account, read, write):
    """A policy message of 도로과 (the demo head's department): the list and preview for every reader of the counts,
    edit and send for its own head and administrators only; an auditor and another department's head are refused, and
    a refused send leaves the message a draft with no delivery."""
    from policy_customers.messages.models import PolicyMessage
    from tests.survey_engine_helpers import walk_samples

    with at_now.app_context():
        message_id = walk_samples(NOW)["message"]
        db.session.commit()
    client = at_now.test_client()
    login(client, account)
    assert client.get(f"/staff/policy-messages/{message_id}").status_code == read
    assert client.get(f"/staff/policy-messages/{message_id}/edit").status_code == write
    token = csrf_token_from(client.get("/staff/password"))
    sent = client.post(f"/staff/policy-messages/{message_id}/send", data={"csrf_token": token})
    assert sent.status_code == (303 if write == 200 else 403)
    with at_now.app_context():
        assert (db.session.get(PolicyMessage, message_id).status == "draft") is (write != 200)
