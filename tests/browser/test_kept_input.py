"""Nothing typed is lost, in a real browser: the session expires while the citizen fills the form; the form comes
back with everything typed, the notice focused and the attachment named to choose again; sent again, it files.
And an administrator reads a Redis outage on the monitoring page."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.clock import now_utc
from core.extensions import db
from notifications.system_alerts import RATE_LIMIT_STORAGE, record
from tests.browser.axe import assert_accessible
from tests.browser.test_citizen_journey import _field, _type_into
from tests.complaint_helpers import PNG

pytestmark = pytest.mark.browser
PHOTO = {"name": "현장 사진.png", "mimeType": "image/png", "buffer": PNG}


def _fill_the_form(page, title: str, content: str, files: list[dict]):
    """The citizen fills the whole form as a person does; returns the consent box."""
    page.get_by_label("민원 분류").select_option(value="ROAD-DAMAGE")
    _type_into(page, "제목", title)
    _type_into(page, "내용", content)
    page.get_by_label("첨부파일").set_input_files(files)
    _type_into(page, "성명", "김한빛")
    _type_into(page, "휴대전화", "010-2345-6789")
    _type_into(page, "전자우편", "hanbit@example.kr", role="textbox")
    _type_into(page, "조회 비밀번호", "pw-4321")
    consent = page.get_by_role("checkbox", name="개인정보를 수집·이용하는 데 동의합니다")
    consent.focus()
    page.keyboard.press("Space")
    return consent


def test_an_expired_session_gives_the_form_back_and_it_files_when_sent_again(page, live_server):
    page.goto(live_server.url("/complaints/new"))
    consent = _fill_the_form(page, "신호등이 꺼졌어요", "한빛대로 12 앞 횡단보도 신호등이 꺼져 있습니다.", [PHOTO])
    page.context.clear_cookies()  # the session ended while the citizen was typing
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="민원 신청하기").click()

    assert navigation.value.status == 400
    expect(page).to_have_title(re.compile(r"^오류 - 민원 신청"))
    notice = page.locator("#filing-notice")
    expect(notice).to_be_focused()
    expect(notice).to_contain_text("세션이 만료되어 민원이 아직 접수되지 않았습니다")
    expect(page.locator("#files-again")).to_contain_text("현장 사진.png")
    expect(_field(page, "제목")).to_have_value("신호등이 꺼졌어요")
    expect(_field(page, "내용")).to_have_value("한빛대로 12 앞 횡단보도 신호등이 꺼져 있습니다.")
    expect(_field(page, "조회 비밀번호")).to_have_value("pw-4321")
    expect(consent).to_be_checked()
    assert_accessible(page, "kept-input-session-expired")

    page.get_by_label("첨부파일").set_input_files([PHOTO])
    with page.expect_navigation():
        page.get_by_role("button", name="민원 신청하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("민원이 접수되었습니다")


def _big_photo(path: Path) -> Path:
    """A 9 MB PNG on disk: the browser reads it from the path itself (sent as a buffer, 36 MB went through the
    Playwright driver in base64, which took most of a minute of CPU); sparse, so writing it costs nothing."""
    with path.open("wb") as file:
        file.write(PNG)
        file.truncate(len(PNG) + 9 * 1024 * 1024)
    return path


def test_files_over_the_request_limit_are_refused_in_the_page_and_nothing_typed_is_lost(page, live_server, tmp_path):
    """Four files of 9 MB pass the per-file limit but not the request's (30 MB): the browser says so before sending
    (a request over MAX_CONTENT_LENGTH is cut off unread, with the typed text); with fewer files the form files."""
    requests = []
    page.on("request", lambda request: requests.append(request) if request.method == "POST" else None)
    page.goto(live_server.url("/complaints/new"))
    big = [_big_photo(tmp_path / f"사진{n}.png") for n in range(4)]
    _fill_the_form(page, "큰 사진 네 장", "한빛대로 12 앞 도로가 파였습니다.", big)
    error = page.locator("#attachments-limit-error")
    expect(error).to_contain_text("29 MB")  # said as soon as the files were chosen, in Korean
    page.get_by_role("button", name="민원 신청하기").click()
    expect(page.get_by_label("첨부파일")).to_be_focused()
    expect(page.get_by_label("첨부파일")).to_have_attribute("aria-invalid", "true")
    assert requests == []  # nothing was sent
    expect(_field(page, "제목")).to_have_value("큰 사진 네 장")
    assert_accessible(page, "files-over-the-limit")

    page.get_by_label("첨부파일").set_input_files([PHOTO])
    expect(error).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name="민원 신청하기").click()
    expect(page.locator("#error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text("민원이 접수되었습니다")


def test_an_administrator_reads_a_redis_outage_on_the_monitoring_page(page, live_server, login_as):
    with live_server.app.app_context():
        record(RATE_LIMIT_STORAGE, "down", "ConnectionError: Error 111 connecting to 127.0.0.1:6379.",
               at=now_utc() - timedelta(minutes=2), where="web1:4242")
        db.session.remove()
    login_as("admin")
    page.goto(live_server.url("/admin/monitoring"))
    expect(page.locator("#system-alert-summary")).to_contain_text("시스템 경보 1건이 진행 중입니다")
    expect(page.locator("#system-alerts")).to_contain_text("요청 제한 카운터(Redis) 연결 불가")
    assert_accessible(page, "admin-monitoring-redis-outage")
