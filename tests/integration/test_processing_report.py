"""The 민원 처리상황 점검표 (civil_complaints/reports/processing.py) on generated 민원, on SQLite and PostgreSQL: every
cell equals a count made here in plain Python from the ORM rows, rows add up to the department subtotals and the
total, received = finished + open and finished = on time + late; a department head sees their department only;
filters; the late-case drill-down lists exactly a row's late cases with names masked; the report-facts job."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from app.scheduler import JOBS
from civil_complaints.complaint_models import Complaint, ComplaintEvent, ComplaintPause, Satisfaction
from civil_complaints.domain.processing_time import DAYS, HOURS, distribution_bucket, timing, working_hours
from civil_complaints.reports.catalog import may_read, scope
from civil_complaints.reports.facts import fill_processing_facts
from civil_complaints.reports.late_cases import build_late_cases
from civil_complaints.reports.models import ProcessingFacts
from civil_complaints.reports.processing import SUMS, build_processing
from civil_complaints.workflow_models import ComplaintExtension, ComplaintLink, ComplaintTransfer, SupplementRequest
from core.clock import KST
from core.extensions import db
from reporting.domain.periods import Period
from reporting.domain.statistics import mean, percentile
from reporting.registry import ReportInputError, ReportQuery, definition
from tests.report_data import NOW, PERIOD, generate, is_finished, is_open
from tests.workflow_helpers import user
from working_calendar.cache import load_calendar

COUNTED = (*SUMS[:6], "extensions", "transfers", "supplements", "withdrawn", "repeated", "returned", "rated",
           "followed_up")


@pytest.fixture
def world(demo):
    with demo.test_request_context():
        made = generate()
        yield made


def _query(**changes) -> ReportQuery:
    base = {"period": Period(*PERIOD), "actor": user("auditor"), "now": NOW}
    return ReportQuery(**{**base, **changes})


def _finished_at(c: Complaint):
    if c.status == "transferred":
        return max(t.transferred_at for t in _all(ComplaintTransfer, c) if t.kind == "agency")
    if c.status == "closed":
        return max(e.at for e in _all(ComplaintEvent, c) if e.action == "closed_repeated")
    return {"answered": c.answered_at, "withdrawn": c.withdrawn_at, "returned": c.returned_at}[c.status]


def _all(model, c: Complaint) -> list:
    return list(db.session.scalars(select(model).where(model.complaint_id == c.id)))


def _selected(complaints, *, departments=None, kind=None, type_code=None, channel=None):
    for c in complaints:
        day = c.received_at.astimezone(KST).date()
        if not PERIOD[0] <= day <= PERIOD[1] or (departments is not None and c.department_id not in departments):
            continue
        if (kind and c.kind != kind) or (type_code and c.type.code != type_code) or (channel and c.channel != channel):
            continue
        yield c


def _expected(complaints, **selection) -> tuple[dict, dict, dict]:
    """{row key: Counter}, {(row key, unit): processing times}, {row key: working hours to each transfer}."""
    calendar, rows = load_calendar(), defaultdict(Counter)
    times, transfers = defaultdict(list), defaultdict(list)
    followed = set(db.session.scalars(select(Complaint.follows_complaint_id)
                                      .where(Complaint.follows_complaint_id.is_not(None))))
    for c in _selected(complaints, **selection):
        key = (c.department.name_ko, c.type.name_ko, c.received_at.astimezone(KST).strftime("%Y-%m"))
        r = rows[key]
        r["received"] += 1
        if is_finished(c):
            r["finished"] += 1
            finished_at = _finished_at(c)
            r["on_time" if finished_at <= c.due_at else "late"] += 1
            if c.status != "withdrawn":
                pauses = [(p.start_on, p.end_on) for p in _all(ComplaintPause, c)]
                found = timing(calendar, period_spec=c.period_spec, received_at=c.received_at,
                               finished_at=finished_at, due_at=c.due_at, pauses=pauses)
                times[(key, found.unit)].append(found.processing_time)
        else:
            assert is_open(c)
            r["open"] += 1
            r["overdue"] += c.due_at < NOW
        r["extensions"] += len(_all(ComplaintExtension, c))
        r["transfers"] += len(_all(ComplaintTransfer, c))
        transfers[key] += [working_hours(calendar, c.received_at, t.transferred_at)
                           for t in _all(ComplaintTransfer, c)]
        r["supplements"] += len(_all(SupplementRequest, c))
        r["withdrawn"] += c.status == "withdrawn"
        r["repeated"] += any(link.kind == "repeat_of" for link in _all(ComplaintLink, c))
        r["returned"] += c.status == "returned"
        rating = db.session.scalar(select(Satisfaction.rating).where(Satisfaction.complaint_id == c.id))
        r["rated"] += rating is not None
        r["satisfied"] += rating == "satisfied"
        r["followed_up"] += rating == "dissatisfied" and c.id in followed
    return rows, times, transfers


def _cells(report) -> dict:
    table = report.tables[0]
    index = {col.key: i for i, col in enumerate(table.columns)}
    return index, {(row[0], row[1], row[3]): row for row in table.rows}


def _round(value):
    return None if value is None else round(value, 1)


def _check_stats(row, index, values: dict[str, list[float]]) -> None:
    for unit, prefix in ((HOURS, "hours"), (DAYS, "days")):
        found = values.get(unit, [])
        expected = [mean(found), percentile(found, 0.5), percentile(found, 0.9)]
        got = [row[index[f"{prefix}_{name}"]] for name in ("mean", "median", "p90")]
        if not found:
            assert got == [None, None, None]
        else:
            assert got == pytest.approx([_round(v) for v in expected], abs=0.051)


def _check(report, expected) -> None:
    rows, times, transfers = expected
    index, cells = _cells(report)
    table = report.tables[0]
    assert {key for key in cells if key[1] != "부서 합계"} == set(rows)
    for key, counts in rows.items():
        row = cells[key]
        assert [row[index[name]] for name in COUNTED] == [counts[name] for name in COUNTED], key
        share = counts["satisfied"] / counts["rated"] if counts["rated"] else None
        assert row[index["satisfied_share"]] == (pytest.approx(share) if share is not None else None)
        _check_stats(row, index, {unit: v for (k, unit), v in times.items() if k == key})
        hours = transfers[key]
        assert row[index["transfer_hours"]] == (pytest.approx(_round(mean(hours)), abs=0.051) if hours else None)
    # subtotals: the sum of the department's rows; statistics over all the department's 민원
    departments = {key[0] for key in rows}
    for name in departments:
        subtotal = cells[(name, "부서 합계", "")]
        for column in COUNTED:
            assert subtotal[index[column]] == sum(c[column] for k, c in rows.items() if k[0] == name)
        _check_stats(subtotal, index, {unit: [v for (k, u), vs in times.items() if k[0] == name and u == unit
                                              for v in vs] for unit in (HOURS, DAYS)})
    totals = table.totals
    for column in COUNTED:
        assert totals[index[column]] == sum(c[column] for c in rows.values())
        assert totals[index[column]] == sum(cells[(n, "부서 합계", "")][index[column]] for n in departments)
    assert totals[index["received"]] == totals[index["finished"]] + totals[index["open"]]
    assert totals[index["finished"]] == totals[index["on_time"]] + totals[index["late"]]
    _check_stats(totals, index, {unit: [v for (k, u), vs in times.items() if u == unit for v in vs]
                                 for unit in (HOURS, DAYS)})


def test_every_cell_equals_an_independent_count(world):
    expected = _expected(world.complaints)
    rows = expected[0]
    assert len({k[0] for k in rows}) >= 4 and len(rows) >= 15  # several departments, types and months
    assert sum(c["late"] for c in rows.values()) and sum(c["on_time"] for c in rows.values())
    assert sum(c["overdue"] for c in rows.values()) and sum(c["followed_up"] for c in rows.values())
    # before the job: every finished 민원's facts computed in memory, nothing written
    before = build_processing(_query())
    _check(before, expected)
    _check_charts(before, expected)
    assert db.session.scalar(select(func.count()).select_from(ProcessingFacts)) == 0
    counts = fill_processing_facts(now=NOW)
    db.session.commit()
    finished = sum(is_finished(c) for c in world.complaints)
    assert counts == {"facts_filled": finished}
    assert fill_processing_facts(now=NOW) == {"facts_filled": 0}
    # after it: the stored facts (on PostgreSQL the percentiles are percentile_cont's)
    report = build_processing(_query())
    _check(report, expected)
    assert [c.key for c in report.charts][:2] == ["monthly", "on_time"]
    monthly = report.charts[0]
    assert monthly.labels == ["2026-09", "2026-10", "2026-11"]
    assert sum(monthly.series[0].values) == report.tables[0].totals[4]
    assert {label for label, _value in report.conditions} >= {"집계 시각", "기간 (접수일 기준)"}
    _check_charts(report, expected)


def _check_charts(report, expected) -> None:
    rows, times, _transfers = expected
    charts = {chart.key: chart for chart in report.charts}
    for unit, key in ((DAYS, "distribution_days"), (HOURS, "distribution_hours")):
        buckets = [0] * 6
        for (_key, found_unit), values in times.items():
            for value in values if found_unit == unit else ():
                buckets[distribution_bucket(unit, value)] += 1
        assert list(charts[key].series[0].values) == buckets and sum(buckets)
    on_time = charts["on_time"]
    for label, value in zip(on_time.labels, on_time.series[0].values, strict=True):
        finished = sum(c["finished"] for k, c in rows.items() if k[0] == label)
        assert value == pytest.approx(sum(c["on_time"] for k, c in rows.items() if k[0] == label) / finished)


def test_stored_facts_equal_the_domain_arithmetic(world):
    fill_processing_facts(now=NOW)
    db.session.commit()
    calendar = load_calendar()
    for c in world.complaints:
        stored = db.session.get(ProcessingFacts, c.id)
        if not is_finished(c):
            assert stored is None
            continue
        pauses = [(p.start_on, p.end_on) for p in _all(ComplaintPause, c)]
        found = timing(calendar, period_spec=c.period_spec, received_at=c.received_at,
                       finished_at=_finished_at(c), due_at=c.due_at, pauses=pauses)
        assert (stored.finished_at, stored.unit) == (_finished_at(c), found.unit)
        assert stored.processing_time == pytest.approx(found.processing_time)
        assert stored.late_by == pytest.approx(found.late_by)
        assert (stored.late_by > 0) <= (stored.finished_at > c.due_at)


def test_a_head_sees_their_department_and_filters_narrow_the_cohort(world):
    head = user("head")
    assert may_read(head) and may_read(user("auditor")) and may_read(user("reviewer"))
    assert not may_read(user("officer"))
    assert scope(user("auditor")) is None and scope(user("reviewer")) is None
    assert scope(head) == frozenset({head.department_id})
    _check(build_processing(_query(actor=head, departments=scope(head))),
           _expected(world.complaints, departments={head.department_id}))
    roads = next(c for c in world.complaints if c.type.code == "ROAD-DAMAGE").department
    _check(build_processing(_query(filters={"department": roads.code})),
           _expected(world.complaints, departments={roads.id}))
    _check(build_processing(_query(filters={"kind": "other", "channel": "visit"})),
           _expected(world.complaints, kind="other", channel="visit"))
    _check(build_processing(_query(filters={"type": "PARKING-LAW"})),
           _expected(world.complaints, type_code="PARKING-LAW"))
    # a head who filters on another department sees nothing of it
    other = build_processing(_query(actor=head, departments=scope(head), filters={"department": "HB-CLEAN"}))
    assert other.tables[0].rows == [] and other.tables[0].totals[4] == 0


def _late_receipts(complaints, department_id, type_code, month):
    late = []
    for c in _selected(complaints, departments={department_id}, type_code=type_code):
        if c.received_at.astimezone(KST).strftime("%Y-%m") != month:
            continue
        if (is_finished(c) and _finished_at(c) > c.due_at) or (is_open(c) and c.due_at < NOW):
            late.append(c)
    return late


def test_the_drill_down_lists_exactly_the_late_cases_of_a_row(world):
    report = build_processing(_query())
    table = report.tables[0]
    index, _cells_ = _cells(report)
    linked = [(row, link) for row, link in zip(table.rows, table.row_links, strict=True) if link]
    assert linked and all((row[index["late"]] + row[index["overdue"]] > 0) == (link is not None)
                          for row, link in zip(table.rows, table.row_links, strict=True))
    checked = 0
    for c in world.complaints:
        department, type_code = c.department, c.type.code
        for month in ("2026-09", "2026-10", "2026-11"):
            expected = _late_receipts(world.complaints, department.id, type_code, month)
            if not expected:
                continue
            query = _query(filters={"department": department.code, "type": type_code}, extra={"month": month})
            late = build_late_cases(query)
            rows = late.tables[0].rows
            assert [r[0] for r in rows] == [c.receipt_no for c in sorted(expected, key=lambda c: (c.received_at,
                                                                                                   c.id))]
            assert all("*" in r[-1] and r[-1] not in {x.complainant_name for x in expected} for r in rows)
            assert all(r[7] > 0 or r[6] is not None for r in rows)
            link = next(link for row, link in linked if (row[0], row[1], row[3]) == (
                department.name_ko, c.type.name_ko, month))
            assert f"department={department.code}" in link and f"type={type_code}" in link
            assert f"month={month}" in link and "from=2026-09-01" in link and "to=2026-11-30" in link
            checked += 1
        if checked >= 6:
            break
    assert checked >= 6
    for month in ("2026-13", "2026-12", "september"):
        with pytest.raises(ReportInputError):
            build_late_cases(_query(extra={"month": month}))
    everything = build_late_cases(_query())  # no month: the late cases of the whole period
    expected = [c for c in _selected(world.complaints)
                if (is_finished(c) and _finished_at(c) > c.due_at) or (is_open(c) and c.due_at < NOW)]
    assert len(everything.tables[0].rows) == len(expected)


def test_reports_are_registered_and_the_job_is_scheduled(world):
    processing, late = definition("processing"), definition("late-cases")
    assert processing.build is build_processing and processing.listed
    assert tuple(processing.filters) == ("department", "kind", "type", "channel")
    assert not late.listed and tuple(late.extra_params) == ("month",)
    choices = processing.choices()
    assert ("HB-ROADS", "도로과") in choices["department"] and ("PARKING-LAW", "주차 관련 법령 질의") in choices["type"]
    assert str(processing.title()) == "민원 처리상황 점검표"
    job = next(spec for spec in JOBS if spec.name == "report-facts")
    assert job.func == "civil_complaints.reports.facts:fill_processing_facts"
