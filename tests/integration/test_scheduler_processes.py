"""Two `flask scheduler run` processes against one PostgreSQL database: each slot runs once, nothing is sent
twice, and a killed holder's lock is taken over (real subprocesses, real SMTP sink)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import flask_migrate
import psycopg
import pytest
from sqlalchemy import select

from app import create_app
from core.extensions import db
from notifications.delivery import deliver_outbox
from notifications.models import OutboxMessage
from notifications.monitoring_models import JobRun
from tests.conftest import _libpq
from tests.monitoring_support import Sink, free_port, start_sink

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_app(postgres_server_url):
    """A migrated database of its own on the PostgreSQL server; dropped afterwards."""
    name = f"policycrm_sched_{secrets.token_hex(4)}"
    server = _libpq(postgres_server_url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"{server.rsplit('/', 1)[0]}/{name}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://", 1)},
                     env_name="test")
    with app.app_context():
        flask_migrate.upgrade()
    yield app, url
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _scheduler(url: str, table: str, tmp_path: Path, label: str, **env) -> subprocess.Popen:
    environment = {**os.environ, "FLASK_APP": "wsgi.py", "APP_ENV": "test", "DATABASE_URL": url,
                   "SCHEDULER_JOBS": f"tests.integration.scheduler_jobs:{table}", **env}
    with (tmp_path / f"{label}.log").open("wb") as log:  # the child keeps its own handle
        return subprocess.Popen([sys.executable, "-m", "flask", "scheduler", "run"], cwd=ROOT, env=environment,
                                stdout=log, stderr=subprocess.STDOUT)


def _wait_for(condition, app, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            result = condition()
            db.session.remove()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError("condition not met in time")


def _stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _runs(job: str) -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).where(JobRun.job == job).order_by(JobRun.id)))


def test_two_schedulers_run_each_slot_once_and_send_nothing_twice(pg_app, tmp_path):
    app, url = pg_app
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    mail = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port)}
    first = _scheduler(url, "FAST_JOBS", tmp_path, "a", **mail)
    second = _scheduler(url, "FAST_JOBS", tmp_path, "b", **mail)
    try:
        _wait_for(lambda: len({r.pid for r in _runs("tick") if r.outcome == "ok"}) == 2
                  and sum(r.outcome == "ok" for r in _runs("tick")) >= 6, app)
    finally:
        _stop(first, second)
    with app.app_context():
        app.config.update({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port})
        deliver_outbox(now=_now())  # whatever was queued in the last second goes out now
        ticks = _runs("tick")
        ok = [r for r in ticks if r.outcome == "ok"]
        assert all(r.outcome in ("ok", "skipped") for r in ticks)
        assert Counter(r.slot for r in ok).most_common(1)[0][1] == 1  # one run per slot
        assert any(r.outcome == "skipped" for r in ticks)  # the other process fired the same slots
        queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key.like("tick:%"))).all()
        assert len(queued) == len(ok) and {m.status for m in queued} == {"sent"}
        delivery_runs = [r for r in _runs("deliver-outbox") if r.outcome == "ok"]
        assert len({r.pid for r in delivery_runs}) >= 1 and len({r.slot for r in delivery_runs}) == len(delivery_runs)
    controller.stop()
    ids = [m["Message-ID"] for m in sink.messages()]
    assert len(ids) == len(ok) and len(set(ids)) == len(ids)  # at the SMTP sink: each message exactly once


def _now():
    from core.clock import now_utc

    return now_utc()


def test_a_killed_holder_is_replaced(pg_app, tmp_path):
    app, url = pg_app
    holder = _scheduler(url, "SLOW_JOBS", tmp_path, "holder", SLOW_JOB_SECONDS="120")
    other = None
    try:
        _wait_for(lambda: any(r.outcome == "running" for r in _runs("slow")), app)
        other = _scheduler(url, "SLOW_JOBS", tmp_path, "other", SLOW_JOB_SECONDS="120")
        _wait_for(lambda: any(r.outcome == "skipped" and r.pid == other.pid and "running_elsewhere" in r.counts
                              for r in _runs("slow")), app)
        with app.app_context():
            assert [r.pid for r in _runs("slow") if r.outcome == "running"] == [holder.pid]
        holder.kill()  # SIGKILL: no clean-up; PostgreSQL ends its session and releases the advisory lock
        holder.wait()
        runs = _wait_for(lambda: (rows := _runs("slow")) and any(
            r.pid == other.pid and r.outcome == "running" for r in rows) and rows, app)
        by_pid = {(r.pid, r.outcome) for r in runs}
        assert (holder.pid, "abandoned") in by_pid and (holder.pid, "running") not in by_pid
    finally:
        holder.kill() if holder.poll() is None else None
        if other is not None:
            other.kill()
            other.wait()
