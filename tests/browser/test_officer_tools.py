"""The officer's daily tools in a real browser: the head of 도로과 ticks two 민원 in 미배정 and assigns them at once
(keyboard ticks), saves the search conditions, then writes an internal note on one of them, which the history
shows marked as internal and which possible duplicates accompany. Queue and case page are checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible, screenshot
from tests.browser.keyboard import tick
from tests.complaint_helpers import file_complaint

pytestmark = pytest.mark.browser


def _filed(live_server, title: str) -> str:
    response = file_complaint(live_server.app.test_client(), title=title, name="홍길동", phone="010-7777-8888")
    assert response.status_code == 303
    return response.headers["Location"].split("/")[2]


def test_head_assigns_two_at_once_saves_the_conditions_and_writes_a_note(page, live_server, login_as):
    first, second = _filed(live_server, "일괄 배정 첫째 민원"), _filed(live_server, "일괄 배정 둘째 민원")
    login_as("head")
    page.goto(live_server.url("/staff/complaints?tab=unassigned&q=일괄 배정"))
    expect(page.get_by_role("heading", name="일괄 배정")).to_be_visible()
    assert_accessible(page, "queue-head-bulk-assign")
    for number in (first, second):
        tick(page.get_by_role("checkbox", name=f"{number} 선택"))
    page.get_by_role("combobox", name="선택한 민원의 담당자").select_option(label="김담당")
    with page.expect_navigation():
        page.get_by_role("button", name="선택한 민원 배정").click()
    expect(page.get_by_role("status")).to_contain_text("민원 2건을 김담당에게 배정했습니다")
    expect(page.get_by_role("row").filter(has_text="일괄 배정")).to_have_count(0)  # no longer unassigned

    page.get_by_role("textbox", name="검색 조건 이름").fill("일괄 배정 건")
    with page.expect_navigation():
        page.get_by_role("button", name="현재 조건 저장").click()
    expect(page.get_by_role("status")).to_contain_text("검색 조건을 저장했습니다")
    saved = page.locator(".saved-filter-list").get_by_role("link", name="일괄 배정 건")
    expect(saved).to_be_visible()
    screenshot(page, "queue-head-saved-filters")

    page.goto(live_server.url(f"/staff/complaints/{first}"))
    expect(page.get_by_role("heading", name="중복 가능성이 있는 민원")).to_be_visible()
    duplicate = page.locator(".duplicates-table").get_by_role("row").filter(has_text=second)
    expect(duplicate).to_contain_text("같은 민원인")
    expect(page.locator(".duplicates")).not_to_contain_text("7777")
    page.get_by_role("textbox", name="내부 메모").fill("민원인과 통화: 현장 확인 예정")
    with page.expect_navigation():
        page.get_by_role("button", name="메모 저장").click()
    expect(page.get_by_role("status")).to_contain_text("내부 메모를 저장했습니다")
    note = page.locator(".timeline .timeline-internal")
    expect(note).to_contain_text("민원인과 통화: 현장 확인 예정")
    expect(note).to_contain_text("민원인에게 보이지 않음")
    screenshot(page, "case-note-and-duplicates")
    assert_accessible(page, "case-note-and-duplicates")
