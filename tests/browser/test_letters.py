"""D14 in a real browser: a letter registered without e-mail or mobile number (the form asks for the postal
address), its 보완 요구 (영 제24조) waiting in the dispatch queue, and the case page showing when it went out."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.keyboard import tick, type_date, type_time

pytestmark = pytest.mark.browser


def _request_supplement(live_server, receipt_no: str) -> None:
    from civil_complaints.casework.supplements import request_supplement
    from civil_complaints.complaint_models import Complaint
    from core.clock import now_utc
    from core.extensions import db
    from organization.models import User
    from working_calendar.cache import load_calendar

    with live_server.app.app_context():
        officer = db.session.query(User).filter_by(login_id="officer").one()
        complaint = db.session.query(Complaint).filter_by(receipt_no=receipt_no).one()
        request_supplement(officer, complaint, request_text="파손 부위 사진을 보내 주십시오.", days=7,
                           calendar=load_calendar(), now=now_utc())
        db.session.commit()
        db.session.remove()


def test_letter_registered_without_contact_is_posted_and_the_case_page_shows_it(page, live_server, login_as):
    login_as("officer")
    page.goto(live_server.url("/staff/complaints/register"))
    page.get_by_label("접수 경로").select_option("letter")
    type_date(page.locator("#received_on"), "2026-12-01")
    type_time(page.locator("#received_time"), "10:00")
    page.locator("#type_code").select_option("ROAD-DAMAGE")
    page.locator("#title").fill("보도블록 파손")
    page.locator("#content").fill("시청로 3 앞 보도블록이 깨졌습니다.")
    page.locator("#name").fill("박우편")
    tick(page.locator("#consent"))
    with page.expect_navigation() as refused:
        page.get_by_role("button", name="등록하기", exact=True).click()
    assert refused.value.status == 400
    expect(page.locator("#postal_address-error")).to_contain_text("우편 주소를 입력하세요")
    expect(page.locator("#title")).to_have_value("보도블록 파손")
    assert_accessible(page, "staff-register-postal-required")

    page.locator("#postal_code").fill("12345")
    page.locator("#postal_address").fill("한빛시 시청로 1 (한빛동)")
    tick(page.locator("#consent"))
    with page.expect_navigation():
        page.get_by_role("button", name="등록하기", exact=True).click()
    receipt_no = page.url.rsplit("/", 1)[1]
    assert receipt_no.startswith("HB-"), page.url
    expect(page.locator(".summary-list").first).to_contain_text("(12345) 한빛시 시청로 1 (한빛동)")

    _request_supplement(live_server, receipt_no)
    page.goto(live_server.url("/staff/letters"))
    expect(page.get_by_role("heading", level=1)).to_have_text("우편 통지")
    row = page.get_by_role("row").filter(has_text=receipt_no)
    expect(row).to_contain_text("보완 요구")
    expect(row).to_contain_text("박*편")
    assert_accessible(page, "letters-queue")
    tick(row.get_by_label(f"{receipt_no} 통지서 선택"))
    with page.expect_navigation():
        page.get_by_role("button", name="고른 통지서를 발송한 것으로 기록").click()
    expect(page.get_by_role("status")).to_contain_text("발송한 것으로 기록했습니다")
    expect(page.get_by_role("row").filter(has_text=receipt_no)).to_have_count(0)

    page.goto(live_server.url(f"/staff/complaints/{receipt_no}"))
    letters = page.locator("#letters")
    expect(letters).to_contain_text("보완 요구")
    expect(letters).to_contain_text("김담당")
    expect(page.locator(".timeline")).to_contain_text("보완 요구를")
    assert_accessible(page, "case-with-letters")
