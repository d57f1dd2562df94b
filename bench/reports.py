"""The 민원 처리상황 점검표 over 1,000,000 민원 on PostgreSQL: ``python bench/reports.py [--rows N] [--runs N]``.

Creates a throwaway database ``policycrm_bench_rp_<random>`` (server: $BENCH_POSTGRES_URL, default the local
``test`` server), applies the migrations, loads the demo organisation plus 30 more divisions with 3 types each
(periods 즉시, 3일, 5일, 7일, 10일, 14일: hour- and day-counted), then with INSERT … SELECT over generate_series
(seeded random), spread over three years (2023-09-01 to 2026-08-31 KST):

* ``--rows`` 민원: 4 % still open (the older ones overdue), 3 % withdrawn, 1 % returned, 2 % transferred to another
  agency, 1 % closed as repeated, the rest answered; about one in eight finished after its deadline;
* their processing facts (complaint_processing_facts), as the report-facts job would store them — the working
  time is approximated from wall-clock time here (the job's calendar arithmetic is not what is measured);
* extensions (3 %), transfers (4 %, to a department; the agency transfers of the transferred ones), 보완 pauses
  with their requests (5 %), satisfaction ratings (a quarter of the answered ones), repeat links and 재민원.

Then VACUUM (ANALYZE) and, through the app's own code (`civil_complaints/reports/processing.py:build_processing`,
every count in SQL, percentiles by percentile_cont): the 점검표 of one evaluation year (2025-09-01 to 2026-08-31,
about a third of the rows), median of ``--runs`` runs after a warm-up, against a baseline measured in the same
run — a plain ``COUNT(*) … GROUP BY department_id`` over the same rows. The target is 3 s. Then the late cases of
the busiest row; the management review (issue 20 item 7) of the last quarter finished by then (2026 Q2) and its
PDF. If the case register's builder (`civil_complaints/reports/register.py:build_register`) exists,
its export is timed too (rows/s as CSV and as XLSX, streamed, and the peak memory); otherwise a line says it was
not measured.

Timings are printed, never asserted. The database is dropped at the end, also after an error or Ctrl-C.
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
from bench.database import app_for as _app  # noqa: E402
from bench.database import bench_database, load_average, migrate_and_seed  # noqa: E402
from bench.database import libpq as _libpq  # noqa: E402
from bench.database import step as _step  # noqa: E402

TARGET_S = 3.0
DIVISIONS = 30
YEAR = (date(2025, 9, 1), date(2026, 8, 31))
NOW = "2026-09-01 10:00:00+09"
HOUR_SPECS = "period_spec = '즉시' OR period_spec IN ('1d', '2d', '3d', '4d', '5d')"

SETUP_SQL = [
    """INSERT INTO departments (agency_id, parent_id, code, name_ko, name_en, kind, phone, is_active)
       SELECT (SELECT min(id) FROM agencies), NULL, 'BR-' || lpad(d::text, 2, '0'), '벤치' || d || '과',
              'Bench division ' || d, 'division', NULL, true FROM generate_series(1, %(divisions)s) AS d""",
    """INSERT INTO complaint_types (code, name_ko, name_en, description_ko, description_en, kind, period_spec,
                                    department_id, asks_location, attachment_kinds, open311_public, is_active,
                                    retention_period)
       SELECT d.code || '-T' || k, d.name_ko || ' 업무 ' || k, d.name_en || ' matter ' || k, '', '',
              (ARRAY['other', 'query_system', 'statutory', 'proposal', 'query_law', 'grievance'])[1 + (d.id + k) %% 6],
              (ARRAY['즉시', '3d', '5d', '7d', '10d', '14d'])[1 + (d.id * 3 + k) %% 6], d.id, false,
              'pdf', false, true, '3y'
       FROM departments d CROSS JOIN generate_series(1, 3) AS k WHERE d.code LIKE 'BR-%%'""",
]

LOAD_SQL = """
WITH types AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, kind, period_spec, department_id
               FROM complaint_types),
     n AS (SELECT count(*) AS types FROM complaint_types),
     raw AS (SELECT i, random() AS r, random() AS r2, random() AS r3 FROM generate_series(1, %(rows)s) AS i),
     picked AS (
       SELECT raw.*, t.id AS type_id, t.kind, t.period_spec, t.department_id,
              timestamptz '2023-09-01 00:00:00+09' + raw.r2 * interval '1096 days' AS received,
              CASE WHEN t.period_spec = '즉시' THEN interval '5 hours'
                   ELSE (rtrim(t.period_spec, 'd')::int * 1.4) * interval '1 day' END AS span
       FROM raw CROSS JOIN n JOIN types t ON t.k = (raw.i::bigint * 7919) %% n.types),
     shaped AS (
       SELECT p.*, p.received + p.span AS due, p.received + (p.r3 * 1.15) * p.span AS finish,
              CASE WHEN p.r < 0.04 THEN (ARRAY['received', 'assigned', 'in_progress',
                                               'supplement_requested'])[1 + p.i %% 4]
                   WHEN p.r < 0.07 THEN 'withdrawn' WHEN p.r < 0.08 THEN 'returned'
                   WHEN p.r < 0.10 THEN 'transferred' WHEN p.r < 0.11 THEN 'closed' ELSE 'answered' END AS status
       FROM picked p)
