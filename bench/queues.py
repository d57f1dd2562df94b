"""The officers' queues over 1,000,000 민원 on PostgreSQL: ``python bench/queues.py [--rows N] [--requests N]``.

Creates a throwaway database ``policycrm_bench_q_<random>`` (server: $BENCH_POSTGRES_URL, default the local
``test`` server), applies the migrations, loads the demo organisation plus 30 more divisions (2 types and 3
officers each), then inserts ``--rows`` 민원 with one INSERT … SELECT over generate_series (seeded random):

* 도로과 (the demo head's division) receives 10 %; the rest is spread over the other 33 divisions' types;
* 88 % finished (answered, closed, withdrawn, transferred; received over the last two years), 12 % open
  (received, assigned, in progress, 보완 요청; received in the last 30 days) with dues from 5 days ago to 30
  days ahead, so about one open 민원 in seven is overdue; day-based dues at 24:00 KST (D3);
* titles and contents from a small vocabulary of real-looking 민원 (1 in 5,000 mentions 싱크홀);
  channels weighted like a city's (web 60 %, phone 15 %, visit 10 % …).

The pg_trgm indexes are built after the load (as CREATE INDEX on a loaded table), then VACUUM (ANALYZE).
Then each page is requested ``--requests`` times (after ``--warmup``) through the real Flask app, built with
the production config (secure cookies over https://localhost, CSRF, no debug), logged in as the demo head
(도로과), officer or auditor; p50/p95/max wall milliseconds per page, MET/NOT MET against the 150 ms p95 target
for the department queue and the overdue list, and EXPLAIN (ANALYZE, BUFFERS) of the page and count queries.
Timings are printed, never asserted. The database is dropped at the end, also after an error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
TARGET_MS = 150.0
DIVISIONS = 30

SETUP_SQL = [
    """INSERT INTO departments (agency_id, parent_id, code, name_ko, name_en, kind, phone, is_active)
       SELECT (SELECT min(id) FROM agencies), NULL, 'BQ-' || d, '벤치' || d || '과', 'Bench division ' || d,
              'division', NULL, true FROM generate_series(1, %(divisions)s) AS d""",
    """INSERT INTO complaint_types (code, name_ko, name_en, description_ko, description_en, kind, period_spec,
                                    department_id, asks_location, attachment_kinds, open311_public, is_active)
       SELECT 'BQ-' || d.id || '-' || k, d.name_ko || ' 민원 ' || k, d.name_en || ' request ' || k, '', '',
              (ARRAY['other', 'query_system', 'statutory', 'proposal'])[1 + (d.id + k) %% 4],
              (ARRAY['즉시', '3d', '7d', '14d', '10d'])[1 + (d.id * 2 + k) %% 5], d.id, false, 'pdf', false, true
       FROM departments d CROSS JOIN generate_series(1, 2) AS k WHERE d.code LIKE 'BQ-%%'""",
    """INSERT INTO users (login_id, display_name, email, phone, department_id, password_hash, is_active_account,
                          failed_login_count, created_at)
       SELECT 'bq' || d.id || '-' || n, '벤치담당' || d.id || '-' || n, NULL, NULL, d.id,
              (SELECT password_hash FROM users WHERE login_id = 'officer'), true, 0, now()
       FROM departments d CROSS JOIN generate_series(0, 2) AS n WHERE d.code LIKE 'BQ-%%'""",
    """INSERT INTO user_roles (user_id, role) SELECT id, 'officer' FROM users WHERE login_id LIKE 'bq%%'""",
    """CREATE TEMP TABLE bench_officers AS
       SELECT department_id, (row_number() OVER (PARTITION BY department_id ORDER BY id) - 1) %% 3 AS n,
              id AS user_id FROM users
       WHERE login_id LIKE 'bq%%' OR login_id IN ('officer', 'head')""",
    "CREATE INDEX ON bench_officers (department_id, n)",
    """CREATE TEMP TABLE bench_types AS
       SELECT row_number() OVER (PARTITION BY d.code = 'HB-ROADS' ORDER BY t.id) - 1 AS k,
              d.code = 'HB-ROADS' AS roads, t.id, t.kind, t.period_spec, t.department_id,
              (t.period_spec = '즉시' OR t.period_spec LIKE '%%h'
               OR (t.period_spec LIKE '%%d' AND left(t.period_spec, -1)::int <= 5)) AS hourly
       FROM complaint_types t JOIN departments d ON d.id = t.department_id""",
    "CREATE INDEX ON bench_types (roads, k)",
]

LOAD_SQL = """
WITH counts AS (SELECT count(*) FILTER (WHERE roads) AS roads, count(*) FILTER (WHERE NOT roads) AS others
                FROM bench_types),
     raw AS (SELECT i, random() AS r, random() AS r2, random() AS r3, floor(random() * 20)::int AS r4,
                    floor(random() * 16)::int AS r5 FROM generate_series(1, %(rows)s) AS i),
     picked AS (
       SELECT raw.*, t.id AS type_id, t.kind, t.period_spec, t.department_id, t.hourly,
              CASE WHEN r < 0.03 THEN 'received' WHEN r < 0.06 THEN 'assigned' WHEN r < 0.11 THEN 'in_progress'
                   WHEN r < 0.12 THEN 'supplement_requested' WHEN r < 0.96 THEN 'answered'
                   WHEN r < 0.98 THEN 'closed' WHEN r < 0.99 THEN 'withdrawn' ELSE 'transferred' END AS status
       FROM raw CROSS JOIN counts
       JOIN bench_types t ON t.roads = (raw.i %% 10 = 0)
                         AND t.k = CASE WHEN raw.i %% 10 = 0 THEN (raw.i / 10) %% counts.roads
                                        ELSE raw.i %% counts.others END),
     timed AS (
       SELECT p.*, CASE WHEN p.r < 0.12 THEN %(now)s::timestamptz - p.r2 * interval '30 days'
                        ELSE %(now)s::timestamptz - interval '30 days' - p.r2 * interval '700 days' END AS received,
              CASE WHEN p.r < 0.12 THEN %(now)s::timestamptz + (p.r3 * 35 - 5) * interval '1 day'
                   ELSE %(now)s::timestamptz - interval '30 days' - p.r2 * interval '700 days'
                        + interval '14 days' END AS due
       FROM picked p)
