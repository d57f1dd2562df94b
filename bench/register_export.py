"""The case register's CSV export (민원 처리부, issue 19: ≥ 50,000 rows/s, peak memory under 300 MB).

`time_register_export(app, period)` streams the register of `period` as the download does — `build_register`,
then the CSV response (reporting/formats/csvfile.py when present, else core/exports.py's `csv_response`) iterated
to the end in a request context, every encoded chunk thrown away — and returns {writer, rows, seconds,
cpu_seconds, rows_per_s, rows_per_cpu_s, bytes, rss_before_mb, peak_rss_mb, max_rss_mb}. `rows_per_cpu_s` counts
this process's CPU only: on a busy machine the wall-clock rate also measures the other processes.
`backend_cpu_seconds` the CPU of the session's PostgreSQL backend (its parallel workers not counted): on PostgreSQL
the server writes the CSV itself (COPY), so most of the work is there, not in this process.
`peak_rss_mb` is the largest resident size of this process sampled every 5,000 rows (or every chunk the server
writes) during the export;
`max_rss_mb` the kernel's high-water mark of the whole process (ru_maxrss, includes whatever ran before).
bench/reports.py calls it on its 1,000,000 민원; timings are printed, never asserted.

Alone, against a database already filled (the period defaults to the year of the latest 민원):

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/mydb .venv/bin/python bench/register_export.py \
        [--from 2025-01-01 --to 2025-12-31]

Or on a throwaway database it fills itself (`register_bench` on $BENCH_POSTGRES_URL's server, default the local
`test` server; migrated, demo organisation, then N 민원 over 2025 in one INSERT … SELECT over generate_series;
dropped at the end, also after an error, unless --keep):

    .venv/bin/python bench/register_export.py --fill 200000
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BENCH_DATABASE = "register_bench"
SAMPLE_EVERY = 5000
PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE / 2**20


def time_register_export(app, period, *, now: datetime | None = None, python_path: bool = False) -> dict:
    """Stream the whole register of `period` (every department, names masked) as CSV into nothing; see above.
    `python_path`: the rows written by Python even on PostgreSQL (the path before COPY, as a baseline)."""
    from civil_complaints.reports.register import build_register
    from reporting.registry import ReportQuery

    counts = {"rows": 0, "peak": _rss_mb(), "bytes": 0}

    def counted(rows):
        for row in rows:
            counts["rows"] += 1
            if counts["rows"] % SAMPLE_EVERY == 0:
                counts["peak"] = max(counts["peak"], _rss_mb())
            yield row

    with app.test_request_context("/staff/reports/register?format=csv"):
        before = counts["peak"]
        backend = _backend_cpu_reader()
        server = backend()
        wall, cpu = time.perf_counter(), time.process_time()
        query = ReportQuery(period=period, actor=None, now=now or datetime.now(UTC))
        report = build_register(query)
        table = report.tables[0]
        copied = getattr(table, "csv_records", None)  # PostgreSQL writes the records itself (COPY)
        if python_path and copied is not None:
            table.csv_records = copied = None
        table.rows = counted(table.rows)
        response, writer = _csv_response(report)
        for chunk in response.response:
            counts["bytes"] += len(chunk)
            if copied is not None:
                counts["peak"] = max(counts["peak"], _rss_mb())
        response.close()
        seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        server = backend() - server
    counts["peak"] = max(counts["peak"], _rss_mb())
    rows = counts["rows"] if copied is None else copied.rows
    writer += "" if copied is None else " + PostgreSQL COPY"
    return {"writer": writer, "rows": rows, "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3),
            "rows_per_s": round(rows / seconds) if seconds else 0,
            "rows_per_cpu_s": round(rows / cpu_seconds) if cpu_seconds else 0, "bytes": counts["bytes"],
            "backend_cpu_seconds": round(server, 3),
            "rss_before_mb": round(before, 1), "peak_rss_mb": round(counts["peak"], 1),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def _backend_cpu_reader():
    """CPU seconds of this session's PostgreSQL backend so far (/proc: the server runs on this machine), as a
    function; parallel workers are other processes and not counted. Reads 0 when /proc does not show it."""
    from core.extensions import db

    pid = db.session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks

    return read


def _csv_response(report):
    """The download's response: the reports' CSV writer when it exists (reporting/formats/csvfile.py, what the
    report page serves), else core/exports.py's with a header row."""
    try:
        from reporting.formats import csvfile
    except ImportError:
        from core.exports import csv_response

        table = report.tables[0]
        return csv_response(_with_header(table), report.filename("csv")), "core.exports"
    return csvfile.csv_response(report), "reporting.formats.csvfile"