INSERT INTO complaints (receipt_no, type_id, kind, channel, status, title, content, department_id,
    complainant_name, notify_channel, is_joint, arrived_at, received_at, period_spec, due_at, due_date,
    calendar_revision, created_at, version, answered_at, withdrawn_at, returned_at, answer_text)
SELECT 'BR-' || lpad(s.i::text, 8, '0'), s.type_id, s.kind,
       (ARRAY['web', 'web', 'visit', 'phone', 'letter', 'email', 'open311', 'fax'])[1 + s.i %% 8], s.status,
       '민원 ' || s.i, '내용', s.department_id,
       (ARRAY['홍길동', '김민수', '이영희', '박하나', '남궁민수'])[1 + s.i %% 5], 'email', false, s.received,
       s.received, s.period_spec, s.due, (s.due AT TIME ZONE 'Asia/Seoul')::date, %(revision)s, s.received, 1,
       CASE WHEN s.status IN ('answered', 'closed') THEN s.finish END,
       CASE WHEN s.status = 'withdrawn' THEN s.finish END,
       CASE WHEN s.status = 'returned' THEN s.finish END,
       CASE WHEN s.status IN ('answered', 'closed') THEN '답변' END
FROM shaped s
"""

CHILD_SQL = [
    ("facts", f"""INSERT INTO complaint_processing_facts (complaint_id, finished_at, unit, processing_time, late_by,
                                                          computed_at)
       SELECT id, f, CASE WHEN {HOUR_SPECS} THEN 'hours' ELSE 'days' END,
              CASE WHEN {HOUR_SPECS} THEN extract(epoch FROM f - received_at) / 10800
                   ELSE greatest(1, ceil(extract(epoch FROM f - received_at) / 120960)) END,
              CASE WHEN f <= due_at THEN 0 WHEN {HOUR_SPECS} THEN extract(epoch FROM f - due_at) / 10800
                   ELSE greatest(1, ceil(extract(epoch FROM f - due_at) / 120960)) END, now()
       FROM (SELECT *, coalesce(answered_at, withdrawn_at, returned_at, received_at + (due_at - received_at) / 2) AS f
             FROM complaints WHERE status NOT IN ('received', 'assigned', 'in_progress', 'supplement_requested')) c"""),
    ("transfers", """INSERT INTO complaint_transfers (complaint_id, kind, from_department_id, to_department_id,
                                                      to_agency, reason, limit_at, transferred_at, on_time,
                                                      created_by_id)
       SELECT c.id, CASE WHEN c.status = 'transferred' THEN 'agency' ELSE 'department' END, c.department_id,
              CASE WHEN c.status = 'transferred' THEN NULL ELSE c.department_id END,
              CASE WHEN c.status = 'transferred' THEN '국토교통부' END, '소관',
              c.received_at + interval '3 hours', c.received_at + (c.id %% 7) * interval '1 hour',
              c.id %% 7 < 4, (SELECT min(id) FROM users)
       FROM complaints c WHERE c.id %% 25 = 0 OR c.status = 'transferred'"""),
    ("extensions", """INSERT INTO complaint_extensions (complaint_id, number, period_spec, ground, reason_text,
                                                        consent_recorded, due_before, due_after, created_at,
                                                        created_by_id)
       SELECT id, 1, period_spec, 'FACT_OR_SITE_CHECK', '현장 확인', false, due_at - interval '7 days', due_at,
              received_at + interval '1 day', (SELECT min(id) FROM users) FROM complaints WHERE id %% 33 = 0"""),
    ("pauses", """INSERT INTO complaint_pauses (complaint_id, reason, start_on, end_on, created_at)
       SELECT id, 'supplement', (received_at AT TIME ZONE 'Asia/Seoul')::date + 1,
              (received_at AT TIME ZONE 'Asia/Seoul')::date + 3, received_at FROM complaints WHERE id %% 20 = 0"""),
    ("supplement requests", """INSERT INTO complaint_supplement_requests (complaint_id, pause_id, number,
                                   request_text, days, sent_at, respond_by, created_by_id)
       SELECT p.complaint_id, p.id, 1, '보완', 3, p.created_at, p.end_on, (SELECT min(id) FROM users)
       FROM complaint_pauses p"""),
    ("satisfaction", """INSERT INTO complaint_satisfaction (complaint_id, rating, created_at)
       SELECT id, (ARRAY['satisfied', 'satisfied', 'satisfied', 'neutral', 'dissatisfied'])[1 + (id / 4) %% 5],
              answered_at + interval '1 day' FROM complaints WHERE status = 'answered' AND id %% 4 = 0"""),
    ("repeat links", """INSERT INTO complaint_links (complaint_id, linked_id, kind, created_at, created_by_id)
       SELECT id, id - 1, 'repeat_of', received_at, (SELECT min(id) FROM users)
       FROM complaints WHERE status = 'closed' AND id > 1"""),
    ("follow-ups (재민원)", """UPDATE complaints SET follows_complaint_id = id - 100
       WHERE id %% 97 = 0 AND id > 100"""),
]


def _prepare(url: str, rows: int) -> None:
    """Migrate and seed with the test config (production refuses demo data), then bulk load."""
    revision = migrate_and_seed(url)
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        for sql in SETUP_SQL:
            conn.execute(sql, {"divisions": DIVISIONS})
        conn.execute("SELECT setseed(0.19)")
        _step(conn, f"load {rows:,} 민원", LOAD_SQL, {"rows": rows, "revision": revision})
        for label, sql in CHILD_SQL:
            _step(conn, f"load {label}", sql)
        _step(conn, "vacuum analyze", "VACUUM (ANALYZE)")
        for table in ("complaints", "complaint_processing_facts", "complaint_transfers", "complaint_extensions",
                      "complaint_supplement_requests", "complaint_satisfaction", "complaint_links"):
            print(f"{table:40} {conn.execute(f'SELECT count(*) FROM {table}').fetchone()[0]:>10,}")


def _query():
    from reporting.domain.periods import Period
    from reporting.registry import ReportQuery

    now = datetime.fromisoformat(NOW)
    return ReportQuery(period=Period(*YEAR, "evaluation_year"), actor=None, now=now)


def _timed(function, runs: int) -> tuple[list[float], object]:
    function()  # warm-up
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def _baseline(query) -> int:
    from sqlalchemy import func, select

    from civil_complaints.complaint_models import Complaint
    from civil_complaints.reports.processing_queries import bounds
    from core.extensions import db

    start, end = bounds(query)
    return len(db.session.execute(select(Complaint.department_id, func.count())
                                  .where(Complaint.received_at >= start, Complaint.received_at < end)
                                  .group_by(Complaint.department_id)).all())


def _line(label: str, times: list[float], target: float | None = None) -> None:
    median = statistics.median(times)
    verdict = ("MET" if median < target else "NOT MET") if target else ""
    print(f"{label:52} {median:8.3f} {min(times):8.3f} {max(times):8.3f}  {verdict}", flush=True)


def _measure(url: str, runs: int, *, xlsx: bool = True) -> None:
    from dataclasses import replace

    from civil_complaints.reports.late_cases import build_late_cases
    from civil_complaints.reports.processing import build_processing

    app, query = _app(url), _query()
    with app.test_request_context():
        print(f"\nthe 점검표 for {YEAR[0]} – {YEAR[1]}: median of {runs} runs after a warm-up")
        print(f"{'what':52} {'median s':>8} {'min s':>8} {'max s':>8}")
        times, report = _timed(lambda: build_processing(query), runs)
        table = report.tables[0]
        columns = [c.key for c in table.columns]
        print(f"rows: {len(table.rows):,} (subtotals included); received {table.totals[columns.index('received')]:,}, "
              f"finished {table.totals[columns.index('finished')]:,}, late {table.totals[columns.index('late')]:,}, "
              f"overdue {table.totals[columns.index('overdue')]:,}")
        _line("점검표 (build_processing)", times, TARGET_S)
        _line("baseline: COUNT(*) GROUP BY department_id", _timed(lambda: _baseline(query), runs)[0])
        busiest = max((r for r in table.rows if r[3]), key=lambda r: r[columns.index("late")])
        row = table.rows.index(busiest)
        link = table.row_links[row]
        params = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
        drill = replace(query, filters={"department": params["department"], "type": params["type"]},
                        extra={"month": params["month"]})
        times, late = _timed(lambda: build_late_cases(drill), runs)
        _line(f"late cases of the busiest row ({len(late.tables[0].rows):,} rows)", times)
        _review(query, runs)
        _register(app, query, xlsx=xlsx)


def _review(query, runs: int) -> None:
    """The management review (issue 20 item 7) of the evaluation year's last full quarter: built, and its PDF."""
    from dataclasses import replace

    from civil_complaints.reports.review import build_review
    from reporting.domain.periods import preset_period
    from reporting.freezing import render_bytes

    quarter = preset_period("quarter", query.now.date())
    asked = replace(query, period=quarter)
    times, report = _timed(lambda: build_review(asked), runs)
    totals = {t.key: t.totals for t in report.tables}
    print(f"management review {quarter.start} – {quarter.end}: received {totals['trend_department'][7]:,}, "
          f"finished {totals['on_time'][1]:,}, ratings {totals['satisfaction'][1]:,}")
    _line("management review (build_review)", times)
    times, pdf = _timed(lambda: render_bytes(report, "pdf"), runs)
    _line(f"management review PDF ({len(pdf) // 1024:,} KB)", times)


