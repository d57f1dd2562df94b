"""The internal service performance report of the reports hub: the same figures as /staff/service-performance and
its CSV for the same period (the hand-made requests of tests/web/test_service_performance.py), the department
filter and scope, conditions, notes and chart, and who may read it."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select

from core.extensions import db
from organization.models import Department
from reporting.domain.periods import Period
from reporting.registry import ReportQuery, definition, definitions
from tests.charter_helpers import user
from tests.helpers import parse
from tests.web.test_service_performance import DECEMBER, NOW, _client, _row, world  # noqa: F401 - a fixture

PERIOD = Period(date(2026, 12, 1), date(2026, 12, 31), "month")


def _build(app, login_id: str = "auditor", **arguments):
    with app.test_request_context(), force_locale("ko"):
        report = definition("internal-services").build(
            ReportQuery(period=PERIOD, actor=user(login_id), now=NOW, **arguments))
        for table in report.tables:
            table.materialise()
        return report


def _rows(report) -> dict[tuple[str, str], list]:
    return {(row[0], row[1]): row for row in report.tables[0].rows}


def test_figures_equal_the_page_and_its_csv(demo, world):  # noqa: F811 - the fixture
    report = _build(demo)
    rows = _rows(report)
    pc = rows["정보통신과", "PC·프린터 고장 수리"]
    #              requests, resolved, response measured/late/rate, resolution measured/late/rate
    assert pc[2:10] == [7, 4, 6, 3, 0.5, 5, 2, 0.6]
    #               median h, p90 h, open now, reopen rate, average, ratings, satisfied share (5 and 2: one of two)
    assert pc[10:] == [4.0, 7.8, 3, 0.25, 3.5, 2, 0.5]
    total = rows["정보통신과", "부서 합계"]
    assert total[2] == 8 and round(total[6], 3) == 0.571 and round(total[9], 3) == 0.667

    page = parse(_client(demo, "auditor").get("/staff/service-performance", query_string=DECEMBER))
    shown = _row(page, "HB-IT", "PC·프린터 고장 수리")
    assert shown[0] == str(pc[2]) and shown[1].startswith(f"{pc[6] * 100:.1f}%")
    assert shown[2].startswith(f"{pc[9] * 100:.1f}%") and shown[5] == str(pc[12])

    response = _client(demo, "auditor").get("/staff/service-performance.csv", query_string=DECEMBER)
    lines = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))[2:]
    assert len(lines) == len(report.tables[0].rows)
    for line in lines:
        row = rows[line[0], line[1]]
        as_csv = [row[2], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11], row[12], row[13],
                  row[14], row[15]]
        expected = [None if v == "" else float(v) for v in line[2:]]
        assert [None if v is None else round(v * 100, 1) if i in (3, 6, 10) else v
                for i, v in enumerate(as_csv)] == expected, line[:2]


def test_every_providing_department_or_the_one_asked_for(demo, world):  # noqa: F811 - the fixture
    everything = _rows(_build(demo))
    assert {department for department, _service in everything} >= {"정보통신과", "총무과"}
    only_it = _build(demo, filters={"department": "HB-IT"})
    assert {row[0] for row in only_it.tables[0].rows} == {"정보통신과"}
    assert dict(only_it.conditions)["제공 부서"] == "정보통신과"
    with demo.app_context():
        general = db.session.scalar(select(Department).where(Department.code == "HB-GENERAL"))
        scoped = frozenset({general.id})
    assert {row[0] for row in _build(demo, departments=scoped).tables[0].rows} == {"총무과"}


def test_grand_total_conditions_notes_and_chart(demo, world):  # noqa: F811 - the fixture
    report = _build(demo)
    table = report.tables[0]
    department_totals = [row for row in table.rows if row[1] == "부서 합계"]
    assert table.totals[2] == sum(row[2] for row in department_totals)
    assert {i for i, row in enumerate(table.rows) if row[1] == "부서 합계"} == set(table.emphasised)
    conditions = dict(report.conditions)
    assert conditions["기간"] == "2026. 12. 1. ~ 2026. 12. 31."
    assert conditions["작성 일시"] == "2026. 12. 18. 10:00" and conditions["제공 부서"] == "전체"
    assert any("PERCENTILE.INC" in note for note in report.notes)
    chart = report.charts[0]
    assert chart.kind == "hbar" and chart.percent
    it = list(chart.labels).index("정보통신과")
    assert round(chart.series[0].values[it], 3) == 0.571 and round(chart.series[1].values[it], 3) == 0.667


def test_who_may_read_it(demo):
    with demo.app_context():
        found = definition("internal-services")
        assert found in definitions() and found.order == 40 and found.filters == ("department",)
        for login_id in ("auditor", "ithead", "admin"):
            assert found.may_read(user(login_id)), login_id
        assert not found.may_read(user("officer"))
        assert found.scope(user("ithead")) is None  # as the page: every providing department's aggregates
    assert _client(demo, "officer").get("/staff/service-performance").status_code == 403
