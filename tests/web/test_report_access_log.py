"""The monthly review of the personal-data access log (안전성 확보조치 기준 제8조②): counts per staff user equal an
independent count of the entries made here; an access at 22:00 KST, one on a Sunday and a day's burst of views
are flagged, a working-hour view is not; downloads carry their reasons; subjects stay masked; who may read it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from flask_babel import force_locale

from civil_complaints.privacy.access_log import CITIZEN_BY_RECEIPT, record_access, record_citizen_access
from civil_complaints.privacy.review import VOLUME_CEILING, outside_reason, unusual
from core.clock import KST
from core.extensions import db
from reporting.domain.periods import Period
from reporting.registry import ReportQuery, definition, definitions
from tests.charter_helpers import make_complaint, user
from tests.helpers import login
from working_calendar.domain.worktime import WorkCalendar

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=KST)
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "month")
BURST = 120


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


@pytest.fixture
def logged(demo, frozen):
    """November 2026: officer views at 10:00 on a Tuesday and downloads with a reason (not flagged); reviewer
    views at 22:00 on a Tuesday; civil views on Sunday 8 November; head views 120 times on Wednesday; officer2
    views 20 times on a Thursday (a busy but usual day); a complainant's own view; one entry in October."""
    frozen(NOW)
    with demo.app_context():
        first = make_complaint("STREETLIGHT", kst(2026, 10, 20, 10))
        second = make_complaint("GRIEVANCE", kst(2026, 10, 21, 10))
        record_access(user("officer"), first, action="view", ip_address="10.0.0.1", now=kst(2026, 11, 3, 10))
        record_access(user("officer"), first, action="download", ip_address="10.0.0.1", now=kst(2026, 11, 5, 15),
                      reason="감사 자료 제출")
        record_access(user("reviewer"), second, action="view", ip_address="10.0.0.2", now=kst(2026, 11, 3, 22))
        record_access(user("civil"), first, action="print", ip_address="10.0.0.3", now=kst(2026, 11, 8, 11))
        for index in range(BURST):
            record_access(user("head"), first if index % 2 else second, action="view", ip_address="10.0.0.4",
                          now=kst(2026, 11, 4, 10) + timedelta(seconds=30 * index))
        for index in range(20):
            record_access(user("officer2"), second, action="view", ip_address="10.0.0.5",
                          now=kst(2026, 11, 12, 14) + timedelta(minutes=index))
        record_citizen_access(first, action="view", ip_address="10.9.9.9", now=kst(2026, 11, 6, 23),
                              reason=CITIZEN_BY_RECEIPT)
        record_access(user("officer"), first, action="view", ip_address="10.0.0.1", now=kst(2026, 10, 31, 23, 59))
        db.session.commit()
        subjects = (first.receipt_no, second.receipt_no)
    return demo, subjects


def _build(app, login_id: str = "auditor"):
    with app.test_request_context(), force_locale("ko"):
        report = definition("access-log").build(ReportQuery(period=NOVEMBER, actor=user(login_id), now=NOW))
        for table in report.tables:
            table.materialise()
        return report


def _tables(report) -> dict:
    return {table.key: table for table in report.tables}


def test_counts_per_user_equal_the_entries_made(logged):
    app, _subjects = logged
    users = {row[0]: row for row in _tables(_build(app))["users"].rows}
    assert set(users) == {"officer", "reviewer", "civil", "head", "officer2"}  # not the complainant, not October
    #                    views, prints, downloads, total, distinct subjects, outside hours, unusual days, flagged
    assert users["officer"][3:] == [1, 0, 1, 2, 1, 0, 0, ""]
    assert users["reviewer"][3:] == [1, 0, 0, 1, 1, 1, 0, "예"]
    assert users["civil"][3:] == [0, 1, 0, 1, 1, 1, 0, "예"]
    assert users["head"][3:] == [BURST, 0, 0, BURST, 2, 0, 1, "예"]
    assert users["officer2"][3:] == [20, 0, 0, 20, 1, 0, 0, ""]
    assert users["head"][1:3] == ["박과장", "도로과"]
    totals = _tables(_build(app))["users"].totals
    assert totals[3:8] == [1 + 1 + BURST + 20, 1, 1, 2 + 1 + 1 + BURST + 20, 2]


