"""Public pages in a real browser: keyboard use, language switch, the 처리기한 계산기, axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.keyboard import type_date, type_time

pytestmark = pytest.mark.browser


def test_home_page_is_korean_and_the_skip_link_comes_first(page, live_server):
    response = page.goto(live_server.url("/"))
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page).to_have_title("처음으로 | 한빛시")
    expect(page.get_by_role("heading", level=1)).to_have_text("정책고객관리")
    assert_accessible(page, "home-ko")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="본문 바로가기")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # a skip link must show when it has focus
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    assert page.url.endswith("#main")


def test_language_switch_to_english_and_back(page, live_server):
    page.goto(live_server.url("/deadline"))
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == live_server.url("/deadline")  # stays on the same page
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadline calculator")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    assert_accessible(page, "deadline-en")

    with page.expect_navigation():
        page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", level=1)).to_have_text("처리기한 계산기")
    expect(page.get_by_role("button", name="한국어")).to_have_attribute("aria-current", "true")


def test_deadline_calculator_chuseok_2025(page, live_server):
    """질의민원(제도·절차) received Thu 2025-10-02 10:00: 개천절, 추석 연휴, 한글날 and weekends skipped."""
    page.goto(live_server.url("/deadline"))
    assert_accessible(page, "deadline-empty")
    kind = page.get_by_label("민원 종류")
    kind.select_option(value="query_system")
    assert "제도" in kind.locator("option:checked").inner_text()
    type_date(page.get_by_label("접수일"), "2025-10-02")
    type_time(page.get_by_label("접수 시각"), "10:00")
    with page.expect_navigation():
        page.get_by_role("button", name="계산하기").click()

    assert "kind=query_system" in page.url and "received_on=2025-10-02" in page.url
    expect(page).to_have_title("결과 - 처리기한 계산기 | 한빛시")
    due = page.locator(".result-due")
    expect(due).to_contain_text("2025. 10. 17.")
    expect(due).to_contain_text("(금)")
    steps = page.locator(".explain-list li")
    expect(steps.filter(has_text="추석 대체 휴일")).to_have_count(1)
    expect(steps.filter(has_text="일째")).to_have_count(7)
    expect(steps.filter(has_text="7일째")).to_have_text("2025. 10. 17. (금): 7일째")
    # The form keeps what was entered, so the person can change one value and recalculate.
    expect(page.get_by_label("민원 종류")).to_have_value("query_system")
    expect(page.get_by_label("접수일")).to_have_value("2025-10-02")
    expect(page.get_by_label("접수 시각")).to_have_value("10:00")
    assert_accessible(page, "deadline-result-chuseok-2025")


def test_deadline_calculator_rejects_a_bad_custom_period(page, live_server):
    page.goto(live_server.url("/deadline"))
    page.get_by_label("민원 종류").select_option(value="custom")
    period = page.get_by_label("처리기간")
    period.click()
    page.keyboard.type("열흘")
    type_date(page.get_by_label("접수일"), "2025-06-02")
    type_time(page.get_by_label("접수 시각"), "14:30")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="계산하기").click()

    assert navigation.value.status == 400
    expect(page).to_have_title("오류 - 처리기한 계산기 | 한빛시")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("처리기간")
    period = page.get_by_label("처리기간")
    expect(period).to_have_value("열흘")
    expect(period).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#period-error")).to_contain_text("숫자와 단위로")
    assert "period-error" in period.get_attribute("aria-describedby").split()
    expect(page.get_by_label("민원 종류")).to_have_value("custom")
    expect(page.get_by_label("접수 시각")).to_have_value("14:30")
    expect(page.locator(".result-panel")).to_have_count(0)
    assert_accessible(page, "deadline-error-custom-period")

    # The summary's link takes keyboard focus to the field in error.
    summary.get_by_role("link").first.click()
    expect(period).to_be_focused()


def test_privacy_page(page, live_server):
    page.goto(live_server.url("/"))
    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="개인정보 처리방침").click()
    assert page.url == live_server.url("/privacy")
    expect(page.get_by_role("heading", level=1)).to_have_text("개인정보 처리방침")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert_accessible(page, "privacy")
