"""정책 소식 받기 on the 민원 filing form in a real browser: the citizen ticks the box but forgets the field and the
consent and is told so on the form, everything typed kept; ticks them and files; the receipt page says to confirm
by e-mail; the confirmation mail reaches the real SMTP test server (aiosmtpd); its link confirms; the renewal and
leave pages of the mails' links open. Every page passes axe-core (no serious or critical violation)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from core.clock import now_utc
from notifications.delivery import deliver_outbox
from tests.browser.axe import assert_accessible
from tests.browser.keyboard import tick
from tests.browser.test_citizen_journey import _field, _type_into
from tests.monitoring_support import Sink, free_port, start_sink

pytestmark = pytest.mark.browser

EMAIL = "filer.news@example.kr"


@pytest.fixture
def smtp_server(live_server, monkeypatch):
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(live_server.app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(live_server.app.config, "MAIL_PORT", port)
    monkeypatch.setitem(live_server.app.config, "PUBLIC_BASE_URL", live_server.base_url)
    yield sink
    controller.stop()


def _mail(live_server, sink: Sink, subject: str) -> str:
    with live_server.app.app_context():
        deliver_outbox(now=now_utc())
    found = [m for m in sink.messages() if m["To"] == EMAIL and subject in str(m["Subject"])]
    assert len(found) == 1, [str(m["Subject"]) for m in sink.messages()]
    return found[0].get_content()


def test_a_filer_opts_in_to_policy_news_and_confirms_by_e_mail(page, live_server, smtp_server):
    page.goto(live_server.url("/complaints/new"))
    box = page.get_by_role("checkbox", name="전자우편으로 정책 소식도 받겠습니다")
    expect(box).not_to_be_checked()
    page.get_by_label("민원 분류").select_option(value="ROAD-DAMAGE")
    _type_into(page, "제목", "버스정류장 안내 화면 꺼짐")
    _type_into(page, "내용", "한빛시청 앞 버스정류장 안내 화면이 꺼져 있습니다.")
    _type_into(page, "성명", "김소식")
    _type_into(page, "전자우편", EMAIL, role="textbox")
    _type_into(page, "조회 비밀번호", "pw-4321")
    tick(page.get_by_role("checkbox", name="개인정보를 수집·이용하는 데 동의합니다"))
    tick(box)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="민원 신청하기").click()
    assert navigation.value.status == 400
    expect(page.locator("#policy_fields-error")).to_contain_text("분야를 하나 이상 고르세요")
    expect(page.locator("#policy_consent_news-error")).to_contain_text("이 동의가 없으면")
    expect(_field(page, "제목")).to_have_value("버스정류장 안내 화면 꺼짐")
    expect(page.get_by_role("checkbox", name="전자우편으로 정책 소식도 받겠습니다")).to_be_checked()
    assert_accessible(page, "filing-optin-errors")

    tick(page.get_by_role("checkbox", name="교통", exact=True))
    tick(page.get_by_role("checkbox", name=re.compile("정책 소식 및 의견조사 안내를 위한")))
    with page.expect_navigation():
        page.get_by_role("button", name="민원 신청하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("민원이 접수되었습니다")
    expect(page.get_by_text("보내 드린 전자우편의 링크를 여세요")).to_be_visible()
    assert_accessible(page, "filing-optin-receipt")

    body = _mail(live_server, smtp_server, "구독을 확인해 주세요")
    assert "선택한 분야: 교통" in body
    page.goto(re.search(r"(http://\S+/subscribe/confirm/\S+)", body).group(1))
    assert_accessible(page, "filing-optin-confirm")
    with page.expect_navigation():
        page.get_by_role("button", name="구독 확인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("구독이 확인되었습니다")

    welcome = _mail(live_server, smtp_server, "구독이 확인되었습니다")
    leave = re.search(r"구독 해지\(정보 삭제\): (\S+)", welcome).group(1)
    renew = leave.replace("/subscribe/leave/", "/subscribe/renew/")  # the renewal reminder's link: the same token
    for url, heading, name in ((renew, "구독 연장", "filing-optin-renew"),
                               (leave, "정책 소식 구독 해지", "filing-optin-leave")):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page, name)
