"""Asking another department for a service, in a real browser (issue 18): the 도로과 officer finds 법률 검토 in the
catalog, fills its form linked to a 민원 they handle, is warned that the normal target ends after the 민원's
처리기한 and marks it urgent, sends; the head of 도로과 approves it. Every page is checked with axe-core (and
saved as a screenshot in .tmp/screenshots); the clock is frozen on a Wednesday of December 2026."""

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
from tests.browser.axe import assert_accessible
from tests.browser.keyboard import tick
from tests.complaint_helpers import file_complaint

pytestmark = pytest.mark.browser


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _logout(page: Page, live_server) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url("/login"))


def test_an_officer_asks_for_a_legal_review_linked_to_a_complaint_and_the_head_approves(
        page, live_server, login_as, monkeypatch):
    monkeypatch.setattr(core.clock, "frozen_at", datetime(2026, 12, 9, 10, 0, tzinfo=KST))
    filed = file_complaint(live_server.app.test_client(), title="도로 점용 허가 문의")
    assert filed.status_code == 303
    receipt_no = filed.headers["Location"].split("/")[2]

    login_as("officer")
    page.goto(live_server.url("/staff/services"))
    assert_accessible(page, "service-catalog")
    page.get_by_label("검색어").fill("법률")
    _submit(page, "검색")
    expect(page.locator(".service-card h2")).to_have_text(["법률 검토"])
    expect(page.locator(".service-card")).to_contain_text("응답 4근무시간 · 해결 2근무일")
    with page.expect_navigation():
        page.get_by_role("link", name="이 서비스 요청하기").click()
    assert_accessible(page, "service-request-form")

    page.get_by_label(re.compile("^제목")).fill("도로점용 허가 거부 가능 여부")
    page.get_by_label(re.compile("^검토 요청 사항")).fill("도로법 제61조에 따라 점용허가를 거부할 수 있는지 "
                                                         "검토 바랍니다.")
    page.get_by_label(re.compile("^관련 법령")).fill("도로법 제61조")
    page.get_by_label(re.compile("^연결 민원")).fill(receipt_no)
    _submit(page, "요청 보내기")
    warning = page.locator("#link-warning")
    expect(warning).to_contain_text(receipt_no)
    expect(warning).to_contain_text("처리기한보다 늦습니다")
    expect(page.get_by_label(re.compile("^제목"))).to_have_value("도로점용 허가 거부 가능 여부")  # kept
    assert_accessible(page, "service-request-warning")
    tick(page.get_by_label("긴급 요청으로 표시"))
    _submit(page, "지금 요청 보내기")
    expect(page.get_by_role("status").first).to_contain_text("부서장 승인을 기다리고 있습니다")
    expect(page.locator("tbody")).to_contain_text("승인 대기")
    assert_accessible(page, "service-my-requests")

    _logout(page, live_server)
    login_as("head")
    page.goto(live_server.url("/staff/service-requests/approvals"))
    card = page.locator(".service-card")
    expect(card).to_contain_text("도로점용 허가 거부 가능 여부")
    expect(card).to_contain_text("긴급")
    assert_accessible(page, "service-approvals")
    with page.expect_navigation():
        card.get_by_role("button", name=re.compile("^승인")).click()
    expect(page.get_by_role("status").first).to_contain_text("승인하여 제공 부서로 보냈습니다")
    with live_server.app.app_context():
        request = db.session.scalar(select(ServiceRequest).where(ServiceRequest.title.startswith("도로점용")))
        assert request.status == "received" and request.priority == "urgent"
        assert request.complaint_id is not None and request.handler.login_id == "legal"
        db.session.remove()

    page.goto(live_server.url("/staff/services/manage"))
    assert_accessible(page, "service-manage-catalog")
    page.goto(live_server.url("/staff/services/manage/new"))
    assert_accessible(page, "service-edit")
