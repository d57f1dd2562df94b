"""국민의 소리로 이렇게 바꿨습니다 in a real browser: reached from the home page, finished improvements only, no
personal data, axe-core clean; the staff register and an improvement's page for a head, axe-core clean."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from organization.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.conftest import serve_demo

pytestmark = pytest.mark.browser


def _seed() -> None:
    from civil_complaints.demo_cases import seed_demo_cases
    from civil_complaints.improvements.demo import seed_demo_improvements
    from core.clock import now_utc

    seed_demo_cases(now=now_utc())
    seed_demo_improvements(now=now_utc())


@pytest.fixture(scope="module")
def server():
    with serve_demo(_seed) as live:
        yield live


def test_the_public_page_from_the_home_page(page, server):
    page.goto(server.url("/"))
    with page.expect_navigation():
        page.get_by_role("link", name="국민의 소리로 이렇게 바꿨습니다").click()
    assert page.url == server.url("/improvements")
    expect(page.get_by_role("heading", level=1)).to_have_text("국민의 소리로 이렇게 바꿨습니다")
    expect(page.locator("article.improvement-card")).to_have_count(2)  # the finished ones, not the one under way
    expect(page.get_by_role("heading", name="포트홀 신고 당일 현장 확인")).to_be_visible()
    expect(page.get_by_text("도로점용 허가 신청서에 위치도 예시 제공")).to_have_count(0)
    main = page.locator("main").inner_text()
    assert not re.search(r"HB-\d{4}-\d{6}|010-0000-|홍길동|강바다|정하늘", main)  # no receipt number, contact, name
    assert_accessible(page, "improvements-public")


def test_a_head_reads_the_register_and_an_improvement_under_way(page, server):
    page.goto(server.url("/login"))
    page.get_by_label("아이디").fill("head")
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()
    page.goto(server.url("/staff/improvements"))
    expect(page.get_by_role("heading", level=1)).to_have_text("제도개선 과제 관리")
    assert_accessible(page, "improvements-register")
    with page.expect_navigation():
        page.get_by_role("link", name="도로점용 허가 신청서에 위치도 예시 제공").click()
    expect(page.locator("#improvement-summary")).to_contain_text("추진")
    expect(page.get_by_role("button", name="완료 처리").first).to_be_visible()
    assert_accessible(page, "improvement-under-way")
    with page.expect_navigation():
        page.locator("#linked-complaint-list a").first.click()
    expect(page.locator("#case-improvements")).to_contain_text("도로점용 허가 신청서에 위치도 예시 제공")
    page.locator("#panel-classify summary").click()
    expect(page.get_by_label("분류", exact=True)).to_be_visible()
    assert_accessible(page, "case-page-classification")


def test_the_forms_to_propose_an_improvement_and_to_keep_the_categories(page, server):
    for login_id, url, heading in (("head", "/staff/improvements/new", "제도개선 과제 제안"),
                                   ("admin", "/admin/complaint-categories", "민원 분류")):
        page.context.clear_cookies()
        page.goto(server.url("/login"))
        page.get_by_label("아이디").fill(login_id)
        page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="로그인").click()
        page.goto(server.url(url))
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page, f"improvements-form-{login_id}")
    expect(page.locator("#category-table tbody tr")).to_have_count(8)  # the demo's top categories
