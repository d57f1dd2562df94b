"""The internal-customer survey in a real browser, checked with axe-core: an administrator opens a period, a
department rates the providing department it used, and the results of a closed period show aggregates only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.clock import now_utc, today_kst
from core.extensions import db
from organization.models import User
from service_requests.models import Service
from service_requests.requesting.services import RequestData, create_request
from tests.browser.axe import assert_accessible
from tests.browser.keyboard import tick, type_date
from tests.survey_helpers import add_closed_survey
from working_calendar.cache import load_calendar

pytestmark = pytest.mark.browser


def _seed(app) -> int:
    """A request of 도로과 to 정보통신과 (so 도로과 used it) and a closed survey; the closed survey's id."""
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.login_id == "officer"))
        service = db.session.scalar(select(Service).where(Service.code == "IT-ACCOUNT"))
        create_request(officer, service, RequestData(title="전자결재 권한 변경", priority="normal",
                                                     answers={"system": "edoc", "user_name": "김담당"}),
                       calendar=load_calendar(), now=now_utc())
        period_id = add_closed_survey(now_utc())
        db.session.commit()
        return period_id


def test_a_survey_is_opened_answered_and_its_results_read(page, live_server, login_as):
    period_id = _seed(live_server.app)
    login_as("admin")
    with page.expect_navigation():
        page.get_by_role("link", name="내부고객 만족도 조사 관리").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내부고객 만족도 조사 관리")
    assert_accessible(page, "admin-internal-surveys")
    page.get_by_label("제목").fill("2026년 하반기 내부고객 만족도 조사")
    type_date(page.get_by_label("마감일"), (today_kst(now_utc()) + timedelta(days=7)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="조사 시작").click()
    expect(page.get_by_role("status")).to_contain_text("조사 기간을 열었습니다")
    expect(page.locator("#survey-periods")).to_contain_text("2026년 하반기 내부고객 만족도 조사")
    assert_accessible(page, "admin-internal-surveys-opened")
    with page.expect_navigation():
        page.locator("#survey-periods").get_by_role("link", name="결과").click()
    expect(page.locator("#survey-results")).to_contain_text("정보통신과")
    expect(page.locator("main")).not_to_contain_text("도로과")  # no rater is named
    assert_accessible(page, "internal-survey-results")
    assert page.url.endswith(f"/staff/internal-survey/{period_id}/results")
    with page.expect_navigation():
        page.get_by_role("button", name="로그아웃").click()

    login_as("officer")
    with page.expect_navigation():
        page.get_by_role("link", name="내부고객 만족도 조사").first.click()
    assert_accessible(page, "internal-survey")
    with page.expect_navigation():
        page.get_by_role("link", name="정보통신과 평가하기").click()
    for legend in ("신속성", "정확성", "친절성", "전반적 만족"):
        tick(page.get_by_role("group", name=legend).get_by_label("4 - 만족"))
    page.get_by_label("의견(선택", exact=False).fill("빠르게 처리해 주셨습니다.")
    assert_accessible(page, "internal-survey-form")
    with page.expect_navigation():
        page.get_by_role("button", name="평가 제출").click()
    expect(page.get_by_role("status")).to_contain_text("정보통신과에 대한 우리 부서의 평가가 기록되었습니다")
    expect(page.locator("#survey-providers")).to_contain_text("평가 완료")
    assert_accessible(page, "internal-survey-answered")
