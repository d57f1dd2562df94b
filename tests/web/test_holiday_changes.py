"""/admin/holidays (D7, issue 14.8): a change is first previewed with what it moves, then saved with a reason."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from civil_complaints.complaint_models import ComplaintEvent
from civil_complaints.holidays.models import HolidayChange
from core.clock import KST, now_utc
from core.extensions import db
from tests.helpers import login, parse, post_form, text_of
from tests.workflow_helpers import file_at
from working_calendar.cache import load_calendar
from working_calendar.models import PublicHoliday


def _next_working_day(demo):
    with demo.app_context():
        calendar = load_calendar()
        day = now_utc().astimezone(KST).date() + timedelta(days=1)
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        return day


def test_a_closure_is_previewed_then_saved_only_with_a_reason(demo, tmp_path):
    with demo.app_context():
        receipt_no = file_at("PROCEDURE-QUERY", now_utc(), tmp_path,  # 7일: the next working day counts
                             lookup_password="abcd1234").receipt_no
    day = _next_working_day(demo)
    change = {"day": day.isoformat(), "name": "청사 이전 휴무", "kind": "closure", "note": "한빛시 공고 제2026-7호"}
    client = demo.test_client()
    login(client, "admin")

    preview = post_form(client, "/admin/holidays", change)
    soup = parse(preview)
    assert preview.status_code == 200 and text_of(soup, "h1") == "공휴일 변경 확인"
    assert text_of(soup, "#change-impact") == "처리 중인 민원 1건의 처리기한이 바뀝니다(민원인 1명)."
    assert "청사 이전 휴무" in text_of(soup, ".summary-list") and "기관 휴무" in text_of(soup, ".summary-list")
    with demo.app_context():
        assert db.session.scalar(select(PublicHoliday).where(PublicHoliday.day == day)) is None

    blank = post_form(client, "/admin/holidays", {**change, "step": "confirm", "reason": "   "})
    soup = parse(blank)
    assert blank.status_code == 400 and soup.title.get_text().startswith("오류")
    assert "변경 사유를 입력하세요." in text_of(soup, "#error-summary")
    assert soup.find("input", attrs={"name": "name"})["value"] == "청사 이전 휴무"  # what was typed is kept
    assert soup.find("input", attrs={"name": "note"})["value"] == "한빛시 공고 제2026-7호"
    with demo.app_context():
        assert db.session.scalar(select(PublicHoliday).where(PublicHoliday.day == day)) is None

    saved = post_form(client, "/admin/holidays", {**change, "step": "confirm", "reason": "청사 이전"})
    assert saved.status_code == 302
    page = parse(client.get(saved.headers["Location"]))
    assert "처리 중인 민원 1건(민원인 1명)의 처리기한이 바뀌었습니다" in page.get_text()
    assert "청사 이전" in text_of(page, "#holiday-changes")
    with demo.app_context():
        record = db.session.scalar(select(HolidayChange))
        assert (record.action, record.reason, record.moved, record.complainants) == ("added", "청사 이전", 1, 1)
        event = db.session.scalar(select(ComplaintEvent).where(ComplaintEvent.action == "deadline_recomputed"))
        assert json.loads(event.detail)["note"] == "청사 이전"
    officer = demo.test_client()
    login(officer, "civil")
    history = parse(officer.get(f"/staff/complaints/{receipt_no}")).get_text(" ")
    assert "공휴일 변경으로 처리기한 다시 계산" in history and "청사 이전" in history  # staff read the reason
    citizen = demo.test_client()
    post_form(citizen, "/complaints/lookup", {"receipt_no": receipt_no, "contact": "010-1234-5678",
                                              "password": "abcd1234"})
    timeline = text_of(parse(citizen.get(f"/complaints/{receipt_no}")), ".timeline")
    assert "공휴일 변경으로 처리기한 다시 계산" in timeline and "청사 이전" not in timeline  # the citizen does not


def test_a_removal_is_previewed_without_saving(demo):
    with demo.app_context():
        holiday = db.session.scalar(select(PublicHoliday).where(PublicHoliday.is_active).order_by(PublicHoliday.day))
        holiday_id, label = holiday.id, f"{holiday.day.year}. {holiday.day.month}. {holiday.day.day}."
    client = demo.test_client()
    login(client, "admin")
    preview = post_form(client, f"/admin/holidays/{holiday_id}/remove", {}, form_page="/admin/holidays")
    soup = parse(preview)
    assert preview.status_code == 200
    assert text_of(soup, "#change-title") == f"{label} 제외: 근무일이 됩니다"
    assert soup.find("form", attrs={"action": f"/admin/holidays/{holiday_id}/remove"}) is not None
    with demo.app_context():
        assert db.session.get(PublicHoliday, holiday_id).is_active is True
        assert db.session.scalar(select(HolidayChange)) is None


def test_the_preview_escapes_what_was_typed(demo):
    day = _next_working_day(demo)
    client = demo.test_client()
    login(client, "admin")
    preview = post_form(client, "/admin/holidays", {"day": day.isoformat(), "name": '<script>x</script>"',
                                                    "kind": "closure"})
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<script>x</script>" not in body
    assert parse(preview).find("input", attrs={"name": "name"})["value"] == '<script>x</script>"'
