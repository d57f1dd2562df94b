"""The main menu in a real browser (issue 14.1): an officer who has just been given the address of the site reaches
a 민원 of their queue by clicking only; the menu works with the keyboard alone, at a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from organization.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.complaint_helpers import filed_receipt_no

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _menu(page: Page):
    return page.get_by_role("navigation", name="주 메뉴")


def test_an_officer_reaches_a_complaint_of_their_queue_by_clicking_only(page, live_server):
    receipt_no = filed_receipt_no(live_server.app.test_client(), title="메뉴로 찾아갈 민원", name="홍길동")

    page.goto(live_server.url("/"))  # the only address typed: the site's
    with page.expect_navigation():
        _menu(page).get_by_role("link", name="직원 로그인").click()
    page.get_by_label("아이디").fill("officer")
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("업무 첫 화면")

    _menu(page).get_by_text("민원 처리", exact=True).click()
    with page.expect_navigation():
        _menu(page).get_by_role("link", name="민원 처리함").click()
    expect(_menu(page).get_by_role("link", name="민원 처리함", include_hidden=True)).to_have_attribute(
        "aria-current", "page")  # in the closed menu
    with page.expect_navigation():
        page.get_by_role("navigation", name="민원 처리함").get_by_role("link", name="부서 민원").click()
    with page.expect_navigation():
        page.get_by_role("row").filter(has_text="메뉴로 찾아갈 민원").get_by_role("link", name=receipt_no).click()

    assert page.url == live_server.url(f"/staff/complaints/{receipt_no}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("메뉴로 찾아갈 민원")
    # below the queue in the menu: the queue item says so, and its section is marked
    expect(_menu(page).locator("a[href='/staff/complaints']")).to_have_attribute("aria-current", "true")
    expect(_menu(page).locator("summary.is-current")).to_contain_text("민원 처리")


def test_the_staff_home_links_the_queue_tabs_with_their_counts(page, live_server, login_as):
    receipt_no = filed_receipt_no(live_server.app.test_client(), title="첫 화면에서 찾을 민원")
    login_as("head")
    tile = page.get_by_role("link", name="미배정")
    expect(tile).to_contain_text("건")
    with page.expect_navigation():
        tile.click()
    expect(page.get_by_role("row").filter(has_text=receipt_no)).to_have_count(1)


def test_the_menu_works_with_the_keyboard_at_a_phone_width(browser, live_server):
    context = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url("/login"))
        page.get_by_label("아이디").fill("admin")
        page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_label("비밀번호").press("Enter")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the staff home scrolls sideways on a phone ({width}px)"
        assert_accessible(page, "staff-home-admin-phone")

        summary = _menu(page).locator("summary", has_text="운영·관리")
        for _ in range(40):  # Tab from the top of the page until the menu button has the focus
            page.keyboard.press("Tab")
            if summary.evaluate("node => node === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the 운영·관리 menu")
        page.keyboard.press("Enter")
        details = summary.locator("xpath=..")
        expect(details).to_have_attribute("open", "")
        panel = details.locator("ul")
        box = panel.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert_accessible(page, "menu-open-admin-phone")

        page.keyboard.press("Escape")  # closes the menu, focus back on its button
        expect(details).not_to_have_attribute("open", "")
        assert summary.evaluate("node => node === document.activeElement")

        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "직원 계정", focused
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url == live_server.url("/admin/users")
        expect(_menu(page).get_by_role("link", name="직원 계정", include_hidden=True)).to_have_attribute(
            "aria-current", "page")
    finally:
        context.close()
