"""민원 분석 over 1,000,000 민원 on PostgreSQL: ``python bench/analysis.py [--rows N] [--runs N] [--keep NAME]``.

Loads the database as bench/reports.py does (its `_prepare`: the demo organisation, 30 more divisions, ``--rows``
민원 over three years), then gives every 민원 a category (10 top categories with 2 subcategories each), an
address (20 roads of 한빛시, a building number) and a title and content from 12 sentences, stores the keyword
counts the job would have stored (300 words per department and month), and VACUUM (ANALYZE).
``--keep NAME`` loads into NAME only if it does not exist yet and keeps it (default: a throwaway database).

Then, through the real app (test client, logged in as the demo auditor: every department), median of ``--runs``
after a warm-up, for the evaluation year 2025-09-01 – 2026-08-31: the trends page for each grouping (the six months
before are read too), the keywords page, the repeated-complaints page, the drill-down of the busiest month of a
category and of a keyword; beside a baseline in the same run (a plain ``COUNT(*) … GROUP BY category_id`` over the
same 18 months). Then the keyword job for one month of text (`count_month`, rolled back). The target is 2 s a page.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.database import bench_database, load_average  # noqa: E402
from bench.reports import _app, _libpq, _prepare, _step  # noqa: E402

TARGET_S = 2.0
PERIOD = {"from": "2025-09-01", "to": "2026-08-31"}
ROADS = ["한빛대로", "중앙로", "시청로", "호수공원로", "새싹길", "푸른숲로", "별빛로", "강변로", "한빛역로", "장미길",
         "하늘로", "은행나무길", "솔밭로", "햇살로", "달빛길", "매화로", "동산로", "미래로", "누리로", "바람길"]
SENTENCES = ["신호등이 고장나서 횡단보도 건너기가 위험합니다", "불법 주차 차량 때문에 통행이 어렵습니다",
             "가로등이 꺼져서 밤길이 어둡습니다", "도로에 포트홀이 생겨 타이어가 손상되었습니다",
             "쓰레기 무단투기가 계속되어 악취가 납니다", "공원 화장실 청소 상태가 불량합니다",
             "버스 정류장 안내판이 파손되었습니다", "공사 소음이 새벽까지 이어집니다",
             "보도블록이 들떠서 넘어질 뻔했습니다", "어린이 보호구역 과속 단속 카메라 설치 바랍니다",
             "하수구 냄새가 심하고 배수가 안 됩니다", "자전거 도로에 적치물이 쌓여 있습니다"]
ENRICH_SQL = [
    ("categories", """INSERT INTO complaint_categories (parent_id, name_ko, name_en, position, is_active)
       SELECT NULL, '분류' || k, 'Category ' || k, k, true FROM generate_series(1, 10) AS k"""),
    ("subcategories", """INSERT INTO complaint_categories (parent_id, name_ko, name_en, position, is_active)
       SELECT p.id, p.name_ko || '-' || s, p.name_en || '-' || s, s, true
       FROM complaint_categories p CROSS JOIN generate_series(1, 2) AS s WHERE p.parent_id IS NULL"""),
    ("category, address, title, content", """UPDATE complaints c SET
         category_id = CASE WHEN c.id %% 17 = 0 THEN NULL ELSE s.ids[1 + (c.id * 13) %% array_length(s.ids, 1)] END,
         address = '한빛시 ' || (%(roads)s::text[])[1 + (c.id * 7) %% 20] || ' ' || (1 + c.id %% 199),
         title = (%(sentences)s::text[])[1 + (c.id * 11) %% 12],
         content = (%(sentences)s::text[])[1 + (c.id * 11) %% 12] || '. ' || (%(sentences)s::text[])[1 + c.id %% 12]
                   || '. 확인하고 조치해 주시기 바랍니다.'
       FROM (SELECT array_agg(id ORDER BY id) AS ids FROM complaint_categories WHERE parent_id IS NOT NULL) s"""),
    # what the keyword job would have stored for three years (timed for one month below): 300 words per
    # department and month
    ("keyword counts", """INSERT INTO complaint_keyword_counts (month, department_id, keyword, count, computed_at)
       SELECT m::date, d.id, '낱말' || k, 1 + (d.id * k + extract(month FROM m)::int) %% 40, now()
       FROM generate_series(date '2023-09-01', date '2026-08-01', interval '1 month') AS m
       CROSS JOIN departments d CROSS JOIN generate_series(1, 300) AS k"""),
    ("keyword months", """INSERT INTO complaint_keyword_months (month, fingerprint, complaints, computed_at)
       SELECT m::date, 'bench', 0, now()
       FROM generate_series(date '2023-09-01', date '2026-08-01', interval '1 month') AS m"""),
]


def _enrich(url: str) -> None:
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        for label, sql in ENRICH_SQL:
            _step(conn, f"load {label}", sql, {"roads": ROADS, "sentences": SENTENCES})
        _step(conn, "vacuum analyze", "VACUUM (ANALYZE)")


def _timed(function, runs: int) -> list[float]:
    function()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def _line(label: str, times: list[float], target: float | None = TARGET_S) -> None:
    median = statistics.median(times)
    verdict = ("MET" if median < target else "NOT MET") if target else ""
    print(f"{label:60} {median:8.3f} {min(times):8.3f} {max(times):8.3f}  {verdict}", flush=True)


def _get(client, path: str, args: dict) -> None:
    response = client.get(path, query_string=args)
    assert response.status_code == 200, (path, args, response.status_code)


def _baseline(app) -> int:
    from sqlalchemy import func, select

    from civil_complaints.analysis.queries import Scope, month_key
    from civil_complaints.complaint_models import Complaint
    from core.extensions import db

    with app.app_context():
        scope = Scope(date(2025, 3, 1), date(2026, 8, 1))
        month = month_key().label("month")
        found = db.session.execute(select(Complaint.category_id, month, func.count()).where(*scope.where())
                                   .group_by(Complaint.category_id, month)).all()
        db.session.rollback()
        return len(found)


def _keyword_job(app, month: date) -> None:
    from sqlalchemy import func, select

    from civil_complaints.analysis.queries import month_condition
    from civil_complaints.analysis.services import analyser, count_month
    from civil_complaints.complaint_models import Complaint
    from core.extensions import db

    with app.app_context():
        analyser()  # the model is loaded once per process (about a second), not per month
        n = db.session.scalar(select(func.count()).select_from(Complaint).where(*month_condition(month)))
        wall, cpu = time.perf_counter(), time.process_time()
        keywords = count_month(month, ("bench", n), now=datetime.now().astimezone())
        seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        db.session.rollback()
    print(f"keyword job, one month ({month:%Y-%m}): {n:,} 민원 in {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU = "
          f"{n / seconds:,.0f} 민원/s; {keywords:,} (department, keyword) counts", flush=True)


def _measure(url: str, runs: int) -> None:
    from tests.helpers import login

    app = _app(url)
    app.config.update(RATELIMIT_ENABLED=False)
    client = app.test_client()
    assert login(client, "auditor").status_code == 302
    print(f"\n민원 분석 for {PERIOD['from']} – {PERIOD['to']}: median of {runs} runs after a warm-up")
    print(f"{'what':60} {'median s':>8} {'min s':>8} {'max s':>8}")
    _line("baseline: COUNT(*) GROUP BY category_id, month (18 months)", _timed(lambda: _baseline(app), runs), None)
    for by in ("category", "department", "type", "channel", "place"):
        _line(f"trends page, by {by}", _timed(lambda by=by: _get(client, "/staff/analysis", {**PERIOD, "by": by}),
                                              runs))
    _line("keywords page", _timed(lambda: _get(client, "/staff/analysis/keywords", PERIOD), runs))
    _line("repeated complaints page", _timed(lambda: _get(client, "/staff/analysis/repeats", PERIOD), runs))
    with app.app_context():
        from sqlalchemy import select

        from civil_complaints.complaint_models import ComplaintCategory
        from core.extensions import db

        top = db.session.scalar(select(ComplaintCategory.id).where(ComplaintCategory.parent_id.is_(None)))
    _line("drill-down: a category's month", _timed(lambda: _get(
        client, "/staff/analysis/complaints", {**PERIOD, "category": str(top), "month": "2026-03"}), runs))
    _line("drill-down: a place and category (whole period)", _timed(lambda: _get(
        client, "/staff/analysis/complaints", {**PERIOD, "category": str(top), "place": "한빛시 중앙로"}), runs))
    _line("drill-down: a keyword (whole period)", _timed(lambda: _get(
        client, "/staff/analysis/complaints", {**PERIOD, "keyword": "신호등"}), runs))
    _keyword_job(app, date(2026, 3, 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="NAME", help="load into database NAME (if it does not exist yet) and keep "
                                                       "it, to measure again without loading")
    args = parser.parse_args()
    with bench_database(args.keep, "policycrm_bench_an") as (url, existed):
        print(f"load average before: {load_average()} (1/5/15 min), {os.cpu_count()} cores")
        if not existed:
            _prepare(url, args.rows)
            _enrich(url)
        _measure(url, args.runs)
        print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
