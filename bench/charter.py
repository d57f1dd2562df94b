"""고객헌장 render times: ``python bench/charter.py [--complaints 100000] [--runs 5] [--seed 7] [--png DIR]``.

Creates a throwaway PostgreSQL database ``policycrm_bench_charter_<random>`` (on ``BENCH_POSTGRES_URL``,
default the local server), migrates it, loads the 한빛시 demo data (which publishes the demo charter), then:

1. renders the demo charter PDF from its stored snapshot ``--runs`` times (the render cache is bypassed);
2. loads ``--complaints`` 민원 received in 2026 Q3 (COPY; deadlines computed by the real engine; ~8 % late,
   ~3 % open, 2 % withdrawn, 2 % with a 보완 pause, 35 % of the answered ones rated), then ANALYZE;
3. builds the 이행실적 report for Q3 (SQL aggregates + working-time percentiles in Python) and renders the
   PDF annex, ``--runs`` times each; also the public page's summary (standards only).

Prints wall and CPU seconds (min / median) beside the targets (charter < 1.5 s, annex < 3 s) and the
machine's load average, which matters on a shared 2-core machine. The database is dropped at the end,
even after an error or Ctrl-C. ``--png DIR`` also writes the charter and annex PDFs and their pages as PNG.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
KST = ZoneInfo("Asia/Seoul")
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
NOW = datetime(2026, 11, 30, 10, tzinfo=KST)
TARGETS = {"charter": 1.5, "annex": 3.0}
# type code → share of the 민원 received
MIX = {"ROAD-DAMAGE": 0.25, "STREETLIGHT": 0.2, "ILLEGAL-DUMPING": 0.2, "PROCEDURE-QUERY": 0.12,
       "PARKING-LAW": 0.08, "CITY-PROPOSAL": 0.06, "GRIEVANCE": 0.05, "ROAD-OCCUPANCY": 0.04}
COLUMNS = ("receipt_no", "type_id", "kind", "channel", "status", "title", "content", "department_id",
           "complainant_name", "notify_channel", "is_joint", "arrived_at", "received_at", "period_spec", "due_at",
           "due_date", "calendar_revision", "answered_at", "withdrawn_at", "created_at", "version")


def timed(function, runs: int):
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, walls, cpus


def report(name: str, walls: list[float], cpus: list[float], target: float | None = None) -> None:
    verdict = ""
    if target is not None:
        met = "MET" if statistics.median(walls) < target else "NOT MET"
        verdict = f"  target < {target:.1f} s: {met} (median wall)"
    print(f"{name:<34} wall min {min(walls):6.3f} s  median {statistics.median(walls):6.3f} s   "
          f"cpu min {min(cpus):6.3f} s  median {statistics.median(cpus):6.3f} s{verdict}")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def working_instants(calendar, first: date, last: date, rng: random.Random, count: int) -> list[datetime]:
    """`count` random instants inside the working hours of [first, last] (receipt times)."""
    start = calendar.position(datetime.combine(first, datetime.min.time(), KST))
    end = calendar.position(datetime.combine(last + timedelta(days=1), datetime.min.time(), KST))
    return sorted(calendar.instant(rng.randrange(start + 1, end)) for _ in range(count))


def build_rows(types: dict, calendar, n: int, seed: int):
    from civil_complaints.domain.deadlines import compute_due_at_many
    from civil_complaints.domain.periods import ProcessingPeriod
    from working_calendar.domain.worktime import US_PER_HOUR

    rng = random.Random(seed)
    codes = rng.choices(list(MIX), weights=list(MIX.values()), k=n)
    received = working_instants(calendar, *Q3, rng, n)
    by_type: dict[str, list[int]] = {}
    for index, code in enumerate(codes):
        by_type.setdefault(code, []).append(index)
    rows = [None] * n
    for code, indexes in by_type.items():
        ctype = types[code]
        period = ProcessingPeriod.parse(ctype.period_spec)
        due_ats = compute_due_at_many([received[i] for i in indexes], period, calendar=calendar)
        hours = period.working_hours or 8 * period.amount
        for i, due_at in zip(indexes, due_ats, strict=True):
            draw = rng.random()
            answered = withdrawn = None
            if draw < 0.02:
                withdrawn = calendar.instant(calendar.position(received[i]) + US_PER_HOUR)
            elif draw >= 0.05:  # 3 % still open
                share = rng.uniform(1.05, 1.8) if draw < 0.13 else rng.betavariate(2, 3)  # ~8 % late
                answered = calendar.instant(calendar.position(received[i]) + int(hours * share * US_PER_HOUR) + 1)
            status = "withdrawn" if withdrawn else ("answered" if answered else "in_progress")
            rows[i] = (f"HB-2026-{i + 1:07d}", ctype.id, ctype.kind, "web", status, "벤치마크 민원", "내용",
                       ctype.department_id, "홍길동", "email", False, received[i], received[i], ctype.period_spec,
                       due_at, due_at.astimezone(KST).date(), calendar.revision or "", answered, withdrawn,
                       received[i], 1)
    return rows


def load_complaints(url: str, types: dict, calendar, n: int, seed: int) -> float:
    started = time.perf_counter()
    rows = build_rows(types, calendar, n, seed)
    with psycopg.connect(url) as conn:
        with conn.cursor().copy(f"COPY complaints ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.execute("SELECT setseed(%s)", (seed / 1000,))
        conn.execute(
            "INSERT INTO complaint_satisfaction (complaint_id, rating, created_at) "
            "SELECT id, CASE WHEN r < 0.78 THEN 'satisfied' WHEN r < 0.9 THEN 'neutral' ELSE 'dissatisfied' END, "
            "answered_at FROM (SELECT id, answered_at, random() AS r, random() AS pick FROM complaints "
            "WHERE answered_at IS NOT NULL) s WHERE pick < 0.35")
        conn.execute(
            "INSERT INTO complaint_pauses (complaint_id, reason, start_on, end_on, created_at) "
            "SELECT id, 'supplement', (received_at AT TIME ZONE 'Asia/Seoul')::date + 1, "
            "(received_at AT TIME ZONE 'Asia/Seoul')::date + 3, received_at FROM complaints "
            "WHERE id % 50 = 7")
        conn.execute("ANALYZE")
    return time.perf_counter() - started


def sql_only(period: tuple[date, date]):
    """The report's queries without the Python measurement: aggregates, pauses and the finished rows."""
    from charters import performance_queries as queries
    from charters.performance import _bounds

    start, end = _bounds(*period)
    return (queries.outcomes_by_type(start, end, NOW), queries.ratings_by_type(start, end),
            queries.pauses_of_cohort(start, end, NOW.date()), sum(1 for _row in queries.cohort_rows(
                start, end, finished_only=False)))


