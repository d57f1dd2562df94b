"""One job run: the cross-process lock, the slot claim, the job_runs record (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import psycopg
from sqlalchemy import select

from app.scheduler import JOBS, SlotExecutor
from core.extensions import db
from notifications.job_runner import JobSpec, run_job
from notifications.locks import advisory_key
from notifications.models import OutboxMessage
from notifications.monitoring_models import JobLease, JobRun
from tests.integration.scheduler_jobs import EVERY_SECOND

TICK = JobSpec("tick", EVERY_SECOND, "tests.integration.scheduler_jobs:tick", "tick")
FAILING = JobSpec("failing", EVERY_SECOND, "tests.integration.scheduler_jobs:failing", "fails")
SLOT = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _messages() -> int:
    return db.session.query(OutboxMessage).count()


def test_a_run_is_recorded_with_its_counts(ctx):
    run = run_job(TICK, slot=SLOT)
    assert (run.outcome, run.slot, json.loads(run.counts)) == ("ok", SLOT, {"queued": 1})
    assert run.finished_at >= run.started_at and run.pid > 0 and run.host
    assert _messages() == 1


def test_a_slot_runs_once(ctx):
    first, second = run_job(TICK, slot=SLOT), run_job(TICK, slot=SLOT)
    assert (first.outcome, second.outcome) == ("ok", "skipped")
    assert json.loads(second.counts) == {"reason": "slot_already_run", "slot": SLOT.isoformat()}
    assert _messages() == 1


def test_a_failed_run_keeps_nothing_of_its_work(ctx):
    run = run_job(FAILING, slot=SLOT)
    assert run.outcome == "failed" and "disk on fire" in run.error
    assert _messages() == 0


def _hold_lock_elsewhere(job: str):
    """Another process holds the job: a PostgreSQL session's advisory lock, or a live lease on SQLite."""
    if db.engine.dialect.name == "postgresql":
        url = db.engine.url.render_as_string(hide_password=False).replace("postgresql+psycopg", "postgresql")
        conn = psycopg.connect(url, autocommit=True)  # outside the app's pool, like another process
        conn.execute("SELECT pg_advisory_lock(%s)", (advisory_key(job),))
        return conn
    db.session.add(JobLease(job=job, holder="scheduler-host-2:4242",
                            expires_at=datetime.now(UTC) + timedelta(hours=1)))
    db.session.commit()
    return None


def test_a_job_running_elsewhere_is_skipped_and_recorded(ctx):
    conn = _hold_lock_elsewhere("tick")
    try:
        run = run_job(TICK, slot=SLOT)
    finally:
        if conn is not None:
            conn.close()  # the session ends: PostgreSQL releases its lock
    assert run.outcome == "skipped" and json.loads(run.counts)["reason"] == "running_elsewhere"
    assert _messages() == 0
    if conn is None:
        db.session.execute(JobLease.__table__.delete())
        db.session.commit()
    assert run_job(TICK, slot=SLOT).outcome == "ok"  # the slot was never claimed, so it still runs


def test_a_dead_holder_is_replaced_and_its_run_abandoned(ctx):
    dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
    import socket

    db.session.add(JobRun(job="tick", slot=SLOT - timedelta(minutes=1), started_at=SLOT, outcome="running",
                          counts="{}", host=socket.gethostname(), pid=int(dead_pid)))
    if db.engine.dialect.name == "sqlite":  # a lease still valid in time, but its process is gone
        db.session.add(JobLease(job="tick", holder=f"{socket.gethostname()}:{dead_pid}",
                                expires_at=datetime.now(UTC) + timedelta(hours=1)))
    db.session.commit()
    run = run_job(TICK, slot=SLOT)
    assert run.outcome == "ok"
    stale = db.session.scalar(select(JobRun).where(JobRun.pid == int(dead_pid)))
    assert stale.outcome == "abandoned" and stale.finished_at is not None


def test_the_job_table_resolves_and_runs_in_kst():
    from apscheduler.util import ref_to_obj

    names = [spec.name for spec in JOBS]
    assert len(names) == len(set(names))
    for spec in JOBS:
        assert callable(ref_to_obj(spec.func)) and str(spec.trigger.timezone) == "Asia/Seoul"
    friday_noon = datetime(2026, 9, 25, 12, 0, tzinfo=UTC)
    due_soon = next(s for s in JOBS if s.name == "due-soon-reminders")
    # Friday 21:00 KST → Monday 08:00: cron skips the weekend; the job itself skips 공휴일
    assert due_soon.trigger.get_next_fire_time(None, friday_noon).isoformat() == "2026-09-28T08:00:00+09:00"
    assert SlotExecutor(max_workers=1) is not None


def test_the_embedded_scheduler_of_flask_serve_runs_jobs(clean_app, monkeypatch):
    """`make run` (one process, SQLite by default): the development server's background scheduler runs the jobs."""
    import time

    from app.scheduler import start_embedded

    monkeypatch.setitem(clean_app.config, "SCHEDULER_JOBS", "tests.integration.scheduler_jobs:FAST_JOBS")
    scheduler = start_embedded(clean_app)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with clean_app.app_context():
                sent = db.session.query(OutboxMessage).filter_by(status="sent").count()
                db.session.remove()
            if sent:
                break
            time.sleep(0.2)
    finally:
        scheduler.shutdown(wait=True)
    with clean_app.app_context():
        runs = db.session.scalars(select(JobRun).where(JobRun.outcome == "ok")).all()
        assert {"tick", "deliver-outbox"} <= {r.job for r in runs}
        assert db.session.query(OutboxMessage).filter_by(status="sent", transport="local").count() >= 1
