"""반려 (영 제25조①, D15) in a real browser: the officer returns a 법정민원 whose second 보완 request went
unanswered; the case page and the citizen's status page show the outcome, the reasons and the remedies, and
pass axe-core. The clock is frozen on working days of December 2026."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from core.clock import KST
from tests.browser.axe import assert_accessible
from tests.browser.test_citizen_journey import other_page  # noqa: F401 - fixture
from tests.browser.test_officer_workflow import _login, _submit, clock  # noqa: F401 - fixture
from tests.complaint_helpers import file_complaint

pytestmark = pytest.mark.browser

PASSWORD = "hanbit-2026"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


def test_officer_returns_a_statutory_complaint_and_the_citizen_reads_why(page, live_server, other_page,  # noqa: F811
                                                                         clock):  # noqa: F811
    clock(at(1, 10))  # Tuesday
    response = file_complaint(live_server.app.test_client(), type_code="ROAD-OCCUPANCY", lookup_password=PASSWORD,
                              title="도로점용 허가 신청", phone="010-3456-7890")
    receipt_no = response.headers["Location"].split("/")[2]
    case_url = live_server.url(f"/staff/complaints/{receipt_no}")
    _login(page, live_server, "officer")
    page.goto(case_url)
    page.get_by_text("보완 요청 (처리기간 정지)").click()
    page.get_by_label(re.compile("^보완할 사항")).fill("도로점용 위치도를 내 주세요.")
    page.get_by_label(re.compile("^보완 기간")).fill("2")
    _submit(page, "요청 보내기")
    clock(at(4, 10))  # Friday: the first 기한 (12/3) has ended
    _login(page, live_server, "officer")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    page.goto(case_url)
    page.get_by_text("다시 보완 요청 (시행령 제24조제3항)").click()
    page.get_by_label(re.compile("^아직 보완할 사항")).fill("위치도를 다시 요청합니다.")
    page.get_by_label(re.compile("^보완 기간")).fill("3")
    _submit(page, "다시 요청하기")
    clock(at(8, 10))  # Tuesday: 12/5..12/7 (월) has ended
    _login(page, live_server, "officer")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    page.goto(case_url)
    panel = page.locator("section.supplement-panel", has=page.locator("#act-return"))
    expect(panel).to_contain_text("취하로 처리하지 않습니다")
    expect(page.get_by_label(re.compile("^반려 이유"))).to_contain_text("도로점용 위치도")  # prefilled
    expect(page.get_by_label(re.compile("^구제 절차"))).to_contain_text("제35조")  # a 법정민원: prefilled
    assert_accessible(page, "returned-01-case-return-panel")
    _submit(page, "반려하고 알리기")
    expect(page.get_by_role("status")).to_contain_text("반려하고 민원인에게 알렸습니다")
    expect(page.locator(".summary-list").first).to_contain_text("반려")
    expect(page.locator("#return-record")).to_contain_text("이의신청")
    assert_accessible(page, "returned-02-case-returned")

    citizen = other_page()
    citizen.goto(live_server.url("/complaints/lookup"))
    citizen.get_by_label("접수번호").fill(receipt_no)
    citizen.get_by_label(re.compile("^신청할 때 적은")).fill("010-3456-7890")
    citizen.get_by_label(re.compile("^조회 비밀번호")).fill(PASSWORD)
    _submit(citizen, "조회하기")
    expect(citizen.get_by_role("heading", name=re.compile("신청하신 민원을 반려했습니다"))).to_be_visible()
    expect(citizen.locator(".answer-panel")).to_contain_text("도로점용 위치도")
    expect(citizen.locator(".answer-panel")).to_contain_text("행정심판")
    expect(citizen.locator(".withdraw-panel")).to_have_count(0)
    expect(citizen.locator(".timeline")).to_contain_text("반려")
    assert_accessible(citizen, "returned-03-status-returned")
