"""The public 처리기한 계산기 (/deadline) and the holiday administration page."""

from __future__ import annotations

import pytest

from core.extensions import db
from tests.helpers import login, parse, post_form, text_of
from working_calendar.models import PublicHoliday


def _calculate(client, **params):
    return client.get("/deadline", query_string=params)


def _confirm(client, url: str, data: dict, *, reason: str, form_page: str | None = None):
    """The second step of a holiday change: the same change again, with its reason (D7)."""
    return post_form(client, url, {**data, "step": "confirm", "reason": reason}, form_page=form_page or url)


def test_form_is_shown_without_result(client):
    response = client.get("/deadline")
    soup = parse(response)
    assert response.status_code == 200
    assert text_of(soup, "h1") == "처리기한 계산기"
    assert soup.select_one(".result-panel") is None
    for name in ("kind", "period", "received_on", "received_time"):
        control = soup.find(attrs={"name": name})
        assert soup.find("label", attrs={"for": control["id"]}) is not None, name


def test_chuseok_2025_query_explained_in_korean(client):
    """질의(제도) 7일, received Thu 2025-10-02: 추석 10/5–10/8(대체), 한글날 10/9 and weekends are skipped."""
    soup = parse(_calculate(client, kind="query_system", received_on="2025-10-02", received_time="10:00"))
    due = text_of(soup, ".result-due")
    assert "2025. 10. 17." in due and "(금)" in due
    steps = [" ".join(li.get_text(" ").split()) for li in soup.select(".explain-list li")]
    text = "\n".join(steps)
    assert "2025. 10. 2. (목): 1일째" in text
    assert "2025. 10. 3. (금): 개천절 (공휴일), 산입하지 않음" in text
    assert "2025. 10. 4. (토): 토요일, 산입하지 않음 (법 제19조)" in text
    assert "2025. 10. 6. (월): 추석 (공휴일), 산입하지 않음" in text
    assert "2025. 10. 8. (수): 추석 대체 휴일 (공휴일), 산입하지 않음" in text
    assert "2025. 10. 9. (목): 한글날 (공휴일), 산입하지 않음" in text
    assert "2025. 10. 10. (금): 2일째" in text
    assert "2025. 10. 17. (금): 7일째" in text
    counted = [s for s in steps if s.endswith("일째")]
    assert len(counted) == 7


def test_hour_unit_period_shows_exact_instant(client):
    """기타민원 즉시 received during lunch (law.md E21): due 16:00 the same day."""
    soup = parse(_calculate(client, kind="other", received_on="2025-06-02", received_time="12:30"))
    assert "2025. 6. 2. 16:00" in text_of(soup, ".result-due")
    assert "13:00–16:00" in soup.select_one(".explain-list").get_text()


def test_custom_period_and_excluded_days(client):
    """law.md E12: 질의 7일 from 2025-06-02 with 보완 6/4–6/9 excluded → 2025-06-17."""
    soup = parse(_calculate(client, kind="custom", period="7d", received_on="2025-06-02", received_time="09:00",
                            pause_start="2025-06-04", pause_end="2025-06-09"))
    assert "2025. 6. 17." in text_of(soup, ".result-due")
    assert "영 제20조" in soup.select_one(".explain-list").get_text()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "", "received_on": "2025-06-02", "received_time": "10:00"}, "kind", "민원 종류를 선택"),
        ({"kind": "custom", "period": "", "received_on": "2025-06-02", "received_time": "10:00"}, "period",
         "처리기간을 입력"),
        ({"kind": "custom", "period": "열흘", "received_on": "2025-06-02", "received_time": "10:00"}, "period",
         "숫자와 단위로"),
        ({"kind": "other", "received_on": "2025-13-40", "received_time": "10:00"}, "received_on", ""),
        ({"kind": "other", "received_on": "2025-06-02", "received_time": "10:00", "pause_start": "2025-06-09",
          "pause_end": "2025-06-04"}, "pause_end", "종료일은 시작일보다"),
    ],
)
def test_bad_input_is_explained_and_kept(client, params, field, message):
    response = _calculate(client, **params)
    soup = parse(response)
    assert response.status_code == 400
    control = soup.find(attrs={"name": field})
    assert control["aria-invalid"] == "true"
    error = soup.find(id=f"{control['id']}-error")
    assert error is not None and message in error.get_text()
    for name, value in params.items():
        if name in ("kind",):
            continue
        assert soup.find(attrs={"name": name})["value"] == value
    assert soup.select_one(".result-panel") is None


def test_user_input_is_escaped(client):
    soup = parse(_calculate(client, kind="custom", period="<b>x</b>", received_on="2025-06-02",
                            received_time="10:00"))
    assert soup.find("b") is None or soup.find("b").get_text() != "x"
    assert soup.find(attrs={"name": "period"})["value"] == "<b>x</b>"