INSERT INTO complaints (receipt_no, type_id, kind, channel, status, title, content, department_id, assignee_id,
                        complainant_name, complainant_phone, notify_channel, is_joint, arrived_at, received_at,
                        period_spec, due_at, due_date, calendar_revision, created_at, version, answered_at)
SELECT 'HB-' || to_char(timed.received AT TIME ZONE 'Asia/Seoul', 'YYMM') || '-' || lpad(timed.i::text, 7, '0'),
       timed.type_id, timed.kind,
       (ARRAY['web', 'web', 'web', 'web', 'web', 'web', 'web', 'web', 'web', 'web', 'web', 'web', 'phone', 'phone',
              'phone', 'visit', 'visit', 'open311', 'letter', 'email'])[1 + timed.r4],
       timed.status,
       CASE WHEN timed.r3 < 0.0002 THEN '싱크홀 발생 신고 ' ELSE '' END
         || (ARRAY['도로 파손', '가로등 고장', '불법 주정차', '쓰레기 무단투기', '공사장 소음', '보도블록 파손',
                   '포트홀', '신호등 고장', '하수구 악취', '공원 시설 고장', '버스정류장 파손', '가로수 정비',
                   '불법 현수막', '빗물받이 막힘', '자전거도로 정비', '횡단보도 도색'])[1 + timed.r5]
         || ' (' || (ARRAY['한빛대로', '새빛로', '중앙로', '시청길', '강변북로', '푸른숲길'])[1 + (timed.i / 16) %% 6]
         || ' ' || (1 + timed.i %% 197) || ')',
       (ARRAY['한빛대로', '새빛로', '중앙로', '시청길', '강변북로', '푸른숲길'])[1 + (timed.i / 7) %% 6]
         || ' 인근에서 ' || (ARRAY['며칠째 방치되어', '위험해 보여', '주민 불편이 커서', '아이들이 다니는 길이라',
                                    '야간에 특히 심해서'])[1 + timed.i %% 5]
         || ' 신고합니다. 확인 후 조치 부탁드립니다.',
       timed.department_id,
       CASE WHEN timed.status = 'received' THEN NULL
            ELSE (SELECT o.user_id FROM bench_officers o WHERE o.department_id = timed.department_id
                  AND o.n = timed.i %% 3 LIMIT 1) END,
       (ARRAY['홍길동', '김영희', '이철수', '박민수', '최지우', '정하늘', '남궁민수', '윤서연'])[1 + timed.i %% 8],
       '010-1234-' || lpad((timed.i %% 10000)::text, 4, '0'), 'sms', false, timed.received, timed.received,
       timed.period_spec, d.due_at, (d.due_at AT TIME ZONE 'Asia/Seoul')::date, %(revision)s, timed.received, 1,
       CASE WHEN timed.status = 'answered' THEN d.due_at - interval '2 days' END
FROM timed
CROSS JOIN LATERAL (SELECT CASE WHEN timed.hourly THEN timed.due
                                ELSE (date_trunc('day', timed.due AT TIME ZONE 'Asia/Seoul') + interval '1 day'
                                      - interval '1 microsecond') AT TIME ZONE 'Asia/Seoul' END AS due_at) d
