"""Issue 18's journey in a real browser, as new users meet it: a 도로과 officer handling a 민원 asks 법무담당관 for a
legal review linked to it; the head of 도로과 approves; the provider asks a question (the clock pauses); the
officer answers; the provider resolves; the officer rates it (which confirms it); the 민원's case page shows the
linked request and its due. Every page on the way is checked with axe-core. The clock is frozen on a Wednesday."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

import core.clock
from core.clock import KST
from core.extensions import db
from service_requests.models import ServiceRequest
from tests.browser.axe import assert_accessible, screenshot
from tests.browser.keyboard import tick
from tests.complaint_helpers import file_complaint

pytestmark = pytest.mark.browser

QUESTION = "점용 위치 도면을 보내 주십시오."
ANSWER = "도면은 시청로 3 앞 보도 20㎡입니다."
DONE = "도로법 제61조에 따라 거부할 수 있습니다. 사유는 보행 안전입니다."


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _as(page: Page, live_server, login_as, login_id: str) -> None:
    page.context.clear_cookies()
    login_as(login_id)


def _step(page: Page, action: str, text: str | None = None, label: str | None = None) -> None:
    page.locator(f"#panel-{action} summary").click()
    if text is not None:
        page.get_by_label(label).fill(text)
    with page.expect_navigation():
        page.locator(f"#panel-{action} button[type=submit]").click()
    expect(page.get_by_role("status")).to_contain_text("처리했습니다")


def _ask_for_a_legal_review(page: Page, receipt_no: str) -> None:
    page.get_by_label("검색어").fill("법률")
    _submit(page, "검색")
    with page.expect_navigation():
        page.get_by_role("link", name="이 서비스 요청하기").click()
    page.get_by_label(re.compile("^제목")).fill("도로점용 허가 거부 가능 여부")
    page.get_by_label(re.compile("^검토 요청 사항")).fill("점용허가를 거부할 수 있는지 검토 바랍니다.")
    page.get_by_label(re.compile("^연결 민원")).fill(receipt_no)
    _submit(page, "요청 보내기")
    expect(page.locator("#link-warning")).to_contain_text("처리기한보다 늦습니다")
    tick(page.get_by_label("긴급 요청으로 표시"))
    _submit(page, "지금 요청 보내기")


def test_a_legal_review_for_a_complaint_from_request_to_rating(page, live_server, login_as, monkeypatch):
    monkeypatch.setattr(core.clock, "frozen_at", datetime(2026, 12, 9, 10, 0, tzinfo=KST))
    filed = file_complaint(live_server.app.test_client(), title="상가 앞 도로 점용 문의")
    receipt_no = filed.headers["Location"].split("/")[2]

    login_as("officer")
    page.goto(live_server.url(f"/staff/complaints/{receipt_no}"))
    with page.expect_navigation():  # the case page offers an internal request beside the statutory 협조
        page.get_by_role("link", name="내부 서비스 요청").click()
    assert_accessible(page, "journey-ir-catalog")
    _ask_for_a_legal_review(page, receipt_no)
    with live_server.app.app_context():
        number = db.session.scalar(select(ServiceRequest.number).where(
            ServiceRequest.title == "도로점용 허가 거부 가능 여부"))

    _as(page, live_server, login_as, "head")
    page.goto(live_server.url("/staff/service-requests/approvals"))
    with page.expect_navigation():
        page.locator(".service-card").filter(has_text=number).get_by_role("button", name=re.compile("^승인")).click()

    _as(page, live_server, login_as, "legal")
    page.goto(live_server.url(f"/staff/service-requests/{number}"))
    assert_accessible(page, "journey-ir-provider")
    _step(page, "ask", QUESTION, "요청자에게 할 질문")
    expect(page.locator(".summary-list").filter(has_text="상태")).to_contain_text("요청자 확인 대기")

    _as(page, live_server, login_as, "officer")
    page.goto(live_server.url(f"/staff/service-requests/{number}"))
    expect(page.locator(".history-table")).to_contain_text(QUESTION)
    _step(page, "reply", ANSWER, "답변 내용")

    _as(page, live_server, login_as, "legal")
    page.goto(live_server.url(f"/staff/service-requests/{number}"))
    _step(page, "resolve", DONE, "처리 내용")

    _as(page, live_server, login_as, "officer")
    page.goto(live_server.url(f"/staff/service-requests/{number}"))
    expect(page.locator(".history-table")).to_contain_text(DONE)
    assert_accessible(page, "journey-ir-rate")
    tick(page.get_by_role("radio", name="4 - 만족"))  # focus and Space, as a keyboard user chooses
    page.get_by_label(re.compile("^의견")).fill("빠르게 검토해 주셔서 감사합니다.")
    _submit(page, "평가 제출")
    expect(page.locator("#rating-title + p")).to_contain_text("5점 중 4점")
    expect(page.locator(".summary-list").filter(has_text="상태")).to_contain_text("완료")

    page.goto(live_server.url(f"/staff/complaints/{receipt_no}"))
    linked = page.locator("#internal-requests-table")
    expect(linked).to_contain_text(number)
    expect(linked).to_contain_text("법률 검토")
    expect(linked).to_contain_text("2026. 12.")  # its resolution due, in the official format
    screenshot(page, "journey-ir-case-page")
    assert_accessible(page, "journey-ir-case-page")
