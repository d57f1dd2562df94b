"""서비스 수준 실적 in a real browser: an auditor reads the providing departments' figures with the chart's text
alternative, opens the late requests, and a wrong period is refused with the typed dates kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_requests(live_server):
    """The demo internal requests (every state) in the live server's database, removed afterwards."""
    from sqlalchemy import delete

    from core.clock import KST, now_utc
    from core.extensions import db
    from notifications.models import OutboxMessage
    from service_requests.demo import seed_demo_requests
    from service_requests.models import RequestCounter, RequestRating, ServiceRequest

    with live_server.app.app_context(), live_server.app.test_request_context():
        seed_demo_requests(now=now_utc())
        db.session.commit()
        today = now_utc().astimezone(KST).date()
    yield f"date_from={(today - timedelta(days=30)).isoformat()}&date_to={today.isoformat()}"
    with live_server.app.app_context():
        db.session.execute(delete(RequestRating))
        for request in db.session.scalars(db.select(ServiceRequest)):
            db.session.delete(request)
        db.session.execute(delete(RequestCounter))
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.idempotency_key.like("internal:%")))
        db.session.commit()
        db.session.remove()


def test_auditor_reads_the_performance_and_the_late_requests(page, live_server, login_as, demo_requests):
    login_as("auditor")
    page.goto(live_server.url(f"/staff/service-performance?{demo_requests}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("내부 서비스 성과")
    chart = page.get_by_role("img", name="제공 부서별 기한 준수율")
    expect(chart).to_be_visible()
    it = page.get_by_role("table", name="정보통신과 서비스", exact=False)
    expect(it.get_by_role("row").filter(has_text="부서 합계")).to_be_visible()
    assert_accessible(page, "service-performance")

    late = it.get_by_role("link", name="PC·프린터 고장 수리 · 해결 기한 준수", exact=False).first
    with page.expect_navigation():
        late.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("지연")
    expect(page.get_by_role("table").get_by_role("row").filter(has_text="민원실 PC 부팅 불가")).to_be_visible()
    assert_accessible(page, "service-performance-late")


def test_a_wrong_period_is_refused_with_the_dates_kept(page, live_server, login_as, demo_requests):
    login_as("head")
    page.goto(live_server.url("/staff/service-performance"))
    page.get_by_label("시작일").fill("2026-06-30")
    page.get_by_label("종료일").fill("2026-04-01")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="조회").click()
    assert navigation.value.status == 400
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_label("시작일")).to_have_value("2026-06-30")
    assert_accessible(page, "service-performance-error")