def _with_header(table):
    yield [column.label for column in table.columns]
    yield from table.rows


FILL_SQL = [
    """CREATE TEMP TABLE bench_types AS
       SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, kind, period_spec, department_id,
              (period_spec = '즉시' OR period_spec LIKE '%%h'
               OR (period_spec LIKE '%%d' AND left(period_spec, -1)::int <= 5)) AS hourly
       FROM complaint_types""",
    """CREATE TEMP TABLE bench_users AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM users""",
    """
WITH raw AS (SELECT i, random() AS r, random() AS r2, random() AS r3 FROM generate_series(1, %(rows)s) AS i),
     picked AS (
       SELECT raw.*, t.id AS type_id, t.kind, t.period_spec, t.department_id, t.hourly,
              %(start)s::timestamptz + r2 * interval '365 days' AS received,
              CASE WHEN r < 0.04 THEN 'received' WHEN r < 0.08 THEN 'assigned' WHEN r < 0.12 THEN 'in_progress'
                   WHEN r < 0.13 THEN 'supplement_requested' WHEN r < 0.91 THEN 'answered'
                   WHEN r < 0.94 THEN 'withdrawn' WHEN r < 0.96 THEN 'returned' WHEN r < 0.98 THEN 'closed'
                   ELSE 'transferred' END AS status
       FROM raw JOIN bench_types t ON t.k = raw.i %% (SELECT count(*) FROM bench_types)),
     timed AS (
       SELECT p.*, CASE WHEN p.hourly THEN p.received + interval '2 days'
                        ELSE (date_trunc('day', (p.received + interval '16 days') AT TIME ZONE 'Asia/Seoul')
                              + interval '1 day' - interval '1 microsecond') AT TIME ZONE 'Asia/Seoul' END AS due,
              p.received + (CASE WHEN p.r3 < 0.15 THEN 2 + p.r3 * 40 ELSE p.r3 * 1.5 END) * interval '1 day'
                + CASE WHEN p.hourly THEN interval '0' ELSE interval '10 days' END AS ended
       FROM picked p)
INSERT INTO complaints (receipt_no, type_id, kind, channel, status, title, content, department_id, assignee_id,
                        complainant_name, notify_channel, is_joint, arrived_at, received_at, period_spec, due_at,
                        due_date, calendar_revision, created_at, version, answered_at, withdrawn_at, returned_at)
SELECT 'RB-' || lpad(i::text, 8, '0'), type_id, kind,
       (ARRAY['web', 'web', 'web', 'web', 'web', 'web', 'phone', 'phone', 'visit', 'letter', 'email',
              'open311'])[1 + i %% 12],
       status, '벤치 민원 ' || i, '내용', department_id,
       CASE WHEN status = 'received' THEN NULL
            ELSE (SELECT id FROM bench_users u WHERE u.k = i %% (SELECT count(*) FROM bench_users)) END,
       (ARRAY['홍길동', '김영희', '이철수', '박민수', '최지우', '정하늘', '남궁민수', '윤서연'])[1 + i %% 8],
       'sms', false, received, received, period_spec, due, (due AT TIME ZONE 'Asia/Seoul')::date, %(revision)s,
       received, 1,
       CASE WHEN status = 'answered' THEN ended END, CASE WHEN status = 'withdrawn' THEN ended END,
       CASE WHEN status = 'returned' THEN ended END
FROM timed""",
    # the report-facts job has run over every other finished 민원 (and the closed and transferred ones)
    """INSERT INTO complaint_processing_facts (complaint_id, finished_at, unit, processing_time, late_by,
                                               computed_at)
       SELECT id, coalesce(answered_at, withdrawn_at, returned_at, received_at + interval '3 days'),
              CASE WHEN period_spec IN ('즉시', '3d', '5d') THEN 'hours' ELSE 'days' END, 4.0,
              CASE WHEN coalesce(answered_at, withdrawn_at, returned_at) > due_at THEN 3 ELSE 0 END, now()
       FROM complaints
       WHERE status IN ('closed', 'transferred')
          OR (status IN ('answered', 'withdrawn', 'returned') AND id %% 2 = 0)""",
    """INSERT INTO complaint_extensions (complaint_id, number, period_spec, ground, reason_text, consent_recorded,
                                         due_before, due_after, created_at, created_by_id)
       SELECT id, 1, period_spec, 'FACT_OR_SITE_CHECK', '현장 확인', false, due_at, due_at, received_at,
              (SELECT min(id) FROM users) FROM complaints WHERE id %% 20 = 0""",
    """INSERT INTO complaint_transfers (complaint_id, kind, from_department_id, to_department_id, reason, limit_at,
                                        transferred_at, on_time, created_by_id)
       SELECT id, 'department', department_id, department_id, '소관', received_at + interval '3 hours',
              received_at + interval '1 hour', true, (SELECT min(id) FROM users)
       FROM complaints WHERE id %% 25 = 0""",
    "VACUUM (ANALYZE)",
]


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _sqlalchemy(url: str) -> str:
    return _libpq(url).replace("postgresql://", "postgresql+psycopg://", 1)


