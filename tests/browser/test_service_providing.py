"""The providing side in a real browser: 정보통신과's officer finds a request in 내 담당 and asks the requester a
question (the clock pauses), the requester of 도로과 answers, the provider resolves it, the requester confirms.
The queue and the request page are checked with axe-core and saved as screenshots."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

import core.clock
from core.clock import KST
from core.extensions import db
from tests.browser.axe import assert_accessible, screenshot
from tests.service_request_helpers import make_request

pytestmark = pytest.mark.browser

QUESTION = "고장 난 PC의 자산번호를 알려 주십시오."
ANSWER = "자산번호는 HB-PC-0042입니다."
DONE = "전원 공급 장치를 교체했습니다."


def _login(page: Page, live_server, login_id: str) -> None:
    from organization.demo import DEMO_PASSWORD

    page.goto(live_server.url("/login"))
    page.get_by_label("아이디").fill(login_id)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()


def _step(page: Page, action: str, text: str | None = None, label: str | None = None) -> None:
    page.locator(f"#panel-{action} summary").click()
    if text is not None:
        page.get_by_label(label).fill(text)
    with page.expect_navigation():
        page.locator(f"#panel-{action} button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("처리했습니다")


def test_question_answer_resolution_confirmation(page, live_server, browser, monkeypatch):
    monkeypatch.setattr(core.clock, "frozen_at", datetime(2026, 12, 9, 10, 0, tzinfo=KST))
    with live_server.app.app_context():
        number = make_request("IT-PC-REPAIR", now=core.clock.now_utc(), title="민원 창구 PC가 켜지지 않음").number
        db.session.commit()

    _login(page, live_server, "itstaff")
    page.goto(live_server.url("/staff/service-queue?tab=mine"))
    row = page.get_by_role("row").filter(has_text=number)
    expect(row).to_contain_text("민원 창구 PC가 켜지지 않음")
    expect(row.locator(".due-badge")).to_have_text("D-1")  # 1 working day: due tomorrow 10:00
    screenshot(page, "service-queue-mine")
    assert_accessible(page, "service-queue-mine")
    with page.expect_navigation():
        row.get_by_role("link", name=number).click()
    assert_accessible(page, "service-request-provider")
    _step(page, "ask", QUESTION, "요청자에게 할 질문")
    expect(page.locator(".summary-list").first).to_contain_text("요청자 확인 대기")

    other = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
    try:
        requester = other.new_page()
        _login(requester, live_server, "officer")
        requester.goto(live_server.url(f"/staff/service-requests/{number}"))
        expect(requester.locator(".history-table")).to_contain_text(QUESTION)
        _step(requester, "reply", ANSWER, "답변 내용")

        page.reload()
        expect(page.locator(".history-table")).to_contain_text(ANSWER)
        _step(page, "resolve", DONE, "처리 내용")

        requester.reload()
        _step(requester, "confirm")
        expect(requester.locator(".summary-list").first).to_contain_text("완료")
        expect(requester.locator("form[action$='/act']")).to_have_count(0)  # nothing left to do
        screenshot(requester, "service-request-confirmed")
        assert_accessible(requester, "service-request-confirmed")
    finally:
        other.close()