def test_admin_adds_a_temporary_holiday_and_the_calculator_follows(demo):
    client = demo.test_client()
    params = {"kind": "query_system", "received_on": "2027-03-02", "received_time": "10:00"}
    before = text_of(parse(_calculate(client, **params)), ".result-due")
    login(client, "admin")
    response = _confirm(client, "/admin/holidays", {"day": "2027-03-04", "name": "임시공휴일", "kind": "temporary",
                                                    "note": "국무회의 의결"}, reason="관보 공고")
    assert response.status_code == 302
    after_soup = parse(_calculate(client, **params))
    assert text_of(after_soup, ".result-due") != before
    assert "2027. 3. 4. (목): 임시공휴일 (공휴일), 산입하지 않음" in after_soup.select_one(".explain-list").get_text(
        " ")
    duplicate = post_form(client, "/admin/holidays", {"day": "2027-03-04", "name": "중복", "kind": "temporary"})
    assert duplicate.status_code == 400
    assert "이미 공휴일로 등록된 날입니다" in parse(duplicate).get_text()


def test_admin_removes_and_restores_a_holiday(demo):
    client = demo.test_client()
    login(client, "admin")
    with demo.app_context():
        row = db.session.query(PublicHoliday).filter_by(day=__import__("datetime").date(2026, 10, 9)).one()
        holiday_id = row.id
    page = client.get("/admin/holidays?year=2026")
    assert "한글날" in page.get_data(as_text=True)
    response = _confirm(client, f"/admin/holidays/{holiday_id}/remove", {}, reason="테스트",
                        form_page="/admin/holidays?year=2026")
    assert response.status_code == 302
    with demo.app_context():
        assert db.session.get(PublicHoliday, holiday_id).is_active is False
    _confirm(client, f"/admin/holidays/{holiday_id}/restore", {}, reason="복원", form_page="/admin/holidays?year=2026")
    with demo.app_context():
        restored = db.session.get(PublicHoliday, holiday_id)
        assert restored.is_active is True and restored.updated_by.login_id == "admin"
    log = text_of(parse(client.get("/admin/holidays?year=2026")), "#holiday-changes")
    assert "테스트" in log and "복원" in log and "2026. 10. 9." in log


def test_over_the_inline_limit_the_change_is_saved_and_the_scheduler_recomputes(demo, monkeypatch, tmp_path):
    """D7 for a large table: the request only saves the holiday; the calendar check job recomputes every open
    deadline, once per change — also when the calendar goes back to an earlier state (remove, then restore)."""
    from datetime import timedelta

    from civil_complaints.complaint_models import Complaint
    from civil_complaints.holidays.recompute import RUNNING
    from civil_complaints.monitoring.housekeeping import check_calendar_revision
    from core.clock import KST, now_utc
    from tests.workflow_helpers import file_at
    from working_calendar.cache import load_calendar

    monkeypatch.setitem(demo.config, "INLINE_RECOMPUTE_LIMIT", 0)
    now = now_utc()
    with demo.app_context():
        file_at("PARKING-LAW", now, tmp_path)  # 14일
        file_at("PROCEDURE-QUERY", now, tmp_path)
        calendar = load_calendar()
        day = now.astimezone(KST).date() + timedelta(days=1)
        while not calendar.is_working_day(day):
            day += timedelta(days=1)
        running = db.select(Complaint).where(Complaint.status.in_(RUNNING), Complaint.due_at > now)
        before = {c.receipt_no: c.due_at for c in db.session.scalars(running)}
        assert before
    client = demo.test_client()
    login(client, "admin")
    preview = post_form(client, "/admin/holidays", {"day": day.isoformat(), "name": "임시공휴일", "kind": "temporary"})
    assert "저장하면 스케줄러가 5분 안에 처리기한을 다시 계산합니다" in parse(preview).get_text()
    response = _confirm(client, "/admin/holidays", {"day": day.isoformat(), "name": "임시공휴일", "kind": "temporary"},
                        reason="임시공휴일 지정")
    assert response.status_code == 302
    page = parse(client.get(response.headers["Location"]))
    assert "스케줄러가 5분 안에 다시 계산합니다" in page.get_text()

    def run_job() -> dict:
        with demo.app_context():
            result = check_calendar_revision(now=now_utc())
            if "recomputed_change" in result:
                from notifications.monitoring_models import JobRun

                db.session.add(JobRun(job="calendar-revision-check", slot=now_utc(), started_at=now_utc(),
                                      outcome="ok", counts=__import__("json").dumps(result), host="h", pid=1))
            db.session.commit()
            return result

    def dues() -> dict:
        with demo.app_context():
            return {c.receipt_no: c.due_at for c in db.session.scalars(
                db.select(Complaint).where(Complaint.receipt_no.in_(list(before))))}

    assert dues() == before  # nothing recomputed in the request
    added = run_job()
    moved = dues()
    assert added["changed"] >= 1 and moved != before and all(moved[n] >= before[n] for n in before)
    assert "examined" not in run_job()  # once per change
    with demo.app_context():
        holiday_id = db.session.query(PublicHoliday).filter_by(day=day).one().id
    _confirm(client, f"/admin/holidays/{holiday_id}/remove", {}, reason="취소", form_page="/admin/holidays")
    assert run_job()["changed"] >= 1 and dues() == before
    _confirm(client, f"/admin/holidays/{holiday_id}/restore", {}, reason="재지정", form_page="/admin/holidays")
    assert run_job()["changed"] >= 1 and dues() == moved  # the same calendar as before, but a new change
