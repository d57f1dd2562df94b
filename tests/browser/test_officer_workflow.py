"""An officer's day, tried as new users would in a real browser (issue 5, "Done when").

The head of 도로과 assigns a 민원; the officer asks for a 보완 (the clock pauses and the due moves), the
citizen supplements, the officer extends the period once and answers. The citizen sees each notice on the
status page and in the outbox; the auditor reads the timeline and finds the officer's view in the access log.
The clock is frozen on working days of December 2026 so the dates are the law's, not the machine's.
Every page is checked with axe-core and saved as a screenshot in .tmp/screenshots.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

import core.clock
from core.clock import KST
from tests.browser.axe import assert_accessible
from tests.browser.test_citizen_journey import other_page  # noqa: F401 - fixture
from tests.complaint_helpers import file_complaint

pytestmark = pytest.mark.browser

PASSWORD = "hanbit-2026"
REQUEST = "파손 위치를 알 수 있게 가까운 건물 번호나 사진을 보내 주세요."
SUPPLEMENT = "한빛대로 12 한빛빌딩 정문 앞입니다."
REASON = "파손 범위가 넓어 현장 측량이 필요합니다."
ANSWER = "현장을 측량한 뒤 파손된 포장 20㎡를 다시 포장했습니다."


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=KST)


@pytest.fixture
def clock(monkeypatch):
    def set_to(when: datetime) -> None:
        monkeypatch.setattr(core.clock, "frozen_at", when)

    return set_to


def _login(page: Page, live_server, login_id: str) -> None:
    from organization.demo import DEMO_PASSWORD

    page.goto(live_server.url("/login"))
    page.get_by_label("아이디").fill(login_id)
    page.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="로그인").click()


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def _file_with_the_app(live_server) -> str:
    client = live_server.app.test_client()
    response = file_complaint(client, lookup_password=PASSWORD, title="한빛대로 포장 파손", phone="010-2345-6789")
    assert response.status_code == 303
    return response.headers["Location"].split("/")[2]


def test_officer_supplement_extension_answer_and_audit(page, live_server, other_page, clock):  # noqa: F811
    clock(at(1, 10))  # Tuesday 2026-12-01 10:00: a 3-day (24 working hours) road-damage 민원 arrives
    receipt_no = _file_with_the_app(live_server)
    case_url = live_server.url(f"/staff/complaints/{receipt_no}")

    # --- 1. the head of 도로과 assigns it ------------------------------------------------------------
    _login(page, live_server, "head")
    page.goto(case_url)
    page.get_by_role("combobox", name=re.compile("^담당자")).select_option(label="김담당")
    _submit(page, "배정")
    expect(page.get_by_role("status")).to_contain_text("담당자를 배정했습니다")
    expect(page.locator(".summary-list").first).to_contain_text("김담당")

    # --- 2. the officer opens it and asks for a 보완 (clock paused) -----------------------------------
    clock(at(1, 11))
    officer = other_page()
    _login(officer, live_server, "officer")
    officer.goto(case_url)
    expect(officer.locator(".result-due")).to_contain_text("2026. 12. 4. 10:00")
    assert_accessible(officer, "workflow-01-case-assigned")
    officer.get_by_text("보완 요청 (처리기간 정지)").click()  # opens the panel
    officer.get_by_label(re.compile("^보완할 사항")).fill(REQUEST)
    officer.get_by_label(re.compile("^보완 기간")).fill("5")
    _submit(officer, "요청 보내기")
    expect(officer.get_by_role("status")).to_contain_text("처리기간 계산이 정지")
    expect(officer.locator(".summary-list").first).to_contain_text("보완 요청")
    expect(officer.locator(".result-due")).to_contain_text("2026. 12. 4. 18:00")  # 12/1 excluded whole (D5)
    assert_accessible(officer, "workflow-02-case-supplement-requested")

    # --- 3. the citizen looks it up, reads the request and supplements two days later ---------------
    clock(at(3, 10))
    citizen = other_page()
    citizen.goto(live_server.url("/complaints/lookup"))
    citizen.get_by_label("접수번호").fill(receipt_no)
    citizen.get_by_label(re.compile("^신청할 때 적은")).fill("010-2345-6789")
    citizen.get_by_label(re.compile("^조회 비밀번호")).fill(PASSWORD)
    _submit(citizen, "조회하기")
    expect(citizen.locator(".supplement-panel")).to_contain_text(REQUEST)
    expect(citizen.locator(".timeline")).to_contain_text("2026. 12. 7.까지 보완해 주세요.")  # 민법: 12/2..12/6 → 월
    assert_accessible(citizen, "workflow-03-status-supplement-requested")
    citizen.get_by_label(re.compile("^보완 내용")).fill(SUPPLEMENT)
    _submit(citizen, "보완 제출하기")
    # 12/1–12/3 excluded whole (D5): 24 working hours from 12/4 09:00 → 12/8 18:00
    expect(citizen.locator(".result-due")).to_contain_text("2026. 12. 8. 18:00")

    # --- 4. the officer extends once (a refused ground first) and answers --------------------------
    clock(at(4, 9, 30))
    _login(officer, live_server, "officer")  # another day, another login: a session lasts STAFF_SESSION_HOURS
    officer.goto(case_url)
    expect(officer.locator(".result-due")).to_contain_text("2026. 12. 8. 18:00")
    officer.get_by_text("처리기간 연장 (시행령 제21조)").click()
    officer.get_by_label(re.compile("^연장 기간")).fill("3")
    grounds = officer.get_by_role("combobox", name=re.compile("^연장 사유"))
    # 14.9: received after 2026-05-06, so only 영 제21조① 제1호–제4호 are offered (단순 업무과중 is not)
    expect(grounds.locator("option[value=SIMPLE_WORKLOAD]")).to_have_count(0)
    grounds.select_option("EQUIVALENT")  # 제4호 「준하는 사유」 with a barred ground in other words
    officer.get_by_label(re.compile("^민원인에게 알릴")).fill("업무 많음")
    _submit(officer, "연장하고 알리기")
    error = officer.locator("#ext_reason-error")
    expect(error).to_contain_text("단순 업무과중")
    expect(officer.get_by_label(re.compile("^민원인에게 알릴"))).to_have_value("업무 많음")  # the input is kept
    assert_accessible(officer, "workflow-04-extension-refused")
    officer.get_by_role("combobox", name=re.compile("^연장 사유")).select_option("FACT_OR_SITE_CHECK")
    officer.get_by_label(re.compile("^민원인에게 알릴")).fill(REASON)
    _submit(officer, "연장하고 알리기")
    expect(officer.locator(".result-due")).to_contain_text("2026. 12. 11. 18:00")
    clock(at(9, 15))
    _login(officer, live_server, "officer")
    officer.goto(case_url)
    officer.get_by_role("textbox", name=re.compile("^답변 ")).fill(ANSWER)
    _submit(officer, "답변 보내기")
    expect(officer.locator("#record-answer")).to_contain_text("답변")
    expect(officer.locator(".timeline")).to_contain_text("처리기간 연장")
    assert_accessible(officer, "workflow-05-case-answered")

    # --- 5. the citizen sees every notice, with the officer's 소속·성명·연락처 ----------------------
    citizen.reload()
    timeline = citizen.locator(".timeline")
    for words in ("보완 요청", REQUEST, "보완 접수", "처리기간 연장", REASON,
                  "2026. 12. 8. 18:00 → 2026. 12. 11. 18:00", "답변 완료"):
        expect(timeline).to_contain_text(words)
    expect(citizen.locator(".answer-panel")).to_contain_text(ANSWER)
    expect(citizen.locator(".answer-meta")).to_contain_text("도로과 김담당 (031-000-2111)")
    assert_accessible(citizen, "workflow-06-status-answered")
    _assert_outbox(live_server, receipt_no)

    # --- 6. the auditor reads the timeline and the access log entry of the officer's view ----------
    auditor = other_page()
    _login(auditor, live_server, "auditor")
    auditor.goto(case_url)
    for words in ("배정", "박과장", "보완", "처리기간 연장", "김담당"):
        expect(auditor.locator(".timeline")).to_contain_text(words)
    expect(auditor.locator("#answer")).to_have_count(0)  # reads, changes nothing
    assert_accessible(auditor, "workflow-07-case-auditor")
    auditor.goto(live_server.url(f"/staff/access-log?login_id=officer&subject={receipt_no}"))
    rows = auditor.locator("tbody tr")
    expect(rows.first).to_contain_text("김담당 (officer)")
    expect(rows.first).to_contain_text(f"{receipt_no} 홍*동")
    expect(rows.first).to_contain_text("열람함")
    expect(auditor.locator("tbody")).to_contain_text("2026. 12. 1. 11:00")  # the officer's first view
    assert_accessible(auditor, "workflow-08-access-log")


def _assert_outbox(live_server, receipt_no: str) -> None:
    from core.extensions import db
    from notifications.models import OutboxMessage
    from notifications.services import render

    with live_server.app.app_context():
        rows = db.session.query(OutboxMessage).filter(OutboxMessage.idempotency_key.contains(receipt_no)).all()
        bodies = {row.template: render(row)[1] for row in rows}
        db.session.remove()
    assert {"complaint_received", "complaint_supplement_requested", "complaint_extended",
            "complaint_answered"} <= set(bodies)
    assert REQUEST in bodies["complaint_supplement_requested"]
    assert REASON in bodies["complaint_extended"] and "2026. 12. 11. 18:00" in bodies["complaint_extended"]
    for template in ("complaint_supplement_requested", "complaint_extended", "complaint_answered"):
        assert "김담당 (031-000-2111)" in bodies[template], template
