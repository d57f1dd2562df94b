"""정책고객 in a real browser, as a new user would: a citizen opens the subscription from the home page, is told what
is missing, ticks 교통 and both consents with the keyboard, reads the confirmation mail the real SMTP test server
(aiosmtpd) received, confirms by its link, opens the manage link of the welcome mail and leaves with one button.
Every page passes axe-core (no serious or critical violation)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from core.clock import now_utc
from notifications.delivery import deliver_outbox
from tests.browser.axe import assert_accessible
from tests.browser.keyboard import tick
from tests.monitoring_support import Sink, free_port, start_sink

pytestmark = pytest.mark.browser

EMAIL = "transport.fan@example.kr"


@pytest.fixture
def smtp_server(live_server, monkeypatch):
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(live_server.app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(live_server.app.config, "MAIL_PORT", port)
    monkeypatch.setitem(live_server.app.config, "PUBLIC_BASE_URL", live_server.base_url)
    yield sink
    controller.stop()


def _mail(live_server, sink: Sink, subject: str):
    with live_server.app.app_context():
        deliver_outbox(now=now_utc())
    found = [m for m in sink.messages() if m["To"] == EMAIL and subject in str(m["Subject"])]
    assert len(found) == 1, [str(m["Subject"]) for m in sink.messages()]
    return found[0].get_content()


def test_a_citizen_subscribes_confirms_and_leaves(page, live_server, smtp_server):
    page.goto(live_server.url("/"))
    with page.expect_navigation():
        page.get_by_role("link", name="정책 소식 메일 구독").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("정책 소식 메일 구독")
    expect(page.get_by_role("checkbox", name=re.compile("정책 소식 및 의견조사 안내를 위한"))).not_to_be_checked()
    assert_accessible(page, "subscribe")

    page.get_by_label("전자우편").fill(EMAIL)
    with page.expect_navigation():
        page.get_by_role("button", name="구독 신청").click()
    expect(page.get_by_text("분야를 하나 이상 고르세요.").first).to_be_visible()
    expect(page.get_by_text("이 동의가 없으면 정책 소식을 보내 드릴 수 없습니다.").first).to_be_visible()
    expect(page.get_by_label("전자우편")).to_have_value(EMAIL)  # kept as typed
    assert_accessible(page, "subscribe-errors")

    tick(page.get_by_role("checkbox", name="교통", exact=True))
    tick(page.get_by_role("checkbox", name=re.compile("정책 소식 및 의견조사 안내를 위한")))
    tick(page.get_by_role("checkbox", name=re.compile("의견조사\\(설문\\) 참여 요청을 위한")))
    with page.expect_navigation():
        page.get_by_role("button", name="구독 신청").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("전자우편을 확인해 주세요")
    assert_accessible(page, "subscribe-sent")

    body = _mail(live_server, smtp_server, "구독을 확인해 주세요")
    assert "선택한 분야: 교통" in body
    page.goto(re.search(r"(http://\S+/subscribe/confirm/\S+)", body).group(1))
    assert_accessible(page, "subscribe-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="구독 확인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("구독이 확인되었습니다")

    welcome = _mail(live_server, smtp_server, "구독이 확인되었습니다")
    page.goto(re.search(r"구독 관리\(조회·정정·동의 철회\): (\S+)", welcome).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("내 구독 정보")
    expect(page.get_by_role("checkbox", name="교통", exact=True)).to_be_checked()
    expect(page.get_by_text(EMAIL)).to_be_visible()
    assert_accessible(page, "subscribe-manage")

    with page.expect_navigation():
        page.get_by_role("button", name="구독 해지 및 정보 삭제").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("구독이 해지되었습니다")
    assert_accessible(page, "subscribe-left")
