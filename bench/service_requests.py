"""Internal requests over 200,000 rows on PostgreSQL: ``python bench/service_requests.py [--rows N] [--runs N]``.

Creates a throwaway database ``policycrm_bench_sr_<random>`` (server: $BENCH_POSTGRES_URL, default the local
``test`` server), applies the migrations, loads the demo organisation and its six services plus 30 more
providing divisions (3 services and 3 officers each), then inserts ``--rows`` requests with one INSERT … SELECT
over generate_series (seeded random):

* every request is made by an officer of a random division to a random service (its provider: the service's
  division; 정보통신과 gets 10 %); made over the last two years, the open ones over the last 30 days;
* 10 % open (received 3 %, in progress 5 %, 요청자 확인 대기 2 %) with resolution dues from 5 days ago to 20
  days ahead, 1 % waiting for approval, 1 % rejected, 2 % cancelled, 5 % resolved, the rest closed.

Then VACUUM (ANALYZE), and two measurements, each beside a baseline taken in the same run:

1. **The providing queue** (issue 18: the queue page under 150 ms at the 95th percentile): the first page (50
   rows) of a department's open requests by resolution due and a capped count (1,001), and a deep keyset page,
   ``--runs`` times across the providing departments. The baseline is the same query in a transaction in which
   the partial index ``ix_service_requests_queue_provider`` is dropped (rolled back afterwards).
   First through the app's own code (`queues/queries.py:provider_page` and `tab_counts`, every tab of every
   providing department), then as one hand-written keyset SQL for its EXPLAIN.
2. **The reminder scan** (under 1 s): every open, running request whose resolution due is at most two working
   days ahead and that has not had its 80 %/100 % notice — read by a range scan of ``ix_service_requests_open_due``
   — and for each candidate the share of its target used (`domain/ola.py:share_used`, the agency's calendar),
   as the OLA job decides whom to tell. The baseline drops ``ix_service_requests_open_due`` the same way.
   First the OLA job's own candidate scans (`monitoring/reminders.py`: ``remind_at`` and ``resolution_due_at``
   on their partial indexes, one batch each), then the hand-written scan with `share_used` for every candidate.

Timings are printed, never asserted. The database is dropped at the end, also after an error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.database import app_for, bench_database, load_average, migrate_and_seed  # noqa: E402
from bench.database import libpq as _libpq  # noqa: E402
from bench.database import step as _step  # noqa: E402

QUEUE_TARGET_MS, SCAN_TARGET_MS = 150.0, 1000.0
DIVISIONS = 30
OPEN = "status IN ('in_progress', 'received', 'waiting')"  # the partial indexes' predicate (models.OPEN_SQL)

SETUP_SQL = [
    """INSERT INTO departments (agency_id, parent_id, code, name_ko, name_en, kind, phone, is_active)
       SELECT (SELECT min(id) FROM agencies), NULL, 'BS-' || d, '벤치' || d || '과', 'Bench division ' || d,
              'division', NULL, true FROM generate_series(1, %(divisions)s) AS d""",
    """INSERT INTO users (login_id, display_name, email, phone, department_id, password_hash, is_active_account,
                          failed_login_count, created_at)
       SELECT 'bs' || d.id || '-' || n, '벤치담당' || d.id || '-' || n, NULL, NULL, d.id,
              (SELECT password_hash FROM users WHERE login_id = 'officer'), true, 0, now()
       FROM departments d CROSS JOIN generate_series(0, 2) AS n WHERE d.code LIKE 'BS-%%'""",
    """INSERT INTO services (code, name_ko, name_en, description_ko, description_en, category, department_id,
                             needs_approval, may_link_complaint, is_active, response_urgent, response_normal,
                             response_low, resolution_urgent, resolution_normal, resolution_low, created_at,
                             updated_at, version)
       SELECT d.code || '-S' || k, d.name_ko || ' 서비스 ' || k, d.name_en || ' service ' || k, '', '',
              (ARRAY['it', 'facilities', 'vehicles', 'legal', 'survey', 'admin', 'other'])[1 + (d.id + k) %% 7],
              d.id, k = 3, true, true, '1h', '4h', '1d', '4h', '2d', '5d', now(), now(), 1
       FROM departments d CROSS JOIN generate_series(1, 3) AS k WHERE d.code LIKE 'BS-%%'""",
    """CREATE TEMP TABLE bench_services AS
       SELECT row_number() OVER (PARTITION BY d.code = 'HB-IT' ORDER BY s.id) - 1 AS k, d.code = 'HB-IT' AS it,
              s.id, s.department_id, s.response_normal, s.resolution_normal
       FROM services s JOIN departments d ON d.id = s.department_id""",
    "INSERT INTO user_roles (user_id, role) SELECT id, 'officer' FROM users WHERE login_id LIKE 'bs%%'",
    """CREATE TEMP TABLE bench_requesters AS
       SELECT row_number() OVER (ORDER BY u.id) - 1 AS k, u.id, u.department_id FROM users u
       JOIN user_roles r ON r.user_id = u.id AND r.role = 'officer'
       WHERE u.department_id IS NOT NULL""",
]

LOAD_SQL = """
WITH counts AS (SELECT count(*) FILTER (WHERE it) AS it, count(*) FILTER (WHERE NOT it) AS others,
                       (SELECT count(*) FROM bench_requesters) AS requesters FROM bench_services),
     raw AS (SELECT i, random() AS r, random() AS r2, random() AS r3 FROM generate_series(1, %(rows)s) AS i),
     picked AS (
       SELECT raw.*, s.id AS service_id, s.department_id AS provider, q.id AS requester_id,
              q.department_id AS requester_department,
              CASE WHEN r < 0.03 THEN 'received' WHEN r < 0.08 THEN 'in_progress' WHEN r < 0.10 THEN 'waiting'
                   WHEN r < 0.11 THEN 'pending_approval' WHEN r < 0.12 THEN 'rejected'
                   WHEN r < 0.14 THEN 'cancelled' WHEN r < 0.19 THEN 'resolved' ELSE 'closed' END AS status
       FROM raw CROSS JOIN counts
       JOIN bench_services s ON s.it = (raw.i %% 10 = 0)
                            AND s.k = CASE WHEN raw.i %% 10 = 0 THEN (raw.i / 10) %% counts.it
                                           ELSE raw.i %% counts.others END
       JOIN bench_requesters q ON q.k = (raw.i * 7919) %% counts.requesters),
     timed AS (
       SELECT p.*, CASE WHEN p.r < 0.11 THEN %(now)s::timestamptz - p.r2 * interval '30 days'
                        ELSE %(now)s::timestamptz - interval '30 days' - p.r2 * interval '700 days' END AS made,
              CASE WHEN p.r < 0.10 THEN %(now)s::timestamptz + (p.r3 * 25 - 5) * interval '1 day' END AS open_due
       FROM picked p)
