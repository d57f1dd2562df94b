"""Account pages in a real browser: a staff member's own password, an administrator's changes to an account.

The live server and its demo accounts are shared by every browser test: these tests only try changes that are
refused, so no account changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


def test_password_page_explains_a_wrong_current_password(page, live_server, login_as):
    login_as("officer")
    page.goto(live_server.url("/staff/password"))
    expect(page.get_by_role("heading", level=1)).to_have_text("비밀번호 변경")
    assert_accessible(page, "password-change")
    page.get_by_label("현재 비밀번호").fill("not-my-password")
    page.locator("#new_password").fill("a-new-password-2027")
    page.get_by_label("새 비밀번호 확인").fill("a-new-password-2027")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="비밀번호 변경").click()
    assert navigation.value.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("현재 비밀번호가 올바르지 않습니다")
    expect(page.get_by_label("현재 비밀번호")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "password-change-error")


def test_admin_opens_an_account_and_a_change_without_roles_is_refused(page, live_server, login_as):
    login_as("admin")
    page.goto(live_server.url("/admin/users"))
    with page.expect_navigation():
        page.get_by_role("link", name="officer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("직원 계정 officer")
    roles = page.get_by_role("group", name="역할")
    expect(roles.get_by_label("담당자", exact=True)).to_be_checked()
    expect(page.get_by_role("button", name="계정 사용 중지")).to_be_visible()
    assert_accessible(page, "account-edit")
    roles.get_by_text("담당자", exact=True).click()  # KRDS draws the box on the label
    expect(roles.get_by_label("담당자", exact=True)).not_to_be_checked()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="저장").click()
    assert navigation.value.status == 400
    expect(page.locator("#error-summary")).to_contain_text("역할을 하나 이상 고르세요")
    assert_accessible(page, "account-edit-error")
