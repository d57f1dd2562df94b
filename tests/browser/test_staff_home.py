"""The worklist home in a real browser, as a new officer meets it: after logging in, the first screen says what is
due today, and one click lists it. The head's and the auditor's homes (load tables) are checked with axe-core too."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

import core.clock
from core.clock import KST
from tests.browser.axe import assert_accessible, screenshot
from tests.browser.conftest import serve_demo

pytestmark = pytest.mark.browser

NOW = datetime(2026, 12, 9, 10, 0, tzinfo=KST)  # a Wednesday, a working day


def _login(page: Page, server, login_id: str) -> None:
    from organization.demo import DEMO_PASSWORD

    page.goto(server.url("/login"))
    page.get_by_label("아이디").fill(login_id)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()


def _one_due_today(upload_dir) -> dict:
    """김담당's 민원 due at 17:00 today, and one of 도로과 not assigned yet."""
    from civil_complaints.casework import services as workflow_services
    from core.extensions import db
    from tests.workflow_helpers import file_at, user

    made = {}
    for key, assignee in (("today", "officer"), ("waiting", None)):
        complaint = file_at("ROAD-DAMAGE", NOW - timedelta(days=2), upload_dir)
        complaint.title = {"today": "오늘 답해야 할 민원", "waiting": "배정을 기다리는 민원"}[key]
        if assignee:
            workflow_services.assign(user("head"), complaint, assignee=user(assignee), now=NOW - timedelta(days=1))
            complaint.due_at = NOW.replace(hour=17)
            complaint.due_date = NOW.date()
        db.session.commit()
        made[key] = complaint.receipt_no
    return made


def test_an_officer_sees_what_is_due_today_on_the_first_screen_and_reaches_it_in_one_click(
        page, browser, monkeypatch, tmp_path):
    monkeypatch.setattr(core.clock, "frozen_at", NOW)
    made = {}
    with serve_demo(lambda: made.update(_one_due_today(tmp_path))) as server:
        _login(page, server, "officer")
        assert page.url == server.url("/staff/")  # the worklist is where a login lands
        due_today = page.get_by_role("link", name="오늘 기한 (내 민원) 1건")
        expect(due_today).to_be_visible()
        expect(page.get_by_role("heading", name="내 민원의 다가오는 처리기한")).to_be_visible()
        screenshot(page, "staff-home-officer")
        assert_accessible(page, "staff-home-officer")
        with page.expect_navigation():
            due_today.click()
        row = page.get_by_role("row").filter(has_text=made["today"])
        expect(row).to_contain_text("오늘 답해야 할 민원")
        expect(page.locator("tbody tr")).to_have_count(1)

        for login_id, heading in (("head", "담당자별 업무량"), ("auditor", "부서별 처리 중인 민원")):
            other = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul")
            try:
                home = other.new_page()
                _login(home, server, login_id)
                expect(home.get_by_role("heading", name=heading)).to_be_visible()
                expect(home.get_by_role("link", name="미배정 1건")).to_be_visible()
                assert_accessible(home, f"staff-home-{login_id}")
            finally:
                other.close()