"""

TRIGRAM_INDEXES = {
    "ix_complaints_title_trgm": "CREATE INDEX ix_complaints_title_trgm ON complaints USING gin (title gin_trgm_ops)",
    "ix_complaints_content_trgm":
        "CREATE INDEX ix_complaints_content_trgm ON complaints USING gin (content gin_trgm_ops)",
}


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _step(conn, label: str, sql: str, params=None) -> None:
    start = time.perf_counter()
    conn.execute(sql, params or {})
    print(f"{label:34} {time.perf_counter() - start:8.1f} s", flush=True)


def _load(url: str, rows: int, revision: str) -> None:
    """Bulk load on a connection of its own (autocommit, niced server work is the server's): see the docstring."""
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        for sql in SETUP_SQL:
            conn.execute(sql, {"divisions": DIVISIONS})
        for name in TRIGRAM_INDEXES:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("SELECT setseed(0.42)")
        _step(conn, f"load {rows:,} complaints", LOAD_SQL, {"rows": rows, "now": datetime.now().astimezone(),
                                                             "revision": revision})
        for name, sql in TRIGRAM_INDEXES.items():
            _step(conn, f"create {name}", sql)
        _step(conn, "vacuum analyze", "VACUUM (ANALYZE)")


def _counts(conn) -> None:
    rows = conn.execute("""
        SELECT 'all complaints', count(*) FROM complaints
        UNION ALL SELECT 'open', count(*) FROM complaints
          WHERE status IN ('received', 'assigned', 'in_progress', 'supplement_requested')
        UNION ALL SELECT 'open, overdue (clock running)', count(*) FROM complaints
          WHERE status IN ('received', 'assigned', 'in_progress') AND due_at < now()
        UNION ALL SELECT '도로과: all', count(*) FROM complaints c JOIN departments d ON d.id = c.department_id
          WHERE d.code = 'HB-ROADS'
        UNION ALL SELECT '도로과: open', count(*) FROM complaints c JOIN departments d ON d.id = c.department_id
          WHERE d.code = 'HB-ROADS' AND status IN ('received', 'assigned', 'in_progress', 'supplement_requested')
        UNION ALL SELECT '도로과: overdue', count(*) FROM complaints c JOIN departments d ON d.id = c.department_id
          WHERE d.code = 'HB-ROADS' AND status IN ('received', 'assigned', 'in_progress') AND due_at < now()
        UNION ALL SELECT 'departments with 민원', count(DISTINCT department_id) FROM complaints""").fetchall()
    for label, value in rows:
        print(f"{label:34} {value:>10,}")


def _client(app, login_id: str):
    from organization.demo import DEMO_PASSWORD

    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page)
    response = client.post("/login", base_url="https://localhost", headers={"Referer": "https://localhost/login"},
                           data={"csrf_token": token[1], "login_id": login_id, "password": DEMO_PASSWORD})
    assert response.status_code in (302, 303), (login_id, response.status_code)
    return client


def _cases(deep: tuple[str, int], receipt: str) -> list[tuple]:
    """(label, account, query args, targeted). The department queue and the overdue list carry the target."""
    return [
        ("부서 민원, page 1", "head", {"tab": "department"}, True),
        (f"부서 민원, deep page (row {deep[1]:,})", "head", {"tab": "department", "after": deep[0]}, True),
        ("부서 민원, filter channel+kind", "head", {"tab": "department", "channel": "phone", "kind": "statutory"},
         True),
        ("부서 민원, filter status (answered)", "head", {"tab": "department", "status": "answered"}, True),
        ("부서 민원, text search 가로등", "head", {"tab": "department", "q": "가로등"}, True),
        ("부서 민원, text search 싱크홀 (all st.)", "head", {"tab": "department", "q": "싱크홀", "status": "all"},
         True),
        ("부서 민원, receipt number", "head", {"tab": "department", "q": receipt, "status": "all"},
         True),
        ("부서 민원, all statuses (no search)", "head", {"tab": "department", "status": "all"}, False),
        ("기한 경과 (도로과)", "head", {"tab": "overdue"}, True),
        ("기한 경과 (auditor: every dept)", "auditor", {"tab": "overdue"}, True),
        ("부서 민원 (auditor: every dept)", "auditor", {"tab": "department"}, False),
        ("내 민원 (officer)", "officer", {"tab": "mine"}, False),
        ("미배정", "head", {"tab": "unassigned"}, False),
        ("오늘 기한", "head", {"tab": "due_today"}, False),
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _measure(app, cases, requests: int, warmup: int) -> None:
    from urllib.parse import urlencode

    clients = {account: _client(app, account) for account in {c[1] for c in cases}}
    print(f"\n{'page':38} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  rows  verdict (p95 < {TARGET_MS:.0f} ms)")
    for label, account, args, targeted in cases:
        url = "/staff/complaints?" + urlencode(args)
        times = []
        for n in range(warmup + requests):
            start = time.perf_counter()
            response = clients[account].get(url, base_url="https://localhost")
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (label, response.status_code)
            if n >= warmup:
                times.append(elapsed)
        rows = response.get_data(as_text=True).count('<th scope="row"')
        p95 = _percentile(times, 0.95)
        verdict = ("MET" if p95 < TARGET_MS else "NOT MET") if targeted else ""
        print(f"{label:38} {statistics.median(times):8.1f} {p95:8.1f} {max(times):8.1f} {rows:5}  {verdict}",
              flush=True)


def _explain(db, statement) -> list[str]:
    compiled = statement.compile(dialect=db.engine.dialect, compile_kwargs={"render_postcompile": True})
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + str(compiled), compiled.params).all()
    return [row[0] for row in rows]