def fill(url: str, rows: int) -> None:
    """Migrate, seed the demo organisation and load `rows` 민원 received during 2025 (see the docstring)."""
    import flask_migrate

    from app import create_app
    from app.demo import seed_demo
    from core.extensions import db
    from working_calendar.cache import load_calendar
    from working_calendar.holidays import sync_snapshot

    app = create_app({"SQLALCHEMY_DATABASE_URI": _sqlalchemy(url)}, env_name="test")
    with app.app_context():
        flask_migrate.upgrade()
        sync_snapshot(now=datetime.now(UTC))
        seed_demo(now=datetime.now(UTC))
        db.session.commit()
        revision = (load_calendar().revision or "")[:32]
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute("SELECT setseed(0.19)")
        started = time.perf_counter()
        for sql in FILL_SQL:
            conn.execute(sql, {"rows": rows, "start": datetime(2025, 1, 1, tzinfo=UTC), "revision": revision})
        print(f"filled {rows:,} 민원 in {time.perf_counter() - started:.1f} s", flush=True)


def _default_period(url: str):
    from reporting.domain.periods import Period

    with psycopg.connect(_libpq(url)) as conn:
        latest = conn.execute("SELECT max(received_at) FROM complaints").fetchone()[0]
    year = (latest or datetime.now(UTC)).year
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


def run(url: str, period, repeat: int) -> list[dict]:
    from app import create_app
    from core.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": _sqlalchemy(url)}, env_name="test")
    results = []
    for number in range(1, repeat + 1):
        result = time_register_export(app, period)
        results.append(result)
        met = result["rows_per_s"] >= 50_000 and result["peak_rss_mb"] < 300
        print(f"run {number}: {result} — {'MET' if met else 'NOT MET'} (≥ 50,000 rows/s, peak < 300 MB)",
              flush=True)
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fill", type=int, default=0, help="make, fill and drop a throwaway database of N 민원")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument("--from", dest="start", help="first day (YYYY-MM-DD); default: the latest 민원's year")
    parser.add_argument("--to", dest="end", help="last day (YYYY-MM-DD)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} cores", flush=True)
    if not args.fill:
        url = os.environ.get("DATABASE_URL") or sys.exit("set DATABASE_URL, or use --fill N")
        run(url, _period(args, url), args.repeat)
        return
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + BENCH_DATABASE
    with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    try:
        fill(url, args.fill)
        run(url, _period(args, url), args.repeat)
    finally:
        if not args.keep:
            with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


def _period(args, url: str):
    from reporting.domain.periods import Period

    if args.start and args.end:
        return Period(date.fromisoformat(args.start), date.fromisoformat(args.end))
    return _default_period(url)


if __name__ == "__main__":
    main()
