"""고객헌장 in a real browser: the public charter and its versions, 이행실적 for an auditor, the editor's form."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser
KST = ZoneInfo("Asia/Seoul")
Q2 = "first_day=2026-04-01&last_day=2026-06-30"


@pytest.fixture(scope="module")
def q2_complaints(live_server):
    """A few answered 민원 of 2026 Q2 in the live server's database (answered: nobody's open work)."""
    from core.extensions import db
    from tests.charter_helpers import make_complaint

    with live_server.app.app_context(), live_server.app.test_request_context():
        for day, hour, answered_hour, code, rating in [(6, 10, 11, "STREETLIGHT", "satisfied"),
                                                       (7, 10, 16, "STREETLIGHT", "dissatisfied"),
                                                       (8, 9, 17, "ROAD-DAMAGE", "satisfied"),
                                                       (8, 14, 15, "PROCEDURE-QUERY", "neutral")]:
            make_complaint(code, datetime(2026, 4, day, hour, tzinfo=KST),
                           answered_at=datetime(2026, 4, day, answered_hour, tzinfo=KST), rating=rating)
        db.session.commit()
        db.session.remove()


def test_public_charter_reads_as_a_document_and_links_its_pdf(page, live_server):
    page.goto(live_server.url("/"))
    with page.expect_navigation():
        page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="고객헌장").click()
    assert page.url == live_server.url("/charter")
    expect(page.get_by_role("heading", level=1)).to_have_text("한빛시 고객헌장")
    for title in ("Ⅰ. 기본 임무", "Ⅱ. 제공하는 서비스의 내용과 바람직한 서비스의 수준",
                  "Ⅲ. 불만처리, 시정 절차 및 배상 등의 책임", "Ⅳ. 서비스 향상을 위한 노력 및 계획"):
        expect(page.get_by_role("heading", name=title, level=2)).to_be_visible()
    expect(page.get_by_role("table", name="1. 핵심서비스 이행표준")).to_contain_text("도로 파손 신고")
    expect(page.get_by_role("table", name="보상 기준")).to_contain_text("5,000원 (문화상품권)")
    link = page.get_by_role("link", name="PDF 내려받기")
    expect(link).to_have_attribute("href", "/charter.pdf")
    assert page.request.get(live_server.url("/charter.pdf")).body().startswith(b"%PDF-")
    assert_accessible(page, "charter-public")

    with page.expect_navigation():
        page.get_by_role("link", name="게시된 모든 판 보기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("고객헌장 게시 이력")
    expect(page.get_by_role("row").filter(has_text="제1판")).to_contain_text("현행")
    assert_accessible(page, "charter-versions")


def test_auditor_reads_the_measured_performance_and_fixes_a_wrong_period(page, live_server, login_as, q2_complaints):
    login_as("auditor")
    with page.expect_navigation():
        page.get_by_role("link", name="고객헌장 이행실적").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("고객헌장 이행실적")
    page.goto(live_server.url(f"/staff/charter-performance?{Q2}"))
    standards = page.get_by_role("table", name="제1판의 측정 가능한 이행표준")
    expect(standards.get_by_role("row").filter(has_text="가로등 고장 신고")).to_contain_text("미이행")
    expect(standards.get_by_role("row").filter(has_text="도로 파손 신고")).to_contain_text("이행")
    types = page.locator("table.perf-types")
    expect(types.get_by_role("row").filter(has_text="가로등 고장 신고")).to_contain_text("50%")
    expect(page.get_by_role("link", name=re.compile(r"^별첨 내려받기 \(PDF, \d+ KB\)$"))).to_be_visible()
    assert_accessible(page, "charter-performance")

    page.get_by_label("시작일").fill("2026-06-30")
    page.get_by_label("종료일").fill("2026-04-01")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="조회").click()
    assert navigation.value.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("종료일")
    expect(page.get_by_label("시작일")).to_have_value("2026-06-30")
    assert_accessible(page, "charter-performance-error")


def test_editor_opens_a_draft_form_that_explains_itself(page, live_server, login_as):
    page.set_default_timeout(30_000)  # the full-page screenshot of this long form is slow on a busy machine
    login_as("admin")
    with page.expect_navigation():
        page.get_by_role("link", name="고객헌장 작성·판 관리").click()  # on the staff home
    expect(page.get_by_role("heading", level=1)).to_have_text("고객헌장 판 관리")
    assert_accessible(page, "charter-staff-list")
    with page.expect_navigation():
        page.get_by_role("link", name="새 초안 작성").click()
    expect(page.get_by_label("시작할 내용")).to_have_value("1")
    with page.expect_navigation():
        page.get_by_role("button", name="초안 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("초안 편집")
    expect(page.get_by_label("기본 임무")).to_contain_text("지방자치법")
    first = page.get_by_role("group", name="이행표준 1", exact=True)
    expect(first.get_by_label("서비스", exact=True)).to_have_value("도로 파손 신고")
    assert_accessible(page, "charter-edit")

    page.get_by_label("제목").fill("")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="초안 저장").first.click()
    assert navigation.value.status == 400
    expect(page.locator("#error-summary")).to_contain_text("제목")
    expect(page.get_by_label("기본 임무")).to_contain_text("지방자치법")  # the rest of the input is kept
    assert_accessible(page, "charter-edit-error")
