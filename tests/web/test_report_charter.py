"""The 이행실적 report of the reports hub: the same figures as /staff/charter-performance for the same period, its
conditions, notes and chart, and who may read it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from charters.performance import measured_performance
from core.clock import KST
from core.extensions import db
from reporting.domain.periods import Period
from reporting.registry import ReportQuery, definition, definitions
from tests.charter_helpers import make_complaint, user
from tests.helpers import login, parse

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=KST)
Q3 = Period(date(2026, 7, 1), date(2026, 9, 30), "quarter")


def kst(*args) -> datetime:
    return datetime(*args, tzinfo=KST)


@pytest.fixture
def measured(demo, frozen):
    """Q3 2026 민원 whose outcomes are known (as tests/web/test_charter_performance.py)."""
    frozen(NOW)
    with demo.app_context():
        make_complaint("STREETLIGHT", kst(2026, 7, 6, 10), answered_at=kst(2026, 7, 6, 12, 30), rating="satisfied")
        make_complaint("STREETLIGHT", kst(2026, 7, 7, 10), answered_at=kst(2026, 7, 7, 16), rating="dissatisfied")
        make_complaint("PROCEDURE-QUERY", kst(2026, 7, 6, 9, 30), answered_at=kst(2026, 7, 8, 15))
        make_complaint("PROCEDURE-QUERY", kst(2026, 7, 13, 9), answered_at=kst(2026, 7, 21, 10))
        make_complaint("ROAD-DAMAGE", kst(2026, 7, 8, 10))
        make_complaint("GRIEVANCE", kst(2026, 7, 9, 10), withdrawn_at=kst(2026, 7, 9, 11))
        make_complaint("ROAD-OCCUPANCY", kst(2026, 8, 3, 9), answered_at=kst(2026, 8, 12, 17),
                       pause=(date(2026, 8, 4), date(2026, 8, 6)))
        make_complaint("STREETLIGHT", kst(2026, 10, 1, 10), answered_at=kst(2026, 10, 2, 10))  # outside Q3
        db.session.commit()
    return demo


def _build(app, login_id: str = "auditor", period: Period = Q3):
    with app.test_request_context(), force_locale("ko"):
        found = definition("charter")
        report = found.build(ReportQuery(period=period, actor=user(login_id), now=NOW))
        for table in report.tables:
            table.materialise()
        return report


def _page_rows(page, table_class: str) -> dict[str, list[str]]:
    rows = {}
    for tr in page.select(f"table.{table_class} tbody tr"):
        cells = [" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return rows


def _percent_text(fraction: float | None) -> str:
    """As the page writes a rate ("50%", "96.5%", "—")."""
    if fraction is None:
        return "—"
    return f"{round(fraction * 100, 1):g}%"


def test_each_standard_shows_the_figures_of_the_performance_page(measured):
    report = _build(measured)
    standards = {row[1]: row for row in report.tables[0].rows}
    client = measured.test_client()
    login(client, "auditor")
    page = parse(client.get("/staff/charter-performance?first_day=2026-07-01&last_day=2026-09-30"))
    on_page = _page_rows(page, "perf-standards")
    assert on_page, "the page lists the measured standards"
    for service, cells in on_page.items():
        row = standards[service]
        #            target, result, verdict as the page shows them
        assert [_percent_text(row[3]) if row[3] is not None else "—", _percent_text(row[4]), row[7]] == [
            cells[1], cells[2], cells[4]], service
        if row[6]:
            assert cells[3] == f"{row[6]}건 중 {row[5]}건"
    # the values the page test (test_charter_performance) checks, here as numbers
    assert standards["가로등 고장 신고"][4:] == [0.5, 1, 2, "미이행"]
    assert standards["도로점용 허가"][4:] == [1.0, 1, 1, "이행"]
    assert standards["고충 민원"][4:] == [None, 0, 0, "해당 민원 없음"]  # the withdrawn one is not counted
    assert standards["민원 만족도"][3:] == [0.8, 0.5, 1, 2, "미이행"]
    assert standards["전화 응대"][7] == "측정 대상 아님"  # descriptive standards are listed, not measured


def test_the_types_table_and_total_equal_the_shared_computation(measured):
    report = _build(measured)
    types = report.tables[1]
    with measured.test_request_context():
        expected = measured_performance(Q3.start, Q3.end, NOW)
    assert len(types.rows) == len(expected.types)
    for row, t in zip(types.rows, expected.types, strict=True):
        assert row[0] == t.name_ko
        assert row[2:7] == [t.outcome.received, t.outcome.finished, t.outcome.returned, t.outcome.broken,
                            None if t.outcome.rate is None else t.outcome.rate / 100]
        assert row[11] == t.ratings.rated
    streetlight = next(row for row in types.rows if row[0] == "가로등 고장 신고")
    assert streetlight[7:10] == ["근무시간", 3.5, 4.7]
    assert types.totals[2:6] == [7, 5, 0, 2]  # the October 민원 is outside the period


def test_conditions_notes_and_chart(measured):
    report = _build(measured)
    conditions = dict(report.conditions)
    assert conditions["기간"] == "2026. 7. 1. ~ 2026. 9. 30."
    assert conditions["작성 일시"] == "2026. 11. 2. 10:00"
    assert conditions["작성자"] == user_name(measured, "auditor")
    assert "이행 1건, 미이행 4건" in conditions["이행표준"]
    assert report.notes and any("PERCENTILE.INC" in note for note in report.notes)
    chart = report.charts[0]
    assert chart.kind == "hbar" and chart.percent
    assert "가로등 고장 신고" in chart.labels and "전화 응대" not in chart.labels
    index = list(chart.labels).index("가로등 고장 신고")
    target = next(row[3] for row in report.tables[0].rows if row[1] == "가로등 고장 신고")
    assert [series.values[index] for series in chart.series] == [0.5, target]


def user_name(app, login_id: str) -> str:
    with app.app_context():
        return user(login_id).display_name


def test_registered_for_those_who_read_the_performance_page(demo):
    with demo.app_context():
        found = definition("charter")
        assert found is not None and found.order == 30 and found in definitions()
        assert found.may_read(user("auditor")) and found.may_read(user("head")) and found.may_read(user("admin"))
        assert not found.may_read(user("officer"))
    client = demo.test_client()
    login(client, "officer")
    assert client.get("/staff/charter-performance").status_code == 403  # the page refuses the same person