def _register(app, query, *, xlsx: bool = True) -> None:
    """The case register's export (another part of issue 19), when its builder exists: CSV through
    bench/register_export.py (the download's own writer), XLSX through reporting/formats/xlsx.py into a temporary
    file; rows/s and the process's peak memory."""
    try:
        from bench.register_export import time_register_export
        from civil_complaints.reports.register import build_register
    except ImportError:
        print("case register export: NOT MEASURED — civil_complaints/reports/register.py:build_register is not "
              "on this branch")
        return
    for python_path in (False, True):
        found = time_register_export(app, query.period, now=query.now, python_path=python_path)
        label = "baseline, rows written by Python" if python_path else found["writer"]
        print(f"case register CSV ({label}): {found['rows']:,} rows in {found['seconds']:.1f} s = "
              f"{found['rows_per_s']:,} rows/s ({found['rows_per_cpu_s']:,} per CPU second of this process, "
              f"PostgreSQL backend {found.get('backend_cpu_seconds', 0):.1f} CPU s; target 50,000); peak "
              f"memory {found['peak_rss_mb']:,.0f} MB (before {found['rss_before_mb']:,.0f} MB; target < 300 MB)",
              flush=True)
    if not xlsx:
        print("case register XLSX: not measured (--no-xlsx)")
        return
    try:
        from reporting.formats.xlsx import write_xlsx
    except ImportError:
        print("case register XLSX: NOT MEASURED — reporting/formats/xlsx.py is not on this branch")
        return
    import resource
    import tempfile

    from bench.register_export import _rss_mb

    with app.test_request_context("/staff/reports/register?format=xlsx"), tempfile.TemporaryFile() as target:
        before, wall, cpu = _rss_mb(), time.perf_counter(), time.process_time()
        rows = write_xlsx(build_register(query), target)
        seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        size = target.tell()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"case register XLSX: {rows:,} rows, {size / 2**20:,.0f} MB in {seconds:.1f} s = {rows / seconds:,.0f} "
          f"rows/s ({rows / cpu_seconds:,.0f} per CPU second; target 50,000); memory before {before:,.0f} MB, "
          f"high-water mark of the process {peak:,.0f} MB (target < 300 MB)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-xlsx", action="store_true", help="skip the register's XLSX export (the slowest step)")
    parser.add_argument("--keep", metavar="NAME", help="load into database NAME (if it does not exist yet) and keep "
                                                       "it, to measure again without loading")
    args = parser.parse_args()
    with bench_database(args.keep, "policycrm_bench_rp") as (url, existed):
        print(f"load average before: {load_average()} (1/5/15 min), {os.cpu_count()} cores")
        if not existed:
            _prepare(url, args.rows)
        _measure(url, args.runs, xlsx=not args.no_xlsx)
        print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
