"""The survey pages in a real browser, axe-core clean (no serious or critical violation): a respondent's e-mailed
link (the form, its errors, the thanks), a survey published on its own, a published summary with its chart; and the
staff pages of surveys and policy news for a department head."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from organization.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import serve_demo
from tests.browser.keyboard import tick

pytestmark = pytest.mark.browser

SAMPLES: dict = {}


def _seed() -> None:
    from core.clock import now_utc
    from tests.survey_engine_helpers import walk_samples

    SAMPLES.update(walk_samples(now_utc()))


@pytest.fixture(scope="module")
def server():
    with serve_demo(_seed) as live:
        yield live


def test_a_respondent_answers_by_the_emailed_link(page, server):
    page.goto(server.url(f"/surveys/answer/{SAMPLES['token']}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("누구나 답하는 설문")
    assert_accessible(page, "survey-answer")
    tick(page.get_by_label("아침"))
    page.get_by_label("하고 싶은 말").fill("정류장을 늘려 주세요")
    with page.expect_navigation():
        page.get_by_role("button", name="응답 보내기").click()
    expect(page.get_by_text("이 질문에 답해 주세요.").first).to_be_visible()
    expect(page.get_by_label("하고 싶은 말")).to_have_value("정류장을 늘려 주세요")  # kept
    expect(page.get_by_label("아침")).to_be_checked()
    assert_accessible(page, "survey-answer-errors")
    tick(page.get_by_label("찬성", exact=True))  # Space selects a radio button too
    with page.expect_navigation():
        page.get_by_role("button", name="응답 보내기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("응답해 주셔서 감사합니다")
    assert_accessible(page, "survey-thanks")


def test_the_public_survey_and_the_published_summary(page, server):
    page.goto(server.url(f"/surveys/{SAMPLES['public']}"))
    expect(page.get_by_role("button", name="응답 보내기")).to_be_visible()
    assert_accessible(page, "survey-public")
    page.goto(server.url(f"/surveys/{SAMPLES['published']}/results"))
    expect(page.get_by_role("heading", level=1)).to_have_text("설문 결과: 마감된 설문")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert_accessible(page, "survey-summary")


def test_the_staff_pages_of_surveys_and_policy_news(page, server):
    page.goto(server.url("/login"))
    page.get_by_label("아이디").fill("head")
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()
    for name, url in (("surveys", "/staff/surveys"), ("survey-draft", f"/staff/surveys/{SAMPLES['draft']}"),
                      ("survey-results", f"/staff/surveys/{SAMPLES['published']}/results"),
                      ("survey-question", f"/staff/surveys/{SAMPLES['draft']}/questions/new"),
                      ("policy-messages", "/staff/policy-messages"),
                      ("policy-message-new", "/staff/policy-messages/new"),
                      ("policy-message-preview", f"/staff/policy-messages/{SAMPLES['message']}")):
        page.goto(server.url(url))
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page, name)