INSERT INTO service_requests (number, service_id, title, description, answers, priority, status, requester_id,
    requester_department_id, provider_department_id, handler_id, response_target, resolution_target,
    calendar_revision, created_at, clock_started_at, response_clock_started_at, response_due_at,
    resolution_clock_started_at, responded_at, resolution_due_at, remind_at, resolved_at, closed_at, reopen_count,
    forward_count, version)
SELECT 'IR-' || to_char(t.made AT TIME ZONE 'Asia/Seoul', 'YYMM') || '-' || lpad(t.i::text, 6, '0'),
       t.service_id,
       (ARRAY['PC 고장', '계정 발급', '회의실 보수', '차량 배차', '법률 검토', '자료 요청', '시스템 장애',
              '프린터 토너'])[1 + t.i %% 8] || ' ' || t.i,
       '', '{}', (ARRAY['normal', 'normal', 'normal', 'urgent', 'low'])[1 + t.i %% 5], t.status, t.requester_id,
       t.requester_department, t.provider,
       CASE WHEN t.i %% 4 = 0 THEN NULL ELSE (SELECT u.id FROM users u WHERE u.department_id = t.provider
                                             ORDER BY u.id LIMIT 1) END,
       '4h', '2d', %(revision)s, t.made,
       c.started, c.started, c.started + interval '4 hours', c.started,
       CASE WHEN t.status NOT IN ('received', 'pending_approval', 'rejected', 'cancelled')
            THEN c.started + interval '1 hour' END,
       CASE WHEN c.started IS NULL THEN NULL ELSE coalesce(t.open_due, t.made + interval '3 days') END,
       -- the instant four fifths of the target have run (clocks.py counts working time; wall-clock here)
       CASE WHEN c.started IS NULL THEN NULL
            ELSE c.started + 0.8 * (coalesce(t.open_due, t.made + interval '3 days') - c.started) END,
       CASE WHEN t.status IN ('resolved', 'closed') THEN t.made + t.r3 * interval '4 days' END,
       CASE WHEN t.status IN ('closed', 'cancelled') THEN t.made + interval '5 days' END,
       CASE WHEN t.i %% 50 = 0 THEN 1 ELSE 0 END, 0, 1
