"""The queues in a real browser: the head of 도로과 assigns a 민원 from 미배정 and the officer finds it in
내 민원. Both pages are checked with axe-core and saved as screenshots (desktop and a phone's width)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible, screenshot
from tests.complaint_helpers import file_complaint

pytestmark = pytest.mark.browser


def _login(page: Page, live_server, login_id: str) -> None:
    from organization.demo import DEMO_PASSWORD

    page.goto(live_server.url("/login"))
    page.get_by_label("아이디").fill(login_id)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()


def test_head_assigns_from_the_queue_and_the_officer_sees_it(page, live_server, browser):
    response = file_complaint(live_server.app.test_client(), title="큐에서 배정할 민원", name="홍길동")
    assert response.status_code == 303
    receipt_no = response.headers["Location"].split("/")[2]

    _login(page, live_server, "head")
    page.goto(live_server.url(f"/staff/complaints?tab=unassigned&q={receipt_no}"))
    row = page.get_by_role("row").filter(has_text=receipt_no)
    expect(row).to_contain_text("홍*동")
    expect(row.locator(".due-badge")).to_have_text(re.compile(r"(시간|분) 남음|기한 경과"))
    assert_accessible(page, "queue-head-unassigned")
    row.get_by_role("combobox", name=f"{receipt_no} 담당자").select_option(label="김담당")
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile("^배정")).click()
    expect(page.get_by_role("status")).to_contain_text("담당자를 배정했습니다")
    assert "tab=unassigned" in page.url
    expect(page.get_by_role("row").filter(has_text=receipt_no)).to_have_count(0)

    officer = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 390, "height": 844})
    try:
        phone = officer.new_page()
        _login(phone, live_server, "officer")
        phone.goto(live_server.url("/staff/complaints"))
        expect(phone.locator(".queue-tabs [aria-current=page]")).to_have_text("내 민원")
        mine = phone.get_by_role("row").filter(has_text=receipt_no)
        expect(mine).to_contain_text("큐에서 배정할 민원")
        expect(mine).to_contain_text("김담당")
        assert mine.locator("form").count() == 0  # officers do not assign
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the queue scrolls sideways on a phone ({width}px)"
        screenshot(phone, "queue-officer-mine-phone")
        assert_accessible(phone, "queue-officer-mine-phone")
    finally:
        officer.close()
