"""A citizen's whole journey, tried as a new user would, in a real browser (keyboard and mouse).

File a 민원 with a photo, get the receipt and its PDF, look it up from another browser, an officer
answers it, the citizen reads the answer and rates the service. Also a form sent with mistakes.
Every page on the way is checked with axe-core and saved as a screenshot in .tmp/screenshots.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from organization.demo import DEMO_PASSWORD
from tests.browser.axe import SCREENSHOT_DIR, assert_accessible
from tests.browser.conftest import PageProblems, _is_foreign
from tests.complaint_helpers import PNG

pytestmark = pytest.mark.browser

PHONE = "010-2345-6789"
PASSWORD = "hanbit-2026"
TITLE = "보도블록이 깨져 있어요"
CONTENT = "한빛대로 12 앞 보도블록 여러 장이 깨져 걷기 위험합니다. 빠른 보수를 부탁드립니다."
ANSWER = "현장을 확인하고 깨진 보도블록을 모두 교체했습니다. 불편을 드려 죄송합니다."


@pytest.fixture
def other_page(browser) -> Iterator[Callable[[], Page]]:
    """Open a page in a NEW browser context (another person, another browser; no shared cookies).

    Same settings and the same rules as the `page` fixture: no other hosts, no console errors.
    """
    opened: list[tuple[object, Page, PageProblems]] = []

    def open_page() -> Page:
        ctx = browser.new_context(locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(10_000)
        new = ctx.new_page()
        problems = PageProblems()
        new.on("request", lambda r: _is_foreign(r.url) and problems.foreign_requests.append(r.url))
        new.on("response", lambda r: r.request.is_navigation_request() and r.request.frame == new.main_frame
               and problems.documents.add(r.url))
        new.on("console", lambda m: m.type == "error" and problems.console_errors.append(
            (m.text, m.location.get("url", ""))))
        new.on("pageerror", lambda error: problems.page_errors.append(str(error)))
        opened.append((ctx, new, problems))
        return new

    yield open_page
    messages = []
    for ctx, _page, problems in opened:
        messages += problems.foreign_requests + problems.unexpected_console_errors() + problems.page_errors
        ctx.close()
    if messages:
        pytest.fail("A page misbehaved during the test:\n  " + "\n  ".join(messages), pytrace=False)


def _open_form_from_home(page: Page, live_server) -> None:
    page.goto(live_server.url("/"))
    with page.expect_navigation():
        page.locator("#main").get_by_role("link", name="민원 신청").click()  # the card on the home page
    assert page.url == live_server.url("/complaints/new")
    expect(page.get_by_role("heading", level=1)).to_have_text("민원 신청")


def _field(page: Page, label: str, role: str | None = None):
    """The control whose label starts with `label` (labels may end with "(필수)" or "(선택)")."""
    name = re.compile("^" + re.escape(label))
    return page.get_by_role(role, name=name) if role else page.get_by_label(name)


def _type_into(page: Page, label: str, text: str, role: str | None = None) -> None:
    """Click into the field and type, as a person does (not a programmatic fill)."""
    control = _field(page, label, role)
    control.click()
    control.press_sequentially(text)


def test_citizen_files_tracks_and_rates_a_complaint(page, live_server, other_page):
    # --- 1. filing: home page → 민원 신청 → the form, filled with keyboard and mouse -----------------
    _open_form_from_home(page, live_server)
    assert_accessible(page, "journey-01-form-empty")

    kind = page.get_by_label("민원 분류")
    kind.select_option(value="ROAD-DAMAGE")
    expect(kind).to_have_value("ROAD-DAMAGE")
    assert "도로 파손 신고" in kind.locator("option:checked").inner_text()
    # A chosen value is drawn in full text colour, not the placeholder grey (reviewer's report).
    expect(kind).to_have_css("color", "rgb(30, 33, 36)")  # KRDS text-basic (#1e2124); waits for the transition

    _type_into(page, "제목", TITLE)
    _type_into(page, "내용", CONTENT)
    _type_into(page, "위치 또는 주소", "한빛대로 12 앞")
    page.get_by_label("첨부파일").set_input_files([{"name": "보도블록.png", "mimeType": "image/png", "buffer": PNG}])
    _type_into(page, "성명", "홍길동")
    _type_into(page, "휴대전화", PHONE)
    _type_into(page, "전자우편", "hong@example.kr", role="textbox")  # not the 알림 radio "전자우편"
    _type_into(page, "조회 비밀번호", PASSWORD)
    consent = page.get_by_role("checkbox", name="개인정보를 수집·이용하는 데 동의합니다")
    consent.focus()
    page.keyboard.press("Space")  # ticked with the keyboard
    expect(consent).to_be_checked()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="민원 신청하기").click()

    # --- 2. the receipt page ------------------------------------------------------------------------
    assert navigation.value.status == 200  # after the 303 redirect
    expect(page.get_by_role("heading", level=1)).to_have_text("민원이 접수되었습니다")
    receipt_no = page.locator(".receipt-no").inner_text().strip()
    assert re.fullmatch(r"HB-\d{4}-\d{6}", receipt_no), receipt_no
    assert page.url == live_server.url(f"/complaints/{receipt_no}/receipt")
    expect(page.locator(".receipt-summary")).to_contain_text("도로과")
    expect(page.locator(".result-panel")).to_contain_text("처리기한")
    assert_accessible(page, "journey-02-receipt")

    # --- 3. the receipt PDF -------------------------------------------------------------------------
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^접수증 내려받기 \(PDF, \d+ KB\)$")).click()
    download = download_info.value
    assert download.suggested_filename == f"접수증-{receipt_no}.pdf"
    pdf = SCREENSHOT_DIR / "journey-03-receipt.pdf"
    download.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    # --- 4. lookup from another browser: a wrong password first, then the right one ----------------
    citizen = other_page()
    citizen.goto(live_server.url(f"/complaints/{receipt_no}"))
    assert citizen.locator("h1").inner_text() != TITLE  # no access without the lookup (404 page)
    citizen.goto(live_server.url("/"))
    with citizen.expect_navigation():
        citizen.locator("#main").get_by_role("link", name="민원 조회").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("민원 조회")
    assert_accessible(citizen, "journey-04-lookup-empty")

    _type_into(citizen, "접수번호", receipt_no)
    _type_into(citizen, "신청할 때 적은 휴대전화 또는 전자우편", PHONE)
    _type_into(citizen, "조회 비밀번호", "wrong-password")
    with citizen.expect_navigation() as navigation:
        citizen.get_by_role("button", name="조회하기").click()
    assert navigation.value.status == 400
    expect(citizen.locator("#lookup-error")).to_be_visible()
    expect(_field(citizen, "접수번호")).to_have_value(receipt_no)  # kept for the next try
    expect(_field(citizen, "조회 비밀번호")).to_have_value("")  # a password is never sent back
    assert_accessible(citizen, "journey-05-lookup-failed")

    _type_into(citizen, "조회 비밀번호", PASSWORD)
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="조회하기").click()
    assert citizen.url == live_server.url(f"/complaints/{receipt_no}")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(citizen.locator(".summary-list")).to_contain_text("접수")
    expect(citizen.locator(".result-panel")).to_contain_text("처리기한")
    assert_accessible(citizen, "journey-06-status-before-answer")

    # --- 5. the officer of 도로과 answers in a third browser --------------------------------------------
    officer = other_page()
    officer.goto(live_server.url("/login"))
    officer.get_by_label("아이디").fill("officer")
    officer.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with officer.expect_navigation():
        officer.get_by_role("button", name="로그인").click()
    officer.goto(live_server.url(f"/staff/complaints/{receipt_no}"))
    expect(officer.get_by_role("heading", level=1)).to_contain_text(receipt_no)
    # (The answer and supplement forms both use id="text" on this page, so the label is ambiguous.)
    answer_box = officer.locator(".answer-panel").get_by_role("textbox", name="답변")
    answer_box.click()
    answer_box.press_sequentially(ANSWER)
    with officer.expect_navigation():
        officer.get_by_role("button", name="답변 보내기").click()
    expect(officer.locator(".answer-text").last).to_have_text(ANSWER)

    # --- 6. the citizen reloads, reads the answer with the officer's 소속·성명·연락처, and rates ---------
    citizen.reload()
    answer = citizen.locator(".answer-panel")
    expect(answer).to_contain_text(ANSWER)
    for words in ("도로과", "김담당", "031-000-2111"):
        expect(answer.locator(".answer-meta")).to_contain_text(words)
    assert_accessible(citizen, "journey-07-status-answered")

    citizen.locator(".rating-panel label").get_by_text("만족", exact=True).click()  # KRDS draws the radio in the label
    expect(citizen.get_by_role("radio", name="만족", exact=True)).to_be_checked()
    _type_into(citizen, "의견", "빠르게 고쳐 주셔서 고맙습니다.")
    with citizen.expect_navigation():
        citizen.get_by_role("button", name="평가 보내기").click()
    expect(citizen.get_by_role("status")).to_contain_text("만족도 평가에 참여해 주셔서 감사합니다.")
    expect(citizen.locator(".rating-panel")).to_contain_text("감사합니다. 이 민원에 대한 평가: 만족")
    assert_accessible(citizen, "journey-08-status-rated")


def test_a_form_with_mistakes_shows_the_errors_and_keeps_what_was_typed(page, live_server):
    _open_form_from_home(page, live_server)
    page.get_by_label("민원 분류").select_option(value="STREETLIGHT")
    _type_into(page, "내용", "한빛공원 입구 가로등이 꺼져 있습니다.")
    _type_into(page, "성명", "김민원")
    _type_into(page, "휴대전화", PHONE)
    _type_into(page, "조회 비밀번호", PASSWORD)
    # no title, no consent
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="민원 신청하기").click()

    assert navigation.value.status == 400
    expect(page).to_have_title(re.compile(r"^오류 - 민원 신청"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("제목을 입력하세요.")
    expect(summary.get_by_role("link")).to_have_count(2)  # title and consent
    for control in (_field(page, "제목"), page.get_by_role("checkbox", name="개인정보를 수집·이용하는 데 동의합니다")):
        expect(control).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("민원 분류")).to_have_value("STREETLIGHT")
    expect(_field(page, "내용")).to_have_value("한빛공원 입구 가로등이 꺼져 있습니다.")
    expect(_field(page, "성명")).to_have_value("김민원")
    expect(_field(page, "휴대전화")).to_have_value(PHONE)
    expect(_field(page, "조회 비밀번호")).to_have_value(PASSWORD)  # kept too: nothing typed is lost (14.6)
    assert_accessible(page, "journey-09-form-errors")

    # The error summary's link takes the keyboard user to the field.
    summary.get_by_role("link", name=re.compile("제목")).click()
    expect(_field(page, "제목")).to_be_focused()