def test_outside_hours_and_bursts_are_flagged_and_a_working_hour_view_is_not(logged):
    app, (first, second) = logged
    tables = _tables(_build(app))
    outside = tables["outside"].rows
    assert [(row[0], row[1]) for row in outside] == [(kst(2026, 11, 3, 22), "reviewer"),
                                                     (kst(2026, 11, 8, 11), "civil")]
    assert "근무시간 외" in outside[0][5] and "09:00" in outside[0][5]
    assert "근무일이 아님" in outside[1][5] and "일" in outside[1][5]
    assert outside[0][4].startswith(second) and "*" in outside[0][4]  # masked as stored
    assert all(row[1] != "officer" for row in outside)
    assert tables["volume"].rows == [[date(2026, 11, 4), "head", "박과장", BURST, 1.0]]  # median of 1, 1, 1, 1, 20, 120


def test_downloads_are_listed_with_their_reasons(logged):
    app, (first, _second) = logged
    downloads = _tables(_build(app))["downloads"].rows
    assert len(downloads) == 1
    when, login_id, _name, action, subject, reason = downloads[0]
    assert (when, login_id, action, reason) == (kst(2026, 11, 5, 15), "officer", "내려받음", "감사 자료 제출")
    assert subject.startswith(first) and "홍길동" not in subject and "홍*동" in subject


def test_the_volume_rule():
    assert not unusual(49, 1) and unusual(50, 1) and not unusual(60, 20) and unusual(61, 20)
    assert unusual(VOLUME_CEILING + 1, 150) and not unusual(VOLUME_CEILING, 150)


def test_working_hours_are_the_calendar_s_from_the_first_block_to_the_last(app):
    calendar = WorkCalendar({date(2026, 11, 10): "시험 휴일"})  # 09:00–12:00, 13:00–18:00
    with app.test_request_context(), force_locale("ko"):
        assert outside_reason(kst(2026, 11, 9, 9), calendar) is None
        assert outside_reason(kst(2026, 11, 9, 12, 30), calendar) is None  # lunch is within working hours
        assert outside_reason(kst(2026, 11, 9, 17, 59), calendar) is None
        assert outside_reason(kst(2026, 11, 9, 8, 59), calendar) == "근무시간 외(09:00~18:00)"
        assert outside_reason(kst(2026, 11, 9, 18), calendar) == "근무시간 외(09:00~18:00)"
        assert outside_reason(kst(2026, 11, 10, 10), calendar) == "근무일이 아님(시험 휴일)"
        assert outside_reason(kst(2026, 11, 7, 10), calendar) == "근무일이 아님(토)"


def test_conditions_and_notes(logged):
    app, _subjects = logged
    report = _build(app)
    conditions = dict(report.conditions)
    assert conditions["기간"] == "2026. 11. 1. ~ 2026. 11. 30."
    assert conditions["작성 일시"] == "2026. 12. 1. 09:30"
    assert "1" in conditions["민원인 본인 열람"]
    assert "09:00" in conditions["근무시간"] and "18:00" in conditions["근무시간"]
    assert len(report.notes) == 4 and any("200" in note and "50" in note for note in report.notes)
    assert any("제8조" in note for note in report.notes)
    chart = report.charts[0]
    assert chart.kind == "stacked" and len(chart.labels) == 30 and chart.labels[3] == "11. 4."
    within, outside = (list(series.values) for series in chart.series)
    assert within[3] == BURST and outside[2] == 1 and outside[7] == 1 and within[2] == 1  # 3 Nov: 10:00 and 22:00
    assert sum(within) + sum(outside) == 2 + 1 + 1 + BURST + 20


def test_only_auditors_and_administrators_may_read_it(logged):
    app, _subjects = logged
    with app.app_context():
        found = definition("access-log")
        assert found in definitions() and found.order == 50
        assert found.may_read(user("auditor")) and found.may_read(user("admin"))
        assert not found.may_read(user("officer")) and not found.may_read(user("head"))
    client = app.test_client()
    login(client, "officer")
    assert client.get("/staff/access-log").status_code == 403
