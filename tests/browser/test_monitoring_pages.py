"""Monitoring and arrival-log pages in a real browser, checked with axe-core."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from core.extensions import db
from notifications.services import enqueue
from tests.browser.axe import assert_accessible
from tests.browser.keyboard import type_date, type_time

pytestmark = pytest.mark.browser


def test_officer_logs_an_arrival_and_opens_the_prefilled_registration(page, live_server, login_as):
    login_as("officer")
    with page.expect_navigation():
        page.get_by_role("link", name="접수 대기 도달 민원").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("접수 대기 도달 민원")
    assert_accessible(page, "staff-arrivals")
    form = page.locator("form", has=page.get_by_role("button", name="도달 기록"))
    form.get_by_label("도달 경로").select_option(label="팩스")
    type_date(form.get_by_label("도달일"), "2026-11-20")
    type_time(form.get_by_label("도달 시각"), "16:30")
    form.get_by_label("도달 내용").fill("팩스 1건: 가로등 고장 신고")
    with page.expect_navigation():
        form.get_by_role("button", name="도달 기록").click()
    expect(page.get_by_role("status")).to_contain_text("8근무시간 안에 접수하세요")
    row = page.get_by_role("row").filter(has_text="팩스 1건: 가로등 고장 신고")
    expect(row).to_contain_text("2026. 11. 20. 16:30")
    expect(row).to_contain_text("지연")  # more than 8 working hours have passed since
    assert_accessible(page, "staff-arrivals-logged")
    with page.expect_navigation():
        row.get_by_role("link", name="이 민원 접수하기").click()
    expect(page.get_by_label("접수 경로")).to_have_value("fax")
    expect(page.locator("#arrived_on")).to_have_value("2026-11-20")
    expect(page.locator("#arrived_time")).to_have_value("16:30")
    assert_accessible(page, "staff-register-from-arrival")


def test_admin_reads_jobs_and_a_message_as_delivered(page, live_server, login_as):
    with live_server.app.app_context():
        message = enqueue(key=f"browser:{datetime.now(UTC).timestamp()}", channel="email",
                          recipient="hong@example.kr", template="complaint_due_changed", language="ko",
                          now=datetime.now(UTC), payload={"name": "홍길동", "receipt_no": "HB-2611-000009",
                                                          "title": "도로 파임", "due": "2026. 12. 10.",
                                                          "department": "도로과", "department_phone": "031-000-2100"})
        message.status, message.attempts, message.last_error = "failed", 8, "SMTP server unreachable"
        db.session.commit()
        message_id = message.id
    login_as("admin")
    with page.expect_navigation():
        page.get_by_role("link", name="모니터링").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("모니터링")
    expect(page.locator("#jobs")).to_contain_text("알림 발송")  # the job's title, not its identifier
    assert_accessible(page, "admin-monitoring")
    with page.expect_navigation():
        page.get_by_role("link", name="실패: ").click()
    expect(page.locator("#outbox")).to_contain_text("처리기한 변경 안내")  # the template's name, not its key
    assert_accessible(page, "admin-outbox")
    with page.expect_navigation():
        page.get_by_role("link", name=str(message_id), exact=True).click()
    expect(page.locator("#message-preview")).to_contain_text("처리기한이 바뀌었습니다")
    assert_accessible(page, "admin-outbox-message")
    with page.expect_navigation():
        page.get_by_role("button", name="지금 다시 보내기").click()
    expect(page.get_by_role("status")).to_contain_text("다시 발송 대기열에 넣었습니다")
