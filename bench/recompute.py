"""D7 recomputation over many open 민원 on PostgreSQL: ``python bench/recompute.py [--n 100000] [--batch 2000]``.

Creates a throwaway database ``policycrm_bench_<random>``, migrates it, loads the demo organisation, then
inserts ``--n`` open 민원 received on the ten working days before 2027-03-02 10:00 KST (periods 7d, 14d, 3d,
즉시), ``--paused`` percent of them with a closed 보완 pause and ``--extended`` percent with one extension.
Then it times three runs of ``recompute_open_deadlines`` and one preview (each committed like the CLI does):

  unchanged   the holiday table as loaded: every row examined, nothing changes (the scan alone)
  preview     the holiday page's preview of the change below: the same recomputation, nothing written
  holiday     2027-03-04 declared a 임시공휴일: open deadlines after it move, each with an event and a pending
              notice (told after the settling delay)
  again       the same table once more: nothing changes (idempotent)

Printed per run: rows examined and changed, wall seconds, this process's CPU seconds, rows per second, and the
machine's load average. Nothing is asserted. The database is dropped at the end, even on Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
KST_NOW = (2027, 3, 2, 10, 0)
PERIODS = ["7d", "14d", "3d", "즉시"]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="open 민원 to insert")
    parser.add_argument("--batch", type=int, default=2000, help="recompute batch size")
    parser.add_argument("--paused", type=float, default=10.0, help="percent with a closed 보완 pause")
    parser.add_argument("--extended", type=float, default=5.0, help="percent with one extension")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def _working_days_before(calendar, day: date, count: int) -> list[date]:
    days = []
    while len(days) < count:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            days.append(day)
    return days


def _rows(args, ctx) -> tuple[list[dict], list[dict], list[dict]]:
    from civil_complaints.domain.deadlines import compute_due
    from core.clock import KST

    rng = random.Random(args.seed)
    calendar, now = ctx["calendar"], datetime(*KST_NOW, tzinfo=KST)
    days = _working_days_before(calendar, now.date(), 10)
    complaints, pauses, extensions = [], [], []
    for i in range(1, args.n + 1):
        received = datetime.combine(rng.choice(days), datetime.min.time(), KST) + timedelta(
            hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
        period = rng.choice(PERIODS)
        pause = rng.random() * 100 < args.paused
        extended = rng.random() * 100 < args.extended and period in ("7d", "14d")
        spans = [(received.date() + timedelta(days=1), received.date() + timedelta(days=2), "supplement")] if pause \
            else []
        ext = [("7d", "FACT_OR_SITE_CHECK", False)] if extended else []
        from civil_complaints.domain.extensions import Extension

        due = compute_due(received, period, calendar=calendar, pauses=spans,
                          extensions=[Extension.of(*e) for e in ext])
        complaints.append({"id": i, "receipt_no": f"HB-BENCH-{i:07d}", "type_id": ctx["type_id"], "kind": "query_law",
                           "channel": "web", "status": "in_progress", "title": "bench", "content": "bench",
                           "department_id": ctx["department_id"], "complainant_name": "홍길동",
                           "complainant_email": f"b{i}@example.kr", "notify_channel": "email", "arrived_at": received,
                           "received_at": received, "period_spec": period, "due_at": due.due_at,
                           "due_date": due.due_date, "calendar_revision": calendar.revision or "",
                           "created_at": received, "version": 1, "is_joint": False})
        for start, end, reason in spans:
            pauses.append({"complaint_id": i, "reason": reason, "start_on": start, "end_on": end,
                           "created_at": received})
        for number, (spec, ground, consent) in enumerate(ext, start=1):
            extensions.append({"complaint_id": i, "number": number, "period_spec": spec, "ground": ground,
                               "reason_text": "bench", "consent_recorded": consent, "due_before": due.due_at,
                               "due_after": due.due_at, "created_at": received, "created_by_id": ctx["user_id"]})
    return complaints, pauses, extensions


def _load(args) -> None:
    from sqlalchemy import insert, select

    from civil_complaints.complaint_models import Complaint, ComplaintPause, ComplaintType
    from civil_complaints.workflow_models import ComplaintExtension
    from core.extensions import db
    from organization.models import User
    from working_calendar.cache import load_calendar

    ctype = db.session.scalar(select(ComplaintType).where(ComplaintType.code == "PARKING-LAW"))
    ctx = {"calendar": load_calendar(), "type_id": ctype.id, "department_id": ctype.department_id,
           "user_id": db.session.scalar(select(User.id).where(User.login_id == "officer"))}
    complaints, pauses, extensions = _rows(args, ctx)
    for model, rows in ((Complaint, complaints), (ComplaintPause, pauses), (ComplaintExtension, extensions)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start:start + 5000])
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()
    print(f"loaded {len(complaints)} open 민원, {len(pauses)} pauses, {len(extensions)} extensions", flush=True)


def _run(name: str, args) -> None:
    from civil_complaints.holidays.recompute import recompute_open_deadlines
    from core.clock import KST
    from core.extensions import db
    from working_calendar.cache import load_calendar

    now = datetime(*KST_NOW, tzinfo=KST)
    wall, cpu = time.perf_counter(), time.process_time()
    result = recompute_open_deadlines(load_calendar(), now=now, reason="bench", batch_size=args.batch)
    db.session.commit()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    db.session.remove()
    print(f"{name:<10} examined {result.examined:>8}  changed {result.changed:>8}  wall {wall:7.2f} s  "
          f"cpu {cpu:7.2f} s  {result.examined / wall:9.0f} rows/s  load {os.getloadavg()[0]:.2f}", flush=True)


def _preview() -> None:
    """The holiday page's preview of the same change: applied in a savepoint, recomputed without writing, rolled
    back (civil_complaints/holidays/changes.py)."""
    from civil_complaints.holidays.changes import HolidayEdit, preview_change
    from core.clock import KST
    from core.extensions import db
    from organization.models import User

    now = datetime(*KST_NOW, tzinfo=KST)
    admin = db.session.query(User).filter_by(login_id="admin").one()
    wall, cpu = time.perf_counter(), time.process_time()
    preview = preview_change(admin, HolidayEdit(action="added", day=date(2027, 3, 4), name="임시공휴일",
                                                kind="temporary"), now=now)
    db.session.commit()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    result = preview.result
    print(f"{'preview':<10} examined {result.examined:>8}  changed {result.changed:>8}  wall {wall:7.2f} s  "
          f"cpu {cpu:7.2f} s  {result.examined / wall:9.0f} rows/s  load {os.getloadavg()[0]:.2f}  "
          f"({result.complainants} complainants)", flush=True)


def main() -> int:
    args = _arguments()
    name = f"policycrm_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        import flask_migrate

        from app import create_app
        from app.demo import seed_demo
        from core.clock import KST
        from core.extensions import db

        url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url}, env_name="test")
        with app.app_context():
            flask_migrate.upgrade()
            seed_demo(now=datetime(*KST_NOW, tzinfo=KST))
            db.session.commit()
            _load(args)
            _run("unchanged", args)
            _preview()
            from organization.models import User
            from working_calendar.holidays import add_holiday

            admin = db.session.query(User).filter_by(login_id="admin").one()
            add_holiday(admin, day=date(2027, 3, 4), name="임시공휴일", kind="temporary", note=None,
                        now=datetime(*KST_NOW, tzinfo=KST))
            db.session.commit()
            _run("holiday", args)
            _run("again", args)
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