FROM timed t
CROSS JOIN LATERAL (SELECT CASE WHEN t.status IN ('pending_approval', 'rejected') THEN NULL
                                ELSE t.made END AS started) c
"""

QUEUE_SQL = f"""
SELECT r.id, r.number, r.title, r.status, r.priority, r.resolution_due_at, r.handler_id, r.requester_department_id
FROM service_requests r
WHERE r.provider_department_id = %(department)s AND r.{OPEN} AND (r.resolution_due_at, r.id) > (%(due)s, %(id)s)
ORDER BY r.resolution_due_at, r.id LIMIT 50"""
QUEUE_COUNT_SQL = f"""
SELECT count(*) FROM (SELECT 1 FROM service_requests r
                      WHERE r.provider_department_id = %(department)s AND r.{OPEN} LIMIT 1001) AS capped"""
#: the open predicate as the partial index states it (the planner then ranges over ix_service_requests_open_due
#: instead of picking the status index for "running"), paused requests (waiting) left out after it
SCAN_SQL = f"""
SELECT r.id, r.response_target, r.resolution_target, r.resolution_clock_started_at, r.resolution_due_at,
       r.reminded_at, r.escalated_at
FROM service_requests r
WHERE r.{OPEN} AND r.status <> 'waiting' AND r.resolution_due_at <= %(horizon)s
  AND (r.reminded_at IS NULL OR (r.escalated_at IS NULL AND r.resolution_due_at <= %(now)s))
