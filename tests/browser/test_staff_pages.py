"""Staff pages in a real browser: the login form, each demo role's landing page, holiday administration."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.keyboard import type_date

pytestmark = pytest.mark.browser

DEMO_NAMES = {"officer": "김담당", "head": "박과장", "auditor": "최감사", "admin": "정관리"}


def test_login_with_nothing_entered_explains_what_is_missing(page, live_server):
    page.goto(live_server.url("/login"))
    assert_accessible(page, "login")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="로그인").click()

    assert navigation.value.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    for label in ("아이디", "비밀번호"):
        control = page.get_by_label(label)
        expect(control).to_have_attribute("aria-invalid", "true")
        error_id = f"{control.get_attribute('id')}-error"
        expect(page.locator(f"#{error_id}")).to_be_visible()
        assert error_id in control.get_attribute("aria-describedby").split()
    assert_accessible(page, "login-error-empty")


def test_login_with_a_wrong_password_is_refused(page, live_server, login_as):
    login_as("officer", "not-the-password")
    assert page.url.startswith(live_server.url("/login"))
    expect(page.locator("#login-error")).to_contain_text("아이디 또는 비밀번호")
    expect(page.get_by_label("비밀번호")).to_have_value("")  # a password is never sent back
    assert_accessible(page, "login-error-wrong-password")


@pytest.mark.parametrize("login_id", list(DEMO_NAMES))
def test_each_demo_role_logs_in_and_lands_on_staff_home(page, live_server, login_as, login_id):
    login_as(login_id)
    assert page.url == live_server.url("/staff/")
    expect(page.get_by_role("heading", level=1)).to_have_text("업무 첫 화면")
    expect(page.get_by_role("status")).to_contain_text("로그인했습니다.")
    expect(page.get_by_role("banner")).to_contain_text(f"{DEMO_NAMES[login_id]}님 로그인 중")
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible()
    assert_accessible(page, f"staff-home-{login_id}")


def test_admin_adds_an_agency_closure(page, live_server, login_as):
    login_as("admin")
    menu = page.get_by_role("navigation", name="주 메뉴")
    menu.get_by_text("운영·관리", exact=True).click()
    with page.expect_navigation():
        menu.get_by_role("link", name="공휴일·휴무일 관리").click()
    assert page.url == live_server.url("/admin/holidays")
    expect(page.get_by_role("heading", level=1)).to_have_text("공휴일·휴무일 관리")
    assert_accessible(page, "admin-holidays")

    form = page.locator("form", has=page.get_by_role("button", name="변경 내용 확인", exact=True))
    type_date(form.get_by_label("날짜"), "2026-12-30")
    form.get_by_label("이름").fill("시청사 전기설비 점검 휴무")
    form.get_by_label("종류").select_option(label="기관 휴무")
    form.get_by_label("비고").fill("한빛시 공고 제2026-100호")
    with page.expect_navigation():
        form.get_by_role("button", name="변경 내용 확인", exact=True).click()

    # the preview: what the change would move, nothing saved yet; the reason is required
    expect(page.get_by_role("heading", level=1)).to_have_text("공휴일 변경 확인")
    expect(page.locator("#change-title")).to_have_text("2026. 12. 30.을(를) 쉬는 날로 추가")
    expect(page.locator("#change-impact")).to_contain_text("처리기한")
    assert_accessible(page, "admin-holiday-preview")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="변경 저장").click()
    assert navigation.value.status == 400
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("변경 사유")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "admin-holiday-preview-no-reason")
    page.get_by_label("변경 사유").fill("전기설비 법정 점검")
    with page.expect_navigation():
        page.get_by_role("button", name="변경 저장").click()

    assert page.url == live_server.url("/admin/holidays?year=2026")
    expect(page.get_by_role("status").first).to_contain_text("달력에 추가했습니다")
    row = page.locator("table").first.get_by_role("row").filter(has_text="시청사 전기설비 점검 휴무")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("2026. 12. 30.")
    expect(row).to_contain_text("기관 휴무")
    expect(page.locator("#holiday-changes")).to_contain_text("전기설비 법정 점검")
    assert_accessible(page, "admin-holidays-added")


def test_admin_holiday_form_with_nothing_entered(page, live_server, login_as):
    login_as("admin")
    page.goto(live_server.url("/admin/holidays"))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="변경 내용 확인", exact=True).click()
    assert navigation.value.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    form = page.locator("form", has=page.get_by_role("button", name="변경 내용 확인", exact=True))
    expect(form.get_by_label("날짜")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("이름")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "admin-holidays-error-empty")


def _save_the_change(page, reason: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("공휴일 변경 확인")
    page.get_by_label("변경 사유").fill(reason)
    with page.expect_navigation():
        page.get_by_role("button", name="변경 저장").click()


def test_a_removed_closure_stays_readable(page, live_server, login_as):
    """A removed row is struck through in a colour with at least 4.5:1 contrast (it was 3.08:1)."""
    login_as("admin")
    page.goto(live_server.url("/admin/holidays?year=2027"))
    form = page.locator("form", has=page.get_by_role("button", name="변경 내용 확인", exact=True))
    type_date(form.get_by_label("날짜"), "2027-11-23")
    form.get_by_label("이름").fill("청사 소독 휴무")
    form.get_by_label("종류").select_option(label="기관 휴무")
    with page.expect_navigation():
        form.get_by_role("button", name="변경 내용 확인", exact=True).click()
    _save_the_change(page, "청사 소독")  # a change is previewed first, then saved with its reason (issue 14.8)
    row = page.get_by_role("row").filter(has_text="청사 소독 휴무")
    with page.expect_navigation():
        row.get_by_role("button", name="제외").click()
    _save_the_change(page, "소독 일정 취소")
    removed = page.locator("tr.row-inactive").filter(has_text="청사 소독 휴무")
    expect(removed).to_have_count(1)
    color = removed.locator("td").first.evaluate("node => getComputedStyle(node).color")
    assert color == "rgb(70, 76, 83)", color  # #464c53: 8.7:1 on white
    assert_accessible(page, "admin-holidays-removed-row")


def test_text_fields_and_selects_show_a_focus_ring(page, live_server):
    """KRDS takes the outline off .krds-input and .krds-form-select on focus; the app puts a ring back."""
    page.goto(live_server.url("/complaints/new"))
    for control in (page.get_by_label("제목"), page.get_by_label("민원 분류")):
        control.focus()
        outline = control.evaluate("node => [getComputedStyle(node).outlineStyle, getComputedStyle(node).outlineWidth]")
        assert outline[0] == "solid" and float(outline[1].removesuffix("px")) >= 2, outline