def _plans(db, cases, ids: dict) -> None:
    from civil_complaints.queues.queries import Cursor, QueueFilters, Scope, Tab, count_statement, page_statement
    from core.clock import now_utc

    scopes = {"head": Scope(ids["head"], ids["roads"]), "officer": Scope(ids["officer"], ids["roads"]),
              "auditor": Scope(ids["auditor"], None)}
    now = now_utc()
    for label, account, args, targeted in cases:
        if not targeted:
            continue
        filters = QueueFilters(tab=Tab(args["tab"]), channel=args.get("channel"), kind=args.get("kind"),
                               status=args.get("status"), q=args.get("q", ""))
        cursor = Cursor.parse(args.get("after"))
        for what, statement in (("page", page_statement(scopes[account], filters, now, cursor)),
                                ("count (capped)", count_statement(scopes[account], filters, now))):
            print(f"\nEXPLAIN (ANALYZE, BUFFERS) {label}: {what}")
            print("\n".join("  " + line for line in _explain(db, statement)))


def _ids(conn) -> dict:
    ids = dict(conn.execute("SELECT login_id, id FROM users WHERE login_id IN ('head', 'officer', 'auditor')"))
    ids["roads"] = conn.execute("SELECT id FROM departments WHERE code = 'HB-ROADS'").fetchone()[0]
    return ids


def _deep_cursor_and_receipt(conn, roads: int) -> tuple[tuple[str, int], str]:
    """The keyset cursor after open row 5,000 of 도로과 (or the middle one), and one of its receipt numbers."""
    from civil_complaints.queues.queries import Cursor

    open_sql = ("FROM complaints WHERE department_id = %s AND status IN "
                "('assigned', 'in_progress', 'received', 'supplement_requested')")
    offset = min(5000, conn.execute("SELECT count(*) " + open_sql, (roads,)).fetchone()[0] // 2)
    due_at, row_id = conn.execute(f"SELECT due_at, id {open_sql} ORDER BY due_at, id OFFSET %s LIMIT 1",
                                  (roads, offset - 1)).fetchone()
    receipt = conn.execute("SELECT receipt_no FROM complaints WHERE department_id = %s AND id %% 7 = 0 "
                           "ORDER BY id DESC LIMIT 1", (roads,)).fetchone()[0]
    return (Cursor(due_at, row_id).token(), offset), receipt


def _prepare(url: str, args) -> None:
    """Migrate and seed with the test config (production refuses demo data), then bulk load."""
    import flask_migrate

    from app import create_app
    from app.demo import seed_demo
    from core.clock import now_utc
    from core.extensions import db
    from working_calendar.cache import load_calendar

    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1)},
                     env_name="test")
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(now=now_utc())
        db.session.commit()
        revision = load_calendar().revision or ""
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    _load(url, args.rows, revision)


def _bench(url: str, args) -> None:
    from app import create_app
    from core.extensions import db

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min), "
          f"{os.cpu_count()} cores")
    _prepare(url, args)
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        _counts(conn)
        ids = _ids(conn)
        deep, receipt = _deep_cursor_and_receipt(conn, ids["roads"])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1),
                      "SECRET_KEY": secrets.token_hex(32), "RATELIMIT_ENABLED": False}, env_name="production")
    cases = _cases(deep, receipt)
    print(f"load average before the requests: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    _measure(app, cases, args.requests, args.warmup)
    print(f"load average after the requests: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with app.app_context():
        _plans(db, cases, ids)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="민원 to load")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    name = f"policycrm_bench_q_{secrets.token_hex(4)}"
    with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        _bench(url, args)
    finally:
        with psycopg.connect(_libpq(ADMIN_URL), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"dropped database {name}")


if __name__ == "__main__":
    main()