ORDER BY r.resolution_due_at, r.id"""
PAUSES_SQL = "SELECT request_id, started_at, ended_at FROM service_request_pauses WHERE request_id = ANY(%(ids)s)"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _prepare(url: str, rows: int) -> None:
    """Migrate and seed with the test config (production refuses demo data), then bulk load."""
    revision = migrate_and_seed(url)
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        for sql in SETUP_SQL:
            conn.execute(sql, {"divisions": DIVISIONS})
        conn.execute("SELECT setseed(0.18)")
        _step(conn, f"load {rows:,} requests", LOAD_SQL, {"rows": rows, "now": datetime.now().astimezone(),
                                                          "revision": revision})
        _step(conn, "vacuum analyze", "VACUUM (ANALYZE)")
        for label, value in conn.execute(f"""
                SELECT 'all requests', count(*) FROM service_requests
                UNION ALL SELECT 'open', count(*) FROM service_requests WHERE {OPEN}
                UNION ALL SELECT 'open, overdue', count(*) FROM service_requests
                  WHERE {OPEN} AND resolution_due_at < now()
                UNION ALL SELECT 'providing departments', count(DISTINCT provider_department_id) FROM service_requests
                UNION ALL SELECT '정보통신과: open', count(*) FROM service_requests r JOIN departments d
                  ON d.id = r.provider_department_id WHERE d.code = 'HB-IT' AND r.{OPEN}"""):
            print(f"{label:40} {value:>10,}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _queue_params(conn) -> list[dict]:
    """One first page and one deep page (after the middle open row) per providing department."""
    params = []
    for (department,) in conn.execute(f"SELECT DISTINCT provider_department_id FROM service_requests WHERE {OPEN}"):
        params.append({"department": department, "due": EPOCH, "id": 0})
        middle = conn.execute(f"""SELECT resolution_due_at, id FROM service_requests WHERE provider_department_id = %s
                                  AND {OPEN} ORDER BY resolution_due_at, id
                                  OFFSET (SELECT count(*) / 2 FROM service_requests
                                          WHERE provider_department_id = %s AND {OPEN}) LIMIT 1""",
                              (department, department)).fetchone()
        if middle:
            params.append({"department": department, "due": middle[0], "id": middle[1]})
    return params


def _queue_runs(conn, params: list[dict], runs: int) -> list[float]:
    times = []
    for n in range(runs):
        p = params[n % len(params)]
        start = time.perf_counter()
        conn.execute(QUEUE_SQL, p).fetchall()
        conn.execute(QUEUE_COUNT_SQL, p).fetchone()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _scan(conn, calendar) -> tuple[float, int, int]:
    """(ms, candidates, at 80 % or more): the candidates, their pauses, the share each has used."""
    from service_requests.domain.ola import share_used

    now = datetime.now().astimezone()
    start = time.perf_counter()
    rows = conn.execute(SCAN_SQL, {"horizon": now + timedelta(days=2), "now": now}).fetchall()
    pauses: dict[int, list] = {}
    for request_id, started, ended in conn.execute(PAUSES_SQL, {"ids": [r[0] for r in rows]}):
        pauses.setdefault(request_id, []).append((started, ended or now))
    due = sum(share_used(r[3], r[2], now, calendar, pauses.get(r[0], ())) >= 0.8 for r in rows)
    return (time.perf_counter() - start) * 1000, len(rows), due


def _line(label: str, times: list[float], target: float | None) -> None:
    p95 = _percentile(times, 0.95)
    verdict = ("MET" if p95 < target else "NOT MET") if target else ""
    print(f"{label:46} {statistics.median(times):9.2f} {p95:9.2f} {max(times):9.2f}  {verdict}", flush=True)


def _explain(conn, sql: str, params: dict) -> None:
    for (line,) in conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params):
        print("  " + line)


def _real_pairs(conn) -> list[tuple]:
    """(department, one of its officers, tab) for every providing department with open requests and every tab."""
    from service_requests.queues.queries import Tab

    pairs = []
    for department, user_id in conn.execute(f"""SELECT d, (SELECT min(id) FROM users WHERE department_id = d)
                                                FROM (SELECT DISTINCT provider_department_id AS d
                                                      FROM service_requests WHERE {OPEN}) AS p"""):
        pairs += [(department, user_id, tab) for tab in Tab]
    return pairs


def _real_queue_runs(pairs: list[tuple], runs: int, now, calendar) -> list[float]:
    """What the queue page runs: `provider_page` (a page of 25 and one more) and `tab_counts`, the app's own code."""
    from service_requests.queues.queries import provider_page, tab_counts

    times = []
    for n in range(runs):
        department, user_id, tab = pairs[n % len(pairs)]
        start = time.perf_counter()
        provider_page(department, tab, user_id, now, calendar=calendar)
        tab_counts(department, user_id, now, calendar=calendar)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _real_scan(now) -> tuple[float, int, int]:
    """The OLA job's two candidate scans (`monitoring/reminders.py`, at most one batch each, as a run reads them)."""
    from core.extensions import db
    from service_requests.monitoring.reminders import escalation_candidates, reminder_candidates

    start = time.perf_counter()
    remind = list(db.session.scalars(reminder_candidates(now)))
    escalate = list(db.session.scalars(escalation_candidates(now)))
    return (time.perf_counter() - start) * 1000, len(remind), len(escalate)


