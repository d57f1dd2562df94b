"""User administration in a real browser, tried as new users would (issue 17, "Done when").

An administrator opens the staff accounts, creates an officer of 도로과 (a taken user ID is refused first, with
what was typed kept), reads the temporary password shown once and the new account's page with its history. The
officer logs in with it, is held on the password page (the queue sends them back there) until they choose their
own password, and then reaches the staff home and the complaint queue. Every page is checked with axe-core.

The live server is shared by the browser tests: this test only adds an account of its own (`LOGIN_ID`).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.keyboard import tick

pytestmark = pytest.mark.browser

LOGIN_ID = "roads.browser"
OWN_PASSWORD = "roads-own-password-2027"


def _submit(page: Page, name: str) -> int:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name, exact=True).click()
    return navigation.value.status


def _create_officer(page: Page, live_server) -> str:
    """The administrator's part: returns the temporary password the page showed."""
    page.goto(live_server.url("/admin/users"))
    expect(page.get_by_role("heading", level=1)).to_have_text("직원 계정")
    assert_accessible(page, "user-admin-list")
    page.get_by_label("역할").select_option(label="관리자")
    assert _submit(page, "검색") == 200
    expect(page.locator("tbody th code")).to_have_text(["admin"])
    with page.expect_navigation():
        page.get_by_role("link", name="새 사용자").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("새 사용자")
    assert_accessible(page, "user-admin-new")
    page.locator("#login_id").fill("officer")
    page.locator("#display_name").fill("도로신규")
    page.locator("#department").select_option(label="도시교통국 › 도로과")
    page.locator("#email").fill("roads.browser@hanbit.go.kr")
    page.locator("#phone").fill("031-000-2130")
    tick(page.get_by_role("group", name="역할").get_by_label("담당자", exact=True))
    assert _submit(page, "계정 생성") == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("이미 사용 중인 아이디입니다")
    expect(page.locator("#display_name")).to_have_value("도로신규")
    expect(page.get_by_role("group", name="역할").get_by_label("담당자", exact=True)).to_be_checked()
    assert_accessible(page, "user-admin-new-error")
    page.locator("#login_id").fill(LOGIN_ID)
    assert _submit(page, "계정 생성") == 200
    password = page.locator("#temporary-password").inner_text().strip()
    assert len(password) >= 10
    assert_accessible(page, "user-admin-created")
    with page.expect_navigation():
        page.get_by_role("link", name="계정 보기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"직원 계정 {LOGIN_ID}")
    trail = page.locator(".account-trail")
    expect(trail).to_contain_text("계정 생성")
    expect(trail).to_contain_text("031-****-2130")
    assert_accessible(page, "user-admin-edit")
    return password


def test_an_administrator_creates_an_officer_who_changes_the_password_and_works(page, live_server, login_as):
    login_as("admin")
    temporary = _create_officer(page, live_server)
    page.context.clear_cookies()

    login_as(LOGIN_ID, temporary)
    assert page.url.endswith("/staff/password")
    expect(page.get_by_role("heading", level=1)).to_have_text("비밀번호 변경")
    expect(page.locator("main")).to_contain_text("임시 비밀번호를 사용하고 있습니다")
    assert_accessible(page, "password-temporary")
    page.goto(live_server.url("/staff/complaints"))
    assert page.url.endswith("/staff/password"), "no other staff page opens before the change"
    page.get_by_label("현재 비밀번호").fill(temporary)
    page.locator("#new_password").fill(OWN_PASSWORD)
    page.get_by_label("새 비밀번호 확인").fill(OWN_PASSWORD)
    assert _submit(page, "비밀번호 변경") == 200
    assert page.url.endswith("/staff/")
    expect(page.locator("main")).to_contain_text("도로신규")
    response = page.goto(live_server.url("/staff/complaints"))
    assert response.status == 200 and page.url.endswith("/staff/complaints")
    expect(page.get_by_role("heading", level=1)).to_have_text("민원 처리함")
