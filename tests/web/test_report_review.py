"""The management review (issue 20 item 7): every table of 2026 Q3 equals an independent count of the generated
민원 and improvements (tests/review_data.py), before and after the processing facts are stored; the page, XLSX,
CSV and PDF say it; who may read it (a head their own department); a period that is not a quarter is refused in
Korean; and the monthly job freezes the quarter's review on its first run after the quarter, once."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import date, datetime

import openpyxl
import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from pypdf import PdfReader
from sqlalchemy import select

from civil_complaints.labels import CHANNEL_LABELS
from civil_complaints.reports.facts import fill_processing_facts
from civil_complaints.reports.monthly import freeze_quarter_review, make_monthly_report
from core.clock import KST
from core.extensions import db
from organization.models import Department
from reporting.domain.periods import Period
from reporting.models import FrozenReport
from reporting.registry import ReportQuery, definition
from tests.helpers import login, parse
from tests.review_data import CAUSES, DECISION, NOW, Q2, Q3, Q3_2025, Spec, generate, improvements
from working_calendar.cache import load_calendar

Q3_ARGS = {"from": "2026-07-01", "to": "2026-09-30"}
SCORE = {"satisfied": 3, "neutral": 2, "dissatisfied": 1}


@pytest.fixture
def review(demo, frozen):
    frozen(NOW)
    with demo.app_context():
        specs = generate()
        improvements(specs)
    return demo, specs


def _in(instant: datetime | None, span: tuple[date, date]) -> bool:
    return instant is not None and span[0] <= instant.astimezone(KST).date() <= span[1]


def _build(app, *, locale: str = "ko", departments=None):
    with app.test_request_context("/"), force_locale(locale):
        found = definition("management-review")
        report = found.build(ReportQuery(period=Period(*Q3, "quarter"), actor=None, now=NOW, departments=departments,
                                         locale=locale))
        names = {d.code: d.name(locale) for d in db.session.scalars(select(Department))}
        labels = {"none": _("Not categorised"), "channels": {k: str(v) for k, v in CHANNEL_LABELS.items()},
                  "total": _("Total")}
        return report, {t.key: t.materialise() for t in report.tables}, names, labels


def _rows(table) -> dict[str, list]:
    return {row[0]: list(row[1:]) for row in table.rows}


def _expected_trend(specs: list[Spec], key) -> dict[str, list]:
    months = ["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
    counts: dict[str, Counter] = defaultdict(Counter)
    for spec in specs:
        month = spec.received.astimezone(KST).strftime("%Y-%m")
        if month in months:
            counts[key(spec)][month] += 1
        elif _in(spec.received, Q3_2025):
            counts[key(spec)]["year"] += 1
    found = {}
    for name, by_month in counts.items():
        now, before = sum(by_month[m] for m in months[3:]), sum(by_month[m] for m in months[:3])
        found[name] = [*(by_month[m] for m in months), now, before, by_month["year"]]
    return found


def _trend_values(row: list) -> list:
    """A trend row without its two changes: six months, the quarter, the previous one, a year earlier."""
    return [*row[:8], row[9]]


def test_each_table_equals_an_independent_count(review):
    app, specs = review
    with app.app_context():
        report, tables, names, labels = _build(app)
    keys = {"category": lambda s: s.top or labels["none"], "department": lambda s: names[s.department],
            "channel": lambda s: labels["channels"][s.channel]}
    for dimension, key in keys.items():
        expected = _expected_trend(specs, key)
        found = {name: _trend_values(row) for name, row in _rows(tables[f"trend_{dimension}"]).items()}
        assert found == expected, dimension
        totals = tables[f"trend_{dimension}"].totals
        assert totals[7] == sum(1 for s in specs if _in(s.received, Q3))
        assert totals[8] == sum(1 for s in specs if _in(s.received, Q2))
    roads = _rows(tables["trend_category"])["도로·교통"]
    assert roads[8] == pytest.approx((roads[6] - roads[7]) / roads[7])  # the change on the previous quarter
    _check_on_time(tables, specs, names)
    _check_systemic(tables, specs, names, labels)
    _check_satisfaction(tables, specs, names)
    _check_improvements(tables)


def _check_on_time(tables, specs, names) -> None:
    expected: dict[str, Counter] = defaultdict(Counter)
    for spec in specs:
        if _in(spec.received, Q3) and spec.answered:
            expected[names[spec.department]]["finished"] += 1
            expected[names[spec.department]]["on_time" if spec.answered <= spec.due else "late"] += 1
    found = _rows(tables["on_time"])
    assert {name: row[:3] for name, row in found.items()} == {
        name: [c["finished"], c["on_time"], c["late"]] for name, c in expected.items()}
    total = tables["on_time"].totals
    assert total[1] == sum(c["finished"] for c in expected.values()) and total[1] > 10
    assert total[4] == pytest.approx(total[2] / total[1])
    assert 0 < total[2] < total[1]  # some late, some on time: the share is a real one


def _check_systemic(tables, specs, names, labels) -> None:
    finished: Counter = Counter()
    systemic: Counter = Counter()
    for spec in specs:
        if _in(spec.answered, Q3):
            group = (spec.top or labels["none"], names[spec.department])
            finished[group] += 1
            systemic[group] += bool(spec.systemic)
    table = tables["systemic"]
    found = {(row[0], row[1]): (row[2], row[3]) for row in table.rows}
    assert found == {group: (finished[group], count) for group, count in systemic.items() if count}
    assert table.totals[3] == sum(systemic.values()) > 0
    causes = " ".join(row[5] for row in table.rows)
    assert CAUSES[0] in causes and "010-1234-5678" not in causes and "***" in causes


def _check_satisfaction(tables, specs, names) -> None:
    def ratings(span) -> dict[str, list[int]]:
        found: dict[str, list[int]] = defaultdict(list)
        for spec in specs:
            if spec.rating and _in(spec.answered, span):
                found[names[spec.department]].append(SCORE[spec.rating])
        return found

    now, before = ratings(Q3), ratings(Q2)
    found = _rows(tables["satisfaction"])
    assert set(found) == set(now) | set(before)
    for name, row in found.items():
        assert row[0] == len(now.get(name, [])) and row[6] == len(before.get(name, []))
        if now.get(name):
            assert row[4] == pytest.approx(round(sum(now[name]) / len(now[name]), 2))
    every = [score for scores in now.values() for score in scores]
    assert tables["satisfaction"].totals[1] == len(every) > 0
    assert tables["satisfaction"].totals[5] == pytest.approx(round(sum(every) / len(every), 2))


def _check_improvements(tables) -> None:
    rows = {row[0]: row for row in tables["improvements"].rows}
    assert set(rows) == {"주차 안내 표지 정비", "가로등 점검 주기 단축", "수거 일정 공지 개선"}
    assert rows["주차 안내 표지 정비"][5:8] == [3, date(2026, 5, 10), date(2026, 12, 31)]
    assert rows["가로등 점검 주기 단축"][8] == date(2026, 9, 20) and rows["가로등 점검 주기 단축"][5] == 2
    assert [rows[t][2] for t in ("주차 안내 표지 정비", "가로등 점검 주기 단축", "수거 일정 공지 개선")] == [
        "진행 중", "신규 및 완료", "신규"]
    assert tables["improvements"].totals[5] == 6
    decisions = [(row[0], row[1], row[5]) for row in tables["decisions"].rows]
    assert decisions == [(date(2026, 7, 15), "주차 안내 표지 정비", DECISION),
                         (date(2026, 8, 10), "가로등 점검 주기 단축", DECISION),
                         (date(2026, 9, 1), "수거 일정 공지 개선", "예산 부족으로 내년으로 보류")]


def test_the_figures_are_the_same_once_the_processing_facts_are_stored(review):
    app, _specs = review
    with app.app_context():
        _report, before, _names, _labels = _build(app)
        assert fill_processing_facts(now=NOW)["facts_filled"] > 0
        db.session.commit()
        _report, after, _names, _labels = _build(app)
    for key, table in before.items():
        assert table.rows == after[key].rows, key
        assert table.totals == after[key].totals, key


def test_a_head_sees_their_own_department_only(review):
    app, specs = review
    with app.app_context():
        roads = db.session.scalar(select(Department).where(Department.code == "HB-ROADS"))
        _report, tables, names, _labels = _build(app, departments=frozenset({roads.id}))
    assert set(_rows(tables["trend_department"])) == {roads.name_ko}
    assert tables["trend_department"].totals[7] == sum(1 for s in specs if _in(s.received, Q3)
                                                       and s.department == "HB-ROADS")
    assert {row[1] for row in tables["improvements"].rows} == {roads.name_ko}
    assert "수거 일정 공지 개선" not in {row[1] for row in tables["decisions"].rows}
    client = app.test_client()
    login(client, "head")
    page = client.get("/staff/reports/management-review", query_string=Q3_ARGS)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "주차 안내 표지 정비" in text and "수거 일정 공지 개선" not in text


@pytest.mark.parametrize(("login_id", "status"), [(None, 302), ("officer", 403), ("records", 403),
                                                  ("auditor", 200), ("reviewer", 200), ("admin", 200)])
def test_who_may_read_it(review, login_id, status):
    app, _specs = review
    client = app.test_client()
    if login_id:
        login(client, login_id)
    response = client.get("/staff/reports/management-review", query_string=Q3_ARGS)
    assert response.status_code == status
    if status == 302:
        assert "/login" in response.headers["Location"]


def test_page_xlsx_csv_and_pdf_say_the_same(review):
    app, specs = review
    client = app.test_client()
    login(client, "auditor")
    page = client.get("/staff/reports/management-review")  # no period: the last finished quarter
    assert page.status_code == 200
    soup = parse(page)
    assert soup.select_one("select[name=preset] option[selected]")["value"] == "quarter"
    assert "2026. 7. 1." in page.get_data(as_text=True) and len(soup.select("figure svg")) == 4
    received = sum(1 for s in specs if _in(s.received, Q3))
    with client.get("/staff/reports/management-review", query_string={**Q3_ARGS, "format": "xlsx"}) as xlsx:
        book = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True)
        values = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert received in values and "주차 안내 표지 정비" in values and DECISION in values
    with client.get("/staff/reports/management-review", query_string={**Q3_ARGS, "format": "csv"}) as answer:
        rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert rows[0][0] == "분류" and rows[-1][7] == str(received)  # a CSV holds the first table: by category
    with client.get("/staff/reports/management-review", query_string={**Q3_ARGS, "format": "pdf"}) as pdf:
        reader = PdfReader(io.BytesIO(pdf.data))
    text = "".join(p.extract_text() for p in reader.pages)
    for title in ("민원 동향", "제도적 원인", "제도개선 과제", "만족도", "결정 사항", "주차 안내 표지 정비"):
        assert title in text, title
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    # each chart follows the table of its section (Chart.after), in the PDF as on the page
    assert text.index("1. 민원 동향: 분류별") < text.index("분류별 접수 민원") < text.index("1. 민원 동향: 부서별")
    assert text.index("4. 만족도") < text.index("부서별 평균 만족도") < text.index("5. 결정 사항")
    section = soup.select_one("section[aria-labelledby=table-trend_category]")
    assert section.find_next("figure")["id"] == "figure-categories"


@pytest.mark.parametrize("args", [{"from": "2026-07-01", "to": "2026-08-31"}, {"preset": "month"},
                                  {"preset": "year"}, {"from": "2026-07-02", "to": "2026-09-30"}])
def test_a_period_that_is_not_one_quarter_is_refused_in_korean(review, args):
    app, _specs = review
    client = app.test_client()
    login(client, "auditor")
    for fmt in ("html", "pdf"):
        response = client.get("/staff/reports/management-review", query_string={**args, "format": fmt})
        assert response.status_code == 400
        assert "경영검토는 한 분기를 다룹니다" in parse(response).select_one("#from-error").get_text()
    assert client.get("/staff/reports/management-review?from=2026-13-01&to=2026-09-30").status_code == 400


def test_the_monthly_job_freezes_the_quarter_review_once_after_the_quarter(review):
    app, _specs = review
    first_run = datetime(2026, 10, 1, 7, 0, tzinfo=KST)
    with app.app_context():
        assert load_calendar().is_working_day(first_run.date())
        september = make_monthly_report(now=first_run)
        db.session.commit()
        assert september["review_frozen"] == 1
        frozen = db.session.scalars(select(FrozenReport).where(FrozenReport.report == "management-review")).all()
        assert len(frozen) == 1 and frozen[0].note == "quarterly-review" and frozen[0].created_by_id is None
        assert (frozen[0].period_start, frozen[0].period_end) == Q3
        assert {f.format for f in frozen[0].files} == {"xlsx", "csv", "pdf"}
        frozen_id = frozen[0].id
        assert make_monthly_report(now=first_run)["already_made"] == 1
        assert freeze_quarter_review(date(2026, 9, 1), now=first_run) is None  # frozen already
        assert freeze_quarter_review(date(2026, 10, 1), now=first_run) is None  # not a quarter's last month
        october = make_monthly_report(now=datetime(2026, 11, 2, 7, 0, tzinfo=KST))
        db.session.commit()
        assert "review_frozen" not in october
        assert db.session.scalar(select(FrozenReport.id).where(FrozenReport.report == "management-review",
                                                               FrozenReport.id != frozen_id)) is None
    client = app.test_client()
    login(client, "auditor")
    listing = client.get("/staff/reports/frozen")
    assert f"/staff/reports/frozen/{frozen_id}" in listing.get_data(as_text=True)
    with client.get(f"/staff/reports/frozen/{frozen_id}/pdf") as pdf:
        assert pdf.status_code == 200
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "제도개선 과제" in text and "2026년 3분기" in text


def test_the_hub_opens_the_review_on_a_quarter_whatever_period_it_shows(review):
    app, _specs = review
    client = app.test_client()
    login(client, "auditor")
    for preset, expected in (("month", "/staff/reports/management-review"),
                             ("quarter", "/staff/reports/management-review?preset=quarter")):
        hub = parse(client.get("/staff/reports", query_string={"preset": preset}))
        link = hub.select_one("a[href^='/staff/reports/management-review']")["href"]
        assert link == expected
        assert client.get(link).status_code == 200
        processing = hub.select_one("a[href^='/staff/reports/processing']")["href"]
        assert f"preset={preset}" in processing  # the other reports keep the hub's period