def _measure_real(url: str, runs: int) -> None:
    """The app's own queries through its own session, each beside the same call with its index dropped."""
    from sqlalchemy import text

    from core.extensions import db
    from working_calendar.domain.worktime import WorkCalendar

    app = app_for(url)
    calendar, now = WorkCalendar(), datetime.now().astimezone()
    with psycopg.connect(_libpq(url), autocommit=True) as conn:  # closed before DROP INDEX needs its lock
        pairs = _real_pairs(conn)
    with app.app_context():
        print(f"\nthe app's code: queue {runs} runs over {len(pairs)} (department, tab) pairs; scans 6 runs")
        print(f"{'what':46} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
        _real_queue_runs(pairs, 20, now, calendar)  # warm-up
        _line("queue page: provider_page + tab_counts", _real_queue_runs(pairs, runs, now, calendar),
              QUEUE_TARGET_MS)
        scans = [_real_scan(now) for _ in range(7)][1:]
        _line(f"OLA job scans ({scans[0][1]:,} to remind, {scans[0][2]:,} to escalate)", [s[0] for s in scans],
              SCAN_TARGET_MS)
        for index in ("ix_service_requests_queue_provider", "ix_service_requests_queue_handler",
                      "ix_service_requests_remind_pending", "ix_service_requests_escalate_pending"):
            db.session.execute(text(f"DROP INDEX {index}"))
        _line("baseline: queue page without its indexes", _real_queue_runs(pairs, min(runs, 60), now, calendar),
              None)
        _line("baseline: OLA scans without their indexes", [_real_scan(now)[0] for _ in range(5)], None)
        db.session.rollback()
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def _measure(url: str, runs: int) -> None:
    from working_calendar.domain.worktime import WorkCalendar

    calendar = WorkCalendar()  # weekends and the default blocks; the holiday table changes nothing measurable
    with psycopg.connect(_libpq(url)) as conn:
        params = _queue_params(conn)
        print(f"\nqueue: {runs} runs over {len(params)} (department, page) pairs; scan: 5 runs each")
        print(f"{'what':46} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
        _queue_runs(conn, params, 20)  # warm-up
        _line("providing queue (page + capped count)", _queue_runs(conn, params, runs), QUEUE_TARGET_MS)
        scans = [_scan(conn, calendar) for _ in range(6)][1:]
        _line(f"reminder scan ({scans[0][1]:,} candidates, {scans[0][2]:,} at ≥80 %)", [s[0] for s in scans],
              SCAN_TARGET_MS)
        conn.execute("DROP INDEX ix_service_requests_queue_provider")
        _line("baseline: queue without its partial index", _queue_runs(conn, params, min(runs, 60)), None)
        conn.execute("DROP INDEX ix_service_requests_open_due")
        _line("baseline: scan without ix_..._open_due", [_scan(conn, calendar)[0] for _ in range(5)], None)
        conn.rollback()
        print("\nEXPLAIN (ANALYZE, BUFFERS) providing queue, first page of 정보통신과")
        it = conn.execute("SELECT id FROM departments WHERE code = 'HB-IT'").fetchone()[0]
        _explain(conn, QUEUE_SQL, {"department": it, "due": EPOCH, "id": 0})
        print("EXPLAIN (ANALYZE, BUFFERS) reminder scan")
        now = datetime.now().astimezone()
        _explain(conn, SCAN_SQL, {"horizon": now + timedelta(days=2), "now": now})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with bench_database(None, "policycrm_bench_sr") as (url, _existed):
        print(f"load average before: {load_average()} (1/5/15 min), {os.cpu_count()} cores")
        _prepare(url, args.rows)
        _measure_real(url, args.runs)
        _measure(url, args.runs)
        print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
