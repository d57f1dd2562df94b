"""내 민원 in a real browser, as a new user would: a citizen who lost the receipt number starts from the lookup page,
asks for a code by e-mail, reads it in the e-mail the real SMTP test server (aiosmtpd) received from the outbox
delivery, enters it, sees their 민원, opens one, sees what they filed and downloads the 처리결과 통지서 (saved, with
a PNG of its first page made by pdftoppm, in .tmp/screenshots). Every page passes axe-core."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from core.clock import now_utc
from notifications.delivery import deliver_outbox
from tests.browser.axe import SCREENSHOT_DIR, assert_accessible
from tests.complaint_helpers import PNG, filed_receipt_no
from tests.monitoring_support import Sink, free_port, start_sink
from tests.web.test_case_workflow import post_action, staff

pytestmark = pytest.mark.browser

EMAIL = "lost.receipt@example.kr"
TITLE = "어린이공원 그네가 부서졌어요"


@pytest.fixture
def smtp_server(live_server, monkeypatch):
    """The real SMTP test server, configured as the live app's mail server for this test."""
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(live_server.app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(live_server.app.config, "MAIL_PORT", port)
    yield sink
    controller.stop()


def _filed_and_answered(live_server) -> str:
    app = live_server.app
    receipt_no = filed_receipt_no(app.test_client(), email=EMAIL, phone=None, title=TITLE,
                                  files=[("그네 사진.png", PNG)])
    answered = post_action(staff(app, "head"), receipt_no, "answer",
                           {"text": "그네를 새것으로 바꾸었습니다. 알려 주셔서 고맙습니다.", "outcome": "accepted"})
    assert answered.status_code == 303
    return receipt_no


def _code_from_mail(live_server, sink: Sink) -> str:
    with live_server.app.app_context():
        deliver_outbox(now=now_utc())
    mails = [m for m in sink.messages() if m["To"] == EMAIL and "인증번호" in m["Subject"]]
    assert len(mails) == 1, [m["Subject"] for m in sink.messages()]
    return re.search(r"인증번호는 (\d{6}) 입니다", mails[0].get_content()).group(1)


def test_a_citizen_who_lost_the_receipt_number_finds_it_by_a_code(page, live_server, smtp_server):
    receipt_no = _filed_and_answered(live_server)

    page.goto(live_server.url("/complaints/lookup"))
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^접수번호를 잊으셨나요")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내 민원")
    assert_accessible(page, "mine-01-contact")
    page.get_by_label(re.compile("^신청할 때 적은 휴대전화 또는 전자우편")).press_sequentially(EMAIL)
    with page.expect_navigation():
        page.get_by_role("button", name="인증번호 받기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("인증번호 입력")
    expect(page.locator(".page-lead")).to_contain_text("lo**********@example.kr")
    assert_accessible(page, "mine-02-code")

    code = _code_from_mail(live_server, smtp_server)
    page.get_by_label(re.compile("^인증번호")).press_sequentially(code)
    with page.expect_navigation():
        page.get_by_role("button", name="확인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내 민원")
    table = page.locator("#my-complaints")
    expect(table).to_contain_text(TITLE)
    expect(table).to_contain_text("답변 완료")
    assert_accessible(page, "mine-03-list")

    with page.expect_navigation():
        table.get_by_role("link", name=receipt_no).click()
    filed = page.locator("#what-you-filed")
    expect(filed).to_contain_text("한빛대로 12 앞 도로가 크게 파였습니다.")
    expect(filed.get_by_role("link", name="그네 사진.png")).to_be_visible()
    expect(page.locator(".answer-panel")).to_contain_text("그네를 새것으로 바꾸었습니다")
    expect(page.get_by_role("link", name="이 민원의 접수증")).to_be_visible()
    assert_accessible(page, "mine-04-status")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="처리결과 통지서 내려받기 (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"처리결과통지서-{receipt_no}.pdf"
    pdf = SCREENSHOT_DIR / "mine-05-result.pdf"
    download.save_as(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "민원 처리결과 통지서" in text and receipt_no in text and "그네를 새것으로" in text
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(SCREENSHOT_DIR / "mine-05-result")], check=True)
    assert (SCREENSHOT_DIR / "mine-05-result.png").stat().st_size > 10_000