def write_pngs(directory: Path, name: str, pdf: bytes) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(directory / f"{name}.pdf"), str(directory / name)],
                   check=True)


def run(url: str, args) -> None:
    import flask_migrate

    from app import create_app
    from app.demo import seed_demo
    from core.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1)},
                     env_name="development")
    with app.app_context(), app.test_request_context():
        flask_migrate.upgrade()
        seed_demo(now=NOW)
        db.session.commit()
        measure(url, args)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def measure(url: str, args) -> None:
    from charters import publication
    from charters.domain.measure import Verdict
    from charters.domain.snapshot import CharterSnapshot
    from charters.performance import build_report
    from charters.performance_views import render_annex_pdf
    from charters.services import current_charter
    from civil_complaints.complaint_models import ComplaintType
    from core.extensions import db
    from working_calendar.cache import load_calendar

    charter = current_charter()
    snapshot = CharterSnapshot.from_json(charter.snapshot_json)

    def render_charter():
        publication._RENDERED.clear()
        return publication.render_charter_pdf(snapshot, created_at=charter.published_at)

    pdf, walls, cpus = timed(render_charter, args.runs)
    pages = len(__import__("pypdf").PdfReader(io.BytesIO(pdf)).pages)
    print(f"demo charter: {pages} pages, {len(pdf):,} bytes, "
          f"byte-identical to the stored PDF: {pdf == charter.pdf_bytes}")
    report("charter PDF render", walls, cpus, TARGETS["charter"])

    calendar = load_calendar()
    types = {t.code: t for t in db.session.scalars(db.select(ComplaintType))}
    seconds = load_complaints(url, types, calendar, args.complaints, args.seed)
    print(f"loaded {args.complaints:,} complaints (+ ratings, pauses) in {seconds:.1f} s; "
          f"load average {load_average()}")

    result, walls, cpus = timed(lambda: build_report(snapshot, *Q3, now=NOW, calendar=calendar), args.runs)
    report("이행실적 report (SQL + percentiles)", walls, cpus)
    _rows, sql_walls, sql_cpus = timed(lambda: sql_only(Q3), args.runs)
    report("  of which the queries alone", sql_walls, sql_cpus)
    annex, walls_pdf, cpus_pdf = timed(lambda: render_annex_pdf(result, "한빛시"), args.runs)
    report("annex PDF render", walls_pdf, cpus_pdf)
    both = [a + b for a, b in zip(walls, walls_pdf, strict=True)]
    report("annex total (report + PDF)", both, [a + b for a, b in zip(cpus, cpus_pdf, strict=True)],
           TARGETS["annex"])
    _summary, walls, cpus = timed(lambda: build_report(snapshot, *Q3, now=NOW, calendar=calendar,
                                                       with_types=False), args.runs)
    report("public summary (standards only)", walls, cpus)
    total = result.total
    print(f"Q3: {total.received:,} received, {total.finished:,} answered, on time {total.rate:.1f} %; standards "
          f"kept {result.count(Verdict.KEPT)}, not kept {result.count(Verdict.BROKEN)}; annex {len(annex):,} bytes")
    if args.png:
        write_pngs(Path(args.png), "charter", pdf)
        write_pngs(Path(args.png), "annex", annex)
        print(f"PDFs and PNG pages written to {args.png}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--png", default=None, help="also write the PDFs and their pages as PNG here")
    args = parser.parse_args(argv)
    name = f"policycrm_bench_charter_{secrets.token_hex(4)}"
    print(f"load average at start: {load_average()} (2 cores shared with other processes)")
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        run(ADMIN_URL.rsplit("/", 1)[0] + "/" + name, args)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"dropped {name}; load average at end: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
